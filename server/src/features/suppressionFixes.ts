// The quick fix that excuses a finding where it is: `<!-- handbook-roles-disable-line CODE -->` at
// the end of the finding's line (or CODE added to such a comment already there). At the line's
// end, not on a line of its own before it: a comment line would end the paragraph, list or table
// the finding is in (an HTML comment starts an HTML block that interrupts a paragraph), while an
// inline comment renders as nothing. Never preferred: excusing is a judgement, not a repair.
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { IndexedFile } from '../model/index/indexedFile';
import { SUPPRESSION_PREFIX } from '../model/page/suppressions';
import { CODES, isDiagnosticCode, type CodeRule, type DiagnosticCode } from './diagnostics/codes';
import { toOffset } from './shared/positions';

/** Codes a line comment cannot excuse: about the whole file, in the front matter (a comment would break its YAML), or about comments themselves. */
const NOT_BY_LINE: ReadonlySet<DiagnosticCode> = new Set(['file-not-text', 'file-too-large', 'file-unreadable', 'front-matter-invalid', 'suppression-invalid', 'suppression-unused']);

/** A disable-line comment already ending the line: the code joins its rules. */
const LINE_COMMENT_AT_END = new RegExp(`<!--\\s*${SUPPRESSION_PREFIX}disable-line\\b[^>]*?(\\s*)-->\\s*$`);

export interface SuppressionFixContext {
  readonly uri: string;
  /** The document's current text. */
  readonly text: string;
}

export function suppressionFixes(file: IndexedFile, diagnostic: Diagnostic, context: SuppressionFixContext): Omit<CodeAction, 'kind' | 'diagnostics'>[] {
  const { code } = diagnostic;
  if (!isDiagnosticCode(code) || NOT_BY_LINE.has(code)) return [];
  const { line } = diagnostic.range.start;
  const lineStart = toOffset(file, { line, character: 0 });
  if (lineStart < file.facts.bodyStart) return [];
  const lineText = /^[^\r\n]*/.exec(context.text.slice(lineStart))![0];
  const existing = LINE_COMMENT_AT_END.exec(lineText);
  // Into the comment just before its closing `-->` (and the spaces before that), else after the line's last character.
  const at = existing ? existing.index + existing[0].trimEnd().length - '-->'.length - existing[1].length : lineText.trimEnd().length;
  const newText = existing ? ` ${code}` : ` <!-- ${SUPPRESSION_PREFIX}disable-line ${code} -->`;
  const position = { line, character: at };
  const rule: CodeRule = CODES[code];
  const isLink = rule.fixData === 'link' || code.startsWith('extends-');
  return [
    {
      title: isLink ? `Ignore this link on this line (${code})` : `Ignore ${code} on this line`,
      edit: { changes: { [context.uri]: [{ range: { start: position, end: position }, newText }] } },
    },
  ];
}
