// Suppression comments, markdownlint's convention with this tool's name: an author who judged a
// finding acceptable says so where it is, and the comment travels with the text it excuses.
//   <!-- handbook-roles-disable-next-line link-missing-anchor -->   the line after the comment
//   <!-- handbook-roles-disable-line link-missing-anchor -->        the comment's own line
//   <!-- handbook-roles-disable link-via-alias -->  …  <!-- handbook-roles-enable link-via-alias -->
// No rule named: every rule. This file only reads the comments out of a page's HTML (so nothing
// in code counts); which rules exist, and what a comment suppresses, the diagnostics decide.
import type { HtmlSyntax } from './markdown/syntax';
import { detach } from '../base/strings';
import type { TextRange } from '../base/text';

export const SUPPRESSION_PREFIX = 'handbook-roles-';
export const SUPPRESSION_DIRECTIVES = ['disable-next-line', 'disable-line', 'disable', 'enable'] as const;
export type SuppressionDirective = (typeof SUPPRESSION_DIRECTIVES)[number];

export interface SuppressionComment {
  /** Undefined when the comment names no directive this tool has (see `problem`). */
  readonly directive?: SuppressionDirective;
  /** The rules as written; none: every rule. */
  readonly rules: readonly string[];
  /** The whole comment, `<!--` to `-->`. */
  readonly range: TextRange;
  /** Why the comment cannot be used, for people. */
  readonly problem?: string;
}

/** `<!-- handbook-roles-WORD rest -->`, or one that is never closed (it then runs to the end of its HTML). */
const COMMENT = /<!--\s*handbook-roles-([\w-]*)([\s\S]*?)(-->|$)/g;
/** Rule names are separated by spaces or commas, as markdownlint's are. */
const RULE_SEPARATOR = /[\s,]+/;

/** The suppression comments in a page's raw HTML (HTML blocks and inline HTML), in page order. */
export function readSuppressions(html: readonly HtmlSyntax[]): SuppressionComment[] {
  const comments: SuppressionComment[] = [];
  for (const node of html) {
    if (!node.value.includes(SUPPRESSION_PREFIX)) continue;
    for (const match of node.value.matchAll(COMMENT)) {
      const start = node.start + match.index;
      // An unclosed comment runs to the end of its HTML: it is shown on its first line.
      const length = match[3] === '' ? match[0].split(/\r\n|\r|\n/)[0].length : match[0].length;
      const range = { start, end: start + length };
      const rules = match[2]
        .split(RULE_SEPARATOR)
        .filter((rule) => rule !== '')
        .map(detach);
      const directive = SUPPRESSION_DIRECTIVES.find((known) => known === match[1]);
      const problem =
        match[3] === ''
          ? 'this comment is never closed with -->, so it hides the rest of the page from readers and suppresses nothing; close it'
          : directive === undefined
            ? `"${SUPPRESSION_PREFIX}${match[1]}" is no suppression comment; write ${SUPPRESSION_DIRECTIVES.map((known) => SUPPRESSION_PREFIX + known).join(', ')}`
            : undefined;
      comments.push({ ...(directive && problem === undefined ? { directive } : {}), rules, range, ...(problem ? { problem } : {}) });
    }
  }
  return comments;
}
