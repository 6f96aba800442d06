// Quick fixes work on the fact a diagnostic carries in `data` (features/diagnostics/fixData.ts).
// A client that does not send `data` back gets the same fixes: the fact is found again under the
// diagnostic. One handbook with a fixable defect of every kind the catalog names fix data for.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-types';
import { provideCodeActions } from '../../server/src/features/codeActions';
import { CODES, DIAGNOSTIC_CODES, type CodeRule, type DiagnosticCode } from '../../server/src/features/diagnostics/codes';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { memoryHandbook, page } from '../support/memoryHandbook';

const FILES: Record<string, string> = {
  'content/_index.md': page(
    'Home',
    '- [Team](/team/#peple)',
    '- [Gone](/tem/)',
    '- [Old team page](/old-team/)',
    '- [By reference][gone]',
    '',
    '{{$ include "includes/a.md" %}}',
    '',
    '{{% include "includes/aa.md" %}}',
    '',
    '{{% include "../secret.md" %}}',
    '',
    '{{< figure src="a.png"',
    '',
    '[gone]: /teem/',
  ),
  'content/team.md': '---\ntitle: Team\naliases: [/old-team/]\n---\n\n## People\n\nWrite to [the team](team@example.com), read [the index](pypi.org).\n',
  'content/job-families/staff.md': page('Staff', '## Requirements', '', 'Extends that of the [Senior](/job-families/senor/#requirements) requirements.'),
  'content/job-families/senior.md': page('Senior', '## Requirements', '', 'Extends that of the [Staff](/job-families/staff/#requirments) requirements.'),
  'assets/includes/a.md': 'A.\n',
  'assets/includes/secret.md': 'Secret.\n',
};

/** What a person sees of an action: the diagnostics it answers aside. */
function offered(actions: ReturnType<typeof provideCodeActions>) {
  return actions.map(({ title, isPreferred, edit }) => ({ title, isPreferred, edit }));
}

describe('fix data', () => {
  it('every fixable diagnostic carries its fact, and offers the same fixes without it', async () => {
    const handbook = await memoryHandbook(FILES);
    const fixed = new Set<DiagnosticCode>();
    for (const relativePath of Object.keys(FILES).filter((name) => name.startsWith('content/'))) {
      const file = handbook.file(relativePath);
      const context = { uri: URI.file(file.path).toString(), text: FILES[relativePath], canCreateFiles: true };
      for (const diagnostic of computeDiagnostics(handbook.index, file)) {
        const code = diagnostic.code as DiagnosticCode;
        const rule: CodeRule = CODES[code];
        assert.equal((diagnostic.data as { kind?: string } | undefined)?.kind, rule.fixData, `${code} carries the fix data its catalog entry names`);
        const dropped: Diagnostic = { ...diagnostic, data: undefined };
        const withData = offered(provideCodeActions(handbook.index, file, [diagnostic], context));
        assert.deepEqual(offered(provideCodeActions(handbook.index, file, [dropped], context)), withData, `${code} at line ${diagnostic.range.start.line + 1}`);
        if (withData.length > 0) fixed.add(code);
      }
    }
    const withFixData = DIAGNOSTIC_CODES.filter((code) => (CODES[code] as CodeRule).fixData !== undefined);
    assert.deepEqual([...fixed].sort(), [...withFixData, 'shortcode-unterminated'].sort(), 'every code with fix data (and the unclosed shortcode) gets a fix here');
  });
});
