// The references model on a handbook held in memory: what points at a page, an anchor (also one
// that arrives through an include) and an include file; the roles that extend a role; which files'
// findings a change can touch; and the table kept current across edits.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { IndexedFile } from '../../server/src/model/index/indexedFile';
import { dependentsOf, pagesIncluding, referencesFrom, referencesTo, type Reference } from '../../server/src/model/index/references';
import { extendersOf } from '../../server/src/model/roles/extenders';
import { rolesOf, sectionTitle } from '../../server/src/model/roles/inheritance';
import { linkRange } from '../../server/src/model/page/markdown/syntax';
import { memoryHandbook, page, SITE, type MemoryHandbook } from '../support/memoryHandbook';
import * as path from 'node:path';

const FAMILY = 'content/job-families/eng';

const FILES: Record<string, string> = {
  [`${FAMILY}/staff.md`]: ['---', 'title: Staff Engineer', 'aliases: [/old/staff/]', '---', '', '## Requirements', '', '- Writes code others build on', ''].join('\n'),
  [`${FAMILY}/principal.md`]: page('Principal Engineer', '## Requirements', '', '- Extends that of the [Staff Engineer][staff] requirements', '', '[staff]: /job-families/eng/staff/#requirements'),
  // Three levels as sections of one page; the include brings a heading and an extends sentence.
  [`${FAMILY}/backend.md`]: page(
    'Backend Engineering',
    `## Backend Engineer

### Requirements

{{% include "includes/shared.md" %}}

## Senior Backend Engineer

### Requirements

- Extends that of the [Backend Engineer](#backend-engineer) requirements

## Staff Backend Engineer

- Extends that of the [Senior Backend Engineer](#requirements-1) requirements`,
  ),
  [`${FAMILY}/frontend.md`]: page('Frontend Engineer', '{{% include "includes/shared.md" %}}', '', '- Extends that of the [Staff](https://handbook.gitlab.com/job-families/eng/staff/) role'),
  'assets/includes/shared.md': '### Shared Values\n\n- Extends that of the [Principal](/job-families/eng/principal/) role\n',
  'content/handbook/table.md': page(
    'Table',
    '<table><tr><td><a href="/job-families/eng/staff/">Staff</a></td></tr></table>',
    '',
    'See the [old staff page](/old/staff/) and [values](/job-families/eng/backend/#shared-values) and [frontend values](/job-families/eng/frontend/#shared-values).',
    '',
    'A [missing](/job-families/eng/distinguished/) page and {{% include "includes/later.md" %}}.',
  ),
};

/** Each reference as "file:line text", where the text is what the reference's fact covers. */
function described(references: readonly Reference[]): string[] {
  return references.map((reference) => {
    const range = reference.kind === 'include' ? reference.call.range : reference.kind === 'ref' ? reference.argument.range : linkRange(reference.link);
    const line = reference.file.lines.positionAt(range.start).line + 1;
    return `${path.relative(SITE, reference.file.path)}:${line} ${reference.kind}`;
  });
}

function anchor(handbook: MemoryHandbook, file: IndexedFile, id: string) {
  const found = handbook.index.anchorsOf(file).find((candidate) => candidate.id === id);
  assert.ok(found, `#${id} in ${file.sitePath}`);
  return found;
}

