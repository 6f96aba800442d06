// fast-check generators of what the fuzzer throws at the server: handbooks (pages with hostile
// front matter, links, extends sentences, shortcodes, HTML, emoji and lone surrogates, mixed line
// ends; include files; sometimes a hugo.toml), and sessions of LSP traffic over them (opens, edit
// bursts, closes, requests at valid and invalid positions, cancellations, file storms with
// watched-file events, named pipes, garbage settings, workspace folders listed twice or nested,
// requests about never-opened http: and untitled: documents). Everything generated is plain JSON, so a shrunk
// counterexample can be saved and replayed without the generators.
import fc from 'fast-check';
import { stringify as stringifyYaml } from 'yaml';

/** Pages every generated handbook may hold: links and includes point among them. */
export const PAGE_PATHS = [
  'content/_index.md',
  'content/job-families/engineering/_index.md',
  'content/job-families/engineering/backend.md',
  'content/job-families/engineering/frontend.md',
  'content/job-families/engineering/management/staff.md',
  'content/jobs/developer.md',
  'content/handbook/careers/matrix/senior.md',
  'content/handbook/values.md',
] as const;
export const INCLUDE_PATHS = ['assets/includes/competency.md', 'assets/includes/nav.md', 'assets/includes/nested/deep.md'] as const;
/** Paths with characters that trip URI handling (class 4 and 9). */
const AWKWARD_PAGE_PATHS = ['content/jobs/with#hash-11.md', 'content/jobs/%2e%2e-26.md', 'content/a b/ü/page-15.md'] as const;

export type LineEnding = 'lf' | 'crlf' | 'mixed';

export interface Handbook {
  readonly files: Record<string, string>;
  readonly hugoToml?: string;
  /** `.handbook-roles.yaml`: settings (garbage among them) written as YAML, or text that is no YAML. */
  readonly configFile?: string;
}

export type Position = { readonly kind: 'valid'; readonly at: number } | { readonly kind: 'invalid'; readonly line: number; readonly character: number };
export type RequestMethod = 'hover' | 'completion' | 'definition' | 'documentLink' | 'codeAction';

export type StormAction =
  | { readonly kind: 'create'; readonly path: string; readonly text: string }
  | { readonly kind: 'delete'; readonly path: string }
  | { readonly kind: 'rename'; readonly from: string; readonly to: string }
  | { readonly kind: 'createFolder'; readonly folder: string; readonly text: string }
  | { readonly kind: 'deleteFolder'; readonly folder: string }
  | { readonly kind: 'replaceByFolder'; readonly path: string; readonly text: string }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: 'outside-folder' | 'inside-folder' | 'outside-file' }
  | { readonly kind: 'fifo'; readonly path: string };

/** Named pipes where the server looks for pages, includes and the site config (class 2). */
/** Where the handbook's configuration file is, below the workspace folder. */
export const CONFIG_PATH = '.handbook-roles.yaml';
export const FIFO_PATHS = ['content/x.md', 'content/jobs/x.md', 'assets/includes/x.md', 'hugo.toml'] as const;

/** A workspace-folder event about the handbook folder itself: listed again (with or without a trailing slash), or its `content` folder added or removed as a folder of its own (class 16). */
export type FolderChange = 'add-same' | 'add-same-slash' | 'add-nested' | 'remove-nested';

export type Operation =
  | { readonly kind: 'open'; readonly file: number; readonly text?: string }
  | { readonly kind: 'edit'; readonly document: number; readonly at: number; readonly remove: number; readonly insert: string; readonly burst: number }
  | { readonly kind: 'close'; readonly document: number }
  | { readonly kind: 'request'; readonly method: RequestMethod; readonly document: number; readonly position: Position; readonly cancel: boolean }
  /** A request about a document never opened, under a scheme that is not a file on disk (classes 4 and 17). */
  | { readonly kind: 'foreignRequest'; readonly method: RequestMethod; readonly scheme: 'http' | 'untitled'; readonly position: Position }
  | { readonly kind: 'storm'; readonly actions: readonly StormAction[] }
  | { readonly kind: 'settings'; readonly settings: Record<string, unknown> }
  | { readonly kind: 'workspaceFolders'; readonly change: FolderChange };

export interface Scenario {
  readonly handbook: Handbook;
  readonly settings: Record<string, unknown>;
  /** Sent right after `initialized`, racing with the first build. */
  readonly foldersAfterInitialized: readonly FolderChange[];
  readonly operations: readonly Operation[];
}

const LONE_SURROGATES = ['\uD83D', '\uDE00', '\uDBFF\uDBFF'];
const EMOJI = ['😀', '👩‍💻', '🇫🇷', ':smile:', '\u200D', '\uFEFF'];

