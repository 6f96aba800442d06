// Files and folders moved or renamed in the editor (`workspace/willRenameFiles`): the one edit,
// applied before the files move, that keeps every link and include call leading where it led and
// leaves each moved page's old URL as an alias (model/edits/moves.ts plans it). A move the model
// refuses gets no edit and the reason; what the plan could not do is said with the edit.
import { URI } from 'vscode-uri';
import type { AnnotatedTextEdit, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import { planMoves, type FileMove, type PlannedMove } from '../model/edits/moves';
import { toRange } from './shared/positions';

export interface FileMoveAnswer {
  /** Absent when the moves change nothing, or are refused. */
  readonly edit?: WorkspaceEdit;
  /** For the person moving: why nothing is updated, or what the edit does not do. */
  readonly message?: { readonly severity: 'error' | 'warning'; readonly text: string };
}

export interface FileMoveOptions {
  /** The client shows change annotations (LSP 3.16): the notes go in the edit's label, and the edit asks for confirmation. */
  readonly annotations: boolean;
}

const ANNOTATION = 'handbook-roles.move';

export async function provideFileMoves(index: HandbookIndex, moves: readonly FileMove[], options: FileMoveOptions): Promise<FileMoveAnswer> {
  const plan = await planMoves(index, moves, { addAliases: index.currentSettings.moveAddAliases });
  if (plan.kind === 'refused') return { message: { severity: 'error', text: `Links were not updated for this move: ${plan.reason}` } };
  if (plan.edits.size === 0) return plan.notes.length > 0 ? { message: { severity: 'warning', text: plan.notes.join(' ') } } : {};
  const edit = options.annotations ? annotatedEdit(index, plan) : { changes: Object.fromEntries(textEditsByUri(index, plan)) };
  return plan.notes.length > 0 && !options.annotations ? { edit, message: { severity: 'warning', text: plan.notes.join(' ') } } : { edit };
}

/** "Update 3 links, 1 ref call, 1 include call and add 1 alias", for the edit's label. */
export function describePlan({ counts }: PlannedMove): string {
  const parts = [plural(counts.links, 'link'), plural(counts.refCalls, 'ref call'), plural(counts.includeCalls, 'include call')].filter((part) => part !== '');
  const updates = parts.length > 0 ? `Update ${parts.join(', ')}` : '';
  const aliases = counts.aliases > 0 ? `add ${plural(counts.aliases, 'alias', 'aliases')}` : '';
  const text = [updates, aliases].filter((part) => part !== '').join(' and ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(count: number, one: string, many = `${one}s`): string {
  return count === 0 ? '' : `${count} ${count === 1 ? one : many}`;
}

function textEditsByUri(index: HandbookIndex, plan: PlannedMove): [string, TextEdit[]][] {
  return [...plan.edits].flatMap(([path, edits]) => {
    const file = index.get(path);
    if (!file) return [];
    return [[URI.file(path).toString(), edits.map((edit) => ({ range: toRange(file, edit), newText: edit.newText }))]];
  });
}

function annotatedEdit(index: HandbookIndex, plan: PlannedMove): WorkspaceEdit {
  const documentChanges: TextDocumentEdit[] = textEditsByUri(index, plan).map(([uri, edits]) => ({
    textDocument: { uri, version: null },
    edits: edits.map((edit): AnnotatedTextEdit => ({ ...edit, annotationId: ANNOTATION })),
  }));
  const description = plan.notes.join(' ');
  return {
    documentChanges,
    changeAnnotations: {
      [ANNOTATION]: {
        label: `${describePlan(plan)} for the move${plan.notes.length > 0 ? ` (${plan.notes.length === 1 ? 'a note' : `${plan.notes.length} notes`}: see the description)` : ''}`,
        needsConfirmation: plan.notes.length > 0,
        ...(description ? { description } : {}),
      },
    },
  };
}
