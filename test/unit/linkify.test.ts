// Bare URLs as goldmark's Linkify makes links of them (server/src/model/page/markdown/linkify.ts
// and the inline scanner): where it is tried, what it takes, what it drops at the end. Each case
// is goldmark's rule (extension/linkify.go); test/hugo/builtLinks.test.ts holds the same rules
// to the real Hugo.
//
//   node --import tsx --test test/unit/linkify.test.ts
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileExtendsPatterns, parsePage } from '../../server/src/model/page/parsePage';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { destinationAsWritten, isWholeBareUrl } from '../../server/src/model/edits/retarget';

/** The bare URLs of a text: each as written, and where it leads when that differs. */
function bareUrls(text: string): string[] {
  return parsePage(text, { frontMatter: false })
    .links.filter((link) => link.kind === 'linkify')
    .map((link) => {
      const written = text.slice(link.start, link.end);
      assert.equal(link.text, written);
      assert.deepEqual([link.destinationStart, link.destinationEnd], [link.start, link.end]);
      return written === link.destination ? written : `${written} → ${link.destination}`;
    });
}

describe('bare URLs (goldmark Linkify)', () => {
  it('takes http, https and ftp URLs, and www. hosts with https:// (Hugo linkifyProtocol default)', () => {
    assert.deepEqual(bareUrls('See https://a.example.com/x/#y, http://b.example.com and ftp://c.example.com/f.\n'), ['https://a.example.com/x/#y', 'http://b.example.com', 'ftp://c.example.com/f']);
    assert.deepEqual(bareUrls('Go to www.example.com/path?q=1 now'), ['www.example.com/path?q=1 → https://www.example.com/path?q=1']);
    assert.deepEqual(bareUrls('https://localhost:8080/ and mailto:x@example.com and https://host/ have no dotted host'), []);
    assert.deepEqual(bareUrls('https://example.com:8080/x'), ['https://example.com:8080/x']);
  });

  it('drops trailing ? ! . , : * _ ~, unbalanced ) and a trailing &entity;', () => {
    assert.deepEqual(bareUrls('(https://example.com/a) https://example.com/b?! https://example.com/c:*_~ https://example.com/(d)'), [
      'https://example.com/a',
      'https://example.com/b',
      'https://example.com/c',
      'https://example.com/(d)',
    ]);
    assert.deepEqual(bareUrls('https://example.com/a&amp; https://example.com/b?x=1&y=z;'), ['https://example.com/a', 'https://example.com/b?x=1&y=z;']);
    // goldmark balances parentheses only when the match ends in one: `a),` keeps its `)`.
    assert.deepEqual(bareUrls('https://example.com/a), then'), ['https://example.com/a)']);
  });

  it('stops at what no URL holds: spaces, <, \\, | and characters beyond ASCII', () => {
    assert.deepEqual(bareUrls('https://example.com/a<br> https://example.com/b\\c https://example.com/日本 https://example.com/d|e'), [
      'https://example.com/a',
      'https://example.com/b',
      'https://example.com/',
      'https://example.com/d',
    ]);
  });

  it('takes e-mail addresses, with mailto:', () => {
    assert.deepEqual(bareUrls('Write to first.last+tag@example.co.jp. Or x@example.com'), [
      'first.last+tag@example.co.jp → mailto:first.last+tag@example.co.jp',
      'x@example.com → mailto:x@example.com',
    ]);
    assert.deepEqual(bareUrls('@mention, x@localhost, x@example.com- x@example.com_y'), []);
  });

  it('is tried at a line head, after a space, (, *, _, ~, an inline node, and typographer quotes and dashes', () => {
    assert.deepEqual(bareUrls('https://a.example.com\n(https://b.example.com) *https://c.example.com* _https://d.example.com_ ~~https://e.example.com~~'), [
      'https://a.example.com',
      'https://b.example.com',
      'https://c.example.com',
      'https://d.example.com',
      'https://e.example.com',
    ]);
    assert.deepEqual(bareUrls('x<br>https://f.example.com `c`https://g.example.com [l](/u)https://h.example.com'), ['https://f.example.com', 'https://g.example.com', 'https://h.example.com']);
    // A quote after the host ends the URL; after a path it is part of it, as goldmark's pattern says.
    assert.deepEqual(bareUrls('"https://i.example.com" \'https://j.example.com/x\' --https://k.example.com ...https://l.example.com'), [
      'https://i.example.com',
      "https://j.example.com/x'",
      'https://k.example.com',
      'https://l.example.com',
    ]);
  });

  it('is not tried after other characters, an escape, a tab, or a lone dash', () => {
    assert.deepEqual(bareUrls('x:https://a.example.com 日本https://b.example.com \\(https://c.example.com a"https://d.example.com'), []);
    assert.deepEqual(bareUrls('tab\thttps://e.example.com -https://f.example.com ----https://g.example.com |https://h.example.com'), []);
  });

  it('is never inside code, raw HTML, an autolink, a link, its text or an open bracket, nor a shortcode call', () => {
    const text = [
      '`https://a.example.com` <span title="https://b.example.com"> <https://c.example.com>',
      '[see https://d.example.com](https://e.example.com) ![https://f.example.com](i.png) [open https://g.example.com',
      '',
      '```',
      'https://h.example.com',
      '```',
      '',
      '<div>',
      'https://i.example.com',
      '</div>',
      '',
      '{{< youtube https://j.example.com >}} {{% include "https://k.example.com" %}}',
    ].join('\n');
    assert.deepEqual(bareUrls(text), []);
    assert.deepEqual(
      parsePage(text, { frontMatter: false }).links.map((link) => link.kind),
      ['autolink', 'inline'],
    );
  });

  it('is no link of an extends sentence: a role is extended by a Markdown link', () => {
    const facts = parsePage('Extends that of https://handbook.gitlab.com/job-families/x/ and the [Senior](/senior/) requirements.', {
      frontMatter: false,
      extendsPatterns: compileExtendsPatterns(DEFAULT_SETTINGS.extendsPatterns),
    });
    assert.deepEqual(
      facts.links.map((link) => [link.kind, link.extendsSentence !== undefined]),
      [
        ['linkify', false],
        ['inline', true],
      ],
    );
  });
});

describe('a bare URL rewritten by a fix, a move or a rename', () => {
  it('stays absolute and bare while Linkify reads all of it, else becomes an autolink', () => {
    assert.equal(destinationAsWritten('linkify', 'https://handbook.gitlab.com/old/#x', '/handbook/new/#x'), 'https://handbook.gitlab.com/handbook/new/#x');
    assert.equal(destinationAsWritten('linkify', 'https://handbook.gitlab.com/old/', '/handbook/new/#日本語'), '<https://handbook.gitlab.com/handbook/new/#日本語>');
    assert.equal(destinationAsWritten('autolink', 'https://handbook.gitlab.com/old/', '/handbook/new/'), 'https://handbook.gitlab.com/handbook/new/');
    assert.equal(destinationAsWritten('inline', 'https://handbook.gitlab.com/old/', '/handbook/new/'), '/handbook/new/');
    assert.equal(isWholeBareUrl('https://example.com/a.'), false);
    assert.equal(isWholeBareUrl('https://example.com/a#%E6%97%A5'), true);
  });
});