describe('references model', () => {
  let handbook: MemoryHandbook;
  let file: MemoryHandbook['file'];

  before(async () => {
    handbook = await memoryHandbook(FILES);
    file = handbook.file;
  });

  it('a page: inline, reference-style, raw HTML, alias, site-host and extends links', () => {
    const staff = file(`${FAMILY}/staff.md`);
    assert.deepEqual(described(referencesTo(handbook.index, { kind: 'page', page: staff })), [
      'content/handbook/table.md:5 html',
      'content/handbook/table.md:7 link',
      'content/job-families/eng/frontend.md:7 extends',
      'content/job-families/eng/principal.md:7 extends',
    ]);
    const viaAlias = referencesTo(handbook.index, { kind: 'page', page: staff }).filter((reference) => reference.viaAlias);
    assert.deepEqual(
      viaAlias.map((reference) => (reference.kind === 'ref' ? reference.argument.value : reference.link.destination)),
      ['/old/staff/'],
    );
  });

  it("a reference-style link's destination is its definition's", () => {
    const [reference] = referencesTo(handbook.index, { kind: 'anchor', anchor: anchor(handbook, file(`${FAMILY}/staff.md`), 'requirements') });
    const principal = file(`${FAMILY}/principal.md`);
    assert.equal(reference.file, principal);
    assert.ok(reference.kind !== 'ref');
    assert.equal(principal.lines.positionAt(reference.link.destinationStart).line + 1, 9, 'the [staff]: line');
  });

  it('an anchor: only the links whose fragment finds it, same-page ones included', () => {
    const backend = file(`${FAMILY}/backend.md`);
    assert.deepEqual(described(referencesTo(handbook.index, { kind: 'anchor', anchor: anchor(handbook, backend, 'requirements-1') })), ['content/job-families/eng/backend.md:19 extends']);
    assert.deepEqual(described(referencesTo(handbook.index, { kind: 'anchor', anchor: anchor(handbook, backend, 'backend-engineer') })), ['content/job-families/eng/backend.md:15 extends']);
    assert.deepEqual(referencesTo(handbook.index, { kind: 'anchor', anchor: anchor(handbook, backend, 'requirements') }), []);
  });

  it('an anchor that arrives through an include: links to every page that includes it', () => {
    const shared = file('assets/includes/shared.md');
    const fromBackend = anchor(handbook, file(`${FAMILY}/backend.md`), 'shared-values');
    assert.equal(fromBackend.file, shared);
    const expected = ['content/handbook/table.md:7 link', 'content/handbook/table.md:7 link'];
    assert.deepEqual(described(referencesTo(handbook.index, { kind: 'anchor', anchor: fromBackend })), expected);
    assert.deepEqual(
      described(referencesTo(handbook.index, { kind: 'anchor', anchor: anchor(handbook, file(`${FAMILY}/frontend.md`), 'shared-values') })),
      expected,
      'the same heading, asked from the other page',
    );
  });

  it('an include file: its include calls, and the pages that include it', () => {
    const shared = file('assets/includes/shared.md');
    assert.deepEqual(described(referencesTo(handbook.index, { kind: 'include', file: shared })), ['content/job-families/eng/backend.md:9 include', 'content/job-families/eng/frontend.md:5 include']);
    assert.deepEqual(
      pagesIncluding(handbook.index, shared).map((page) => page.sitePath),
      ['job-families/eng/backend.md', 'job-families/eng/frontend.md'],
    );
  });

  it('references from a file, by offset; missing targets are not references', () => {
    assert.deepEqual(
      referencesFrom(handbook.index, file('content/handbook/table.md')).map((reference) =>
        reference.kind === 'include' ? reference.call.path : reference.kind === 'ref' ? reference.argument.value : reference.link.destination,
      ),
      ['/job-families/eng/staff/', '/old/staff/', '/job-families/eng/backend/#shared-values', '/job-families/eng/frontend/#shared-values'],
    );
  });

  it('the roles that extend a role, each with the role it is written in (through includes too)', () => {
    const titles = (relative: string, roleTitle: string) => {
      const role = rolesOf(handbook.index, file(relative)).find((candidate) => candidate.title === roleTitle);
      assert.ok(role, `role ${roleTitle}`);
      return extendersOf(handbook.index, role).map((extender) => sectionTitle(handbook.index, extender.section));
    };
    assert.deepEqual(titles(`${FAMILY}/staff.md`, 'Staff Engineer'), ['Frontend Engineer', 'Principal Engineer']);
    assert.deepEqual(titles(`${FAMILY}/backend.md`, 'Backend Engineer'), ['Senior Backend Engineer']);
    assert.deepEqual(titles(`${FAMILY}/backend.md`, 'Senior Backend Engineer'), ['Staff Backend Engineer'], 'through its #requirements section');
    assert.deepEqual(titles(`${FAMILY}/backend.md`, 'Staff Backend Engineer'), []);
    assert.deepEqual(titles(`${FAMILY}/principal.md`, 'Principal Engineer'), ['Backend Engineer', 'Frontend Engineer'], "the include's sentence, once per including page");
  });

  it('dependents: linkers, includers, linkers of includers, broken links by name, and inheritance backwards', () => {
    const names = (target: IndexedFile) => dependentsOf(handbook.index, target).map((dependent) => dependent.sitePath);
    // Backend includes the file whose sentence extends Principal, which extends Staff: a cycle check there walks through Staff.
    assert.deepEqual(names(file(`${FAMILY}/staff.md`)), [
      'handbook/table.md',
      'job-families/eng/backend.md',
      'job-families/eng/frontend.md',
      'job-families/eng/principal.md',
      'job-families/eng/staff.md',
      'includes/shared.md',
    ]);
    assert.deepEqual(names(file('assets/includes/shared.md')), ['handbook/table.md', 'job-families/eng/backend.md', 'job-families/eng/frontend.md', 'includes/shared.md']);
    assert.deepEqual(names(file('content/handbook/table.md')), ['handbook/table.md']);
  });
});

