// A move plan carried out on a handbook's texts in memory, as the command line carries it out on
// the disk: every edit applied to the text before the move, then each file put at its new path.
import { applyOffsetEdits } from '../../server/src/model/edits/offsetEdits';
import type { PlannedMove } from '../../server/src/model/edits/moves';

/** `files` (absolute path → text) after the plan: edited, and moved. */
export function applyMovePlan(files: Readonly<Record<string, string>>, plan: PlannedMove): Record<string, string> {
  const edited: Record<string, string> = { ...files };
  for (const [file, edits] of plan.edits) {
    if (edited[file] === undefined) throw new Error(`the plan edits ${file}, which is not in the handbook`);
    edited[file] = applyOffsetEdits(edited[file], edits);
  }
  const moved: Record<string, string> = { ...edited };
  for (const { from } of plan.files) delete moved[from];
  for (const { from, to } of plan.files) moved[to] = edited[from];
  return moved;
}
