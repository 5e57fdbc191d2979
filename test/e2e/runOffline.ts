/**
 * Runs the end-to-end suite inside a real VS Code without downloading one: the VS Code server from
 * code-server, its workbench in headless Chromium, the extension host loading the suite through the
 * test payload, and the extension talking to moto. Then checks, as a person would, what the
 * workbench shows (see uiCheck.ts), and the demo as `npm start` runs it (see demoCheck.ts). Prints `N passed, N failed` last and exits non-zero on any failure.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { Moto, startMoto } from '../support/moto';
import { seedSampleSecrets } from '../support/sampleSecrets';
import {
  dummyAwsEnv,
  installedTools,
  launchChromium,
  repoRoot,
  startVsCodeServer,
  stopOnSignals,
  VsCodeServer,
  workbenchSettings,
} from '../support/vscodeServer';
import { Demo, packageExtension, startDemo } from '../support/demo';
import { runDemoCheck } from './demoCheck';
import { REPORT_PREFIX } from './suite/index';
import { runUiCheck } from './uiCheck';

const SUITE_TIMEOUT_MS = 10 * 60_000;
const WORKBENCH_LOG = path.join(repoRoot, 'test-output', 'e2e-workbench.log');

export interface Counts {
  passed: number;
  failed: number;
}

/** Loads the workbench with the suite as its test payload and relays the suite's output. */
async function runSuite(browser: Browser, server: VsCodeServer, workspace: string): Promise<Counts> {
  fs.mkdirSync(path.dirname(WORKBENCH_LOG), { recursive: true });
  const workbenchLog = fs.createWriteStream(WORKBENCH_LOG);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let report = '';
    let exitCode: number | undefined;
    // The workbench passes a console call's arguments, e.g. ['%s  %d passing (%s)', 'e2e| ', 7, '9s'].
    // The suite's report goes to the terminal, the rest of the workbench's log to a file.
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      if (text.startsWith(REPORT_PREFIX)) {
        const line = text.slice(REPORT_PREFIX.length);
        report += `${line}\n`;
        console.log(line);
      } else {
        workbenchLog.write(`[${level}] ${text}\n`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      exitCode = code;
    });
    const url = server.workbenchUrl(workspace, {
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js'),
    });
    await page.goto(url);
    const deadline = Date.now() + SUITE_TIMEOUT_MS;
    while (exitCode === undefined) {
      if (Date.now() > deadline) {
        throw new Error(`the end-to-end suite did not report its end within ${SUITE_TIMEOUT_MS / 1000} s`);
      }
      await page.waitForTimeout(250);
    }
    // mocha's spec reporter ends with "N passing" and, when any failed, "N failing"
    const count = (word: string) => Number(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm').exec(report)?.[1] ?? 0);
    const counts = { passed: count('passing'), failed: count('failing') };
    if (exitCode !== 0) {
      console.error(`the end-to-end suite exited with ${exitCode}; see ${path.relative(repoRoot, WORKBENCH_LOG)}`);
    }
    if (counts.passed + counts.failed === 0) {
      console.error('the end-to-end suite ran no test');
      return { passed: 0, failed: 1 };
    }
    if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  } finally {
    await context.close();
    workbenchLog.end();
  }
}

async function main(): Promise<number> {
  const chromiumPath = installedTools().chromium;
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-e2e-'));
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

  let moto: Moto | undefined;
  let server: VsCodeServer | undefined;
  let browser: Browser | undefined;
  let demo: Demo | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await demo?.stop();
    await server?.stop();
    await moto?.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  };
  stopOnSignals(cleanup);
  try {
    moto = await startMoto();
    await seedSampleSecrets(moto.endpoint);
    server = await startVsCodeServer({
      dataDir: path.join(runDir, 'vscode'),
      env: dummyAwsEnv(runDir),
      settings: workbenchSettings(moto.endpoint),
      testDriver: true,
    });
    browser = await launchChromium(chromiumPath);
    console.log('\n--- end-to-end suite in the extension host ---');
    const suite = await runSuite(browser, server, workspace);
    console.log('\n--- UI check in the workbench ---');
    const ui = await runUiCheck(browser, server, workspace, moto.endpoint);
    await server.stop();
    console.log('\n--- the demo, as npm start runs it ---');
    demo = await startDemo(path.join(runDir, 'demo'), packageExtension());
    const demoCounts = await runDemoCheck(browser, demo);
    const passed = suite.passed + ui.passed + demoCounts.passed;
    const failed = suite.failed + ui.failed + demoCounts.failed;
    console.log(`${passed} passed, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (status) => process.exit(status),
  (error: Error) => {
    console.error(`end-to-end run failed: ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
