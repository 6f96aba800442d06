// The README's CI examples, run as written: the GitLab CI job and the GitHub Actions workflow are
// taken from README.md ("In CI"), and their install and check lines run in bash on a copy of the
// example handbook, with the job's own variables, HANDBOOK_ROLES pointing at a tarball packed from
// this build, and npm's global prefix in a scratch folder (offline: the package has nothing to
// fetch). The baseline is written as the README says; the job passes on the accepted problems and
// fails on a newly broken link, which its report names.
import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { EXAMPLE, envWithoutNpm, packTarball, runCommand, type CliRun } from './support';

const README = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');
const FAQ = 'content/handbook/engineering/careers/faq.md';

/** The fenced blocks of `language` in the README's "In CI" section. */
function ciBlocks(language: string): string[] {
  const section = README.slice(README.indexOf('### In CI'));
  const end = section.indexOf('\n## ');
  const blocks = [...section.slice(0, end === -1 ? undefined : end).matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)];
  return blocks.filter(([, fence]) => fence === language).map(([, , body]) => body);
}

interface GitLabJob {
  image: string;
  variables: Record<string, string>;
  cache: { paths: string[] };
  script: string[];
  artifacts: { when: string; reports: { codequality: string } };
}

interface GitHubStep {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}
interface GitHubWorkflow {
  jobs: Record<string, { env: Record<string, string>; steps: GitHubStep[] }>;
}

const [baselineLine] = ciBlocks('sh')
  .flatMap((block) => block.split('\n'))
  .filter((line) => line.includes('--write-baseline'));
const [gitlab, github] = ciBlocks('yaml').map((block) => parse(block) as unknown);
const gitlabJob = (gitlab as Record<string, GitLabJob>)['handbook-roles'];
const githubJob = (github as GitHubWorkflow).jobs['handbook-roles'];

/** The line of a job that installs the command. */
function installLine(lines: readonly string[]): string {
  const [line] = lines.filter((candidate) => candidate.startsWith('npm install -g'));
  assert.ok(line, `an npm install -g line among ${JSON.stringify(lines)}`);
  return line;
}

describe("the README's CI examples", () => {
  let work: string;
  let tarball: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'handbook-roles-ci-'));
    tarball = await packTarball(work);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  /** A fresh clone of a handbook (the example one), with its baseline written as the README says, and how to run lines in it. */
  async function project(name: string, variables: Record<string, string>): Promise<{ folder: string; run: (lines: readonly string[]) => Promise<CliRun> }> {
    const folder = path.join(work, name);
    await runCommand('cp', ['-r', EXAMPLE, folder]);
    const prefix = path.join(work, `${name}-prefix`);
    const env = envWithoutNpm({
      ...variables,
      HANDBOOK_ROLES: tarball,
      npm_config_prefix: prefix,
      npm_config_offline: 'true',
      npm_config_cache: path.join(work, `${name}-npm-cache`),
      PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      XDG_CACHE_HOME: path.join(work, `${name}-xdg-cache`),
    });
    // Both CI systems run a job's lines in bash and stop at the first that fails.
    const run = (lines: readonly string[]) => runCommand('bash', ['-e', '-o', 'pipefail', '-c', lines.join('\n')], { cwd: folder, env });
    return { folder, run };
  }

  it('has a baseline line, a GitLab CI job and a GitHub Actions workflow', () => {
    assert.match(baselineLine, /^handbook-roles check --write-baseline \S+$/);
    assert.equal(gitlabJob.image, 'node:20');
    assert.equal(gitlabJob.artifacts.when, 'always', 'the report is uploaded when the check fails too');
    const upload = githubJob.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'));
    assert.equal(upload?.if, 'always()', 'the SARIF is uploaded when the check fails too');
  });

  it('GitLab CI: installs, passes on the accepted problems, fails on a new one, with a Code Quality report and a filled cache folder', async () => {
    const { folder, run } = await project('gitlab', gitlabJob.variables);
    // The author installs the command and writes the baseline once, before the first job.
    const baseline = await run([installLine(gitlabJob.script), baselineLine]);
    assert.equal(baseline.code, 0, baseline.stderr);
    const report = path.join(folder, gitlabJob.artifacts.reports.codequality);
    const cacheFolder = path.join(folder, gitlabJob.cache.paths[0]);
    assert.ok(
      gitlabJob.script.some((line) => line.includes(`> ${gitlabJob.artifacts.reports.codequality}`)),
      'the script writes the report the artifacts name',
    );

    const passing = await run(gitlabJob.script);
    assert.equal(passing.code, 0, passing.stderr);
    assert.deepEqual(JSON.parse(readFileSync(report, 'utf8')), [], 'the accepted problems are not reported');
    assert.ok(existsSync(cacheFolder) && readdirSync(cacheFolder).length > 0, `the check keeps its cache in ${gitlabJob.cache.paths[0]}`);

    appendFileSync(path.join(folder, FAQ), '\nSee [the security managers](/jobs/security-management-team/).\n');
    const failing = await run(gitlabJob.script);
    assert.equal(failing.code, 1, failing.stderr);
    const issues = JSON.parse(readFileSync(report, 'utf8')) as { check_name: string; location: { path: string } }[];
    assert.deepEqual(
      issues.map((issue) => [issue.check_name, issue.location.path]),
      [['link-missing-page', FAQ]],
    );
  });

  it('GitHub Actions: installs, passes on the accepted problems, fails on a new one, with a SARIF report to upload', async () => {
    const { folder, run } = await project('github', githubJob.env);
    const runs = githubJob.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
    assert.equal((await run([installLine(runs), baselineLine])).code, 0);
    const upload = githubJob.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'));
    const sarif = path.join(folder, upload!.with!.sarif_file);
    const cache = githubJob.steps.find((step) => step.uses?.startsWith('actions/cache'));
    assert.ok(
      runs.some((line) => line.includes(`--cache-dir ${cache!.with!.path}`)),
      'the check keeps its cache where actions/cache looks',
    );

    // Each step is a shell of its own.
    const runSteps = async () => {
      for (const line of runs) {
        const result = await run([line]);
        if (result.code !== 0) return result;
      }
      return { code: 0, stdout: '', stderr: '' };
    };
    assert.equal((await runSteps()).code, 0);
    const results = () =>
      (JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0].results;
    assert.deepEqual(results(), []);

    appendFileSync(path.join(folder, FAQ), '\nSee [the security managers](/jobs/security-management-team/).\n');
    assert.equal((await runSteps()).code, 1);
    assert.deepEqual(
      results().map((result) => [result.ruleId, result.locations[0].physicalLocation.artifactLocation.uri]),
      [['link-missing-page', FAQ]],
    );
  });
});
