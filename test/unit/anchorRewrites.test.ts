// The anchors of pages after a heading's source or an HTML anchor's ID is rewritten (what a rename
// works out before it edits anything): Hugo's numbering of repeats, explicit IDs, anchors that
// arrive through an include, and the fragments links must have to keep their anchors.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { headingSourceParts } from '../../server/src/model/page/headingIds';
import { rewriteAnchors, type AnchorRewrite } from '../../server/src/model/index/anchorRewrites';
import { memoryHandbook, page } from '../support/memoryHandbook';

async function rewriteHeading(files: Record<string, string>, at: string, heading: number, source: string, pages = [at]) {
  const handbook = await memoryHandbook(files);
  const file = handbook.file(at);
  const rewrite: AnchorRewrite = { file, heading: file.facts.headings[heading], source };
  return rewriteAnchors(handbook.index, rewrite, pages.map(handbook.file));
}

const ids = (anchors: readonly { id: string }[]) => anchors.map((anchor) => anchor.id);

describe('rewriteAnchors', () => {
  it('renumbers the later repeats of an ID that a renamed heading gives up or takes', async () => {
    const files = { 'content/a.md': page('A', '## Requirements', '## Requirements', '## Requirements', '## Other') };
    const [givenUp] = await rewriteHeading(files, 'content/a.md', 0, 'Needs');
    assert.deepEqual(ids(givenUp.before), ['requirements', 'requirements-1', 'requirements-2', 'other']);
    assert.deepEqual(ids(givenUp.after), ['needs', 'requirements', 'requirements-1', 'other']);
    assert.deepEqual(givenUp.fragmentAfter('requirements'), { kind: 'renamed', id: 'needs' });
    assert.deepEqual(givenUp.fragmentAfter('requirements-2'), { kind: 'renamed', id: 'requirements-1' });
    assert.deepEqual(givenUp.fragmentAfter('other'), { kind: 'unchanged' });
    const [taken] = await rewriteHeading(files, 'content/a.md', 3, 'Requirements');
    assert.deepEqual(ids(taken.after), ['requirements', 'requirements-1', 'requirements-2', 'requirements-3']);
    assert.deepEqual(taken.fragmentAfter('other'), { kind: 'renamed', id: 'requirements-3' });
  });

  it('keeps an explicit ID whatever the text says, and moves the links when the ID itself is rewritten', async () => {
    const files = { 'content/a.md': page('A', '## Requirements {#reqs}', '## Reqs') };
    const [text] = await rewriteHeading(files, 'content/a.md', 0, 'Needs {#reqs}');
    assert.deepEqual(ids(text.after), ['reqs', 'reqs-1']);
    assert.deepEqual(text.fragmentAfter('reqs'), { kind: 'unchanged' });
    const [id] = await rewriteHeading(files, 'content/a.md', 0, 'Requirements {#needs}');
    assert.deepEqual(ids(id.after), ['needs', 'reqs']);
    assert.deepEqual(id.fragmentAfter('reqs'), { kind: 'renamed', id: 'needs' });
    assert.deepEqual(id.fragmentAfter('reqs-1'), { kind: 'renamed', id: 'reqs' });
  });

  it('sees the anchors of an include file in every page that includes it, numbered among that page’s own', async () => {
    const files = {
      'content/a.md': page('A', '## Mentoring', '{{% include "includes/m.md" %}}'),
      'content/b.md': page('B', '{{% include "includes/m.md" %}}'),
      'assets/includes/m.md': '## Mentoring\n',
    };
    const [a, b] = await rewriteHeading(files, 'assets/includes/m.md', 0, 'Coaching', ['content/a.md', 'content/b.md']);
    assert.deepEqual(
      [ids(a.before), ids(a.after)],
      [
        ['mentoring', 'mentoring-1'],
        ['mentoring', 'coaching'],
      ],
    );
    assert.deepEqual(a.fragmentAfter('mentoring-1'), { kind: 'renamed', id: 'coaching' });
    assert.deepEqual(b.fragmentAfter('mentoring'), { kind: 'renamed', id: 'coaching' });
  });

  it('tells a rewrite that would lead a link to another anchor, and the IDs it would repeat', async () => {
    const files = { 'content/a.md': page('A', '## Requirements', '<a id="staff"></a>') };
    const [change] = await rewriteHeading(files, 'content/a.md', 0, 'Staff');
    const fragment = change.fragmentAfter('staff');
    assert.equal(fragment.kind, 'retargeted');
    assert.equal(fragment.kind === 'retargeted' && fragment.now?.level, 2);
    assert.deepEqual(change.newRepeats(), ['staff']);
    assert.deepEqual(change.fragmentAfter('requirements'), { kind: 'renamed', id: 'staff' });
  });

  it('rewrites an HTML anchor’s ID; a broken fragment stays as written', async () => {
    const handbook = await memoryHandbook({ 'content/a.md': page('A', '<a id="staff"></a>') });
    const file = handbook.file('content/a.md');
    const [change] = rewriteAnchors(handbook.index, { file, htmlAnchor: file.facts.htmlAnchors[0], id: 'senior' }, [file]);
    assert.deepEqual(change.fragmentAfter('STAFF'), { kind: 'renamed', id: 'senior' });
    assert.deepEqual(change.fragmentAfter('nope'), { kind: 'unchanged' });
  });
});

describe('headingSourceParts', () => {
  it('finds a heading’s content and the ID its attributes write, in `{#id}`, `{id="…"}` and after a closing sequence', () => {
    const part = (source: string) => {
      const parts = headingSourceParts(source);
      return parts && [source.slice(parts.content.start, parts.content.end), parts.id && source.slice(parts.id.start, parts.id.end)];
    };
    assert.deepEqual(part('Requirements {#reqs}'), ['Requirements', 'reqs']);
    assert.deepEqual(part('Staff {.wide id="staff-eng"}'), ['Staff', 'staff-eng']);
    assert.deepEqual(part('Title ## {#t}'), ['Title', 't']);
    assert.deepEqual(part('Plain title  '), ['Plain title', undefined]);
    assert.deepEqual(part('Braces {not attributes'), ['Braces {not attributes', undefined]);
    assert.equal(part('Two\nlines'), undefined);
  });
});
