// willRenameFiles timed over the protocol: the page most linked to (by its URL written in link
// destinations) renamed in place, and the content folder whose pages number closest to 50 renamed;
// each request sent `rounds` times (the edit is never applied, so every round asks the same).
import * as fs from 'node:fs';
import * as path from 'node:path';
// Sent by method name, as in bench/lsp.ts: bench/node_modules' copy of this package has request
// types the session's connection rejects.
import { WillRenameFilesRequest, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { Session } from '../../test/protocol/support/session';
import { percentile } from './measure';

export interface MoveTiming {
  readonly what: string;
  /** Pages that move. */
  readonly pages: number;
  /** Text edits in the answer, and the files they are in. */
  readonly edits: number;
  readonly files: number;
  readonly ms: readonly number[];
}

const LINKED_URL = /\]\(\s*<?(\/[^\s)#>?]*)|href="(\/[^"#?]*)/g;
const TARGET_FOLDER_PAGES = 50;

/** The page and the folder to rename, then each rename timed `rounds` times. */
export async function timeFileMoves(session: Session, folder: string, rounds: number): Promise<MoveTiming[]> {
  const content = path.join(folder, 'content');
  const pages = fs
    .readdirSync(content, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  const page = mostLinked(content, pages);
  const folderToMove = folderOfAbout(content, pages, TARGET_FOLDER_PAGES);
  const timings: MoveTiming[] = [];
  for (const [what, from, count] of [
    [`page ${path.relative(folder, page)}`, page, 1],
    [`folder ${path.relative(folder, folderToMove.folder)}`, folderToMove.folder, folderToMove.pages],
  ] as const) {
    const to = path.join(path.dirname(from), `bench-moved-${path.basename(from)}`);
    const ms: number[] = [];
    let answer: WorkspaceEdit | null = null;
    for (let round = 0; round < rounds; round++) {
      const started = process.hrtime.bigint();
      answer = await session.connection.sendRequest<WorkspaceEdit | null>(WillRenameFilesRequest.method, {
        files: [{ oldUri: session.uri(path.relative(folder, from)), newUri: session.uri(path.relative(folder, to)) }],
      });
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const edits = answer?.documentChanges?.flatMap((change) => ('edits' in change ? change.edits : [])) ?? Object.values(answer?.changes ?? {}).flat();
    const files = answer?.documentChanges?.length ?? Object.keys(answer?.changes ?? {}).length;
    timings.push({ what, pages: count, edits: edits.length, files, ms });
  }
  return timings;
}

export const p95 = (ms: readonly number[]): number => percentile([...ms], 95);

/** The page whose URL (as the content path makes it) is written in the most link destinations. */
function mostLinked(content: string, pages: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const page of pages) {
    for (const match of fs.readFileSync(page, 'utf8').matchAll(LINKED_URL)) {
      const url = (match[1] ?? match[2]).toLowerCase().replace(/\/?$/, '/');
      counts.set(url, (counts.get(url) ?? 0) + 1);
    }
  }
  const urlOf = (page: string) => `/${path.relative(content, page).replace(/(?:\/?_?index)?\.md$/, '')}/`.replace(/\/+/g, '/').toLowerCase();
  return [...pages].sort((a, b) => (counts.get(urlOf(b)) ?? 0) - (counts.get(urlOf(a)) ?? 0))[0];
}

/** The content folder (not the content folder itself) holding closest to `wanted` pages, below it at any depth. */
function folderOfAbout(content: string, pages: readonly string[], wanted: number): { folder: string; pages: number } {
  const counts = new Map<string, number>();
  for (const page of pages) for (let folder = path.dirname(page); folder !== content; folder = path.dirname(folder)) counts.set(folder, (counts.get(folder) ?? 0) + 1);
  const [folder, count] = [...counts].sort((a, b) => Math.abs(a[1] - wanted) - Math.abs(b[1] - wanted) || a[0].localeCompare(b[0]))[0];
  return { folder, pages: count };
}
