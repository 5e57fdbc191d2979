/**
 * `npm run test:e2e`: the suite of .vscode-test.mjs in the extension host of the VS Code server from code-server, run
 * by @vscode/test-cli's runner from the workbench's test payload in headless Chromium, against moto. Its mocha JSON
 * report is replayed in one mocha run with the UI and demo checks (workbench/*.test.js). Prints `N passed, N failed`
 * last, also written as JSON to the file named by the first argument.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import type MochaType from 'mocha';
import picomatch from 'picomatch';
import { motoClient, motoEnv, seedSecrets, startMoto } from '../support/moto';
import { pollUntil } from '../support/poll';
import { sampleSecrets } from '../support/sampleSecrets';
import { launchChromium, repoRoot, startVsCodeServer, stopOnSignals, workbenchSettings } from '../support/vscodeServer';
import { session, stopAtEnd } from './workbench/person';

// mocha 12's package entry is an ES module; its CommonJS build is this.
const Mocha: typeof MochaType = require('mocha/lib/mocha.cjs');
// The same options as @vscode/test-cli reads (an ES module: Node.js 20.19 and later require it synchronously).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(repoRoot, '.vscode-test.mjs')).default;
const output = path.join(repoRoot, 'test-output');

type ReportedTest = { title: string; fullTitle: string; err: { message?: string; stack?: string } };
/** The parts of mocha's JSON report read here; `failures` also has the failed hooks, which `tests` has not. */
type Report = Record<'tests' | 'failures' | 'pending', ReportedTest[]>;

/** Runs the suite in the extension host of a workbench page and returns its report. */
async function runSuiteInExtensionHost(reportFile: string): Promise<Report> {
  const workbenchLog = fs.createWriteStream(path.join(output, 'e2e-workbench.log'));
  const page = await session.browser.newPage();
  let exitCode: number | undefined;
  // The workbench passes a console call's arguments, e.g. ['%s  %d passing (%s)', 7, '9s'].
  await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) =>
    workbenchLog.write(`[${level}] ${Array.isArray(args) ? format(...args) : String(args)}\n`),
  );
  await page.exposeFunction('codeAutomationExit', (code: number) => (exitCode = code));
  const extensionTestsPath = path.join(path.dirname(require.resolve('@vscode/test-cli')), 'runner.cjs');
  await page.goto(session.server.workbenchUrl(session.workspace, { extensionDevelopmentPath: repoRoot, extensionTestsPath }));
  console.log('The suite in the extension host: running (its log goes to test-output/e2e-workbench.log)');
  await pollUntil('the end of the suite in the extension host', () => exitCode !== undefined, Boolean, 10 * 60_000);
  await page.close();
  workbenchLog.end();
  const report: Report = fs.existsSync(reportFile)
    ? JSON.parse(fs.readFileSync(reportFile, 'utf8'))
    : { tests: [], failures: [], pending: [] };
  if (report.tests.length === 0 || (exitCode !== 0 && report.failures.length === 0)) {
    const message = `the suite in the extension host exited with ${exitCode} after ${report.tests.length} test(s); see its log`;
    report.failures.push({ title: 'ends cleanly', fullTitle: 'The suite in the extension host ends cleanly', err: { message } });
  }
  return report;
}

/** The extension host's tests as tests of `mocha`, under their own suites, passing, failing or pending as they did there. */
function replay(mocha: MochaType, { tests, failures, pending }: Report): void {
  const suites = new Map<string, MochaType.Suite>();
  const failedHooks = failures.filter((failure) => !tests.some((test) => test.fullTitle === failure.fullTitle));
  for (const { title, fullTitle, err } of [...tests, ...failedHooks]) {
    const parent = `In the extension host: ${fullTitle.slice(0, -title.length).trim()}`;
    if (!suites.has(parent)) suites.set(parent, Mocha.Suite.create(mocha.suite, parent));
    const rerun = () => {
      if (err.message) throw Object.assign(new Error(err.message), { stack: err.stack });
    };
    suites.get(parent)!.addTest(new Mocha.Test(title, pending.some((test) => test.fullTitle === fullTitle) ? undefined : rerun));
  }
}

async function main(): Promise<{ passed: number; failed: number }> {
  fs.mkdirSync(output, { recursive: true });
  session.runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-e2e-'));
  stopAtEnd.push(async () => fs.rmSync(session.runDir, { recursive: true, force: true }));
  session.workspace = path.join(session.runDir, 'workspace');
  fs.cpSync(path.join(repoRoot, config.workspaceFolder), session.workspace, { recursive: true });
  const moto = await startMoto();
  stopAtEnd.push(moto.stop);
  await seedSecrets(moto.endpoint, sampleSecrets);
  session.secrets = motoClient(moto.endpoint);
  stopAtEnd.push(async () => session.secrets.destroy());
  const report = path.join(session.runDir, 'extension-host.json');
  const isTestFile = picomatch(config.files);
  const files = fs.readdirSync(path.join(repoRoot, 'out'), { recursive: true }).map((file) => path.join('out', String(file)));
  const testOptions = {
    mochaOpts: { ...config.mocha, reporter: 'json', reporterOption: { output: report } },
    files: files.filter((file) => isTestFile(file)).map((file) => path.join(repoRoot, file)),
    preload: [],
  };
  // Nothing real for the AWS SDK: the emulator's dummy credentials, and shared config files that do not exist.
  const none = path.join(session.runDir, 'none');
  const env = { ...motoEnv, AWS_SHARED_CREDENTIALS_FILE: none, AWS_CONFIG_FILE: none, VSCODE_TEST_OPTIONS: JSON.stringify(testOptions) };
  const dataDir = path.join(session.runDir, 'vscode');
  const settings = { ...workbenchSettings(moto.endpoint), 'awsSecretRefs.region': motoEnv.AWS_REGION };
  session.server = await startVsCodeServer({ dataDir, env, settings, args: ['--enable-smoke-test-driver'] });
  stopAtEnd.push(session.server.stop);
  session.browser = await launchChromium();
  stopAtEnd.push(() => session.browser.close());

  const mocha = new Mocha({ ...config.mocha, reporter: 'spec' });
  replay(mocha, await runSuiteInExtensionHost(report));
  for (const file of ['ui.test.js', 'demo.test.js']) mocha.addFile(path.join(__dirname, 'workbench', file));
  const stats = await new Promise<MochaType.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats!));
  });
  return { passed: stats.passes, failed: stats.failures };
}

const stop = async () => {
  for (let step = stopAtEnd.pop(); step; step = stopAtEnd.pop()) await step().catch(() => undefined);
};
stopOnSignals(stop);
main()
  .catch((error: Error) => {
    console.error(`end-to-end run failed: ${error.message}`);
    return { passed: 0, failed: 1 };
  })
  .then(async (totals) => {
    await stop();
    if (process.argv[2]) fs.writeFileSync(process.argv[2], JSON.stringify(totals));
    console.log(`${totals.passed} passed, ${totals.failed} failed`);
    process.exit(totals.failed > 0 ? 1 : 0);
  });
