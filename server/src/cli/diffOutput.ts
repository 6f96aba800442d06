// What a dry run prints instead of writing: a unified diff of every file it would change, in the
// form `git diff` writes (`a/` and `b/` paths relative to the checked folder), so that the output
// can be read in review or applied with `git apply` / `patch -p1`.
import { createTwoFilesPatch } from 'diff';

/** One file a command would write. `undefined` before: it would create the file; after: delete it. */
export interface FileChange {
  /** Relative to the folder the command runs on, with '/' separators. */
  readonly file: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/** Lines of context around each change, as `git diff` and `diff -u` show by default. */
const CONTEXT_LINES = 3;

/** The unified diff of `changes`, in their order; an empty string when nothing changes. */
export function unifiedDiff(changes: readonly FileChange[]): string {
  return changes
    .filter((change) => change.before !== change.after)
    .map((change) => {
      const patch = createTwoFilesPatch(
        change.before === undefined ? '/dev/null' : `a/${change.file}`,
        change.after === undefined ? '/dev/null' : `b/${change.file}`,
        change.before ?? '',
        change.after ?? '',
        undefined,
        undefined,
        { context: CONTEXT_LINES },
      );
      // jsdiff opens each file with a line of "=" that git's form does not have.
      return patch.replace(/^=+\n/, '');
    })
    .join('');
}
