// The effective role as a document: the role at a position (model/roles/effectiveRole.ts) as
// Markdown for any LSP client (`workspace/executeCommand`, VS Code's preview) and as one
// self-contained HTML file for the command line. Both are rendered from the same blocks, so they
// say the same: the role's own text, each included file quoted and named, each inherited level
// titled with its role and linked to its source, broken extends, cycles and what the limits cut.
import { URI } from 'vscode-uri';
import type { Position } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { relativePath } from '../model/base/paths';
import { effectiveRole, EFFECTIVE_ROLE_LIMITS, type BrokenExtends, type EffectiveLevel, type EffectiveRole } from '../model/roles/effectiveRole';
import { rolesOf, sectionTitle, sectionUrl, sourceSection, type Section } from '../model/roles/inheritance';
import { forHover, sectionHref, sourceNote } from './hover';
import type { Cancellation } from './shared/cancellation';
import { escapeHtml } from './shared/html';
import { toOffset } from './shared/positions';

/** The command any LSP client runs: arguments `{ uri, position }`, answer `EffectiveRoleAnswer`. */
export const EFFECTIVE_ROLE_COMMAND = 'handbookRoles.effectiveRole';

export interface EffectiveRoleAnswer {
  /** The role's title, or a short reason when there is none. */
  readonly title: string;
  readonly markdown: string;
  /** The role's URL path (with `#anchor`); undefined when the position is in no role. */
  readonly url?: string;
}

/** The parts both renderings are made of. `markdown` is page text, already made readable (links lead to files). */
type Block =
  | { readonly kind: 'heading'; readonly depth: 1 | 2; readonly text: string; readonly href?: string }
  | { readonly kind: 'note'; readonly text: string; readonly href?: string; readonly warning?: boolean }
  | { readonly kind: 'markdown'; readonly text: string; readonly includedFrom?: { readonly path: string; readonly href: string } }
  | { readonly kind: 'rule' };

/** The effective role of the role around `position` in `file`. */
export async function effectiveRoleAt(index: HandbookIndex, file: IndexedFile, position: Position, cancellation?: Cancellation): Promise<EffectiveRoleAnswer> {
  const section = sourceSection(index, file, toOffset(file, position));
  if (!section) {
    const title = 'No role here';
    return { title, markdown: `# ${title}\n\n*${relativePath(file.site.folder, file.path)} is an include file: open a role page that includes it to see its effective role.*` };
  }
  const blocks = await effectiveRoleBlocks(index, section, cancellation);
  return { title: sectionTitle(index, section), markdown: toMarkdown(blocks), url: sectionUrl(section) };
}

/** The effective role of a section (the command line's `show`), as Markdown or one self-contained HTML file. */
export async function effectiveRoleDocument(index: HandbookIndex, section: Section, format: 'md' | 'html'): Promise<string> {
  const blocks = await effectiveRoleBlocks(index, section);
  return format === 'md' ? `${toMarkdown(blocks)}\n` : toHtml(sectionTitle(index, section), blocks);
}

async function effectiveRoleBlocks(index: HandbookIndex, section: Section, cancellation?: Cancellation): Promise<Block[]> {
  const role = await effectiveRole(index, section, EFFECTIVE_ROLE_LIMITS, cancellation);
  const page = section.page;
  const levels = role.levels.length;
  const includes = role.levels.reduce((sum, level) => sum + (level.pieces?.filter((piece) => piece.kind === 'included').length ?? 0), 0);
  const blocks: Block[] = [
    { kind: 'heading', depth: 1, text: `${sectionTitle(index, section)} — effective role` },
    { kind: 'note', text: `${sectionUrl(section)} · ${levels} level${levels === 1 ? '' : 's'} · ${includes} included file${includes === 1 ? '' : 's'}` },
  ];
  if (rolesOf(index, page).length === 0) blocks.push({ kind: 'note', text: 'This page is not a role page (not under handbookRoles.rolePaths, and no extends sentence names it).' });
  for (const cycle of role.cycles) blocks.push({ kind: 'note', warning: true, text: `Extends cycle: ${cycle.map((entry) => sectionTitle(index, entry)).join(' → ')}` });
  for (const broken of role.broken) blocks.push({ kind: 'note', warning: true, text: brokenNote(index, broken), href: sourceHref(broken.link.file, broken.link.link.start) });
  for (const level of role.levels) blocks.push(...(await levelBlocks(index, page, level)));
  const cutNote = cutSummary(role);
  if (cutNote) blocks.push({ kind: 'rule' }, { kind: 'note', warning: true, text: cutNote });
  return blocks;
}

