// fast-check generators of what the fuzzer throws at the server: handbooks (pages with hostile
// front matter, links, extends sentences, shortcodes, HTML, emoji and lone surrogates, mixed line
// ends; include files; sometimes a hugo.toml), and sessions of LSP traffic over them (opens, edit
// bursts, closes, requests at valid and invalid positions, cancellations, file storms with
// watched-file events, garbage settings). Everything generated is plain JSON, so a shrunk
// counterexample can be saved and replayed without the generators.
import fc from 'fast-check';
import type { KnownDefects } from './knownDefects';

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
  | { readonly kind: 'symlink'; readonly path: string; readonly target: 'outside-folder' | 'inside-folder' | 'outside-file' };

export type Operation =
  | { readonly kind: 'open'; readonly file: number; readonly text?: string }
  | { readonly kind: 'edit'; readonly document: number; readonly at: number; readonly remove: number; readonly insert: string; readonly burst: number }
  | { readonly kind: 'close'; readonly document: number }
  | { readonly kind: 'request'; readonly method: RequestMethod; readonly document: number; readonly position: Position; readonly cancel: boolean }
  | { readonly kind: 'storm'; readonly actions: readonly StormAction[] }
  | { readonly kind: 'settings'; readonly settings: Record<string, unknown> };

export interface Scenario {
  readonly handbook: Handbook;
  readonly settings: Record<string, unknown>;
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
  fc.constantFrom('[broken](/nowhere/)', '[x](', '[](', '[a]()', '[ref][missing]', '<https://example.com>', '[x](../../../../etc/passwd)', '[up](../)'),
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

function inlineText(flags: KnownDefects) {
  const pieces = [word, link, fc.constantFrom(...EMOJI), fc.string({ maxLength: 12 }), fc.constantFrom('*', '_', '`', '\\', '&amp;', '&#x1F600;')];
  if (flags.hostilePatternsFixed) pieces.push(fc.constantFrom(...LONE_SURROGATES));
  return fc.array(fc.oneof(...pieces), { maxLength: 8 }).map((parts) => parts.join(' '));
}

function block(flags: KnownDefects) {
  const text = inlineText(flags);
  return fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 6 }), text).map(([level, title]) => `${'#'.repeat(level)} ${title}`),
    fc.constantFrom('## Staff', '## Requirements', '## Senior Backend Engineer', '## Staff {#staff}', '### Requirements'),
    text,
    extendsSentence,
    includeCall,
    shortcode,
    html,
    text.map((item) => `- ${item}`),
    fc.constantFrom('```', '```md\n[x](/a/)\n```', '    indented [x](/b/)', '> quote [x](/jobs/developer/)', '---', '[ref]: /jobs/developer/'),
  );
}

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

function withLineEndings(text: string, ending: LineEnding, flags: KnownDefects): string {
  if (ending === 'lf') return text;
  if (ending === 'crlf') return text.replace(/\n/g, '\r\n');
  const endings = flags.loneCarriageReturnFixed ? ['\n', '\r\n', '\r'] : ['\n', '\r\n'];
  let line = 0;
  return text.replace(/\n/g, () => endings[line++ % endings.length]);
}

/** One page's text: front matter, then blocks, with some line-end convention. */
export function pageText(flags: KnownDefects): fc.Arbitrary<string> {
  const body = fc.array(block(flags), { maxLength: 14 }).map((blocks) => blocks.join('\n\n'));
  const big = flags.bigPagesFixed
    ? fc.oneof({ weight: 9, arbitrary: body }, { weight: 1, arbitrary: fc.tuple(body, fc.integer({ min: 500, max: 5000 })).map(([text, times]) => `${text}\n\n## Staff\n\n`.repeat(times)) })
    : body;
  return fc
    .tuple(frontMatter, big, fc.constantFrom<LineEnding>('lf', 'lf', 'crlf', 'mixed'), fc.boolean())
    .map(([head, text, ending, finalNewline]) => withLineEndings(`${head}${text}${finalNewline ? '\n' : ''}`, ending, flags));
}

const hugoToml = fc.constantFrom(
  'baseURL = "https://handbook.example.com/"\n',
  'contentDir = "content"\n',
  '[module]\n[[module.mounts]]\nsource = "content"\ntarget = "content"\n',
  'not = toml = at all',
  '',
);

export function handbook(flags: KnownDefects): fc.Arbitrary<Handbook> {
  const page = pageText(flags);
  const paths = flags.stormDifferentialFixed && flags.oddPositionsAndUrisFixed ? [...PAGE_PATHS, ...INCLUDE_PATHS, ...AWKWARD_PAGE_PATHS] : [...PAGE_PATHS, ...INCLUDE_PATHS];
  return fc.record(
    {
      files: fc.dictionary(fc.constantFrom(...paths), page, { minKeys: 2, maxKeys: paths.length }),
      hugoToml,
    },
    { requiredKeys: ['files'] },
  );
}

