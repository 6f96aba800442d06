// HandbookIndex.withTrialText, how a quick fix is tried before it is offered: every query answers
// from the trial text while it runs, and afterwards the index is as it was, versions included.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { memoryHandbook } from '../support/memoryHandbook';

const FILES = {
  'content/jobs/staff.md': '---\ntitle: "Staff"\n---\n## Requirements\n',
  'content/jobs/senior.md': '---\ntitle: "Senior"\n---\n## Requirements\n\nSee [staff](/jobs/staff/#requirement).\n',
  'assets/includes/a.md': '## Included\n',
};

describe('a trial text', () => {
  it('answers every query from the edited text, then leaves the index as it was', async () => {
    const { index, file } = await memoryHandbook(FILES);
    const senior = file('content/jobs/senior.md');
    const staff = file('content/jobs/staff.md');
    const before = { version: index.version, outline: index.outlineVersion, facts: senior.facts, lines: senior.lines, anchors: index.anchorsOf(senior) };
    const trialText = '---\ntitle: "Senior"\nurl: /jobs/moved/\n---\n{{% include "includes/a.md" %}}\n\nSee [staff](/jobs/staff/#requirements).\n';
    const seen = index.withTrialText(senior, trialText, (trial) => ({
      same: trial === senior,
      destination: trial.facts.links[0].destination,
      anchors: index.anchorsOf(trial).map((anchor) => anchor.id),
      movedTo: index.pageByUrl(trial.site, '/jobs/moved/')?.page === senior,
      oldUrl: index.pageByUrl(trial.site, '/jobs/senior/') !== undefined,
      resolves: index.resolveLink(trial, '/jobs/staff/#requirements').kind,
    }));
    assert.deepEqual(seen, { same: true, destination: '/jobs/staff/#requirements', anchors: ['included'], movedTo: true, oldUrl: false, resolves: 'page' });

    assert.equal(index.version, before.version);
    assert.equal(index.outlineVersion, before.outline);
    assert.equal(senior.facts, before.facts);
    assert.equal(senior.lines, before.lines);
    assert.equal(senior.url, '/jobs/senior/');
    assert.deepEqual(index.anchorsOf(senior), before.anchors);
    assert.equal(index.pageByUrl(senior.site, '/jobs/senior/')?.page, senior);
    assert.equal(index.pageByUrl(senior.site, '/jobs/moved/'), undefined);
    assert.equal(index.anchorsOf(staff).length, 1);
  });

  it('puts the index back when the check throws', async () => {
    const { index, file } = await memoryHandbook(FILES);
    const senior = file('content/jobs/senior.md');
    const facts = senior.facts;
    assert.throws(() =>
      index.withTrialText(senior, 'other text', () => {
        throw new Error('the check failed');
      }),
    );
    assert.equal(senior.facts, facts);
  });
});
