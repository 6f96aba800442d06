// Extends and the inheritance graph on a handbook held in memory: edges across pages, across
// sections of one page, through same-page anchors and "All competencies exhibited by" links;
// cycles and self-extends found and named; which pages and sections are roles.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import type { IndexedFile } from '../../server/src/model/index/indexedFile';
import {
  allRoles,
  extendsLinksIn,
  findCycle,
  resolveExtends,
  rolesOf,
  sectionAt,
  sectionTitle,
  sectionUrl,
  sourceSection,
  wholePage,
  type ExtendsLink,
  type Section,
} from '../../server/src/model/roles/inheritance';
import { memoryHandbook, page, type MemoryHandbook } from '../support/memoryHandbook';

const FAMILY = 'content/job-families/eng';

/** The extends links written in a file, in order. */
function extendsLinks(file: IndexedFile): ExtendsLink[] {
  return file.facts.links.filter((link) => link.extendsSentence).map((link) => ({ file, link }));
}

/** Where the n-th extends link of a file leads (must be a section). */
function targetOf(handbook: MemoryHandbook, relativePath: string, n = 0): Section {
  const target = resolveExtends(handbook.index, extendsLinks(handbook.file(relativePath))[n]);
  assert.equal(target.kind, 'section', `extends link ${n} of ${relativePath} leads to a section`);
  return (target as { section: Section }).section;
}

/** The cycle through the n-th extends sentence of a file, as section titles, or undefined. */
function cycleAt(handbook: MemoryHandbook, relativePath: string, n = 0): string[] | undefined {
  const file = handbook.file(relativePath);
  const edge = extendsLinks(file)[n];
  const cycle = findCycle(handbook.index, targetOf(handbook, relativePath, n), file, edge.link.start);
  return cycle?.map((section) => sectionTitle(handbook.index, section));
}