function pageUrl(path: string): string {
  return `/${path.replace(/^content\//, '').replace(/(_index)?\.md$/, '')}`.replace(/\/?$/, '/');
}

const pageLink = fc.constantFrom(...PAGE_PATHS).map(pageUrl);
const anchor = fc.constantFrom('', '#staff', '#requirements', '#senior-backend-engineer', '#', '#%20x');
const word = fc.constantFrom('Staff', 'Senior', 'Backend', 'Engineer', 'Requirements', 'the', 'a', 'role', 'x', '');

const link = fc.oneof(
  fc.tuple(word, pageLink, anchor).map(([text, url, fragment]) => `[${text}](${url}${fragment})`),
  fc.tuple(word, pageLink).map(([text, url]) => `[${text}](https://handbook.gitlab.com/handbook${url})`),
  fc.constantFrom('[broken](/nowhere/)', '[x](', '[](', '[a]()', '[ref][missing]', '<https://example.com>', '[x](../../../../etc/passwd)', '[up](../)', '[one slash](https:/handbook.gitlab.com/x/)'),
  // Bare URLs and addresses, as goldmark's Linkify makes them links, and the punctuation around them it trims or keeps.
  fc.tuple(pageLink, anchor, fc.constantFrom('', '.', ',', ')', '*', '_', '~', '?!', '。')).map(([url, fragment, after]) => `https://handbook.gitlab.com${url}${fragment}${after}`),
  fc.constantFrom(
    'www.example.com/a_b',
    'someone@gitlab.com',
    'ftp://x.org',
    '**Bold**:https://handbook.gitlab.com/x/',
    '(https://handbook.gitlab.com/y/)',
    'https://',
    'www.',
    'a@b',
    'https://日本.example/パス',
  ),
  // ref and relref calls, resolvable, broken, ambiguous by bare name, malformed.
  fc.tuple(fc.constantFrom('ref', 'relref'), fc.constantFrom(...PAGE_PATHS), anchor).map(([name, path, fragment]) => `[${name}]({{< ${name} "${path.replace(/^content\//, '')}${fragment}" >}})`),
  fc.constantFrom('{{< ref "missing.md" >}}', '{{< relref >}}', '{{< ref "_index.md" >}}', '{{< ref path="x.md" lang="fr" >}}', '{{< ref "#anchor" >}}', '{{< relref "../up.md"'),
);

const extendsSentence = fc
  .tuple(fc.constantFrom('The Staff role extends that of ', 'This role has all competencies exhibited by ', 'Extends that of: ', 'extends that of'), link)
  .map(([lead, target]) => `${lead}${target}.`);

const includeCall = fc.oneof(
  fc.constantFrom(...INCLUDE_PATHS).map((path) => `{{% include "${path.replace(/^assets\//, '')}" %}}`),
  fc.constantFrom('{{% include "includes/missing.md" %}}', '{{% include %}}', '{{% include "../../../etc/passwd" %}}', '{{< include "includes/nav.md" >}}'),
);

const shortcode = fc.constantFrom('{{< figure src="x.png" >}}', '{{< figure src="x.png"', '{{% include "includes/nav.md"', '{{$', '{{ $x := 1 }}', '{{<', '{{%', '{{</* x */>}}', '{{< /x >}}');

const html = fc.constantFrom(
  '<table><tr><td>[x](/jobs/developer/)</td></tr></table>',
  '<div>',
  '</div>',
  '<!-- [x](/a/) -->',
  '<details><summary>s</summary>',
  '<script>x</script>',
  '<a href="/jobs/">',
);

const inlineText = fc
  .array(fc.oneof(word, link, fc.constantFrom(...EMOJI), fc.constantFrom(...LONE_SURROGATES), fc.string({ maxLength: 12 }), fc.constantFrom('*', '_', '`', '\\', '&amp;', '&#x1F600;')), {
    maxLength: 8,
  })
  .map((parts) => parts.join(' '));

const block = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 6 }), inlineText).map(([level, title]) => `${'#'.repeat(level)} ${title}`),
  fc.constantFrom('## Staff', '## Requirements', '## Senior Backend Engineer', '## Staff {#staff}', '### Requirements'),
  inlineText,
  extendsSentence,
  includeCall,
  shortcode,
  html,
  inlineText.map((item) => `- ${item}`),
  fc.constantFrom('```', '```md\n[x](/a/)\n```', '    indented [x](/b/)', '> quote [x](/jobs/developer/)', '---', '[ref]: /jobs/developer/'),
);

