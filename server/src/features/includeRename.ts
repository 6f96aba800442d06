// Rename of an include path string (`{{% include "includes/x.md" %}}`): the include file is
// moved to the new path and every include call of it is updated — a WorkspaceEdit with the text
// edits and then the file's rename operation, planned by the same model as any move
// (model/edits/moves.ts), so the same refusals hold. For the rename request's owner
// (features/rename.ts) to call where the position is on an include path.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Range, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import type { IncludeCall } from '../model/page/shortcodes';
import { planMoves } from '../model/edits/moves';
import { isInside } from '../model/base/workspace';
import { contains } from '../model/base/text';
import { toRange } from './shared/positions';

export type IncludeRename<T> = T | { readonly refused: string };

/** The include call whose path string holds `offset`, or undefined. */
export function includePathAt(file: IndexedFile, offset: number): (IncludeCall & { readonly path: string; readonly pathRange: { start: number; end: number } }) | undefined {
  const call = file.facts.includes.find((candidate) => candidate.pathRange && contains(candidate.pathRange, offset));
  return call?.path !== undefined && call.pathRange ? (call as IncludeCall & { path: string; pathRange: { start: number; end: number } }) : undefined;
}

/** Where the path is written and what it says, or why it cannot be renamed; undefined off an include path. */
export function prepareIncludeRename(index: HandbookIndex, file: IndexedFile, offset: number): IncludeRename<{ range: Range; placeholder: string }> | undefined {
  const call = includePathAt(file, offset);
  if (!call) return undefined;
  const resolved = index.resolveInclude(file.site, call.path);
  if (resolved.kind !== 'found') return { refused: `The include file ${call.path} does not exist, so there is nothing to rename: fix the path first (the quick fix offers the nearest files).` };
  return { range: toRange(file, call.pathRange), placeholder: call.path };
}

/** The edit that moves the include file to `newName` (a path as include calls write it) and updates every call of it. */
export async function renameIncludePath(index: HandbookIndex, file: IndexedFile, offset: number, newName: string): Promise<IncludeRename<WorkspaceEdit> | undefined> {
  const call = includePathAt(file, offset);
  if (!call) return undefined;
  const resolved = index.resolveInclude(file.site, call.path);
  if (resolved.kind !== 'found') return { refused: `The include file ${call.path} does not exist, so there is nothing to rename: fix the path first.` };
  const wanted = path.posix.normalize(newName.trim().replace(/\\/g, '/').replace(/^\/+/, ''));
  if (wanted === '.' || wanted === '') return { refused: 'The new include path is empty: give the path of the file below the include folder, e.g. includes/careers/values.md.' };
  if (newName.trim().endsWith('/')) return { refused: `The new include path ${newName} names a folder: give the file's name too.` };
  if (wanted.startsWith('../') || wanted === '..') return { refused: `The new include path ${newName} leaves the include folder: include calls could not find the file there.` };
  const root = file.site.includeRoots.find((candidate) => isInside(candidate.directory, resolved.file.path));
  if (!root || (root.prefix && !wanted.startsWith(`${root.prefix}/`)))
    return { refused: `The new include path ${newName} is not below ${root?.prefix ?? 'the include folder'}: include calls could not find the file there.` };
  const to = path.join(root.directory, root.prefix ? wanted.slice(root.prefix.length + 1) : wanted);
  const plan = await planMoves(index, [{ from: resolved.file.path, to }], { addAliases: false });
  if (plan.kind === 'refused') return { refused: plan.reason };
  const textEdits: TextDocumentEdit[] = [...plan.edits].flatMap(([editedPath, edits]) => {
    const edited = index.get(editedPath);
    return edited ? [{ textDocument: { uri: URI.file(editedPath).toString(), version: null }, edits: edits.map((edit) => ({ range: toRange(edited, edit), newText: edit.newText })) }] : [];
  });
  const renames = plan.files.map(({ from, to: moved }) => ({ kind: 'rename' as const, oldUri: URI.file(from).toString(), newUri: URI.file(moved).toString() }));
  return { documentChanges: [...textEdits, ...renames] };
}
