// The configuration file's reader (model/base/configFile.ts) and the page's suppression comments
// (model/page/suppressions.ts): what a file's text becomes, and every problem at its place in the
// text, with the rest still read.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../server/src/features/diagnostics/codes';
import { readConfigText, type ConfigReading } from '../../server/src/model/base/configFile';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { parsePage } from '../../server/src/model/page/parsePage';

/** Each problem as the text it is shown on and the start of its message. */
function shown(text: string, reading: ConfigReading): [string, string][] {
  return reading.problems.map(({ range, message }) => [text.slice(range.start, range.end), message]);
}

describe('the configuration file', () => {
  it('reads every setting, and the rules, ignores and ignored links', () => {
    const text = [
      'contentRoots: [content]',
      'rolePaths:',
      '  - "jobs/**"',
      'extendsPatterns: ["\\\\bbuilds on\\\\b"]',
      'maxFileSize: 1000',
      'hover:',
      '  maxLines: 12',
      'rules:',
      '  link-via-alias: off',
      '  link-missing-anchor: error',
      'ignore: ["content/legacy/**"]',
      'ignoreLinks: ["/generated/**"]',
    ].join('\n');
    const reading = readConfigText(text, DIAGNOSTIC_CODES);
    assert.deepEqual(reading.problems, []);
    assert.deepEqual(reading.settings, {
      ...DEFAULT_SETTINGS,
      contentRoots: ['content'],
      rolePaths: ['jobs/**'],
      extendsPatterns: ['\\bbuilds on\\b'],
      maxFileSize: 1000,
      hoverMaxLines: 12,
      rules: { 'link-via-alias': 'off', 'link-missing-anchor': 'error' },
      ignore: ['content/legacy/**'],
      ignoreLinks: ['/generated/**'],
    });
  });

  it('an empty file (or only comments) is the defaults, with no problem', () => {
    for (const text of ['', '# nothing yet\n']) {
      const reading = readConfigText(text, DIAGNOSTIC_CODES);
      assert.deepEqual(reading.settings, DEFAULT_SETTINGS);
      assert.deepEqual(reading.problems, []);
    }
  });

  it('names an unknown key, a wrong type, an unknown rule (with the nearest one), a wrong level and an invalid pattern, each where it is written, and keeps the rest', () => {
    const text = [
      'rolePath: ["jobs/**"]',
      'siteHosts: handbook.example',
      'extendsPatterns: ["\\\\bbuilds on\\\\b", "(?=lookahead)x"]',
      'hover:',
      '  maxLength: 10',
      'rules:',
      '  link-missing-anchr: off',
      '  link-via-alias: quiet',
      '  include-nested: off',
    ].join('\n');
    const reading = readConfigText(text, DIAGNOSTIC_CODES);
    assert.deepEqual(reading.settings, { ...DEFAULT_SETTINGS, extendsPatterns: ['\\bbuilds on\\b'], rules: { 'include-nested': 'off' } });
    const problems = shown(text, reading);
    assert.deepEqual(
      problems.map(([at]) => at),
      ['rolePath', 'siteHosts: handbook.example', '"(?=lookahead)x"', 'maxLength', 'link-missing-anchr: off', 'link-via-alias: quiet'],
    );
    assert.match(problems[0][1], /^Unknown setting rolePath: it is ignored\./);
    assert.match(problems[1][1], /^siteHosts: expected a list of strings, got "handbook.example"; the default is used\.$/);
    assert.match(problems[2][1], /^extendsPatterns\[1\]: uses syntax that the linear-time engine \(RE2\) does not have/);
    assert.match(problems[3][1], /^Unknown setting hover\.maxLength/);
    assert.match(problems[4][1], /^rules\.link-missing-anchr: there is no rule "link-missing-anchr", did you mean "link-missing-anchor"\?/);
    assert.match(problems[5][1], /^rules\.link-via-alias: expected one of error, warning, information, hint, off, got "quiet"/);
  });

  it('a syntax error is one problem at its place, and what parsed around it is still read', () => {
    const text = 'rolePaths: ["jobs/**"]\nrules: {link-via-alias: off\nmaxFileSize: 10\n';
    const reading = readConfigText(text, DIAGNOSTIC_CODES);
    assert.equal(reading.problems.length >= 1, true);
    assert.match(reading.problems[0].message, /^Not valid YAML: /);
    assert.deepEqual(reading.settings.rolePaths, ['jobs/**']);
  });

  it('a file that is not a mapping gives the defaults and says what the file must be', () => {
    const reading = readConfigText('- jobs/**\n', DIAGNOSTIC_CODES);
    assert.deepEqual(reading.settings, DEFAULT_SETTINGS);
    assert.match(reading.problems[0].message, /must be a mapping of setting names to values/);
  });

  it('a repeated key is a problem, not a silent override', () => {
    const reading = readConfigText('maxFileSize: 10\nmaxFileSize: 20\n', DIAGNOSTIC_CODES);
    assert.ok(reading.problems.some((problem) => /Map keys must be unique/.test(problem.message)));
  });

  it('an alias bomb does not expand without bound', { timeout: 10_000 }, () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    const reading = readConfigText(bomb, DIAGNOSTIC_CODES);
    assert.deepEqual(reading.settings, DEFAULT_SETTINGS);
    assert.match(reading.problems.at(-1)?.message ?? '', /^The configuration could not be read \(.*alias.*\); every setting takes its default\.$/i);
  });
});

describe('suppression comments as page facts', () => {
  it('reads each directive and its rules from HTML blocks and inline HTML, with the comment as range', () => {
    const text = [
      '<!-- handbook-roles-disable-next-line link-missing-anchor, link-via-alias -->',
      'A line <!-- handbook-roles-disable-line --> with a comment.',
      '<!-- handbook-roles-disable include-missing -->',
      '<!-- handbook-roles-enable -->',
      '<!-- an ordinary comment -->',
      '`<!-- handbook-roles-disable -->` in code',
    ].join('\n');
    const facts = parsePage(text);
    assert.deepEqual(
      facts.suppressions?.map(({ directive, rules, range }) => ({ directive, rules, text: text.slice(range.start, range.end) })),
      [
        { directive: 'disable-next-line', rules: ['link-missing-anchor', 'link-via-alias'], text: '<!-- handbook-roles-disable-next-line link-missing-anchor, link-via-alias -->' },
        { directive: 'disable-line', rules: [], text: '<!-- handbook-roles-disable-line -->' },
        { directive: 'disable', rules: ['include-missing'], text: '<!-- handbook-roles-disable include-missing -->' },
        { directive: 'enable', rules: [], text: '<!-- handbook-roles-enable -->' },
      ],
    );
  });

  it('a page without suppression comments has no suppressions field (nothing stored for most pages)', () => {
    assert.equal('suppressions' in parsePage('# Title\n\n<!-- a comment -->\n'), false);
  });

  it('an unknown directive and an unclosed comment are facts with a problem and no directive', () => {
    const facts = parsePage('<!-- handbook-roles-mute x -->\n\n<!-- handbook-roles-disable x\n\nmore\n');
    assert.deepEqual(
      facts.suppressions?.map(({ directive, problem }) => ({ directive, problem: problem?.slice(0, 30) })),
      [
        { directive: undefined, problem: '"handbook-roles-mute" is no su' },
        { directive: undefined, problem: 'this comment is never closed w' },
      ],
    );
  });
});
