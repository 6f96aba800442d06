// Code actions: the quick fixes of the diagnostics asked about (fixes.ts finds and tries them:
// the nearest existing include, page or anchor, the right shortcode delimiter, a new include file
// as the alternative), and `source.fixAll.handbookRoles`, every preferred fix of the page in one
// edit, for `editor.codeActionsOnSave`. Every fix is an edit for the client to apply: nothing is
// written here.
import { URI } from 'vscode-uri';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { SOURCE } from './diagnostics/codes';
import { fixesFor, FixTrial, preferredFixes, type Fix } from './fixes';
import { suppressionFixes } from './suppressionFixes';

/** The kind of the fix-all action, below LSP's `source.fixAll` so that `"source.fixAll": true` on save runs it too. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.handbookRoles`;

export interface CodeActionContext {
  readonly uri: string;
  /** The document's current text. */
  readonly text: string;
  /** Whether the client can apply a workspace edit that creates a file. */
  readonly canCreateFiles: boolean;
  /** The kinds the client asks for (LSP's CodeActionContext.only); none: the quick fixes. */
  readonly only?: readonly string[];
}

export function provideCodeActions(index: HandbookIndex, file: IndexedFile, diagnostics: readonly Diagnostic[], context: CodeActionContext): CodeAction[] {
  const trial = new FixTrial(index, file, context.text);
  const actions: CodeAction[] = [];
  if (context.only !== undefined && asksFor(context.only, FIX_ALL_KIND)) actions.push(...fixAll(trial, context));
  if (context.only !== undefined && !asksFor(context.only, CodeActionKind.QuickFix)) return actions;
  const seenTitles = new Set<string>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE || !isCurrent(trial, diagnostic)) continue;
    for (const action of [...actionsFor(trial, diagnostic, context), ...suppressionFixes(file, diagnostic, context)]) {
      if (seenTitles.has(action.title)) continue;
      seenTitles.add(action.title);
      actions.push({ ...action, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] });
    }
  }
  return actions;
}

/**
 * Whether the file has this problem now. A client may ask about its copy of a problem of an
 * earlier text (the page changed on disk before it was opened, the answer crossed an edit): its
 * fix data and range describe text that is gone, and a fix made from them would edit the wrong place.
 */
function isCurrent(trial: FixTrial, diagnostic: Diagnostic): boolean {
  const { start, end } = diagnostic.range;
  return trial.before.some(
    (problem) =>
      problem.code === diagnostic.code &&
      problem.range.start.line === start.line &&
      problem.range.start.character === start.character &&
      problem.range.end.line === end.line &&
      problem.range.end.character === end.character,
  );
}

type Action = Omit<CodeAction, 'kind' | 'diagnostics'>;

function actionsFor(trial: FixTrial, diagnostic: Diagnostic, context: CodeActionContext): Action[] {
  return fixesFor(trial, diagnostic, { canCreateFiles: context.canCreateFiles }).map((fix) => ({
    title: fix.title,
    ...(fix.preferred ? { isPreferred: true } : {}),
    edit: editOf(context.uri, fix),
  }));
}

/** Every preferred fix of the page as one action, or none when there is nothing to fix blind. */
function fixAll(trial: FixTrial, context: CodeActionContext): CodeAction[] {
  const applied = preferredFixes(trial);
  if (applied.length === 0) return [];
  const mended = applied.flatMap((fix) => fix.mended);
  return [
    {
      title: `Fix ${mended.length === 1 ? '1 problem' : `${mended.length} problems`} of this page that have a preferred fix`,
      kind: FIX_ALL_KIND,
      diagnostics: mended,
      edit: { changes: { [context.uri]: applied.flatMap((fix) => fix.edits) } },
    },
  ];
}

/** Whether a request for the kinds `only` takes an action of `kind` (kinds are hierarchical: `source` takes `source.fixAll.x`). */
function asksFor(only: readonly string[], kind: string): boolean {
  return only.some((asked) => kind === asked || kind.startsWith(`${asked}.`));
}

function editOf(uri: string, fix: Fix): WorkspaceEdit {
  const edits: TextEdit[] = [...fix.edits];
  if (fix.creates === undefined) return { changes: { [uri]: edits } };
  const edit: WorkspaceEdit = { documentChanges: [{ kind: 'create', uri: URI.file(fix.creates).toString(), options: { ignoreIfExists: true } }] };
  if (edits.length > 0) edit.documentChanges!.push({ textDocument: { uri, version: null }, edits });
  return edit;
}
