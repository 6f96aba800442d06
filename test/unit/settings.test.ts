// Settings that are odd but legal, or plainly wrong, as a client may send them: each bad entry is
// named in a problem and dropped, the rest kept; and no inheritance pattern a setting holds can
// hang the parser (catastrophic backtracking, empty matches on a page with emoji).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkSettings, DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { extendsPatternProblem, rolePathMatcher } from '../../server/src/model/base/settingChecks';
import { compileExtendsPattern } from '../../server/src/model/base/extendsSearch';
import { compileExtendsPatterns, parsePage } from '../../server/src/model/page/parsePage';

// Backtracking makes these exponential or polynomial on V8; the linear-time engine runs them all.
const CATASTROPHIC = ['(a+)+$', '(a|aa)+$', '(x+x+)+y', '(?:a?b?)*c', '((ab)*)+z', '[a-z]*[a-z]*[a-z]*!', '\\s*\\s*!', '(?:x\\w+)a+!', '.*x.*!', '\\S+ x [^y]*!', '[a-z]*a[a-z]*!', '.*!'];
const EMPTY_MATCHING = ['', '\\b', '(?:extends)?', 'x*', '^', '$'];
const NOT_IN_RE2 = ['(?=a)b', 'a(?!b)', '(?<=a)b', '(a)\\1', '(?<n>a)\\k<n>', '[^]a', '[\\S]a'];

