// Applying what the server answers to a document's text, as an editor would: completion text
// edits and code-action workspace edits. The tests compare the resulting text, not the edit.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('untitled:edit', 'markdown', 0, text), [...edits]);
}

/** The text edits a workspace edit makes to `uri`, whether it uses `changes` or `documentChanges`. */
export function textEditsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap((change) =>
    'textDocument' in change && change.textDocument.uri === uri ? change.edits.filter((item): item is TextEdit => 'range' in item) : [],
  );
  return [...fromChanges, ...fromDocumentChanges];
}

/** The URIs of the files a workspace edit creates. */
export function createdFiles(edit: WorkspaceEdit | undefined): string[] {
  return (edit?.documentChanges ?? []).flatMap((change) => ('kind' in change && change.kind === 'create' ? [change.uri] : []));
}

export function applyWorkspaceEdit(text: string, edit: WorkspaceEdit | undefined, uri: string): string {
  return applyTextEdits(text, textEditsFor(edit, uri));
}

/** The text after accepting a completion item (its textEdit, else its label at the cursor). */
export function acceptCompletion(text: string, item: CompletionItem): string {
  const edit = item.textEdit;
  if (!edit) throw new Error(`completion item "${item.label}" has no textEdit`);
  const range = 'range' in edit ? edit.range : edit.replace;
  return applyTextEdits(text, [{ range, newText: edit.newText }]);
}