const frontMatter = fc.oneof(
  fc.constant(''),
  fc.constantFrom('---\ntitle: "Staff"\n---\n', '---\ntitle: Staff\naliases: [/old/staff/]\n---\n', '+++\ntitle = "Toml"\n+++\n'),
  fc.constantFrom(
    '---\ntitle: "Never closed"\n',
    '---\n: : :\n---\n',
    '---\ntitle: [unclosed\n---\n',
    '---\n&a [*a, *a]\n---\n',
    '---\ntitle: !!binary AAAA\n---\n',
    '---\naliases: 42\n---\n',
    '---\n---\n',
    '---',
    '+++\ntitle = \n+++\n',
    '---\ntitle: "\uD800"\n---\n',
    `---\n${'- '.repeat(50)}x\n---\n`,
  ),
);

function withLineEndings(text: string, ending: LineEnding): string {
  if (ending === 'lf') return text;
  if (ending === 'crlf') return text.replace(/\n/g, '\r\n');
  const endings = ['\n', '\r\n', '\r'];
  let line = 0;
  return text.replace(/\n/g, () => endings[line++ % endings.length]);
}

/** One page's text: front matter, then blocks, with some line-end convention. */
export function pageText(): fc.Arbitrary<string> {
  const body = fc.array(block, { maxLength: 14 }).map((blocks) => blocks.join('\n\n'));
  const big = fc.oneof({ weight: 9, arbitrary: body }, { weight: 1, arbitrary: fc.tuple(body, fc.integer({ min: 500, max: 5000 })).map(([text, times]) => `${text}\n\n## Staff\n\n`.repeat(times)) });
  return fc
    .tuple(frontMatter, big, fc.constantFrom<LineEnding>('lf', 'lf', 'crlf', 'mixed'), fc.boolean())
    .map(([head, text, ending, finalNewline]) => withLineEndings(`${head}${text}${finalNewline ? '\n' : ''}`, ending));
}

const hugoToml = fc.constantFrom(
  'baseURL = "https://handbook.example.com/"\n',
  'contentDir = "content"\n',
  '[module]\n[[module.mounts]]\nsource = "content"\ntarget = "content"\n',
  'not = toml = at all',
  '',
);

export function handbook(): fc.Arbitrary<Handbook> {
  const page = pageText();
  const paths = [...PAGE_PATHS, ...INCLUDE_PATHS, ...AWKWARD_PAGE_PATHS];
  return fc.record(
    {
      files: fc.dictionary(fc.constantFrom(...paths), page, { minKeys: 2, maxKeys: paths.length }),
      hugoToml,
      configFile,
    },
    { requiredKeys: ['files'] },
  );
}

/** A glob far longer than any real one (class 12): ignored with a message, never a hang. */
const HUGE_GLOB = 'x'.repeat(70_000);

const settings: fc.Arbitrary<Record<string, unknown>> = (() => {
  const garbage = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.string({ maxLength: 8 }),
    fc.constant([]),
    fc.constant({}),
    fc.constant([1, null]),
    fc.constant(-1),
    fc.constant(Number.MAX_SAFE_INTEGER),
    fc.constant(HUGE_GLOB),
    fc.constant({ nested: { deeper: [{}] } }),
  );
  const globs = fc.array(fc.constantFrom('jobs/**', 'job-families/**', '*.md', '', '**', '[', HUGE_GLOB, '!(a|b)'), { maxLength: 3 });
  const patterns = fc.array(fc.constantFrom('\\bextends that of\\b', 'all competencies exhibited by', '(a+)+$', '(a|aa)+$', '(x+x+)+y', '', '\\b', '(?:x)?', '[', '(?<', 'that', HUGE_GLOB), {
    maxLength: 3,
  });
  const roots = fc.constantFrom([], ['content'], ['missing'], ['.'], ['..'], ['/etc'], ['../outside'], [HUGE_GLOB]);
  return fc.record(
    {
      contentRoots: fc.oneof(garbage, roots),
      includeRoots: fc.oneof(garbage, roots, fc.constantFrom(['assets'], ['assets/includes'])),
      siteHosts: fc.oneof(garbage, fc.constant(['handbook.gitlab.com'])),
      rolePaths: fc.oneof(garbage, globs),
      extendsPatterns: fc.oneof(garbage, patterns),
      maxFileSize: fc.oneof(garbage, fc.constantFrom(1, 100, 0.5, 5 * 1024 * 1024)),
      hover: fc.oneof(garbage, fc.record({ maxLines: fc.oneof(garbage, fc.constantFrom(0, 5, 1e9)) })),
      // Rules by code (real, misspelt, inherited from Object) at any level, real or not.
      rules: fc.oneof(
        garbage,
        fc.dictionary(
          fc.constantFrom('link-missing-anchor', 'link-via-alias', 'include-missing', 'suppression-unused', 'link-missin-anchor', '__proto__', 'constructor'),
          fc.oneof(garbage, fc.constantFrom('off', 'error', 'hint', 'loud')),
          {
            maxKeys: 3,
          },
        ),
      ),
      ignore: fc.oneof(garbage, globs),
      ignoreLinks: fc.oneof(garbage, globs, fc.constant(['/jobs/**', '#*', 'https://**'])),
    },
    { requiredKeys: [] },
  );
})();

