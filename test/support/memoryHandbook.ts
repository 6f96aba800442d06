// A small handbook held in memory (MemoryWorkspace), indexed with the real HandbookIndex: the
// unit tests write only the pages a case needs and ask the model about them.
import * as path from 'node:path';
import { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import type { IndexedFile } from '../../server/src/model/index/indexedFile';
import { readSettings } from '../../server/src/model/base/settings';
import { MemoryWorkspace } from './memoryWorkspace';

export const SITE = path.resolve('/memory/handbook');

export interface MemoryHandbook {
  readonly index: HandbookIndex;
  readonly workspace: MemoryWorkspace;
  /** The indexed file at a path relative to the site folder (`content/a.md`); needs no `this`, so tests may destructure it. */
  readonly file: (relativePath: string) => IndexedFile;
}

/** Indexes `files` (paths relative to the site folder, Hugo's default layout: content/, assets/). */
export async function memoryHandbook(files: Record<string, string>, settings: Record<string, unknown> = {}): Promise<MemoryHandbook> {
  const workspace = new MemoryWorkspace([SITE], Object.fromEntries(Object.entries(files).map(([relative, text]) => [path.join(SITE, relative), text])));
  const index = new HandbookIndex(workspace, readSettings(settings));
  await index.build();
  return {
    index,
    workspace,
    file: (relativePath) => {
      const found = index.get(path.join(SITE, relativePath));
      if (!found) throw new Error(`${relativePath} is not indexed`);
      return found;
    },
  };
}

/** A page with YAML front matter holding `title`. */
export function page(title: string, ...body: string[]): string {
  return ['---', `title: "${title}"`, '---', '', ...body, ''].join('\n');
}
