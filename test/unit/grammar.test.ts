// The TextMate injection grammar for Hugo shortcodes (syntaxes/hugo-shortcodes.injection.tmLanguage.json),
// run through the same engine VS Code uses (vscode-textmate + the oniguruma WASM build).
//
// Every check runs against two Markdown host grammars: a small stand-in that copies the block
// structure of VS Code's Markdown grammar (paragraphs and list items are begin/while rules, which is
// what makes injections into them tricky), and, when the e2e setup has installed code-server, VS
// Code's real markdown-basics grammar.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);
const INJECTION_SCOPE = 'text.hugo.shortcode.injection';
const grammarPath = path.join(root, 'syntaxes/hugo-shortcodes.injection.tmLanguage.json');
const realMarkdownPath = path.join(root, '.cache/code-server/node_modules/code-server/lib/vscode/extensions/markdown-basics/syntaxes/markdown.tmLanguage.json');

/** A reduced Markdown grammar with the block rules of VS Code's (same regexes, fewer of them). */
const stubMarkdown = {
  scopeName: 'text.html.markdown',
  patterns: [{ include: '#frontMatter' }, { include: '#block' }],
  repository: {
    frontMatter: {
      begin: '\\A(?=(-{3,}))',
      end: '^ {,3}\\1-*[ \\t]*$|^[ \\t]*\\.{3}$',
      applyEndPatternLast: 1,
      patterns: [
        {
          begin: '\\A(-{3,})(.*)$',
          while: '^(?! {,3}\\1-*[ \\t]*$|[ \\t]*\\.{3}$)',
          contentName: 'meta.embedded.block.frontmatter',
          patterns: [{ include: 'source.yaml' }],
        },
      ],
    },
    block: { patterns: [{ include: '#heading' }, { include: '#lists' }, { include: '#fenced' }, { include: '#paragraph' }] },
    heading: {
      match: '(?:^|\\G)[ ]{0,3}(#{1,6}\\s+)(.*?)(\\s*#*)$',
      name: 'markup.heading.markdown',
      captures: { 2: { name: 'entity.name.section.markdown', patterns: [{ include: '#inline' }] } },
    },
    lists: {
      patterns: [
        {
          begin: '(^|\\G)([ ]{0,3})([*+-])([ \\t])',
          beginCaptures: { 3: { name: 'punctuation.definition.list.begin.markdown' } },
          name: 'markup.list.unnumbered.markdown',
          patterns: [{ include: '#block' }, { include: '#list_paragraph' }],
          while: '((^|\\G)([ ]{2,4}|\\t))|(^[ \\t]*$)',
        },
        {
          begin: '(^|\\G)([ ]{0,3})([0-9]+[\\.\\)])([ \\t])',
          beginCaptures: { 3: { name: 'punctuation.definition.list.begin.markdown' } },
          name: 'markup.list.numbered.markdown',
          patterns: [{ include: '#block' }, { include: '#list_paragraph' }],
          while: '((^|\\G)([ ]{2,4}|\\t))|(^[ \\t]*$)',
        },
      ],
    },
    fenced: {
      begin: '(^|\\G)(\\s*)(`{3,})\\s*$',
      end: '(^|\\G)(\\2|\\s{0,3})(\\3)\\s*$',
      name: 'markup.fenced_code.block.markdown',
    },
    paragraph: {
      begin: '(^|\\G)[ ]{0,3}(?=[^ \\t\\n])',
      name: 'meta.paragraph.markdown',
      patterns: [{ include: '#inline' }],
      while: '(^|\\G)((?=\\s*[-=]{3,}\\s*$)|[ ]{4,}(?=[^ \\t\\n]))',
    },
    list_paragraph: {
      begin: '(^|\\G)(?=\\S)(?![*+->]\\s|[0-9]+\\.\\s)',
      name: 'meta.paragraph.markdown',
      patterns: [{ include: '#inline' }],
      while: '(^|\\G)(?!\\s*$|#|[ ]{0,3}([-*_>][ ]{2,}){3,}[ \\t]*$\\n?|[ ]{0,3}[*+->]|[ ]{0,3}[0-9]+\\.)',
    },
    inline: {
      patterns: [
        {
          match: '(`+)((?:[^`]|(?!(?<!`)\\1(?!`))`)*+)(\\1)',
          name: 'markup.inline.raw.string.markdown',
        },
        {
          match: '(\\[)([^\\]]*)(\\])(\\()([^)]*)(\\))',
          name: 'meta.link.inline.markdown',
          captures: { 2: { name: 'string.other.link.title.markdown' }, 5: { name: 'markup.underline.link.markdown' } },
        },
        { match: '(\\*\\*)(?=\\S)(.+?)(?<=\\S)(\\*\\*)', name: 'markup.bold.markdown' },
      ],
    },
  },
};