const position: fc.Arbitrary<Position> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((at): Position => ({ kind: 'valid', at })),
  fc.record({ kind: fc.constant('invalid' as const), line: fc.integer({ min: 0, max: 10_000 }), character: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ kind: fc.constant('invalid' as const), line: fc.constantFrom(1e15, 0.5, -1, 2 ** 31, 3), character: fc.constantFrom(-1, 0.5, 1e15, 0, 2 ** 31) }),
);

/** The handbook's configuration file: the same settings the editor may send, as YAML, or broken YAML. */
const configFile: fc.Arbitrary<string> = fc.oneof(
  settings.map((value) => stringifyYaml(value)),
  fc.constantFrom('rules: [', 'extendsPatterns: "(a+)+$"\n', 'rules:\n  link-missing-page: loud\n', ': :\n\t- x', '\uFEFFrolePaths: ["jobs/**"]\n', '&a [*a]', '', 'x: '.repeat(10_000)),
);

const stormAction: fc.Arbitrary<StormAction> = (() => {
  const page = pageText();
  const anyPath = fc.constantFrom(...PAGE_PATHS, ...INCLUDE_PATHS);
  const newPath = fc.constantFrom('content/jobs/new.md', 'content/job-families/engineering/new.md', 'content/handbook/new/_index.md', 'assets/includes/new.md');
  const folder = fc.constantFrom('content/jobs/fresh', 'content/job-families/engineering/management', 'content/handbook/careers', 'assets/includes/nested');
  return fc.oneof(
    fc.record({ kind: fc.constant('create' as const), path: fc.oneof(anyPath, newPath, fc.constantFrom('content/jobs/diagram.png', 'content/jobs/notes.txt')), text: page }),
    fc.record({ kind: fc.constant('delete' as const), path: anyPath }),
    fc.record({ kind: fc.constant('rename' as const), from: anyPath, to: newPath }),
    fc.record({ kind: fc.constant('createFolder' as const), folder, text: page }),
    fc.record({ kind: fc.constant('deleteFolder' as const), folder }),
    fc.record({ kind: fc.constant('replaceByFolder' as const), path: anyPath, text: page }),
    fc.record({
      kind: fc.constant('symlink' as const),
      path: fc.constantFrom('content/jobs/linked', 'content/jobs/linked.md'),
      target: fc.constantFrom('outside-folder' as const, 'inside-folder' as const, 'outside-file' as const),
    }),
    fc.record({ kind: fc.constant('fifo' as const), path: fc.constantFrom(...FIFO_PATHS) }),
    fc.record({ kind: fc.constant('create' as const), path: fc.constant(CONFIG_PATH), text: configFile }),
    fc.record({ kind: fc.constant('delete' as const), path: fc.constant(CONFIG_PATH) }),
  );
})();

const storm: fc.Arbitrary<Operation> = fc.array(stormAction, { minLength: 1, maxLength: 6 }).map((actions): Operation => ({ kind: 'storm', actions }));

const requestMethod = fc.constantFrom<RequestMethod>('hover', 'completion', 'definition', 'documentLink', 'codeAction');

const folderChange = fc.constantFrom<FolderChange>('add-same', 'add-same-slash', 'add-nested', 'remove-nested');

export function operation(): fc.Arbitrary<Operation> {
  const index = fc.nat({ max: 20 });
  const insert = fc.oneof(
    fc.constantFrom('[', '](', '{{% include "', '{{<', '{{$', '\n', '\r\n', '\r', '## Staff\n', 'extends that of [x](/jobs/developer/)', '😀', '---\n'),
    fc.string({ maxLength: 10 }),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('open' as const), file: index, text: pageText() }, { requiredKeys: ['kind', 'file'] }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('edit' as const),
        document: index,
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        remove: fc.nat({ max: 20 }),
        insert,
        burst: fc.integer({ min: 1, max: 25 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), document: index }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('request' as const), method: requestMethod, document: index, position, cancel: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreignRequest' as const), method: requestMethod, scheme: fc.constantFrom('http' as const, 'untitled' as const), position }) },
    { weight: 1, arbitrary: storm },
    { weight: 1, arbitrary: settings.map((value): Operation => ({ kind: 'settings', settings: value })) },
    { weight: 1, arbitrary: folderChange.map((change): Operation => ({ kind: 'workspaceFolders', change })) },
  );
}

export function scenario(maxOperations = 25): fc.Arbitrary<Scenario> {
  return fc.record({
    handbook: handbook(),
    settings,
    foldersAfterInitialized: fc.array(folderChange, { maxLength: 2 }),
    operations: fc.array(operation(), { minLength: 1, maxLength: maxOperations }),
  });
}
