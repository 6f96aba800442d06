// Applying what a feature answers to the texts of a fixture, as an editor would: quick-fix
// workspace edits and completion text edits. The feature tests compare the resulting text with
// the text an author would write by hand, never the edit itself.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Fixture } from './fixture';

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('untitled:edit', 'markdown', 0, text), [...edits]);
}

export interface EditedFixture {
  /** Every fixture file's text after the edit, by fixture path (untouched files included). */
  readonly texts: Readonly<Record<string, string>>;
  /** Fixture paths of the files the edit creates, in order. */
  readonly created: readonly string[];
}

/** Applies a workspace edit, in either its `changes` or its `documentChanges` form, to a fixture. */
export function applyWorkspaceEdit(fixture: Fixture, edit: WorkspaceEdit | undefined): EditedFixture {
  const editsByPath = new Map<string, TextEdit[]>();
  const created: string[] = [];
  const editsOf = (uri: string) => {
    const relative = fixture.pathOf(uri);
    let edits = editsByPath.get(relative);
    if (!edits) editsByPath.set(relative, (edits = []));
    return edits;
  };
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) editsOf(uri).push(...edits);
  for (const change of edit?.documentChanges ?? []) {
    if ('textDocument' in change) editsOf(change.textDocument.uri).push(...change.edits.filter((item): item is TextEdit => 'range' in item));
    else if (change.kind === 'create') created.push(fixture.pathOf(change.uri));
    else throw new Error(`the fixture edit helper does not apply a "${change.kind}" change`);
  }
  const texts: Record<string, string> = { ...fixture.files };
  for (const [relative, edits] of editsByPath) {
    const text = texts[relative] ?? (created.includes(relative) ? '' : undefined);
    if (text === undefined) throw new Error(`the edit changes ${relative}, which is not in the fixture`);
    texts[relative] = applyTextEdits(text, edits);
  }
  return { texts, created };
}

/** The text of one fixture file (the cursor's file without a path) after a workspace edit. */
export function editedText(fixture: Fixture, edit: WorkspaceEdit | undefined, relativePath = fixture.at.path): string {
  return applyWorkspaceEdit(fixture, edit).texts[relativePath];
}

/** The cursor line after accepting a completion item (its textEdit; every item here has one). */
export function acceptCompletion(fixture: Fixture, item: CompletionItem): string {
  const edit = item.textEdit;
  if (!edit) throw new Error(`completion item "${item.label}" has no textEdit`);
  const range = 'range' in edit ? edit.range : edit.replace;
  return applyTextEdits(fixture.files[fixture.at.path], [{ range, newText: edit.newText }]).split('\n')[fixture.at.position.line];
}