const stubYaml = { scopeName: 'source.yaml', patterns: [{ match: '^\\s*[\\w-]+(?=:)', name: 'entity.name.tag.yaml' }] };

interface Token {
  text: string;
  scopes: string[];
}

let onigLoaded: Promise<void> | undefined;
function loadOniguruma(): Promise<void> {
  onigLoaded ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  })();
  return onigLoaded;
}

async function loadMarkdownWithShortcodes(markdownGrammar: object): Promise<vsctm.IGrammar> {
  await loadOniguruma();
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === 'text.html.markdown') return vsctm.parseRawGrammar(JSON.stringify(markdownGrammar), 'markdown.json');
      if (scopeName === INJECTION_SCOPE) return vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath);
      // vscode-textmate drops a rule whose include cannot be resolved: the front matter rule needs a
      // source.yaml (a stand-in will do); text.html.derivative and fenced-code languages are not needed.
      if (scopeName === 'source.yaml') return vsctm.parseRawGrammar(JSON.stringify(stubYaml), 'yaml.json');
      return null;
    },
    getInjections: (scopeName) => (scopeName === 'text.html.markdown' ? [INJECTION_SCOPE] : undefined),
  });
  const grammar = await registry.loadGrammar('text.html.markdown');
  assert.ok(grammar, 'markdown grammar loads');
  return grammar;
}

function tokenize(grammar: vsctm.IGrammar, text: string): Token[][] {
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the token that starts where `needle` first occurs (after `from`) in the line. */
function scopesAt(line: Token[], needle: string, from = 0): string[] {
  const text = line.map((t) => t.text).join('');
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `"${needle}" in "${text}"`);
  let offset = 0;
  for (const token of line) {
    if (at >= offset && at < offset + token.text.length) return token.scopes;
    offset += token.text.length;
  }
  assert.fail(`no token at ${at}`);
}

function has(scopes: string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

function assertScope(line: Token[], needle: string, scope: string, from = 0): void {
  const scopes = scopesAt(line, needle, from);
  assert.ok(has(scopes, scope), `"${needle}" should have ${scope}, has ${scopes.join(' ')}`);
}

function assertNoHugo(line: Token[], needle: string, from = 0): void {
  const scopes = scopesAt(line, needle, from);
  assert.ok(!scopes.some((s) => s.endsWith('.hugo')), `"${needle}" should not be a shortcode, has ${scopes.join(' ')}`);
}

/** The text of a line's tokens joined with `|` at boundaries, to check how it was cut. */
function cuts(line: Token[]): string {
  return line.map((t) => t.text).join('|');
}

describe('package.json declares the injection grammar', () => {
  it('points at the grammar file and injects into Markdown', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] } };
    const entry = pkg.contributes.grammars.find((g) => g.scopeName === INJECTION_SCOPE);
    assert.ok(entry, 'contributes.grammars has the injection');
    assert.equal(path.resolve(root, entry.path), grammarPath);
    assert.deepEqual(entry.injectTo, ['text.html.markdown']);
    const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as { scopeName: string; injectionSelector: string };
    assert.equal(grammar.scopeName, INJECTION_SCOPE);
    assert.match(grammar.injectionSelector, /(^|, )L:meta\.paragraph\.markdown\b/);
  });
});

const hosts: Array<[string, () => object | undefined]> = [
  ['stand-in Markdown grammar', () => stubMarkdown],
  ["VS Code's Markdown grammar", () => (existsSync(realMarkdownPath) ? (JSON.parse(readFileSync(realMarkdownPath, 'utf8')) as object) : undefined)],
];

