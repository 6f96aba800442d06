// Include shortcodes as the page facts see them — every well-formed and every malformed form an
// author writes — and where an include path leads in a handbook held in memory.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parsePage } from '../../server/src/model/page/parsePage';
import { memoryHandbook, page } from '../support/memoryHandbook';

/** The one include call of `line`: what was written, its form, path, and the kinds of its problems. */
function includeOf(line: string) {
  const text = `Before.\n\n${line}\n\nAfter.\n`;
  const { includes } = parsePage(text);
  assert.equal(includes.length, 1, `one include call in ${JSON.stringify(line)}, found ${includes.length}`);
  const [call] = includes;
  return {
    written: text.slice(call.range.start, call.range.end),
    form: call.form,
    path: call.path,
    pathWritten: call.pathRange && text.slice(call.pathRange.start, call.pathRange.end),
    problems: call.problems.map((problem) => ('found' in problem ? `${problem.kind} ${problem.found}` : problem.kind)),
  };
}

describe('include calls', () => {
  describe('well formed', () => {
    it('{{% include "P" %}}', () => {
      assert.deepEqual(includeOf('{{% include "includes/engineering-careers/values-competency.md" %}}'), {
        written: '{{% include "includes/engineering-careers/values-competency.md" %}}',
        form: '%',
        path: 'includes/engineering-careers/values-competency.md',
        pathWritten: 'includes/engineering-careers/values-competency.md',
        problems: [],
      });
    });

    it('{{< include "P" >}}, without spaces, and with a raw string', () => {
      assert.deepEqual(includeOf('{{< include "includes/x.md" >}}').problems, []);
      assert.equal(includeOf('{{< include "includes/x.md" >}}').form, '<');
      assert.deepEqual(includeOf('{{%include "includes/x.md"%}}').problems, []);
      assert.equal(includeOf('{{% include `includes/x.md` %}}').path, 'includes/x.md');
      assert.deepEqual(includeOf('{{% include `includes/x.md` %}}').problems, []);
    });

    it('several calls on one line', () => {
      const { includes } = parsePage('{{% include "a.md" %}} and {{< include "b.md" >}}\n');
      assert.deepEqual(
        includes.map((call) => [call.form, call.path, call.problems.length]),
        [
          ['%', 'a.md', 0],
          ['<', 'b.md', 0],
        ],
      );
    });
  });

  describe('malformed: each is a broken include, not ignored', () => {
    it('a wrong opening delimiter (seed 003: {{$ include … %}})', () => {
      assert.deepEqual(includeOf('{{$ include "includes/engineering/development-senior-leadership-competency.md" %}}'), {
        written: '{{$ include "includes/engineering/development-senior-leadership-competency.md" %}}',
        form: '%',
        path: 'includes/engineering/development-senior-leadership-competency.md',
        pathWritten: 'includes/engineering/development-senior-leadership-competency.md',
        problems: ['opening-delimiter $'],
      });
    });

    it('no delimiter at all: {{ include "P" }}', () => {
      const call = includeOf('{{ include "includes/x.md" }}');
      assert.deepEqual(call.problems, ['opening-delimiter ', 'closing-delimiter ']);
      assert.equal(call.path, 'includes/x.md');
    });

    it('a wrong closing delimiter: {{% include "P" >}} and {{< include "P" %}}', () => {
      assert.deepEqual(includeOf('{{% include "includes/x.md" >}}').problems, ['closing-delimiter >']);
      assert.deepEqual(includeOf('{{< include "includes/x.md" %}}').problems, ['closing-delimiter %']);
    });

    it('no closing delimiter before the braces: {{% include "P" }}', () => {
      assert.deepEqual(includeOf('{{% include "includes/x.md" }}').problems, ['closing-delimiter ']);
    });

    it('both delimiters wrong: the form follows the closing one', () => {
      const call = includeOf('{{$ include "includes/x.md" >}}');
      assert.equal(call.form, '<');
      assert.deepEqual(call.problems, ['opening-delimiter $']);
    });

    it('a missing path', () => {
      const call = includeOf('{{% include %}}');
      assert.deepEqual(call.problems, ['missing-path']);
      assert.equal(call.path, undefined);
    });

    it('an unquoted or single-quoted path', () => {
      const bare = includeOf('{{% include includes/x.md %}}');
      assert.deepEqual(bare.problems, ['unquoted-path']);
      assert.equal(bare.path, 'includes/x.md');
      assert.equal(bare.pathWritten, 'includes/x.md');
      const single = includeOf("{{% include 'includes/x.md' %}}");
      assert.deepEqual(single.problems, ['unquoted-path']);
      assert.equal(single.path, 'includes/x.md');
    });

    it('an unterminated call: it ends at the end of its line', () => {
      const call = includeOf('{{% include "includes/engineering-careers/staff-technical-competency.md"');
      assert.deepEqual(call.problems, ['unterminated']);
      assert.equal(call.written, '{{% include "includes/engineering-careers/staff-technical-competency.md"');
      assert.equal(call.path, 'includes/engineering-careers/staff-technical-competency.md');
    });

    it('an unterminated call followed by another call is still one broken call', () => {
      const { includes } = parsePage('{{% include "a.md"\n{{% include "b.md" %}}\n');
      assert.deepEqual(
        includes.map((call) => [call.path, call.problems.map((problem) => problem.kind)]),
        [
          ['a.md', ['unterminated']],
          ['b.md', []],
        ],
      );
    });
  });

  describe('not include calls', () => {
    it("Hugo's escaped shortcode syntax {{</* */>}} and {{%/* */%}}", () => {
      assert.deepEqual(parsePage('{{</* include "includes/x.md" */>}}\n\n{{%/* include "includes/y.md" */%}}\n').includes, []);
    });

    it('a malformed call inside code is text', () => {
      assert.deepEqual(parsePage('```\n{{$ include "includes/x.md" %}}\n```\n\nA `{{ include "y.md" }}` span.\n').includes, []);
    });

    it('a well-formed call inside code still counts: Hugo expands shortcodes before Markdown', () => {
      assert.equal(parsePage('```\n{{% include "includes/x.md" %}}\n```\n').includes.length, 1);
    });

    it('other shortcodes and Go template actions', () => {
      assert.deepEqual(parsePage('{{< figure src="x.png" >}}\n\n{{ .Title }}\n\n{{% note %}}text{{% /note %}}\n').includes, []);
    });

    it('an unterminated other shortcode is reported as such, with its name', () => {
      const facts = parsePage('{{< figure src="x.png"\n\nNext paragraph.\n');
      assert.deepEqual(
        facts.unterminatedShortcodes.map((shortcode) => shortcode.name),
        ['figure'],
      );
      assert.deepEqual(facts.includes, []);
    });
  });

  describe('where an include path leads', () => {
    it('found under assets/, missing, or escaping the include root', async () => {
      const { index, file } = await memoryHandbook({
        'content/a.md': page('A', '{{% include "includes/x.md" %}}'),
        'assets/includes/x.md': 'Shared text.\n',
        'assets/includes/logo.svg': '<svg/>',
      });
      const site = file('content/a.md').site;
      const found = index.resolveInclude(site, 'includes/x.md');
      assert.equal(found.kind, 'found');
      assert.equal(found.kind === 'found' && found.file.kind, 'include');
      assert.equal(index.resolveInclude(site, '/includes/x.md').kind, 'found', 'a leading slash is the root too');
      assert.equal(index.resolveInclude(site, 'includes/logo.svg').kind, 'found', 'files that are not Markdown exist too');
      assert.deepEqual(index.resolveInclude(site, 'includes/missing.md'), { kind: 'missing', normalized: 'includes/missing.md' });
      assert.deepEqual(index.resolveInclude(site, '../../etc/passwd'), { kind: 'escapes', normalized: '../../etc/passwd' });
      assert.deepEqual(index.resolveInclude(site, 'includes/../../secret.md'), { kind: 'escapes', normalized: '../secret.md' });
    });

    it('an include cycle is named, file by file, on the nested calls (the page that enters it is fine)', async () => {
      const { index, file } = await memoryHandbook({
        'content/a.md': page('A', '{{% include "includes/one.md" %}}'),
        'assets/includes/one.md': '{{% include "includes/two.md" %}}\n',
        'assets/includes/two.md': '{{% include "includes/one.md" %}}\n',
      });
      assert.deepEqual(computeDiagnostics(index, file('content/a.md')), []);
      const [diagnostic] = computeDiagnostics(index, file('assets/includes/one.md'));
      assert.equal(diagnostic.code, 'include-cycle');
      assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
      assert.match(diagnostic.message, /^Include cycle: includes\/one\.md → includes\/two\.md → includes\/one\.md\./);
    });

    it('never reads outside the workspace folders, whatever the path says', async () => {
      const { workspace } = await memoryHandbook({ 'content/a.md': page('A') });
      workspace.write('/memory/elsewhere/secret.md', 'secret');
      assert.equal(await workspace.readFile('/memory/elsewhere/secret.md'), undefined);
      assert.equal(await workspace.readFile('/memory/handbook/../elsewhere/secret.md'), undefined);
    });
  });
});
