// The handbook a command other than `check` works on (`move`, `show`, `graph`): the Hugo site a
// path is in, indexed with the settings `check` would use there — the site's .handbook-roles.yaml,
// or the file --config names — so every command sees the handbook the same way.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HandbookIndex } from '../model/index/handbookIndex';
import { isInside, NodeWorkspace } from '../model/base/workspace';
import { loadConfiguration } from './configuration';

/** What marks a folder as a Hugo site (see model/site/hugoConfig.ts): its config, or a content folder. */
const SITE_MARKERS = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json', 'config/_default', 'content'];

/**
 * The nearest folder at or above `file`'s that looks like a Hugo site, unless it lies in the
 * content folder of a site above: a section named `content` is no site of its own (the real
 * corpus has one, and a move below it was planned in that section alone).
 */
export async function siteFolderOf(file: string): Promise<string | undefined> {
  let site: string | undefined;
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    if ((site === undefined || isInside(path.join(folder, 'content'), site)) && (await looksLikeSite(folder))) site = folder;
    if (path.dirname(folder) === folder) return site;
  }
}

async function looksLikeSite(folder: string): Promise<boolean> {
  for (const marker of SITE_MARKERS) if (await exists(path.join(folder, marker))) return true;
  return false;
}

/** Why `folder` (as the user wrote it) cannot be the handbook's folder, or undefined when it is a folder. */
export async function notAFolder(folder: string): Promise<string | undefined> {
  if ((await fs.stat(folder).catch(() => undefined))?.isDirectory()) return undefined;
  return `${folder} is not a folder. Give the folder of the Hugo site (the one with content/).`;
}

export async function exists(file: string): Promise<boolean> {
  return (await fs.lstat(file).catch(() => undefined)) !== undefined;
}

/**
 * The handbook in `folder`, built with its configuration's settings. The configuration's problems
 * and the build's notes go to `err`; an unreadable --config file throws a ConfigurationError.
 */
export async function openHandbook(folder: string, config: string | undefined, err: NodeJS.WritableStream, options: { readonly singlePass?: boolean } = {}): Promise<HandbookIndex> {
  const configuration = await loadConfiguration(folder, config);
  for (const problem of configuration.problems) err.write(`handbook-roles: ${problem}\n`);
  const index = new HandbookIndex(new NodeWorkspace([folder], { singlePass: options.singlePass ?? false }), configuration.settings);
  await index.build();
  for (const problem of [...index.siteList.flatMap((site) => site.problems), ...index.notes]) err.write(`handbook-roles: ${problem}\n`);
  return index;
}