for (const [hostName, loadHost] of hosts) {
  const host = loadHost();
  describe(`shortcodes in ${hostName}`, { skip: host ? false : 'code-server not installed (run test/e2e/setup.sh)' }, () => {
    let grammar: vsctm.IGrammar;
    before(async () => {
      grammar = await loadMarkdownWithShortcodes(host!);
    });

    it('Markdown notation {{% name "arg" %}}: delimiters, name, string argument', () => {
      const [line] = tokenize(grammar, '{{% include "includes/engineering-careers/x.md" %}}');
      assert.equal(cuts(line), '{{%| |include| |"|includes/engineering-careers/x.md|"| |%}}');
      assertScope(line, '{{%', 'punctuation.definition.tag.begin.hugo');
      assertScope(line, '{{%', 'meta.shortcode.markdown-notation.hugo');
      assertScope(line, 'include', 'entity.name.function.shortcode.hugo');
      assertScope(line, 'include', 'entity.name.tag.shortcode.hugo');
      assertScope(line, '"', 'punctuation.definition.string.begin.hugo');
      assertScope(line, 'includes/', 'string.quoted.double.hugo');
      assertScope(line, '%}}', 'punctuation.definition.tag.end.hugo');
      assertScope(line, '%}}', 'meta.paragraph.markdown');
    });

    it('standard notation {{< name "arg" >}}', () => {
      const [line] = tokenize(grammar, 'See {{< include "includes/engineering-careers/x.md" >}} here.');
      assertNoHugo(line, 'See');
      assertScope(line, '{{<', 'punctuation.definition.tag.begin.hugo');
      assertScope(line, '{{<', 'meta.shortcode.standard-notation.hugo');
      assertScope(line, 'include', 'entity.name.function.shortcode.hugo');
      assertScope(line, 'includes/', 'string.quoted.double.hugo');
      assertScope(line, '>}}', 'punctuation.definition.tag.end.hugo');
      assertNoHugo(line, ' here.');
    });

    it('closing and self-closing tags', () => {
      const [open, body, close, self] = tokenize(grammar, '{{% details summary="Senior" %}}\n\nBody text.\n\n{{% /details %}}\n{{< tab />}}'.replace(/\n\n/g, '\n'));
      assertScope(open, 'details', 'entity.name.function.shortcode.hugo');
      assertNoHugo(body, 'Body');
      assertScope(close, '/', 'punctuation.definition.tag.closing.hugo');
      assertScope(close, 'details', 'entity.name.function.shortcode.hugo');
      assertScope(close, '%}}', 'punctuation.definition.tag.end.hugo');
      assertScope(self, 'tab', 'entity.name.function.shortcode.hugo');
      assertScope(self, '/', 'punctuation.definition.tag.self-closing.hugo', 6);
      assertScope(self, '>}}', 'punctuation.definition.tag.end.hugo');
    });

    it('named parameters, raw strings, numbers, booleans and unquoted values', () => {
      const [line] = tokenize(grammar, '{{< figure src="/images/a b.png" width=300 caption=`raw "text"` lazy=true ref/path weight="2" >}}');
      assertScope(line, 'figure', 'entity.name.function.shortcode.hugo');
      assertScope(line, 'src', 'entity.other.attribute-name.hugo');
      assertScope(line, '=', 'punctuation.separator.key-value.hugo');
      assertScope(line, '/images/a b.png', 'string.quoted.double.hugo');
      assertScope(line, 'width', 'entity.other.attribute-name.hugo');
      assertScope(line, '300', 'constant.numeric.hugo');
      assertScope(line, 'caption', 'entity.other.attribute-name.hugo');
      assertScope(line, 'raw "text"', 'string.quoted.other.raw.hugo');
      assertScope(line, 'lazy', 'entity.other.attribute-name.hugo');
      assertScope(line, 'true', 'constant.language.boolean.hugo');
      assertScope(line, 'ref/path', 'string.unquoted.hugo');
      assertScope(line, 'weight', 'entity.other.attribute-name.hugo');
      assertScope(line, '2"', 'string.quoted.double.hugo');
      assertScope(line, '>}}', 'punctuation.definition.tag.end.hugo');
    });

    it('escaped string quotes stay inside the string', () => {
      const [line] = tokenize(grammar, '{{< note "say \\"hi\\" %}}" >}} after');
      assertScope(line, '\\"', 'constant.character.escape.hugo');
      assertScope(line, '%}}', 'string.quoted.double.hugo');
      assertScope(line, '>}}', 'punctuation.definition.tag.end.hugo');
      assertNoHugo(line, ' after');
    });

    it('the escaped form {{</* */>}} is one comment', () => {
      const [angle, percent] = tokenize(grammar, 'Write {{</* include "x.md" */>}} to\n{{%/* include "x.md" */%}}');
      for (const line of [angle, percent]) {
        assertScope(line, '{{', 'punctuation.definition.comment.begin.hugo');
        assertScope(line, 'include', 'comment.block.shortcode.hugo');
        assertScope(line, '"x.md"', 'comment.block.shortcode.hugo');
        assert.ok(!has(scopesAt(line, 'include'), 'entity.name.function'), 'no name scope inside the escaped form');
        assertScope(line, '*/', 'punctuation.definition.comment.end.hugo');
      }
      assertNoHugo(angle, ' to');
    });

    it('applies inside list items (bulleted, numbered, continuation lines)', () => {
      const lines = tokenize(
        grammar,
        ['- Leads {{% include "includes/engineering-careers/x.md" %}} work', '  and more {{< ref "y" >}} text', '1. First {{% include "a.md" %}}', '   - nested {{< include "b" >}}'].join('\n'),
      );
      assertScope(lines[0], 'include', 'markup.list.unnumbered.markdown');
      assertScope(lines[0], 'include', 'entity.name.function.shortcode.hugo');
      assertScope(lines[0], 'includes/', 'string.quoted.double.hugo');
      assertNoHugo(lines[0], 'Leads');
      assertNoHugo(lines[0], ' work');
      assertScope(lines[1], 'ref', 'entity.name.function.shortcode.hugo');
      assertScope(lines[1], 'ref', 'markup.list.unnumbered.markdown');
      assertScope(lines[2], 'include', 'markup.list.numbered.markdown');
      assertScope(lines[2], 'include', 'entity.name.function.shortcode.hugo');
      assertScope(lines[3], 'include', 'entity.name.function.shortcode.hugo');
      assertScope(lines[3], '>}}', 'punctuation.definition.tag.end.hugo');
    });

    it('applies inside paragraphs next to links and emphasis, and in headings', () => {
      const [para, heading] = tokenize(
        grammar,
        'Extends that of the [Distinguished Engineer](/job-families/engineering/distinguished/#requirements) **and** {{% include "c.md" %}}.\n' + '## Requirements {{< param "title" >}}',
      );
      assertScope(para, 'Distinguished Engineer', 'string.other.link.title.markdown');
      assertNoHugo(para, 'Distinguished Engineer');
      assertScope(para, '{{%', 'punctuation.definition.tag.begin.hugo');
      assertScope(para, 'include', 'meta.paragraph.markdown');
      assertScope(para, 'c.md', 'string.quoted.double.hugo');
      assertScope(heading, 'param', 'entity.name.function.shortcode.hugo');
      assertScope(heading, 'param', 'markup.heading.markdown');
    });

    it('leaves front matter, code spans and fenced code to Markdown', () => {
      const lines = tokenize(grammar, ['---', 'title: "{{< x >}}"', '---', '', 'Use `{{< x >}}` here {{< y >}}', '', '```', '{{% include "open', '```', 'After {{< z >}}'].join('\n'));
      assertNoHugo(lines[1], 'x >}}');
      assertNoHugo(lines[4], 'x');
      assertScope(lines[4], 'y', 'entity.name.function.shortcode.hugo');
      assertNoHugo(lines[7], 'include');
      assertNoHugo(lines[9], 'After');
      assertScope(lines[9], 'z', 'entity.name.function.shortcode.hugo');
    });

    it('leaves Go template actions and plain braces alone', () => {
      const [line] = tokenize(grammar, 'Title {{ .Title }} and {{$x := 1}} and {{ $y }} %}}');
      for (const needle of ['{{ .Title', '.Title', '{{$x', '{{ $y', '%}}']) assertNoHugo(line, needle);
    });

    it('flags a mistyped opening delimiter and still scopes the rest', () => {
      const [line] = tokenize(grammar, '{{$ include "includes/engineering/development-senior-leadership-competency.md" %}}');
      assertScope(line, '{{$', 'invalid.illegal.delimiter.hugo');
      assertScope(line, 'include', 'entity.name.function.shortcode.hugo');
      assertScope(line, 'includes/', 'string.quoted.double.hugo');
      assertScope(line, '%}}', 'punctuation.definition.tag.end.hugo');
    });

    it('flags a mismatched closing delimiter and stops there', () => {
      const [bad, next] = tokenize(grammar, '{{% include "x.md" >}} tail\nNext {{< y >}}');
      assertScope(bad, '>}}', 'invalid.illegal.delimiter.hugo');
      assertNoHugo(bad, ' tail');
      assertNoHugo(next, 'Next');
      assertScope(next, 'y', 'entity.name.function.shortcode.hugo');
    });

    it('an unclosed shortcode ends with its paragraph or list item', () => {
      const lines = tokenize(grammar, '{{% include "x.md"\n\nNext paragraph.\n- item {{< y\n- item {{< z >}}\n\n# Title');
      assertScope(lines[0], 'include', 'entity.name.function.shortcode.hugo');
      assertNoHugo(lines[2], 'Next');
      assertScope(lines[3], 'y', 'entity.name.function.shortcode.hugo');
      assertNoHugo(lines[4], 'item');
      assertScope(lines[4], 'z', 'entity.name.function.shortcode.hugo');
      assertNoHugo(lines[6], 'Title');
    });
  });
}
