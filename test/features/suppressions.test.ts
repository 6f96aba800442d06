// What the configuration (rules, ignore, ignoreLinks) and a page's suppression comments make of
// its diagnostics, in-process on inline handbooks: what is suppressed is gone, a comment that
// suppresses nothing or cannot be used is reported on the comment, and a rule's level applies to
// what is left.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { loadFixture, type Fixture } from '../support/fixture';

const TARGET = `
  //- /content/jobs/staff.md
  ---
  title: "Staff"
  ---
  ## Requirements
`;

function reported(fixture: Fixture, relativePath: string): { code: unknown; range: Diagnostic['range']; severity?: DiagnosticSeverity }[] {
  return computeDiagnostics(fixture.index, fixture.file(relativePath))
    .map(({ code, range, severity }) => ({ code, range, severity }))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function messagesOf(fixture: Fixture, relativePath: string): string[] {
  return computeDiagnostics(fixture.index, fixture.file(relativePath)).map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`);
}

describe('suppression comments', () => {
  it('disable-next-line and disable-line suppress their rule on their line only, and leave other rules and lines reported', async () => {
    const fixture = await loadFixture(`
      ${TARGET}
      //- /content/jobs/a.md
      <!-- handbook-roles-disable-next-line link-missing-anchor -->
      See [staff](/jobs/staff/#nope) and [gone](/jobs/gone/).
      Also [staff](/jobs/staff/#nope) $[<!-- handbook-roles-disable-line link-missing-anchor link-missing-page -->$]
      But [staff]($[/jobs/staff/#nope$]) here.
    `);
    assert.deepEqual(
      reported(fixture, 'content/jobs/a.md').map(({ code }) => code),
      ['link-missing-page', 'suppression-unused', 'link-missing-anchor'],
    );
    assert.deepEqual(reported(fixture, 'content/jobs/a.md').slice(1), [
      { code: 'suppression-unused', range: fixture.ranges[0].range, severity: DiagnosticSeverity.Information },
      { code: 'link-missing-anchor', range: fixture.ranges[1].range, severity: DiagnosticSeverity.Warning },
    ]);
    assert.match(messagesOf(fixture, 'content/jobs/a.md').join('\n'), /there is no link-missing-page finding on line 3\. Remove link-missing-page from it\./);
  });

  it('a comment naming no rule suppresses every rule', async () => {
    const fixture = await loadFixture(`
      ${TARGET}
      //- /content/jobs/a.md
      <!-- handbook-roles-disable-next-line -->
      See [staff](/jobs/staff/#nope) and [gone](/jobs/gone/).
    `);
    assert.deepEqual(reported(fixture, 'content/jobs/a.md'), []);
  });

  it('disable … enable suppresses the rule between them, and enable ends only the rules it names', async () => {
    const fixture = await loadFixture(`
      ${TARGET}
      //- /content/jobs/a.md
      <!-- handbook-roles-disable link-missing-anchor link-missing-page -->
      - [staff](/jobs/staff/#nope)
      - [gone](/jobs/gone/)
      <!-- handbook-roles-enable link-missing-anchor -->
      - [staff]($[/jobs/staff/#nope$])
      - [gone](/jobs/gone/)
      <!-- handbook-roles-enable -->
      - [gone]($[/jobs/gone/$])
    `);
    assert.deepEqual(
      reported(fixture, 'content/jobs/a.md').map(({ code, range }) => ({ code, range })),
      [
        { code: 'link-missing-anchor', range: fixture.ranges[0].range },
        { code: 'link-missing-page', range: fixture.ranges[1].range },
      ],
    );
  });

  it('reports a comment that suppresses nothing as information, on the comment', async () => {
    const fixture = await loadFixture(`
      ${TARGET}
      //- /content/jobs/a.md
      $[<!-- handbook-roles-disable-next-line link-missing-anchor -->$]
      See [staff](/jobs/staff/#requirements).
      $[<!-- handbook-roles-enable -->$]
    `);
    assert.deepEqual(reported(fixture, 'content/jobs/a.md'), [
      { code: 'suppression-unused', range: fixture.ranges[0].range, severity: DiagnosticSeverity.Information },
      { code: 'suppression-unused', range: fixture.ranges[1].range, severity: DiagnosticSeverity.Information },
    ]);
    assert.match(messagesOf(fixture, 'content/jobs/a.md')[0], /suppresses nothing: there is no link-missing-anchor finding on line 2\. Remove it\./);
  });

  it('reports an unknown rule, an unknown directive and an unclosed comment on the comment, and still applies the known rules of a comment', async () => {
    const fixture = await loadFixture(`
      ${TARGET}
      //- /content/jobs/a.md
      $[<!-- handbook-roles-disable-next-line link-missing-anchr link-missing-anchor -->$]
      See [staff](/jobs/staff/#nope).
      $[<!-- handbook-roles-silence link-missing-anchor -->$]
      See [staff]($[/jobs/staff/#nope$]).

      $[<!-- handbook-roles-disable link-missing-anchor$]
    `);
    assert.deepEqual(
      reported(fixture, 'content/jobs/a.md').map(({ code, range }) => ({ code, range })),
      [
        { code: 'suppression-invalid', range: fixture.ranges[0].range },
        { code: 'suppression-invalid', range: fixture.ranges[1].range },
        { code: 'link-missing-anchor', range: fixture.ranges[2].range },
        { code: 'suppression-invalid', range: fixture.ranges[3].range },
      ],
    );
    const messages = messagesOf(fixture, 'content/jobs/a.md').join('\n');
    assert.match(messages, /Unknown rule in a suppression comment: link-missing-anchr\. The rules are the diagnostic codes: file-not-text, /);
    assert.match(messages, /"handbook-roles-silence" is no suppression comment; write handbook-roles-disable-next-line, /);
    assert.match(messages, /never closed with -->/);
  });

  it('a comment in code is text, not a suppression', async () => {
    const fixture = await loadFixture(`
      ${TARGET}
      //- /content/jobs/a.md
      \`<!-- handbook-roles-disable-next-line link-missing-anchor -->\`
      See [staff]($[/jobs/staff/#nope$]).
    `);
    assert.deepEqual(
      reported(fixture, 'content/jobs/a.md').map(({ code, range }) => ({ code, range })),
      [{ code: 'link-missing-anchor', range: fixture.ranges[0].range }],
    );
  });
});

describe('configured rules and ignores', () => {
  const BROKEN = `
    ${TARGET}
    //- /content/jobs/a.md
    See [staff](/jobs/staff/#nope) and [gone](/jobs/gone/) and [generated](/generated/list/#row-7).
    //- /content/legacy/old.md
    See [gone](/jobs/gone/).
  `;

  it('a rule set to a severity is reported at it, and one set to off is not reported', async () => {
    const fixture = await loadFixture(BROKEN, { rules: { 'link-missing-anchor': 'error', 'link-missing-page': 'off' } });
    assert.deepEqual(
      reported(fixture, 'content/jobs/a.md').map(({ code, severity }) => ({ code, severity })),
      [{ code: 'link-missing-anchor', severity: DiagnosticSeverity.Error }],
    );
  });

  it('ignore globs leave a file unreported (it is still a link target); ignoreLinks globs leave matching links unchecked, with or without their anchor', async () => {
    const fixture = await loadFixture(BROKEN, { ignore: ['content/legacy/**'], ignoreLinks: ['/generated/**', '/jobs/gone/'] });
    assert.deepEqual(reported(fixture, 'content/legacy/old.md'), []);
    assert.deepEqual(
      reported(fixture, 'content/jobs/a.md').map(({ code }) => code),
      ['link-missing-anchor'],
    );
    const withoutAnchor = await loadFixture(BROKEN, { ignoreLinks: ['/jobs/staff/'] });
    assert.deepEqual(
      reported(withoutAnchor, 'content/jobs/a.md').map(({ code }) => code),
      ['link-missing-page', 'link-missing-page'],
    );
  });

  it('a comment for a rule that is off is not reported as unused: it is needed again once the rule is on', async () => {
    const fixture = await loadFixture(
      `
      ${TARGET}
      //- /content/jobs/a.md
      See [staff](/jobs/staff/#nope) <!-- handbook-roles-disable-line link-missing-anchor -->
    `,
      { rules: { 'link-missing-anchor': 'off' } },
    );
    assert.deepEqual(
      reported(fixture, 'content/jobs/a.md').map(({ code }) => code),
      [],
    );
  });
});
