// Peer: vscode-markdown-languageservice 0.5 (the engine behind VS Code's built-in Markdown link
// validation), computeDiagnostics over every Markdown file of the handbook.
//
//   node vscode-mls.mjs <handbook> [--passes 1|2]
//
// The workspace is backed by the file system (documents kept in memory once opened, as VS Code's
// server keeps them), its one workspace folder is `content/` so that `/handbook/...` links resolve
// the way Hugo serves them, and the parser is markdown-it configured as VS Code configures it, with
// `githubSlugifier`. Diagnostic levels are VS Code's defaults for `markdown.validate.*` with
// validation enabled. `--passes 2` runs a second pass over every page in the same process (same
// service, documents unchanged) and reports its time as the warm figure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createLanguageService,
  DiagnosticLevel,
  githubSlugifier,
  LogLevel,
  type DiagnosticOptions,
  type FileStat,
  type IMdParser,
  type ITextDocument,
  type IWorkspace,
} from 'vscode-markdown-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { contentDir, handbookMarkdown, isMarkdown } from '../lib/corpus';
import type { Finding } from '../lib/findings';
import { elapsedMs, fail, now, parsePeerArgs, report } from '../lib/peer';
import { createVsCodeMarkdownIt } from './vscodeMarkdownIt';

const TOOL = 'vscode-markdown-languageservice';
const { folder, flags } = parsePeerArgs('vscode-mls <handbook-folder> [--passes 1|2]');
const passes = Number(flags.get('passes') ?? 1);

const noEvent = () => ({ dispose() {} });

class FsWorkspace implements IWorkspace {
  private readonly docs = new Map<string, ITextDocument>();
  constructor(
    private readonly root: URI,
    private readonly files: string[],
  ) {}

  get workspaceFolders(): readonly URI[] {
    return [this.root];
  }
  readonly onDidChangeMarkdownDocument = noEvent;
  readonly onDidCreateMarkdownDocument = noEvent;
  readonly onDidDeleteMarkdownDocument = noEvent;

  async getAllMarkdownDocuments(): Promise<Iterable<ITextDocument>> {
    const out: ITextDocument[] = [];
    for (const f of this.files) {
      const d = await this.openMarkdownDocument(URI.file(f));
      if (d) out.push(d);
    }
    return out;
  }
  hasMarkdownDocument(resource: URI): boolean {
    return this.docs.has(resource.toString());
  }
  async openMarkdownDocument(resource: URI): Promise<ITextDocument | undefined> {
    const key = resource.toString();
    const cached = this.docs.get(key);
    if (cached) return cached;
    if (resource.scheme !== 'file' || !isMarkdown(resource.fsPath)) return undefined;
    let text: string;
    try {
      text = await fs.promises.readFile(resource.fsPath, 'utf8');
    } catch {
      return undefined;
    }
    const doc = TextDocument.create(key, 'markdown', 1, text) as unknown as ITextDocument;
    this.docs.set(key, doc);
    return doc;
  }
  async stat(resource: URI): Promise<FileStat | undefined> {
    try {
      const st = await fs.promises.stat(resource.fsPath);
      return { isDirectory: st.isDirectory() };
    } catch {
      return undefined;
    }
  }
  async readDirectory(resource: URI): Promise<Iterable<readonly [string, FileStat]>> {
    const entries = await fs.promises.readdir(resource.fsPath, { withFileTypes: true });
    return entries.map((e) => [e.name, { isDirectory: e.isDirectory() }] as const);
  }
}

async function main(): Promise<void> {
  const files = handbookMarkdown(folder);
  if (files.length === 0) fail(TOOL, `no Markdown files under ${folder}`);
  const workspace = new FsWorkspace(URI.file(contentDir(folder)), files);
  const md = createVsCodeMarkdownIt();
  const parser: IMdParser = {
    slugifier: githubSlugifier,
    async tokenize(document) {
      return md.parse(document.getText(), {});
    },
  };
  const ls = createLanguageService({
    workspace,
    parser,
    logger: { level: LogLevel.Off, log() {} },
  });
  // VS Code's defaults once `markdown.validate.enabled` is on.
  const options: DiagnosticOptions = {
    validateReferences: DiagnosticLevel.warning,
    validateFragmentLinks: DiagnosticLevel.warning,
    validateFileLinks: DiagnosticLevel.warning,
    validateMarkdownFileLinkFragments: DiagnosticLevel.warning,
    validateUnusedLinkDefinitions: DiagnosticLevel.hint,
    validateDuplicateLinkDefinitions: DiagnosticLevel.warning,
    ignoreLinks: [],
  };
  const token = { isCancellationRequested: false, onCancellationRequested: noEvent };

  const passMs: number[] = [];
  let problems = 0;
  const byCode: Record<string, number> = {};
  const findings: Finding[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const t0 = now();
    let count = 0;
    for (const f of files) {
      const doc = await workspace.openMarkdownDocument(URI.file(f));
      if (!doc) continue;
      const diags = await ls.computeDiagnostics(doc, options, token);
      count += diags.length;
      if (pass !== 0) continue;
      for (const d of diags) {
        const code = String(d.code);
        byCode[code] = (byCode[code] ?? 0) + 1;
        const { hrefText } = (d.data ?? {}) as { hrefText?: string };
        findings.push({ file: path.relative(folder, f).split(path.sep).join('/'), line: d.range.start.line + 1, column: d.range.start.character + 1, code, reference: hrefText });
      }
    }
    passMs.push(Math.round(elapsedMs(t0)));
    if (pass === 0) problems = count;
    else if (count !== problems) process.stderr.write(`${TOOL}: pass ${pass + 1} found ${count} problems, pass 1 ${problems}\n`);
  }
  ls.dispose();
  report(
    {
      tool: TOOL,
      problems,
      files: files.length,
      workspaceFolder: path.relative(folder, contentDir(folder)) || '.',
      coldMs: passMs[0],
      warmMs: passMs[1] ?? null,
      byCode,
    },
    findings,
  );
}

main().catch((e: unknown) => fail(TOOL, e instanceof Error ? (e.stack ?? e.message) : String(e)));