describe('settings checks', () => {
  it('keeps shortcode names (with subfolders) in anchorShortcodes and dataShortcodes, and drops what cannot be one, naming it', () => {
    const { settings, problems } = checkSettings({ anchorShortcodes: ['a', 'my anchor', '{{% a %}}'], dataShortcodes: ['product/categories', ''] });
    assert.deepEqual(settings.anchorShortcodes, ['a']);
    assert.deepEqual(settings.dataShortcodes, ['product/categories']);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /^handbookRoles\.anchorShortcodes\[1\]: a shortcode name is/);
    assert.deepEqual(checkSettings({}).settings.anchorShortcodes, DEFAULT_SETTINGS.anchorShortcodes);
  });

  it('drops an empty, an overlong and a broken glob from rolePaths, naming each, and keeps the rest', () => {
    const { settings, problems } = checkSettings({ rolePaths: ['jobs/**', '', 'x'.repeat(70_000), '   ', 'a/**'] });
    assert.deepEqual(settings.rolePaths, ['jobs/**', 'a/**']);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /^handbookRoles\.rolePaths\[1\]: an empty glob matches nothing; remove it/);
    assert.match(problems[1], /^handbookRoles\.rolePaths\[2\]: a glob of 70000 characters is longer than any path/);
    assert.match(problems[2], /^handbookRoles\.rolePaths\[3\]: an empty glob/);
  });

  it('drops a content or include folder longer than any path and an empty or overlong host, naming each, and keeps the rest', () => {
    const { settings, problems } = checkSettings({ contentRoots: ['content', 'x'.repeat(70_000)], includeRoots: ['x'.repeat(4097), 'assets'], siteHosts: ['', 'h.example', 'h'.repeat(254)] });
    assert.deepEqual(settings.contentRoots, ['content']);
    assert.deepEqual(settings.includeRoots, ['assets']);
    assert.deepEqual(settings.siteHosts, ['h.example']);
    assert.deepEqual(problems, [
      'handbookRoles.contentRoots[1]: a folder of 70000 characters is longer than any path (at most 4096); shorten it; the entry is ignored',
      'handbookRoles.includeRoots[0]: a folder of 4097 characters is longer than any path (at most 4096); shorten it; the entry is ignored',
      'handbookRoles.siteHosts[0]: an empty host matches no link; remove it; the entry is ignored',
      'handbookRoles.siteHosts[2]: a host of 254 characters is longer than any host name (at most 253); shorten it; the entry is ignored',
    ]);
  });

  it('rejects a glob with more than three `*` in one path segment, whose picomatch regex backtracks, and keeps `**` and three', { timeout: 10_000 }, () => {
    const { settings, problems } = checkSettings({ rolePaths: ['jobs/*a*a*a*a*a*a*a*a*b/**', '**/*-a*-b*/**', 'x/**/**'] });
    assert.deepEqual(settings.rolePaths, ['**/*-a*-b*/**', 'x/**/**']);
    assert.match(problems[0], /^handbookRoles\.rolePaths\[0\]: the path segment `\*a\*a\*a\*a\*a\*a\*a\*a\*b` has more than 3 `\*`.*; use at most 3 per segment/);
    assert.equal(rolePathMatcher(['*a*a*a*a*a*a*a*a*b', '*a*a*b'])('a'.repeat(255)), false);
  });

  it('rejects a glob whose extglob repeats a repetition or alternatives, and more than three `!(…)` in a segment, and keeps plain extglobs', { timeout: 10_000 }, () => {
    const { settings, problems } = checkSettings({ rolePaths: ['jobs/+(a*)+(a*)b', 'x/+(a|b)/**', '!(a)!(a)!(a)!(a)x', '**/@(x|y)/**', 'x/?(a*)', '!(draft*)/**'] });
    assert.deepEqual(settings.rolePaths, ['**/@(x|y)/**', 'x/?(a*)', '!(draft*)/**']);
    assert.match(problems[0], /^handbookRoles\.rolePaths\[0\]: it repeats a pattern that itself repeats or has alternatives .*; list the alternatives as separate globs instead/);
    assert.match(problems[1], /^handbookRoles\.rolePaths\[1\]: it repeats a pattern/);
    assert.match(problems[2], /^handbookRoles\.rolePaths\[2\]: the path segment `!\(a\)!\(a\)!\(a\)!\(a\)x` has more than 3/);
    assert.equal(rolePathMatcher(['jobs/+(a*)+(a*)b'])(`jobs/${'a'.repeat(255)}`), false);
  });

  it('a role-path matcher built from unusable globs only matches nothing, and does not throw', () => {
    assert.equal(rolePathMatcher(['', 'x'.repeat(70_000)])('jobs/a.md'), false);
    assert.equal(rolePathMatcher(['', 'jobs/**'])('jobs/a.md'), true);
  });

  it('rejects empty-matching patterns, ones that do not compile with the u flag, and ones the linear-time engine cannot run, with a reason', () => {
    for (const pattern of NOT_IN_RE2) assert.match(extendsPatternProblem(pattern) ?? '', /linear-time engine \(RE2\) does not have .*; rewrite it without/, pattern);
    for (const pattern of EMPTY_MATCHING) assert.match(extendsPatternProblem(pattern) ?? '', /empty string/, JSON.stringify(pattern));
    assert.match(extendsPatternProblem('\\p{Nope}') ?? '', /not a valid regular expression/);
    assert.match(extendsPatternProblem('[') ?? '', /not a valid regular expression/);
    assert.match(extendsPatternProblem('a'.repeat(1001)) ?? '', /longer than any phrase/);
  });

  it('accepts the default patterns and ordinary phrase patterns', () => {
    for (const pattern of [...DEFAULT_SETTINGS.extendsPatterns, ...CATASTROPHIC, '\\bbuilds\\s+on\\b', '(?:the )?role of', '[a-z]+ extends', '\\u{1F600}+ x', '(?:foo ){2}bar', '[(+]+x']) {
      assert.equal(extendsPatternProblem(pattern), undefined, pattern);
    }
  });

  it('names a wrongly typed setting and uses its default; a missing one is no problem', () => {
    const { settings, problems } = checkSettings({ siteHosts: 'handbook.example', maxFileSize: -1, extendsPatterns: ['\\bbuilds on\\b', 7, '(?=a)b'], hover: { maxLines: 'ten' } });
    assert.deepEqual(settings.siteHosts, DEFAULT_SETTINGS.siteHosts);
    assert.equal(settings.maxFileSize, DEFAULT_SETTINGS.maxFileSize);
    assert.equal(settings.hoverMaxLines, DEFAULT_SETTINGS.hoverMaxLines);
    assert.deepEqual(settings.extendsPatterns, ['\\bbuilds on\\b']);
    assert.deepEqual(
      problems.map((problem) => problem.slice(0, problem.indexOf(':'))),
      ['handbookRoles.siteHosts', 'handbookRoles.extendsPatterns[1]', 'handbookRoles.extendsPatterns[2]', 'handbookRoles.maxFileSize', 'handbookRoles.hover.maxLines'],
    );
    assert.deepEqual(checkSettings({}).problems, []);
  });
});

