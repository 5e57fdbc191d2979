/**
 * The suite of .vscode-test.mjs (test/e2e/suite) in the extension host of the VS Code server, run by
 * @vscode/test-cli's runner from the workbench's test payload; each of its tests, and each of its hooks that
 * failed, is a test here, passing, failing or skipped as it did there. Its log goes to test-output/e2e-workbench.log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { format } from 'node:util';
import picomatch from 'picomatch';
import { pollUntil } from '../../support/poll';
import { repoRoot } from '../../support/vscodeServer';
import { newPage, runDir, startWorkbench, testConfig } from './person';

type Reported = { title: string; fullTitle: string; err: { message?: string; stack?: string } };

/** Runs the suite; returns mocha's JSON report (its `failures` also has the failed hooks) and what went wrong besides. */
async function runSuite() {
  const reportFile = path.join(runDir, 'extension-host.json');
  const isTestFile = picomatch(testConfig.files);
  const files = fs.readdirSync(path.join(repoRoot, 'out'), { recursive: true }).map((file) => path.join('out', String(file)));
  const testOptions = {
    mochaOpts: { ...testConfig.mocha, reporter: 'json', reporterOption: { output: reportFile } },
    files: files.filter((file) => isTestFile(file)).map((file) => path.join(repoRoot, file)),
    preload: [],
  };
  const extensionTestsPath = path.join(path.dirname(require.resolve('@vscode/test-cli')), 'runner.cjs');
  const { url } = await startWorkbench({ VSCODE_TEST_OPTIONS: JSON.stringify(testOptions) }, extensionTestsPath);
  const page = await newPage();
  fs.mkdirSync(path.join(repoRoot, 'test-output'), { recursive: true });
  const log = fs.createWriteStream(path.join(repoRoot, 'test-output', 'e2e-workbench.log'));
  let exitCode: number | undefined;
  // The workbench passes a console call's arguments, e.g. ['%s  %d passing (%s)', 7, '9s'].
  await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) =>
    log.write(`[${level}] ${Array.isArray(args) ? format(...args) : String(args)}\n`),
  );
  await page.exposeFunction('codeAutomationExit', (code: number) => (exitCode = code));
  await page.goto(url);
  await pollUntil('the end of the suite in the extension host', () => exitCode !== undefined, Boolean, 10 * 60_000);
  log.end();
  const report: Record<'tests' | 'failures' | 'pending', Reported[]> = fs.existsSync(reportFile)
    ? JSON.parse(fs.readFileSync(reportFile, 'utf8'))
    : { tests: [], failures: [], pending: [] };
  const clean = report.tests.length > 0 && (exitCode === 0 || report.failures.length > 0);
  return { ...report, problem: clean ? '' : `it exited with ${exitCode} after ${report.tests.length} test(s); see its log` };
}

describe('In the extension host', async () => {
  const { tests, failures, pending, problem } = await runSuite().catch((error: Error) => ({
    ...{ tests: [], failures: [], pending: [] },
    problem: error.message,
  }));
  const failedHooks = failures.filter((failure) => !tests.some((test) => test.fullTitle === failure.fullTitle));
  for (const { fullTitle, err } of [...tests, ...failedHooks]) {
    it(fullTitle, { skip: pending.some((test) => test.fullTitle === fullTitle) }, () => {
      if (err.message) throw Object.assign(new Error(err.message), { stack: err.stack });
    });
  }
  if (problem) it('the suite ends cleanly', () => Promise.reject(new Error(problem)));
});