async function levelBlocks(index: HandbookIndex, from: IndexedFile, level: EffectiveLevel): Promise<Block[]> {
  const { section } = level;
  const title = sectionTitle(index, section);
  const where = relativePath(from.site.folder, (section.anchor?.file ?? section.page).path);
  const blocks: Block[] = [
    { kind: 'rule' },
    { kind: 'heading', depth: 2, text: level.depth === 0 ? title : `${'↳ '.repeat(level.depth)}Inherited from ${title}`, href: sectionHref(section) },
    { kind: 'note', text: `${level.depth === 0 ? 'Own text' : `Level ${level.depth}`}, ${sourceNote(index, from, section)} · ${sectionUrl(section)}` },
  ];
  const problem = section.page.facts.frontMatterProblem;
  if (problem) blocks.push({ kind: 'note', warning: true, text: `The front matter of ${where} does not parse (${problem.message}): its title and aliases are unknown.` });
  if (!level.pieces) return [...blocks, { kind: 'note', warning: true, text: `${where} cannot be read: its text is not shown.` }];
  for (const piece of level.pieces) {
    switch (piece.kind) {
      case 'text': {
        const text = await forHover(index, section, piece.text);
        if (text) blocks.push({ kind: 'markdown', text });
        break;
      }
      case 'included':
        blocks.push({
          kind: 'markdown',
          text: await forHover(index, { page: section.page, file: piece.file }, piece.text),
          includedFrom: { path: piece.path, href: URI.file(piece.file.path).toString() },
        });
        break;
      case 'missing-include':
        blocks.push({ kind: 'note', warning: true, text: `Include "${piece.path}" not found: Hugo's build fails here.` });
        break;
      case 'printed-include':
        blocks.push({ kind: 'note', text: `${piece.call} is printed as text: Hugo does not expand an include inside an included file.` });
        break;
      case 'cut-include':
        blocks.push({ kind: 'note', text: `Include "${piece.path}" not shown (more than ${EFFECTIVE_ROLE_LIMITS.maxIncludes} included files).`, href: URI.file(piece.file.path).toString() });
        break;
    }
  }
  return blocks;
}

function brokenNote(index: HandbookIndex, { from, link, target }: BrokenExtends): string {
  const why = target.kind === 'missing-page' ? 'no page has this URL' : `${index.titleOf(target.page)} has no anchor #${target.fragment}`;
  return `Broken extends in ${sectionTitle(index, from)}: "${link.link.text}" (${link.link.destination}) — ${why}; what it would inherit is missing.`;
}

function cutSummary({ cut }: EffectiveRole): string | undefined {
  const parts = [
    cut.levels > 0 && `${cut.levels} more level${cut.levels === 1 ? '' : 's'} (over ${EFFECTIVE_ROLE_LIMITS.maxLevels})`,
    cut.includes > 0 && `${cut.includes} more included file${cut.includes === 1 ? '' : 's'} (over ${EFFECTIVE_ROLE_LIMITS.maxIncludes})`,
    cut.lines > 0 && `${cut.lines} more line${cut.lines === 1 ? '' : 's'} (over ${EFFECTIVE_ROLE_LIMITS.maxLines})`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? `Cut to stay readable: ${parts.join(', ')}.` : undefined;
}

function sourceHref(file: IndexedFile, offset: number): string {
  return `${URI.file(file.path).toString()}#L${file.lines.positionAt(offset).line + 1}`;
}

function toMarkdown(blocks: readonly Block[]): string {
  const escape = (text: string) => text.replace(/[\\`*_[\]<>]/g, '\\$&');
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return `${'#'.repeat(block.depth)} ${block.href ? `[${escape(block.text)}](${block.href})` : escape(block.text)}`;
        case 'note': {
          const text = block.href ? `[${escape(block.text)}](${block.href})` : escape(block.text);
          return block.warning ? `> ⚠ ${text}` : `*${text}*`;
        }
        case 'markdown':
          if (!block.includedFrom) return block.text;
          return [`> 📄 **Included from** [\`${block.includedFrom.path}\`](${block.includedFrom.href})`, '>', ...block.text.split('\n').map((line) => (line ? `> ${line}` : '>'))].join('\n');
        case 'rule':
          return '---';
      }
    })
    .join('\n\n');
}

/** One file that needs nothing else: page text is shown as written (Markdown), in the structure around it. */
function toHtml(title: string, blocks: readonly Block[]): string {
  const escape = escapeHtml;
  const linked = (text: string, href: string | undefined) => (href ? `<a href="${escape(href)}">${escape(text)}</a>` : escape(text));
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `<h${block.depth}>${linked(block.text, block.href)}</h${block.depth}>`;
      case 'note':
        return `<p class="${block.warning ? 'warning' : 'note'}">${block.warning ? '⚠ ' : ''}${linked(block.text, block.href)}</p>`;
      case 'markdown': {
        const text = `<pre class="markdown">${escape(block.text)}</pre>`;
        return block.includedFrom ? `<blockquote class="included"><p class="source">📄 Included from ${linked(block.includedFrom.path, block.includedFrom.href)}</p>${text}</blockquote>` : text;
      }
      case 'rule':
        return '<hr>';
    }
  });
  const style =
    'body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#fff}pre.markdown{white-space:pre-wrap;font:inherit;margin:.5rem 0}' +
    '.note{color:#59636e;font-style:italic}.warning{color:#9a6700;background:#fff8c5;padding:.25rem .5rem}blockquote.included{border-left:4px solid #8250df;margin:.5rem 0;padding:0 1rem;background:#f6f8fa}' +
    '.source{font-weight:600;margin:.25rem 0}@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}blockquote.included{background:#161b22}.note{color:#9198a1}.warning{color:#d29922;background:#272115}a{color:#4493f8}}';
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escape(title)} — effective role</title>\n<style>${style}</style>\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}
