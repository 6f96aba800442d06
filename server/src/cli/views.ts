// `handbook-roles show` and `handbook-roles graph`: the effective role of one page or role URL,
// and the ladder graph of a folder or of one role's family, printed for docs and CI artifacts.
// They build the same index as `check` and print what the editor's views show.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { effectiveRoleDocument } from '../features/effectiveRole';
import { formatGraph, GRAPH_FORMATS, type GraphFormat } from '../features/ladder/formats';
import { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { DEFAULT_SETTINGS } from '../model/base/settings';
import { NodeWorkspace } from '../model/base/workspace';
import { ladderGraph, LADDER_MAX_NODES } from '../model/roles/ladderGraph';
import { sectionAt, sourceSection, wholePage, type Section } from '../model/roles/inheritance';
import { EXIT } from './options';

export const VIEWS_USAGE = `Usage: handbook-roles show URL-or-FILE [--folder DIR] [--format md|html]
       handbook-roles graph [folder] [--root URL] [--under PATH] --format mermaid|dot|json|svg|html

show   prints the effective role: the role's own text with every include inlined, then every
       section it inherits, level by level (md: Markdown, the default; html: one HTML file).
       FILE is a role page; URL a role's URL path or link (/job-families/x/#senior-x), looked
       up in the handbook in --folder (default: the current folder).
graph  prints the extends graph of the roles in [folder] (default: the current folder): of the
       family of the role at --root URL (every role connected to it by extends), or of the
       roles whose page path or URL starts with --under PATH, else of every role.
       html is one self-contained file; svg is laid out the same way.`;

/** Runs `show` or `graph` with the arguments after the command's name; writes to stdout, messages to stderr. */
export async function runView(command: 'show' | 'graph', argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string' }, folder: { type: 'string' }, root: { type: 'string' }, under: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${VIEWS_USAGE}\n`);
    return EXIT.clean;
  }
  return command === 'show' ? show(positionals, values.format ?? 'md', values.folder) : graph(positionals, values.format, values.root, values.under);
}

async function show(positionals: readonly string[], format: string, folderOption: string | undefined): Promise<number> {
  if (positionals.length !== 1) return usage(`show takes one page file or role URL, but got ${positionals.length}.`);
  if (format !== 'md' && format !== 'html') return usage(`Unknown --format "${format}" for show: use md or html.`);
  const [target] = positionals;
  const asFile = path.resolve(target);
  const isFile = (await fs.stat(asFile).catch(() => undefined))?.isFile() === true;
  const folder = path.resolve(folderOption ?? (isFile ? await siteFolderOf(asFile) : '.'));
  const index = await buildIndex(folder);
  if (!index) return fail(`no Markdown pages found in ${folder}. Give the Hugo site's folder with --folder.`);
  const section = isFile ? pageSection(index, asFile) : urlSection(index, target);
  if (typeof section === 'string') return fail(section);
  process.stdout.write(await effectiveRoleDocument(index, section, format));
  return EXIT.clean;
}

async function graph(positionals: readonly string[], format: string | undefined, root: string | undefined, under: string | undefined): Promise<number> {
  if (positionals.length > 1) return usage(`graph takes one folder, but got ${positionals.length}: ${positionals.join(' ')}.`);
  if (format === undefined || !GRAPH_FORMATS.includes(format as GraphFormat)) return usage(`graph needs --format ${GRAPH_FORMATS.join('|')}${format === undefined ? '' : `, not "${format}"`}.`);
  const folder = path.resolve(positionals[0] ?? '.');
  const index = await buildIndex(folder);
  if (!index) return fail(`no Markdown pages found in ${folder}. Is it a Hugo site (a folder with content/)?`);
  const around = root === undefined ? undefined : urlSection(index, root);
  if (typeof around === 'string') return fail(around);
  const ladder = ladderGraph(index, { around: around?.page, under, maxNodes: LADDER_MAX_NODES });
  const title = around ? `Ladder of ${index.titleOf(around.page)}` : under ? `Ladder graph of ${under}` : `Ladder graph of ${path.basename(folder)}`;
  process.stdout.write(formatGraph(ladder, format as GraphFormat, title));
  return EXIT.clean;
}

/** The handbook in `folder`, built; undefined when it has no pages. */
async function buildIndex(folder: string): Promise<HandbookIndex | undefined> {
  const index = new HandbookIndex(new NodeWorkspace([folder], { singlePass: true }), DEFAULT_SETTINGS);
  await index.build();
  for (const problem of [...index.siteList.flatMap((site) => site.problems), ...index.notes]) process.stderr.write(`handbook-roles: ${problem}\n`);
  return index.pages().length > 0 ? index : undefined;
}

/** The nearest folder above `file` that looks like a Hugo site (a Hugo config or a content/ folder), else the current folder. */
async function siteFolderOf(file: string): Promise<string> {
  for (let folder = path.dirname(file); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    if (names.some((name) => /^hugo\.(toml|ya?ml|json)$|^config\.(toml|ya?ml|json)$/.test(name)) || names.includes('content')) return folder;
  }
  return '.';
}

function pageSection(index: HandbookIndex, file: string): Section | string {
  const page = index.get(file);
  if (!page || page.kind !== 'page') return `${file} is not a page of the handbook: give a Markdown file under its content folder.`;
  return sourceSection(index, page, page.facts.bodyStart)!;
}

/** The role a URL names: its page, or the role around the anchor it names. */
function urlSection(index: HandbookIndex, url: string): Section | string {
  const from: IndexedFile | undefined = index.pages()[0];
  const resolved = from && index.resolveLink(from, url);
  if (resolved?.kind !== 'page') return `no page of the handbook has the URL ${url}.`;
  if (resolved.fragment === undefined) return wholePage(resolved.page);
  if (!resolved.anchor) return `${url}: the page has no anchor #${resolved.fragment}.`;
  return sourceSection(index, resolved.page, resolved.anchor.range.start) ?? sectionAt(resolved.page, resolved.anchor);
}

function usage(message: string): number {
  process.stderr.write(`handbook-roles: ${message}\n\n${VIEWS_USAGE}\n`);
  return EXIT.usage;
}

function fail(message: string): number {
  process.stderr.write(`handbook-roles: ${message}\n`);
  return EXIT.usage;
}
