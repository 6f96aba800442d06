// A small dependency-free SVG chart: one panel per metric, points per series, fitted lines.

export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
  fit?: { a: number; b: number };
}

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Horizontal reference line (for instance a memory budget). */
  limit?: { y: number; label: string };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmt = (v: number): string => (v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toFixed(v < 10 ? 1 : 0)}`);

export function chart(title: string, panels: Panel[], subtitle = ''): string {
  const pw = 460;
  const ph = 300;
  const m = { l: 64, r: 16, t: 34, b: 46 };
  const width = panels.length * (pw + 20) + 20;
  const height = ph + 70;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="20" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="20" y="40" fill="#555">${esc(subtitle)}</text>`,
  ];
  panels.forEach((panel, i) => {
    const ox = 20 + i * (pw + 20);
    const oy = 50;
    const all = panel.series.flatMap((s) => s.points);
    const xMax = niceMax(Math.max(...all.map((p) => p.x)));
    const yMax = niceMax(Math.max(...all.map((p) => p.y), panel.limit?.y ?? 0) * 1.05);
    const X = (x: number): number => ox + m.l + (x / xMax) * (pw - m.l - m.r);
    const Y = (y: number): number => oy + ph - m.b - (y / yMax) * (ph - m.t - m.b);
    parts.push(`<text x="${ox + m.l}" y="${oy + 18}" font-weight="bold">${esc(panel.title)}</text>`);
    for (let k = 0; k <= 5; k++) {
      const yv = (yMax * k) / 5;
      const xv = (xMax * k) / 5;
      parts.push(`<line x1="${X(0)}" x2="${X(xMax)}" y1="${Y(yv)}" y2="${Y(yv)}" stroke="#e5e5e5"/>`);
      parts.push(`<text x="${X(0) - 6}" y="${Y(yv) + 4}" text-anchor="end" fill="#444">${fmt(yv)}</text>`);
      parts.push(`<text x="${X(xv)}" y="${Y(0) + 16}" text-anchor="middle" fill="#444">${fmt(xv)}</text>`);
    }
    parts.push(`<line x1="${X(0)}" x2="${X(xMax)}" y1="${Y(0)}" y2="${Y(0)}" stroke="#333"/>`);
    parts.push(`<line x1="${X(0)}" x2="${X(0)}" y1="${Y(0)}" y2="${Y(yMax)}" stroke="#333"/>`);
    parts.push(`<text x="${(X(0) + X(xMax)) / 2}" y="${Y(0) + 34}" text-anchor="middle">${esc(panel.xLabel)}</text>`);
    parts.push(`<text transform="translate(${ox + 16},${(Y(0) + Y(yMax)) / 2}) rotate(-90)" text-anchor="middle">${esc(panel.yLabel)}</text>`);
    if (panel.limit) {
      parts.push(`<line x1="${X(0)}" x2="${X(xMax)}" y1="${Y(panel.limit.y)}" y2="${Y(panel.limit.y)}" stroke="#c00" stroke-dasharray="6 4"/>`);
      parts.push(`<text x="${X(xMax) - 4}" y="${Y(panel.limit.y) - 5}" text-anchor="end" fill="#c00">${esc(panel.limit.label)}</text>`);
    }
    panel.series.forEach((s, si) => {
      if (s.fit) {
        const x0 = s.fit.a < 0 && s.fit.b > 0 ? -s.fit.a / s.fit.b : 0;
        // Stop where the line leaves the panel.
        const x1 = s.fit.b > 0 ? Math.min(xMax, (yMax - s.fit.a) / s.fit.b) : xMax;
        parts.push(`<line x1="${X(x0)}" y1="${Y(s.fit.a + s.fit.b * x0)}" x2="${X(x1)}" y2="${Y(s.fit.a + s.fit.b * x1)}" stroke="${s.color}" stroke-opacity="0.5" stroke-dasharray="4 3"/>`);
      }
      for (const p of s.points) parts.push(`<circle cx="${X(p.x)}" cy="${Y(p.y)}" r="4" fill="${s.color}"><title>${esc(`${s.name}: ${p.x} → ${+p.y.toFixed(2)}`)}</title></circle>`);
      parts.push(`<rect x="${ox + m.l + 8}" y="${oy + 30 + si * 16}" width="10" height="10" fill="${s.color}"/>`);
      parts.push(`<text x="${ox + m.l + 22}" y="${oy + 39 + si * 16}">${esc(s.name)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
