// Picking diagnostics out of what the server published.
import type { Diagnostic } from 'vscode-languageserver-protocol';

/** Diagnostics with `code` whose message mentions `text`. */
export function withCode(diagnostics: Diagnostic[], code: string, text = ''): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code && diagnostic.message.includes(text));
}

/** The 1-based line a diagnostic starts on, as the README and an editor's gutter count. */
export function lineOf(diagnostic: Diagnostic): number {
  return diagnostic.range.start.line + 1;
}