describe('references model, kept current', () => {
  it('an edit inside a paragraph re-resolves only that file; a new page is found after the outline changes', async () => {
    const handbook = await memoryHandbook({
      'content/a.md': page('A', 'Text.'),
      'content/b.md': page('B', 'Nothing yet.'),
    });
    const a = handbook.file('content/a.md');
    const b = handbook.file('content/b.md');
    assert.deepEqual(referencesTo(handbook.index, { kind: 'page', page: a }), []);
    const outline = handbook.index.outlineVersion;
    handbook.index.setOpenText(b.path, page('B', 'Now a [link](/a/) and [another](/a/).'));
    assert.equal(handbook.index.outlineVersion, outline, 'a link in a paragraph leaves the outline alone');
    assert.deepEqual(described(referencesTo(handbook.index, { kind: 'page', page: a })), ['content/b.md:5 link', 'content/b.md:5 link']);
    handbook.index.setOpenText(b.path, page('B', 'No link any more.'));
    assert.deepEqual(referencesTo(handbook.index, { kind: 'page', page: a }), []);
    handbook.workspace.write(path.join(SITE, 'content/c.md'), page('C', 'To [a](/a/)'));
    await handbook.index.refreshFile(path.join(SITE, 'content/c.md'));
    assert.deepEqual(described(referencesTo(handbook.index, { kind: 'page', page: a })), ['content/c.md:5 link']);
    const c = handbook.file('content/c.md');
    assert.deepEqual(
      dependentsOf(handbook.index, b).map((dependent) => dependent.sitePath),
      ['b.md'],
    );
    handbook.index.setOpenText(c.path, page('C', 'To [b](/elsewhere/b/), which is not there.'));
    assert.deepEqual(
      dependentsOf(handbook.index, b).map((dependent) => dependent.sitePath),
      ['b.md', 'c.md'],
      'a broken link to a page named b may be about b',
    );
  });

  it('an edit of the outline that moves no page re-resolves the edited file only; a new alias rebuilds', async () => {
    const handbook = await memoryHandbook({ 'content/a.md': page('A', 'Text.'), 'content/b.md': page('B', 'To [old](/old/).') });
    const a = handbook.file('content/a.md');
    const b = handbook.file('content/b.md');
    const kinds = () => referencesTo(handbook.index, { kind: 'page', page: a }).map((reference) => `${reference.kind}${reference.viaAlias ? ' via alias' : ''}`);
    assert.deepEqual(kinds(), []);
    const outline = handbook.index.outlineVersion;
    handbook.index.setOpenText(b.path, page('B', '## A heading', '', '- Extends that of the [A](/a/) role', '', 'To [old](/old/).'));
    assert.notEqual(handbook.index.outlineVersion, outline, 'a heading and an extends sentence are the outline');
    assert.deepEqual(kinds(), ['extends']);
    handbook.index.setOpenText(a.path, ['---', 'title: A', 'aliases: [/old/]', '---', 'Text.'].join('\n'));
    assert.deepEqual(kinds(), ['extends', 'link via alias']);
  });

  it('a renamed heading: links to its page find the new anchor, not the old; a title moves no route, a draft flag does', async () => {
    const handbook = await memoryHandbook({
      'content/a.md': page('A', '## Old Name', '', 'Text.'),
      'content/c.md': page('C', '## Kept', '', 'Text.'),
      'content/b.md': page('B', 'To [a](/a/#old-name), [new](/a/#new-name) and [c](/c/#kept).'),
    });
    const a = handbook.file('content/a.md');
    const b = handbook.file('content/b.md');
    const anchorOf = (destination: string) => {
      const resolved = handbook.index.resolveLink(b, destination);
      return resolved.kind === 'page' ? (resolved.anchor?.id ?? 'no anchor') : resolved.kind;
    };
    // Resolved once, so the answers are kept (memos) before the edits.
    assert.deepEqual(['/a/#old-name', '/a/#new-name', '/c/#kept'].map(anchorOf), ['old-name', 'no anchor', 'kept']);
    const routes = handbook.index.routesVersion;
    handbook.index.setOpenText(a.path, page('A', '## New Name', '', 'Text.'));
    assert.equal(handbook.index.routesVersion, routes, 'a heading moves no page');
    assert.deepEqual(['/a/#old-name', '/a/#new-name', '/c/#kept'].map(anchorOf), ['no anchor', 'new-name', 'kept']);
    handbook.index.setOpenText(a.path, page('A renamed', '## New Name', '', 'Text.'));
    assert.equal(handbook.index.routesVersion, routes, 'a title moves no page');
    handbook.index.setOpenText(a.path, ['---', 'title: A', 'draft: true', '---', '## New Name'].join('\n'));
    assert.notEqual(handbook.index.routesVersion, routes, 'a draft is not published');
    assert.equal(anchorOf('/a/#new-name'), 'missing-page');
    assert.deepEqual(referencesTo(handbook.index, { kind: 'page', page: a }), []);
  });
});