function settings(flags: KnownDefects): fc.Arbitrary<Record<string, unknown>> {
  const garbage = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.string({ maxLength: 8 }),
    fc.constant([]),
    fc.constant({}),
    fc.constant([1, null]),
    fc.constant(-1),
    fc.constant(Number.MAX_SAFE_INTEGER),
  );
  const globs = flags.oddSettingsFixed
    ? fc.array(fc.constantFrom('jobs/**', '', '**', '[', 'x'.repeat(70_000), '!(a|b)'), { maxLength: 3 })
    : fc.array(fc.constantFrom('jobs/**', '**', 'job-families/**', '*.md'), { maxLength: 3 });
  const patterns = flags.hostilePatternsFixed
    ? fc.array(fc.constantFrom('\\bextends that of\\b', '(a+)+$', '(a|aa)+$', '(x+x+)+y', '', '\\b', '(?:x)?', '[', '(?<', 'that'), { maxLength: 3 })
    : fc.array(fc.constantFrom('\\bextends that of\\b', 'all competencies exhibited by', 'that of'), { maxLength: 2 });
  return fc.record(
    {
      contentRoots: fc.oneof(garbage, fc.constantFrom([], ['content'], ['missing'], ['.'])),
      includeRoots: fc.oneof(garbage, fc.constantFrom([], ['assets'], ['assets/includes'])),
      siteHosts: fc.oneof(garbage, fc.constant(['handbook.gitlab.com'])),
      rolePaths: fc.oneof(garbage, globs),
      extendsPatterns: fc.oneof(garbage, patterns),
      maxFileSize: fc.oneof(garbage, fc.constantFrom(1, 100, 0.5, 5 * 1024 * 1024)),
      hover: fc.oneof(garbage, fc.record({ maxLines: fc.oneof(garbage, fc.constantFrom(0, 5, 1e9)) })),
    },
    { requiredKeys: [] },
  );
}

function position(flags: KnownDefects): fc.Arbitrary<Position> {
  const valid = fc.double({ min: 0, max: 1, noNaN: true }).map((at): Position => ({ kind: 'valid', at }));
  const pastEnd = fc.record({ kind: fc.constant('invalid' as const), line: fc.integer({ min: 0, max: 10_000 }), character: fc.integer({ min: 0, max: 10_000 }) });
  const odd = fc.record({
    kind: fc.constant('invalid' as const),
    line: fc.constantFrom(1e15, 0.5, -1, 2 ** 31, 3),
    character: fc.constantFrom(-1, 0.5, 1e15, 0, 2 ** 31),
  });
  return flags.oddPositionsAndUrisFixed ? fc.oneof(valid, pastEnd, odd) : fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: pastEnd });
}

function stormAction(flags: KnownDefects): fc.Arbitrary<StormAction> {
  const page = pageText(flags);
  const anyPath = fc.constantFrom(...PAGE_PATHS, ...INCLUDE_PATHS);
  const newPath = fc.constantFrom('content/jobs/new.md', 'content/job-families/engineering/new.md', 'content/handbook/new/_index.md', 'assets/includes/new.md');
  const folder = fc.constantFrom('content/jobs/fresh', 'content/job-families/engineering/management', 'content/handbook/careers', 'assets/includes/nested');
  const safe: fc.Arbitrary<StormAction>[] = [
    fc.record({ kind: fc.constant('create' as const), path: fc.oneof(anyPath, newPath), text: page }),
    fc.record({ kind: fc.constant('delete' as const), path: anyPath }),
    fc.record({ kind: fc.constant('rename' as const), from: anyPath, to: newPath }),
    fc.record({ kind: fc.constant('createFolder' as const), folder, text: page }),
    fc.record({ kind: fc.constant('deleteFolder' as const), folder }),
  ];
  if (flags.stormDifferentialFixed) {
    safe.push(
      fc.record({ kind: fc.constant('replaceByFolder' as const), path: anyPath, text: page }),
      fc.record({ kind: fc.constant('create' as const), path: fc.constantFrom('content/jobs/diagram.png', 'content/jobs/notes.txt'), text: page }),
    );
  }
  if (flags.symlinkStormsFixed) {
    safe.push(
      fc.record({
        kind: fc.constant('symlink' as const),
        path: fc.constantFrom('content/jobs/linked', 'content/jobs/linked.md'),
        target: fc.constantFrom('outside-folder' as const, 'inside-folder' as const, 'outside-file' as const),
      }),
    );
  }
  return fc.oneof(...safe);
}

/** A storm's actions may touch one path twice only once batches that do so are handled (class 9). */
function storm(flags: KnownDefects): fc.Arbitrary<Operation> {
  const actions = fc.array(stormAction(flags), { minLength: 1, maxLength: 6 });
  const touched = (action: StormAction) => (action.kind === 'rename' ? [action.from, action.to] : [action.kind === 'createFolder' || action.kind === 'deleteFolder' ? action.folder : action.path]);
  const distinct = (list: readonly StormAction[]) => {
    const paths = list.flatMap(touched);
    return paths.every((one, index) => paths.every((other, otherIndex) => index === otherIndex || !(one === other || one.startsWith(`${other}/`) || other.startsWith(`${one}/`))));
  };
  return (flags.stormDifferentialFixed ? actions : actions.filter(distinct)).map((list): Operation => ({ kind: 'storm', actions: list }));
}

export function operation(flags: KnownDefects): fc.Arbitrary<Operation> {
  const index = fc.nat({ max: 20 });
  const insert = fc.oneof(fc.constantFrom('[', '](', '{{% include "', '{{<', '{{$', '\n', '\r\n', '## Staff\n', 'extends that of [x](/jobs/developer/)', '😀', '---\n'), fc.string({ maxLength: 10 }));
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('open' as const), file: index, text: pageText(flags) }, { requiredKeys: ['kind', 'file'] }) },
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
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('request' as const),
        method: fc.constantFrom<RequestMethod>('hover', 'completion', 'definition', 'documentLink', 'codeAction'),
        document: index,
        position: position(flags),
        cancel: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: storm(flags) },
    { weight: 1, arbitrary: settings(flags).map((value): Operation => ({ kind: 'settings', settings: value })) },
  );
}

export function scenario(flags: KnownDefects, maxOperations = 25): fc.Arbitrary<Scenario> {
  return fc.record({ handbook: handbook(flags), settings: settings(flags), operations: fc.array(operation(flags), { minLength: 1, maxLength: maxOperations }) });
}