describe('extends', () => {
  let handbook: MemoryHandbook;

  before(async () => {
    handbook = await memoryHandbook({
      [`${FAMILY}/staff.md`]: page('Staff Engineer', '## Requirements', '', '- Writes code others build on', '', '## Responsibilities', '', '- Leads designs'),
      [`${FAMILY}/principal.md`]: page(
        'Principal Engineer',
        '## Requirements',
        '',
        '- Extends that of the [Staff Engineer][staff-requirements] requirements',
        '- Sets direction',
        '',
        '## Responsibilities',
        '',
        '- Extends that of the [Staff Engineer](/job-families/eng/staff/#responsibilities) responsibilities',
        '',
        '[staff-requirements]: /job-families/eng/staff/#requirements',
      ),
      [`${FAMILY}/backend.md`]: page(
        'Backend Engineer',
        '## Backend Engineer',
        '',
        '### Requirements',
        '',
        '- Knows Ruby',
        '',
        '## Senior Backend Engineer',
        '',
        '### Requirements',
        '',
        '- Extends that of the [Backend Engineer](#backend-engineer) requirements',
        '',
        '## Staff Backend Engineer',
        '',
        '### Requirements',
        '',
        '- Extends that of the [Senior Backend Engineer](/job-families/eng/backend/#senior-backend-engineer) requirements',
      ),
      'content/handbook/ladder/intermediate.md': page('Intermediate', '### Technical Competencies', '', '- Ships features'),
      'content/handbook/ladder/senior.md': page('Senior', '- [All competencies exhibited by an Intermediate](/handbook/ladder/intermediate)'),
      'content/handbook/about.md': page('About', 'Links to [Staff](/job-families/eng/staff/) are not extends.'),
    });
  });

  describe('edges', () => {
    it('across pages, to a section (reference-style link)', () => {
      const section = targetOf(handbook, `${FAMILY}/principal.md`);
      assert.equal(section.page, handbook.file(`${FAMILY}/staff.md`));
      assert.equal(section.anchor?.id, 'requirements');
      assert.equal(sectionTitle(handbook.index, section), 'Staff Engineer — Requirements');
      assert.equal(sectionUrl(section), '/job-families/eng/staff/#requirements');
    });

    it("the section ends at the next heading of its level: Requirements holds none of Responsibilities' text", () => {
      const section = targetOf(handbook, `${FAMILY}/principal.md`);
      const staff = handbook.file(`${FAMILY}/staff.md`);
      const responsibilities = handbook.index.anchorsOf(staff).find((anchor) => anchor.id === 'responsibilities')!;
      assert.ok(section.range.end <= responsibilities.range.start);
    });

    it("each section's sentences are its own edges; the whole page holds them all", () => {
      const principal = handbook.file(`${FAMILY}/principal.md`);
      const sectionOf = (id: string) =>
        sectionAt(
          principal,
          handbook.index.anchorsOf(principal).find((anchor) => anchor.id === id)!,
        );
      const destinations = (section: Section) => extendsLinksIn(handbook.index, section).map((edge) => edge.link.destination);
      assert.deepEqual(destinations(sectionOf('requirements')), ['/job-families/eng/staff/#requirements']);
      assert.deepEqual(destinations(sectionOf('responsibilities')), ['/job-families/eng/staff/#responsibilities']);
      assert.deepEqual(destinations(wholePage(principal)), ['/job-families/eng/staff/#requirements', '/job-families/eng/staff/#responsibilities']);
    });

    it('across sections of one page, through an absolute link with #anchor', () => {
      const section = targetOf(handbook, `${FAMILY}/backend.md`, 1);
      assert.equal(section.anchor?.id, 'senior-backend-engineer');
      assert.equal(sectionTitle(handbook.index, section), 'Senior Backend Engineer');
      assert.deepEqual(
        extendsLinksIn(handbook.index, section).map((edge) => edge.link.destination),
        ['#backend-engineer'],
        'the Senior section holds only its own sentence',
      );
    });

    it('through a same-page anchor', () => {
      const section = targetOf(handbook, `${FAMILY}/backend.md`, 0);
      assert.equal(section.page, handbook.file(`${FAMILY}/backend.md`));
      assert.equal(section.anchor?.id, 'backend-engineer');
      assert.deepEqual(extendsLinksIn(handbook.index, section), [], 'Backend Engineer extends nothing');
    });

    it('the sentence belongs to the role section it stands in', () => {
      const backend = handbook.file(`${FAMILY}/backend.md`);
      const [, staffSentence] = extendsLinks(backend);
      const source = sourceSection(handbook.index, backend, staffSentence.link.start);
      assert.equal(source?.anchor?.id, 'staff-backend-engineer');
    });

    it('"All competencies exhibited by" links a whole page, even without the trailing slash', () => {
      const section = targetOf(handbook, 'content/handbook/ladder/senior.md');
      assert.equal(section.page, handbook.file('content/handbook/ladder/intermediate.md'));
      assert.equal(section.anchor, undefined);
      assert.equal(sectionTitle(handbook.index, section), 'Intermediate');
    });

    it('a link that is not in an inheritance sentence is no edge', () => {
      assert.deepEqual(extendsLinks(handbook.file('content/handbook/about.md')), []);
    });

    it('missing targets are told apart: no page, or no section', async () => {
      const broken = await memoryHandbook({
        'content/a.md': page('A', '## Requirements', '', '- Extends that of the [B](/b/#requirements) requirements', '- Extends that of the [C](/c/#requirments) requirements'),
        'content/c.md': page('C', '## Requirements'),
      });
      const [toMissingPage, toMissingSection] = extendsLinks(broken.file('content/a.md'));
      assert.deepEqual(resolveExtends(broken.index, toMissingPage), { kind: 'missing-page' });
      const missingSection = resolveExtends(broken.index, toMissingSection);
      assert.equal(missingSection.kind, 'missing-section');
    });
  });

  describe('cycles', () => {
    it('the chain Staff ← Principal has no cycle', () => {
      assert.equal(cycleAt(handbook, `${FAMILY}/principal.md`), undefined);
      assert.equal(cycleAt(handbook, `${FAMILY}/backend.md`, 1), undefined);
    });

    it('a cycle across pages is found and named, from either sentence', async () => {
      const cyclic = await memoryHandbook({
        'content/jobs/a.md': page('A', '## Requirements', '', '- Extends that of the [B](/jobs/b/#requirements) requirements'),
        'content/jobs/b.md': page('B', '## Requirements', '', '- Extends that of the [C](/jobs/c/#requirements) requirements'),
        'content/jobs/c.md': page('C', '## Requirements', '', '- Extends that of the [A](/jobs/a/#requirements) requirements'),
      });
      assert.deepEqual(cycleAt(cyclic, 'content/jobs/a.md'), ['B — Requirements', 'C — Requirements', 'A — Requirements']);
      assert.deepEqual(cycleAt(cyclic, 'content/jobs/c.md'), ['A — Requirements', 'B — Requirements', 'C — Requirements']);
      const [diagnostic] = computeDiagnostics(cyclic.index, cyclic.file('content/jobs/a.md'));
      assert.equal(diagnostic.code, 'extends-cycle');
      assert.match(diagnostic.message, /^Extends cycle: B — Requirements → C — Requirements → A — Requirements → B — Requirements\./);
    });

    it('a sentence that only leads into a cycle is not on it, and the walk ends', async () => {
      const cyclic = await memoryHandbook({
        'content/jobs/start.md': page('Start', '## Requirements', '', '- Extends that of the [B](/jobs/b/#requirements) requirements'),
        'content/jobs/b.md': page('B', '## Requirements', '', '- Extends that of the [C](/jobs/c/#requirements) requirements'),
        'content/jobs/c.md': page('C', '## Requirements', '', '- Extends that of the [B](/jobs/b/#requirements) requirements'),
      });
      assert.equal(cycleAt(cyclic, 'content/jobs/start.md'), undefined);
      assert.deepEqual(cycleAt(cyclic, 'content/jobs/b.md'), ['C — Requirements', 'B — Requirements']);
    });

    it('a section that extends itself', async () => {
      const self = await memoryHandbook({
        'content/jobs/a.md': page('A', '## Requirements', '', '- Extends that of the [A](#requirements) requirements'),
      });
      assert.deepEqual(cycleAt(self, 'content/jobs/a.md'), ['A — Requirements']);
      const [diagnostic] = computeDiagnostics(self.index, self.file('content/jobs/a.md'));
      assert.equal(diagnostic.code, 'extends-self');
    });

    it('a whole page that extends itself through "All competencies exhibited by"', async () => {
      const self = await memoryHandbook({
        'content/handbook/ladder/senior.md': page('Senior', '[All competencies exhibited by a Senior](/handbook/ladder/senior/)'),
      });
      assert.deepEqual(cycleAt(self, 'content/handbook/ladder/senior.md'), ['Senior']);
    });
  });
});