describe('ref and relref calls in the references model', () => {
  const FILES_WITH_REFS: Record<string, string> = {
    'content/guide/faq.md': page('FAQ', '## How do I grow', '', 'Text.'),
    'content/guide/_index.md': page('Guide', 'The section.'),
    'content/team/mentoring/index.md': page('Mentoring', 'A leaf bundle.'),
    'content/team/page.md': page(
      'Page',
      'See {{< ref "/guide/faq.md#how-do-i-grow" >}}, {{< relref "mentoring" >}}, {{< ref "../guide" >}},',
      '{{< ref "faq" >}}, {{< ref "gone.md" >}} and {{< ref path="/guide/faq" lang="de" >}}.',
    ),
    'content/other/plain.md': page('Plain', 'No refs.'),
  };

  it('a call that finds a page is a reference to it, at its path argument; to an anchor by its fragment; another language’s is none', async () => {
    const handbook = await memoryHandbook(FILES_WITH_REFS);
    const faq = handbook.file('content/guide/faq.md');
    assert.deepEqual(described(referencesTo(handbook.index, { kind: 'page', page: faq })), ['content/team/page.md:5 ref', 'content/team/page.md:6 ref']);
    const [toAnchor] = referencesTo(handbook.index, { kind: 'anchor', anchor: anchor(handbook, faq, 'how-do-i-grow') });
    assert.ok(toAnchor?.kind === 'ref');
    assert.equal(toAnchor.argument.value, '/guide/faq.md#how-do-i-grow');
    const text = (await handbook.index.textOf(toAnchor.file.path))!;
    assert.equal(text.slice(toAnchor.argument.range.start, toAnchor.argument.range.end), '/guide/faq.md#how-do-i-grow');
    assert.deepEqual(
      referencesFrom(handbook.index, handbook.file('content/team/page.md')).map((reference) => reference.kind === 'ref' && `${reference.argument.value} → ${reference.page.sitePath}`),
      ['/guide/faq.md#how-do-i-grow → guide/faq.md', 'mentoring → team/mentoring/index.md', '../guide → guide/_index.md', 'faq → guide/faq.md'],
    );
  });

  it('a page with a ref depends on the pages of the names its lookup asks for, found or not, and no others', async () => {
    const handbook = await memoryHandbook(FILES_WITH_REFS);
    const names = (relative: string) => dependentsOf(handbook.index, handbook.file(relative)).map((dependent) => dependent.sitePath);
    assert.deepEqual(names('content/other/plain.md'), ['other/plain.md']);
    assert.deepEqual(names('content/guide/faq.md'), ['guide/faq.md', 'team/page.md']);
    assert.deepEqual(names('content/team/mentoring/index.md'), ['team/mentoring/index.md', 'team/page.md']);
    // A page that does not exist yet, named like a bare name or the broken ref: it would make "faq" ambiguous, or mend "gone.md".
    for (const [relative, why] of [
      ['content/elsewhere/faq.md', 'a second faq makes the bare name ambiguous'],
      ['content/team/gone.md', 'it mends the broken ref'],
      ['content/other/mentoring.md', 'a second mentoring'],
    ]) {
      handbook.workspace.write(path.join(SITE, relative), page('New', 'Text.'));
      await handbook.index.refreshFile(path.join(SITE, relative));
      assert.deepEqual(names(relative), [relative.replace('content/', ''), 'team/page.md'].sort(), why);
    }
    handbook.workspace.write(path.join(SITE, 'content/other/unrelated.md'), page('New', 'Text.'));
    await handbook.index.refreshFile(path.join(SITE, 'content/other/unrelated.md'));
    assert.deepEqual(names('content/other/unrelated.md'), ['other/unrelated.md']);
  });
});
