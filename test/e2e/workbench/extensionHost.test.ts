/** The suite of .vscode-test.mjs, run by @vscode/test-cli's runner in the extension host; each test ends here as it did there. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { format } from 'node:util';
import picomatch from 'picomatch';
import { pollUntil } from '../../support/poll';
import { repoRoot } from '../../support/vscodeServer';
import { newPage, runDir, startWorkbench, testConfig } from './person';

type Reported = { fullTitle: string; err: { message?: string; stack?: string } };

describe('In the extension host', async () => {
  const reportFile = path.join(runDir, 'extension-host.json');
  const isTestFile = picomatch(testConfig.files);
  const files = fs.readdirSync(path.join(repoRoot, 'out'), { recursive: true }).map((file) => path.join('out', String(file)));
  const mochaOpts = { ...testConfig.mocha, reporter: 'json', reporterOption: { output: reportFile } };
  const testOptions = { mochaOpts, files: files.filter((file) => isTestFile(file)).map((file) => path.join(repoRoot, file)), preload: [] };
  const runner = path.join(path.dirname(require.resolve('@vscode/test-cli')), 'runner.cjs');
  const { url } = await startWorkbench({ VSCODE_TEST_OPTIONS: JSON.stringify(testOptions) }, runner);
  const page = await newPage();
  const log: string[] = [];
  let exitCode: number | undefined;
  // The workbench passes a console call's arguments, e.g. ['%s  %d passing (%s)', 7, '9s'].
  await page.exposeFunction('codeAutomationLog', (level: string, args: unknown[]) => log.push(`[${level}] ${format(...args)}`));
  await page.exposeFunction('codeAutomationExit', (code: number) => (exitCode = code));
  await page.goto(url);
  await pollUntil('the end of the suite in the extension host', () => exitCode !== undefined, Boolean, 10 * 60_000);
  // mocha's JSON report, whose `failures` also has the failed hooks
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : {};
  const { tests = [], failures = [], pending = [] }: Record<string, Reported[]> = report;
  const failedHooks = failures.filter((failure) => !tests.some((test) => test.fullTitle === failure.fullTitle));
  for (const { fullTitle, err } of [...tests, ...failedHooks]) {
    it(fullTitle, { skip: pending.some((test) => test.fullTitle === fullTitle) }, () => {
      if (err.message) throw Object.assign(new Error(err.message), { stack: err.stack });
    });
  }
  if (tests.length === 0 || (exitCode !== 0 && failures.length === 0))
    it('ends cleanly', () => assert.fail(`the suite exited with ${exitCode} after ${tests.length} test(s); its log:\n${log.join('\n')}`));
});
