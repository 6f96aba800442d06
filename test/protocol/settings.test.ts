// Hostile settings against the built server: catastrophic and empty-matching inheritance
// patterns, and unusable role-path globs, in the initialization options and in what
// `workspace/configuration` answers. The server names each in a warning, ignores it, indexes
// the handbook and keeps answering, also on a page with emoji and a long run of one letter.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MessageType } from 'vscode-languageserver-protocol';
import { copyExampleHandbook, Session } from './support/session';

const HOSTILE = {
  extendsPatterns: ['(?=a)b', '(a|aa)+$', '(x+x+)+y', '', '\\b', '(?:extends)?', '\\bextends that of\\b'],
  rolePaths: ['', 'job-families/**', 'x'.repeat(70_000)],
};

const PAGE = `---\ntitle: Hostile\n---\n\n${'😀 '.repeat(500)}\n\n${'a'.repeat(40_000)}\n\nThe role extends that of the [Intermediate](/job-families/) 😀 ${'x'.repeat(5000)}\n`;

/** Resolves with what `request` gives, or fails after five seconds. */
async function within<T>(what: string, request: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within 5 s`)), 5000)));
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('hostile settings', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let session: Session;

  before(async () => {
    workspace = copyExampleHandbook();
    writeFileSync(path.join(workspace.folder, 'content/handbook/hostile.md'), PAGE);
    session = await Session.start({ folder: workspace.folder, settings: HOSTILE, initializationOptions: { settings: HOSTILE } });
  });
  after(async () => {
    session?.kill();
    workspace?.remove();
  });

  it('initializes and indexes with an empty and an overlong glob in rolePaths, and warns naming each', async () => {
    // The warning shown to the user goes as a window/showMessageRequest, which the session answers
    // without recording; the log has one line per problem.
    const warnings = await session.waitFor(
      () =>
        session.logs
          .filter((log) => log.type === MessageType.Warning)
          .map((log) => log.message)
          .join('\n') || undefined,
      'warnings about the settings',
    );
    for (const named of ['rolePaths[0]: an empty glob', 'rolePaths[2]: a glob of 70000 characters', 'extendsPatterns[0]', 'extendsPatterns[3]', 'extendsPatterns[4]', 'extendsPatterns[5]']) {
      assert.ok(warnings.includes(`handbookRoles.${named}`), `a warning names ${named}: ${warnings}`);
    }
    const document = await session.open('content/handbook/hostile.md');
    const links = await within('document links', session.documentLinks(document));
    assert.ok(links.length > 0, 'the page is indexed: its link is there');
  });

  it('answers hover and completion on a page with emoji and a long run of a letter', async () => {
    const document = await session.open('content/handbook/hostile.md');
    const hover = await within('hover', session.hover(document, document.positionOf('[Intermediate', { offset: 3 })));
    assert.ok(hover === undefined || typeof hover.markdown === 'string');
    const items = await within('completion', session.complete(document, document.positionOf('(/job-families/', { offset: 2 })));
    assert.ok(Array.isArray(items));
    await within('typing more a', document.type(document.positionOf('aaaa'), 'aaaa😀'));
    await within('hover after an edit', session.hover(document, document.positionOf('[Intermediate', { offset: 3 })));
  });
});

describe('a client that never answers workspace/configuration', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let session: Session;

  before(async () => {
    workspace = copyExampleHandbook();
    session = await Session.start({ folder: workspace.folder, neverAnswersConfiguration: true, initializationOptions: { settings: { extendsPatterns: ['\\bbuilds on\\b'] } } });
  });
  after(async () => {
    session?.kill();
    workspace?.remove();
  });

  it('indexes with the settings it started with after a while, and says why', async () => {
    const warning = await session.waitFor(() => session.logs.find((log) => log.type === MessageType.Warning && log.message.includes('did not give its settings')), 'the warning');
    assert.match(warning.message, /no answer to workspace\/configuration within 5 s\); the handbook is read with the settings it started with/);
    const document = await session.open('content/handbook/engineering/careers/matrix/development/senior.md');
    assert.ok((await within('document links', session.documentLinks(document))).length > 0, 'the handbook is indexed');
  });
});
