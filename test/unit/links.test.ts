// Links as the page facts see them: inline, reference-style and raw HTML hrefs, each with the
// exact place its destination is written (what quick fixes edit), and nothing inside code.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileExtendsPatterns, parsePage } from '../../server/src/model/page/parsePage';
import type { LinkFact } from '../../server/src/model/page/facts';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';

const EXTENDS = compileExtendsPatterns(DEFAULT_SETTINGS.extendsPatterns);

/** Each link as kind, text, destination, and the text its destination offsets cover. */
function describeLinks(text: string): { kind: string; text: string; destination: string; written: string }[] {
  return parsePage(text).links.map((link: LinkFact) => ({
    kind: link.kind,
    text: link.text,
    destination: link.destination,
    written: text.slice(link.destinationStart, link.destinationEnd),
  }));
}

describe('links', () => {
  it('inline links, with and without a title or angle brackets', () => {
    const text = 'See [Staff](/job-families/staff/#requirements), [Principal](</jobs/principal/> "Principal") and [home](/).\n';
    assert.deepEqual(describeLinks(text), [
      { kind: 'inline', text: 'Staff', destination: '/job-families/staff/#requirements', written: '/job-families/staff/#requirements' },
      { kind: 'inline', text: 'Principal', destination: '/jobs/principal/', written: '/jobs/principal/' },
      { kind: 'inline', text: 'home', destination: '/', written: '/' },
    ]);
  });

  it('a link whose destination holds balanced parentheses', () => {
    const [link] = describeLinks('[calc](/handbook/total-rewards/(old)/calculator/)\n');
    assert.equal(link.written, '/handbook/total-rewards/(old)/calculator/');
  });

  it('reference links take the destination of their definition, and edits go to the definition', () => {
    const text = [
      'Extends that of the [Staff Engineer][staff-requirements] requirements, see [Staff][].',
      '',
      '[staff-requirements]: /job-families/staff/#requirements',
      '[staff]: </job-families/staff/> "Staff"',
      '',
    ].join('\n');
    const links = describeLinks(text);
    assert.deepEqual(links, [
      { kind: 'reference', text: 'Staff Engineer', destination: '/job-families/staff/#requirements', written: '/job-families/staff/#requirements' },
      { kind: 'reference', text: 'Staff', destination: '/job-families/staff/', written: '/job-families/staff/' },
    ]);
    const facts = parsePage(text);
    assert.equal(text.slice(facts.links[0].start, facts.links[0].end), '[Staff Engineer][staff-requirements]');
  });

  it('a reference without a definition is not a link', () => {
    assert.deepEqual(describeLinks('See [Staff][nowhere].\n'), []);
  });

  it('raw HTML hrefs (seed 002 ladder tables), entities decoded, the written value located', () => {
    const text = '<table><tr><td><a href="/jobs/developer#staff-developer">Staff Developer</a></td><td><a class="x" href=\'/jobs/a?x=1&amp;y=2\'>A</a></td></tr></table>\n';
    assert.deepEqual(describeLinks(text), [
      { kind: 'html', text: 'Staff Developer', destination: '/jobs/developer#staff-developer', written: '/jobs/developer#staff-developer' },
      { kind: 'html', text: 'A', destination: '/jobs/a?x=1&y=2', written: '/jobs/a?x=1&amp;y=2' },
    ]);
  });

  it('an inline HTML anchor with href inside a paragraph', () => {
    const [link] = describeLinks('Read the <a href="/jobs/security/">security ladder</a> first.\n');
    assert.deepEqual(link, { kind: 'html', text: 'security ladder', destination: '/jobs/security/', written: '/jobs/security/' });
  });

  it('autolinks', () => {
    const [link] = describeLinks('See <https://handbook.gitlab.com/job-families/>.\n');
    assert.equal(link.kind, 'autolink');
    assert.equal(link.written, 'https://handbook.gitlab.com/job-families/');
  });

  it('nothing inside code spans, fenced or indented code, or HTML comments', () => {
    const text = [
      'A span: `[Staff](/job-families/staff/#requirments)`.',
      '',
      '```markdown',
      '- Extends that of the [Distinguished Engineer](/job-families/distinguished-engineer/#requirements) requirements',
      '<a href="/jobs/nowhere">x</a>',
      '```',
      '',
      '~~~',
      '[x](/tilde/)',
      '~~~',
      '',
      '    [indented](/indented/)',
      '',
      '<!-- <a href="/jobs/commented">x</a> -->',
      '',
      'And [one real link](/real/).',
      '',
    ].join('\n');
    assert.deepEqual(
      describeLinks(text).map((link) => link.destination),
      ['/real/'],
    );
  });

  it('links in front matter are not links', () => {
    assert.deepEqual(describeLinks('---\ntitle: "[x](/y/)"\n---\n\nBody.\n'), []);
  });

  describe('inheritance sentences', () => {
    const marked = (text: string) =>
      parsePage(text, { extendsPatterns: EXTENDS })
        .links.filter((link) => link.extendsSentence)
        .map((link) => link.destination);

    it('"Extends that of the [X](url) requirements" marks its link, and the sentence spans the line', () => {
      const text = '- Extends that of the [Distinguished Engineer](/d/#requirements) requirements\n- Other line with [a link](/other/)\n';
      const facts = parsePage(text, { extendsPatterns: EXTENDS });
      const [link] = facts.links.filter((candidate) => candidate.extendsSentence);
      assert.equal(link.destination, '/d/#requirements');
      assert.equal(text.slice(link.extendsSentence!.start, link.extendsSentence!.end), 'Extends that of the [Distinguished Engineer](/d/#requirements) requirements');
    });

    it('only the first link after the pattern, in the same paragraph', () => {
      assert.deepEqual(marked('Extends that of the [A](/a/) and the [B](/b/) requirements.\n'), ['/a/']);
      assert.deepEqual(marked('Extends that of the previous level.\n\nSee [A](/a/).\n'), []);
    });

    it('"All competencies exhibited by" inside the link text (seed 003), case-insensitive', () => {
      assert.deepEqual(marked('[All competencies exhibited by an Intermediate](/i/)\n'), ['/i/']);
      assert.deepEqual(marked('- all Competencies Exhibited By an [Intermediate](/i/)\n'), ['/i/']);
    });

    it('reference-style links count (principal.md)', () => {
      assert.deepEqual(marked('- Extends that of the [Staff Engineer][s] requirements\n\n[s]: /staff/#requirements\n'), ['/staff/#requirements']);
    });

    it('HTML links do not, and neither do sentences in code', () => {
      assert.deepEqual(marked('Extends that of the <a href="/a/">A</a> requirements.\n'), []);
      assert.deepEqual(marked('```\nExtends that of the [A](/a/) requirements\n```\n'), []);
      assert.deepEqual(marked('`Extends that of the` [A](/a/) requirements\n'), []);
    });
  });
});