describe('the inheritance graph', () => {
  let handbook: MemoryHandbook;
  const titles = (roles: { title: string; url: string }[]) => roles.map((role) => `${role.title} ${role.url}`);

  before(async () => {
    handbook = await memoryHandbook({
      'content/job-families/eng/staff.md': page('Staff Engineer', '## Requirements', '', '- Writes code'),
      'content/job-families/eng/backend.md': page(
        'Backend Engineer',
        '## Backend Engineer',
        '### Requirements',
        '## Senior Backend Engineer',
        '### Requirements',
        '- Extends that of the [Backend Engineer](#backend-engineer) requirements',
      ),
      'content/handbook/ladder/intermediate.md': page('Intermediate'),
      'content/handbook/ladder/senior.md': page('Senior', '[All competencies exhibited by an Intermediate](/handbook/ladder/intermediate/)'),
      'content/handbook/ladder/overview.md': page('Overview', 'See [Senior](/handbook/ladder/senior/).'),
      'content/teams/platform.md': page('Platform Team'),
    });
  });

  it('a role page is a role; on a family page, so is every heading at the level extends point at', () => {
    assert.deepEqual(titles(rolesOf(handbook.index, handbook.file('content/job-families/eng/staff.md'))), ['Staff Engineer /job-families/eng/staff/']);
    assert.deepEqual(titles(rolesOf(handbook.index, handbook.file('content/job-families/eng/backend.md'))), [
      'Backend Engineer /job-families/eng/backend/',
      'Backend Engineer /job-families/eng/backend/#backend-engineer',
      'Senior Backend Engineer /job-families/eng/backend/#senior-backend-engineer',
    ]);
  });

  it('pages outside the role paths are roles when they take part in an extends edge, and only then', () => {
    assert.deepEqual(titles(rolesOf(handbook.index, handbook.file('content/handbook/ladder/senior.md'))), ['Senior /handbook/ladder/senior/']);
    assert.deepEqual(titles(rolesOf(handbook.index, handbook.file('content/handbook/ladder/intermediate.md'))), ['Intermediate /handbook/ladder/intermediate/']);
    assert.deepEqual(rolesOf(handbook.index, handbook.file('content/handbook/ladder/overview.md')), []);
    assert.deepEqual(rolesOf(handbook.index, handbook.file('content/teams/platform.md')), []);
  });

  it('allRoles lists every role once', () => {
    const all = titles(allRoles(handbook.index)).sort();
    assert.deepEqual(all, [
      'Backend Engineer /job-families/eng/backend/',
      'Backend Engineer /job-families/eng/backend/#backend-engineer',
      'Intermediate /handbook/ladder/intermediate/',
      'Senior /handbook/ladder/senior/',
      'Senior Backend Engineer /job-families/eng/backend/#senior-backend-engineer',
      'Staff Engineer /job-families/eng/staff/',
    ]);
  });

  it('role paths come from the settings', async () => {
    const teams = await memoryHandbook({ 'content/teams/platform.md': page('Platform Team'), 'content/job-families/x.md': page('X') }, { rolePaths: ['teams/**'] });
    assert.deepEqual(titles(allRoles(teams.index)), ['Platform Team /teams/platform/']);
  });

  it('follows edits: a new extends sentence makes a page a role', async () => {
    const editable = await memoryHandbook({ 'content/handbook/a.md': page('A'), 'content/handbook/b.md': page('B') });
    assert.deepEqual(allRoles(editable.index), []);
    editable.index.setOpenText(editable.file('content/handbook/a.md').path, page('A', 'Extends that of the [B](/handbook/b/) role.'));
    assert.deepEqual(titles(allRoles(editable.index)).sort(), ['A /handbook/a/', 'B /handbook/b/']);
  });
});
