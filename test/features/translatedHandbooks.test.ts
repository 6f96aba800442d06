// A translated handbook's inheritance sentences work with the default settings: the Japanese
// handbook writes "All competencies exhibited by an Intermediate" as
// "[Intermediate が発揮するすべてのコンピテンシー](…/intermediate/)", the level first and inside the
// link text, with no spaces between words. These fixtures are shaped like its careers-matrix pages.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { MarkupContent } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { provideHover } from '../../server/src/features/hover';
import { loadFixture } from '../support/fixture';

const MATRIX = `
  //- /content/handbook/engineering/careers/matrix/intermediate.md
  ---
  title: "エンジニアリングキャリアフレームワーク: Intermediate"
  ---
  ## エンジニアリング部門コンピテンシー: Intermediate

  - コードレビューを丁寧に行う
`;

describe('translated handbooks (Japanese)', () => {
  it('an inheritance sentence inside the link text, as the Japanese matrix writes it, is an extends: the hover shows what is inherited', async () => {
    const fixture = await loadFixture(`
      ${MATRIX}
      //- /content/handbook/engineering/careers/matrix/senior.md
      ---
      title: "エンジニアリングキャリアフレームワーク: Senior"
      ---
      ## エンジニアリング部門コンピテンシー: Senior

      **GitLab における Senior は、以下のコンピテンシーを発揮することが期待されます:**

      - [Intermediate が発揮する$0すべてのコンピテンシー](/handbook/engineering/careers/matrix/intermediate/)
    `);
    const link = fixture.file().facts.links.find((candidate) => candidate.destination.endsWith('/intermediate/'));
    assert.ok(link?.extendsSentence, 'the link is the role the sentence extends');
    const hover = await provideHover(fixture.index, fixture.file(), fixture.at.position);
    assert.ok(hover && MarkupContent.is(hover.contents));
    assert.match(hover.contents.value, /コードレビューを丁寧に行う/);
  });

  it('the same sentence pointing at no page is a broken extends (an error), not a broken link', async () => {
    const fixture = await loadFixture(`
      ${MATRIX}
      //- /content/handbook/engineering/careers/matrix/staff.md
      ---
      title: "エンジニアリングキャリアフレームワーク: Staff"
      ---
      - [インターミディエイトが発揮するすべてのコンピテンシー]($[/handbook/engineering/careers/matrix/senior$])
    `);
    assert.deepEqual(
      computeDiagnostics(fixture.index, fixture.file('content/handbook/engineering/careers/matrix/staff.md')).map(({ code, range }) => ({ code, range })),
      [{ code: 'extends-missing-page', range: fixture.ranges[0].range }],
    );
  });

  it('other links on a Japanese page are plain links', async () => {
    const fixture = await loadFixture(`
      ${MATRIX}
      //- /content/handbook/engineering/careers/matrix/senior.md
      - [Senior リーダーシップコンピテンシー](#senior-leadership-competencies)
      - [Intermediate のページ](/handbook/engineering/careers/matrix/intermediate/)
    `);
    assert.deepEqual(
      fixture.file('content/handbook/engineering/careers/matrix/senior.md').facts.links.filter((link) => link.extendsSentence),
      [],
    );
  });
});
