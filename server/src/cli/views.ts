// `handbook-roles show` and `handbook-roles graph`: the effective role of one page or role URL,
// and the ladder graph of a folder or of one role's family, printed for docs and CI artifacts.
// They build the same index as `check`, with its settings, and print what the editor's views show.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { effectiveRoleDocument } from '../features/effectiveRole';
import { formatGraph } from '../features/ladder/formats';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { ladderGraph, LADDER_MAX_NODES } from '../model/roles/ladderGraph';
import { sectionAt, sourceSection, wholePage, type Section } from '../model/roles/inheritance';
import { notAFolder, openHandbook, siteFolderOf } from './handbook';
import { EXIT, type GraphCommand, type ShowCommand } from './options';

/** `show`: the effective role of a page or a role URL, on stdout. */
export async function runShow({ target, folder: folderOption, format, config }: ShowCommand): Promise<number> {
  const asFile = path.resolve(target);
  const isFile = (await fs.stat(asFile).catch(() => undefined))?.isFile() === true;
  const notFolder = folderOption === undefined ? undefined : await notAFolder(folderOption);
  if (notFolder) return fail(notFolder);
  const folder = path.resolve(folderOption ?? (isFile ? ((await siteFolderOf(asFile)) ?? '.') : '.'));
  const index = await pagesOf(folder, config);
  if (!index) return fail(`no Markdown pages found in ${folder}. Give the Hugo site's folder with --folder.`);
  const section = isFile ? pageSection(index, asFile) : urlSection(index, target);
  if (typeof section === 'string') return fail(section);
  process.stdout.write(await effectiveRoleDocument(index, section, format));
  return EXIT.clean;
}

/** `graph`: the ladder graph of a folder, a family or a part of the handbook, on stdout. */
export async function runGraph({ folder: folderOption, format, root, under, config }: GraphCommand): Promise<number> {
  const notFolder = await notAFolder(folderOption);
  if (notFolder) return fail(notFolder);
  const folder = path.resolve(folderOption);
  const index = await pagesOf(folder, config);
  if (!index) return fail(`no Markdown pages found in ${folder}. Is it a Hugo site (a folder with content/)?`);
  const around = root === undefined ? undefined : urlSection(index, root);
  if (typeof around === 'string') return fail(around);
  const ladder = ladderGraph(index, { around: around?.page, under, maxNodes: LADDER_MAX_NODES });
  const title = around ? `Ladder of ${index.titleOf(around.page)}` : under ? `Ladder graph of ${under}` : `Ladder graph of ${path.basename(folder)}`;
  process.stdout.write(formatGraph(ladder, format, title));
  return EXIT.clean;
}

/** The handbook in `folder`, built; undefined when it has no pages. */
async function pagesOf(folder: string, config: string | undefined): Promise<HandbookIndex | undefined> {
  const index = await openHandbook(folder, config, process.stderr, { singlePass: true });
  return index.pages().length > 0 ? index : undefined;
}

/** A page's file stands for the whole page, as its URL does. */
function pageSection(index: HandbookIndex, file: string): Section | string {
  const page = index.get(file);
  if (!page || page.kind !== 'page') return `${file} is not a page of the handbook: give a Markdown file under its content folder.`;
  return wholePage(page);
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

function fail(message: string): number {
  process.stderr.write(`handbook-roles: ${message}\n`);
  return EXIT.usage;
}