describe('extends patterns on hostile pages', () => {
  const page = `${'😀 '.repeat(2000)}\n\n${'a'.repeat(50_000)}\n\n${'x'.repeat(30_000)} The role extends that of the [Intermediate](/jobs/intermediate/). 😀\n`;

  // No wall clock: the test's own timeout is the bound (on V8, `[a-z]*a[a-z]*!` alone would take hours here).
  it('parses a page with emoji and long runs of one letter at once, whatever patterns the parser is handed', { timeout: 10_000 }, () => {
    const facts = parsePage(page, { extendsPatterns: compileExtendsPatterns([...CATASTROPHIC, ...EMPTY_MATCHING, ...DEFAULT_SETTINGS.extendsPatterns]) });
    assert.equal(facts.links.filter((link) => link.extendsSentence).length, 1);
  });

  it('steps past an empty match by a whole code point, and runs overlapping classes in linear time, even unchecked', { timeout: 10_000 }, () => {
    // Compiled without extendsPatternProblem: the engine's own guard.
    const unchecked = ['\\b', '(?:)', '[a-z]*!', '[a-z]*a[a-z]*!', '.*!'].map(compileExtendsPattern);
    assert.equal(parsePage(page, { extendsPatterns: unchecked }).links.filter((link) => link.extendsSentence).length, 1);
    assert.deepEqual([...compileExtendsPattern('(?:)').matchStarts('😀a')], [0, 2, 3]);
  });

  it('finds matches at the offsets V8 finds them, with non-ASCII text and emoji around, on either engine', () => {
    const text =
      '😀 Über 日本語 Extends That Of 😀😀 [x](y) ÉTÉ extends  that\u00a0of ſ EXTENDS THAT OF\u3000😀 été 🚀builds on🚀 All Competencies Exhibited By 😀 [Intermediate が発揮するすべてのコンピテンシー](z)';
    for (const pattern of [
      ...DEFAULT_SETTINGS.extendsPatterns,
      '\\bextends\\s+that\\s+of\\b',
      'été|über',
      '(?:extends|builds) (?:that|on)',
      '[é]t[é]',
      '\\u00e9t\\u{E9}',
      '\\ud83d\\ude80b',
      '😀+ ',
      'that.of',
      '\\S+ on',
    ]) {
      const v8 = [...text.matchAll(new RegExp(pattern, 'giu'))].map((match) => match.index);
      assert.ok(v8.length > 0, pattern);
      assert.deepEqual([...compileExtendsPattern(pattern).matchStarts(text)], v8, pattern);
    }
  });

  it('finds a phrase across the edge of a search window, once', () => {
    for (const padding of [1016, 1020, 1024, 1030, 2046]) {
      const text = `${'b'.repeat(padding)} extends that of [Staff](/jobs/staff/) and extends that of [Senior](/jobs/senior/)\n`;
      const marked = parsePage(text, { extendsPatterns: compileExtendsPatterns(DEFAULT_SETTINGS.extendsPatterns) }).links.filter((link) => link.extendsSentence);
      assert.deepEqual(
        marked.map((link) => link.destination),
        ['/jobs/staff/', '/jobs/senior/'],
        `padding ${padding}`,
      );
    }
  });
});
