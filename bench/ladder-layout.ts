// Chooses the ladder graph's layout library by measuring: @dagrejs/dagre (what ships, through
// server/src/features/ladder/layout.ts) against elkjs's layered algorithm on the same graphs —
// the whole handbook's ladder graph of [folder] (default: the real corpus) and a generated family
// of 500 roles in one chain plus 500 cross edges (the "bad input" size) — and the bytes each adds
// to a minified bundle. CPU time of each layout, runs interleaved (dagre, elk, dagre, …).
//
//   node --import tsx bench/ladder-layout.ts [folder] [--runs 15]
//
// elkjs is no dependency of the product any more: install it for this script with
// `npm i --no-save elkjs@0.12.1` when it is missing.
import { buildSync } from 'esbuild';
import { gzipSync } from 'node:zlib';
import * as path from 'node:path';
import { nodeLines } from '../server/src/features/ladder/formats';
import { layoutGraph, NODE_HEIGHT, textWidth } from '../server/src/features/ladder/layout';
import { DEFAULT_SETTINGS } from '../server/src/model/base/settings';
import { NodeWorkspace } from '../server/src/model/base/workspace';
import { HandbookIndex } from '../server/src/model/index/handbookIndex';
import { ladderGraph, type LadderGraph } from '../server/src/model/roles/ladderGraph';
import { memoryHandbook } from '../test/support/memoryHandbook';
import { oneFolder, parseBenchArgs, positiveInt } from './lib/args';

const DEFAULT_CORPUS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'handbook-ja');

interface ElkApi {
  layout(graph: unknown): Promise<{ width?: number; height?: number }>;
}

async function loadElk(): Promise<ElkApi> {
  try {
    // A specifier in a variable: the typecheck must not need a package the product does not depend on.
    const specifier = 'elkjs/lib/elk.bundled.js';
    const { default: ELK } = (await import(specifier)) as { default: new () => ElkApi };
    return new ELK();
  } catch {
    process.stderr.write('elkjs is not installed: npm i --no-save elkjs@0.12.1\n');
    process.exit(2);
  }
}

/** The same graph as layout.ts hands dagre, in ELK's JSON, laid out upwards (lower levels below). */
function elkGraph(graph: LadderGraph): unknown {
  const missing = graph.edges.flatMap((edge, at) => (edge.to === undefined ? [{ id: `missing:${at}`, width: textWidth(edge.destination) + 24, height: NODE_HEIGHT }] : []));
  return {
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'UP', 'elk.spacing.nodeNode': '28', 'elk.layered.spacing.nodeNodeBetweenLayers': '56', 'elk.edgeLabels.inline': 'true' },
    children: [...graph.nodes.map((node) => ({ id: node.id, width: Math.max(...nodeLines(node).map(textWidth)) + 24, height: NODE_HEIGHT })), ...missing],
    edges: graph.edges.map((edge, at) => ({ id: `e${at}`, sources: [edge.from], targets: [edge.to ?? `missing:${at}`], labels: [{ text: edge.label, width: textWidth(edge.label), height: 16 }] })),
  };
}

async function generatedFamily(): Promise<LadderGraph> {
  const files: Record<string, string> = {};
  for (let at = 0; at < 500; at++) {
    const below = at > 0 ? `- Extends that of the [Role ${at - 1}](/job-families/big/r${at - 1}/) requirements\n` : '';
    const across = at > 10 ? `- All competencies exhibited by a [Role ${(at * 7) % (at - 1)}](/job-families/big/r${(at * 7) % (at - 1)}/)\n` : '';
    files[`content/job-families/big/r${at}.md`] = `---\ntitle: "Role ${at} of the generated family"\n---\n## Requirements\n\n${below}${across}`;
  }
  const handbook = await memoryHandbook(files);
  return ladderGraph(handbook.index, { maxNodes: 1000 });
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Minified bytes (and gzipped) of a bundle of `contents`, resolved from the repository. */
function bundleBytes(contents: string): { bytes: number; gzip: number } {
  const result = buildSync({
    stdin: { contents, resolveDir: path.resolve(import.meta.dirname, '..'), loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { bytes: code.length, gzip: gzipSync(code).length };
}

async function main(): Promise<void> {
  const { values, positionals } = parseBenchArgs(import.meta.url, { runs: { type: 'string' } });
  const runs = positiveInt(values.runs, '--runs') ?? 15;
  const folder = oneFolder(positionals) ?? DEFAULT_CORPUS;
  const elk = await loadElk();
  const index = new HandbookIndex(new NodeWorkspace([folder]), DEFAULT_SETTINGS);
  await index.build();
  const graphs: [string, LadderGraph][] = [
    [`${path.basename(folder)}, whole handbook`, ladderGraph(index, { maxNodes: 100_000 })],
    ['generated family of 500 roles', await generatedFamily()],
  ];
  for (const [name, graph] of graphs) {
    const times = { dagre: [] as number[], elk: [] as number[] };
    for (let run = 0; run < runs; run++) {
      let start = process.cpuUsage();
      layoutGraph(graph, nodeLines);
      times.dagre.push(cpuMs(start));
      start = process.cpuUsage();
      await elk.layout(elkGraph(graph));
      times.elk.push(cpuMs(start));
    }
    console.log(`${name} (${graph.nodes.length} roles, ${graph.edges.length} extends): dagre ${median(times.dagre).toFixed(1)} ms, elkjs ${median(times.elk).toFixed(1)} ms CPU (medians of ${runs})`);
  }
  const dagre = bundleBytes("import dagre from '@dagrejs/dagre'; console.log(dagre.layout);");
  const elkBundle = bundleBytes("import ELK from 'elkjs/lib/elk.bundled.js'; console.log(ELK);");
  console.log(
    `bundle: dagre ${(dagre.bytes / 1024).toFixed(0)} KiB (${(dagre.gzip / 1024).toFixed(0)} KiB gzipped), elkjs ${(elkBundle.bytes / 1024).toFixed(0)} KiB (${(elkBundle.gzip / 1024).toFixed(0)} KiB gzipped), minified`,
  );
}

void main();
