// The pieces of the move edit: a destination pointed elsewhere in its own style, and an alias
// added to front matter with every other byte kept.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { addAlias } from '../../server/src/model/edits/aliases';
import { applyOffsetEdits } from '../../server/src/model/edits/offsetEdits';
import { retargetDestination, type PagePlace } from '../../server/src/model/edits/retarget';
import { readFrontMatter } from '../../server/src/model/page/frontMatter';
import { resolveDestination } from '../../server/src/model/site/site';

const HOSTS = ['handbook.gitlab.com'];

function retarget(written: string, from: PagePlace, to: PagePlace): string {
  const target = resolveDestination(written, from.url, from.contentPath, HOSTS);
  assert.ok(target.kind === 'page' || target.kind === 'file', `${written} is a page or file link`);
  return retargetDestination(written, target, from, to);
}

const FROM: PagePlace = { url: '/job-families/eng/senior/', contentPath: 'job-families/eng/senior.md' };
const TO: PagePlace = { url: '/job-families/management/staff/', contentPath: 'job-families/management/staff.md' };

describe('retargetDestination', () => {
  it('keeps the trailing slash, or its absence, and the fragment and query', () => {
    assert.equal(retarget('/job-families/eng/staff/#requirements', FROM, TO), '/job-families/management/staff/#requirements');
    assert.equal(retarget('/job-families/eng/staff#requirements', FROM, TO), '/job-families/management/staff#requirements');
    assert.equal(retarget('/job-families/eng/staff?x=1#a', FROM, TO), '/job-families/management/staff?x=1#a');
  });

  it('keeps the site host and scheme', () => {
    assert.equal(retarget('https://handbook.gitlab.com/job-families/eng/staff/#r', FROM, TO), 'https://handbook.gitlab.com/job-families/management/staff/#r');
    assert.equal(retarget('//handbook.gitlab.com/job-families/eng/staff', FROM, TO), '//handbook.gitlab.com/job-families/management/staff');
  });

  it('writes a relative destination relative to where the linking page is', () => {
    assert.equal(retarget('../staff/', FROM, TO), '../../management/staff/');
    assert.equal(retarget('./x', FROM, { url: '/job-families/eng/senior/x/', contentPath: '' }), './x');
    assert.equal(retarget('../staff#a', FROM, { url: '/job-families/eng/senior/', contentPath: '' }), './#a');
  });

  it('points a Markdown file link at the new file, relative or from the content root', () => {
    assert.equal(retarget('staff.md#a', FROM, TO), '../management/staff.md#a');
    assert.equal(retarget('/job-families/eng/staff.md', FROM, TO), '/job-families/management/staff.md');
  });

  it('encodes the new path where the old one was percent-encoded', () => {
    assert.equal(retarget('/%E8%81%B7/', FROM, { url: '/職種/新/', contentPath: '' }), '/%E8%81%B7%E7%A8%AE/%E6%96%B0/');
    assert.equal(retarget('/職/', FROM, { url: '/職種/新/', contentPath: '' }), '/職種/新/');
  });
});

/** The page text with the alias added, checked to read back with one more alias. */
function withAlias(text: string, alias = '/old/url/'): string {
  const added = addAlias(text, alias);
  assert.equal(added.kind, 'edit', added.kind === 'not-added' ? added.reason : '');
  if (added.kind !== 'edit') throw new Error('unreachable');
  const result = applyOffsetEdits(text, [added.edit]);
  assert.deepEqual(readFrontMatter(result).frontMatter.aliases.at(-1), alias);
  return result;
}

describe('addAlias', () => {
  it('creates the key in YAML, in the form the handbook writes it', () => {
    assert.equal(withAlias('---\ntitle: Staff\n---\n\nBody\n'), '---\ntitle: Staff\naliases:\n  - /old/url/\n---\n\nBody\n');
  });

  it('appends to a YAML block list with its indentation and quotes', () => {
    assert.equal(withAlias('---\naliases:\n- "/a/"\ntitle: T\n---\n'), '---\naliases:\n- "/a/"\n- "/old/url/"\ntitle: T\n---\n');
    assert.equal(withAlias('---\ntitle: T\naliases:\n    - /a/\n    # a comment\n---\n'), '---\ntitle: T\naliases:\n    - /a/\n    - /old/url/\n    # a comment\n---\n');
  });

  it('appends to a YAML flow list, single-line or not', () => {
    assert.equal(withAlias("---\naliases: ['/a/', '/b/'] # moved twice\n---\n"), "---\naliases: ['/a/', '/b/', '/old/url/'] # moved twice\n---\n");
    assert.equal(withAlias('---\naliases: []\n---\n'), '---\naliases: [/old/url/]\n---\n');
    assert.equal(withAlias('---\naliases: [\n  "/a/",\n]\n---\n'), '---\naliases: [\n  "/a/", "/old/url/"\n]\n---\n');
  });

  it('keeps CRLF line endings', () => {
    assert.equal(withAlias('---\r\ntitle: T\r\n---\r\nBody\r\n'), '---\r\ntitle: T\r\naliases:\r\n  - /old/url/\r\n---\r\nBody\r\n');
  });

  it('creates the key in TOML before the first table, or appends to its array', () => {
    assert.equal(withAlias('+++\ntitle = "T"\n[params]\nx = 1\n+++\n'), '+++\ntitle = "T"\naliases = ["/old/url/"]\n[params]\nx = 1\n+++\n');
    assert.equal(withAlias('+++\ntitle = "T"\n+++\n'), '+++\ntitle = "T"\naliases = ["/old/url/"]\n+++\n');
    assert.equal(withAlias('+++\naliases = ["/a/"]\n+++\n'), '+++\naliases = ["/a/", "/old/url/"]\n+++\n');
  });

  it('quotes what a plain value would read otherwise', () => {
    assert.equal(withAlias('---\ntitle: T\n---\n', '/a b: c/'), '---\ntitle: T\naliases:\n  - "/a b: c/"\n---\n');
  });

  it('leaves front matter alone, with the reason, where the edit cannot be made safely', () => {
    assert.deepEqual(addAlias('No front matter\n', '/x/'), { kind: 'not-added', reason: 'the page has no YAML or TOML front matter' });
    assert.deepEqual(addAlias('---\ntitle: [unclosed\n---\n', '/x/'), { kind: 'not-added', reason: 'its front matter does not parse' });
    assert.deepEqual(addAlias('---\naliases: /one/\n---\n', '/x/'), { kind: 'not-added', reason: 'its aliases are not a list' });
    assert.equal(addAlias('---\nparams:\n  aliases: [a]\n---\n', '/x/').kind, 'edit');
  });
});
