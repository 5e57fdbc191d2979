/** The workbench as a person uses it, in Chromium, with the mouse and keyboard; screenshots go to test-output/. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { chromium, type Locator, type Page } from 'playwright-core';
import { motoClient, motoEnv } from '../../support/moto';
import { pollUntil } from '../../support/poll';
import { MASK } from '../../support/sampleSecrets';
import { installedTools, repoRoot, startVsCodeServer, stopAtEnd, stopStarted } from '../../support/vscodeServer';

/** How long a step waits for what it expects, as Playwright does for every action and wait on the page. */
export const STEP_TIMEOUT_MS = 30_000;
// The same options as @vscode/test-cli reads (an ES module: Node.js 20.19 and later require it synchronously).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const testConfig = require(path.join(repoRoot, '.vscode-test.mjs')).default;

/** This test file's folder, removed after its tests with all it started, as on Ctrl-C. */
export const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-e2e-'));
stopAtEnd.push(async () => fs.rmSync(runDir, { recursive: true, force: true }));
after(stopStarted);

/**
 * The VS Code server for a copy of the suite's workspace, with moto's dummy credentials and no shared AWS files, `env`
 * added; returns the workbench's address (running `extensionTestsPath` if given) and moto's client.
 */
export async function startWorkbench(env: NodeJS.ProcessEnv = {}, extensionTestsPath?: string) {
  const folder = path.join(runDir, 'workspace');
  fs.cpSync(path.join(repoRoot, testConfig.workspaceFolder), folder, { recursive: true });
  const none = path.join(runDir, 'none');
  const { endpoint, url } = await startVsCodeServer(runDir, {
    folder,
    payload: { extensionDevelopmentPath: repoRoot, extensionTestsPath },
    settings: { 'awsSecretRefs.region': motoEnv.AWS_REGION },
    env: { ...motoEnv, AWS_SHARED_CREDENTIALS_FILE: none, AWS_CONFIG_FILE: none, ...env },
    args: ['--enable-smoke-test-driver'], // which the suite's runner reports its results through
  });
  return { url, secrets: motoClient(endpoint) };
}

/** A page of Debian's Chromium, headless; this process stops the browser, after its own clean-up. */
export async function newPage(): Promise<Page> {
  const signals = { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false };
  const args = ['--disable-gpu', '--disable-quic', '--disable-sync'];
  const browser = await chromium.launch({ executablePath: installedTools().chromium, args, ...signals });
  stopAtEnd.push(() => browser.close());
  return browser.newPage({ viewport: { width: 1400, height: 850 } });
}

/** A named step a person takes in the workbench, failing with an error that says what did not happen. */
export type Step = [string, (page: Page, secrets: SecretsManagerClient) => Promise<void>];

/** One test per step, on one page at `start`'s `url`; a failed step leaves a screenshot, and Escape closes what it opened. */
export function describeSteps(title: string, start: () => Promise<{ url: string; secrets?: SecretsManagerClient }>, steps: Step[]) {
  describe(title, async () => {
    const page = await newPage();
    const { url, secrets } = await start();
    await page.goto(url);
    // the workbench has restored once the status bar counts problems, however long a cold server takes
    await page.locator('#status\\.problems').waitFor({ timeout: 2 * 60_000 });
    steps.forEach(([name, step], index) =>
      it(name, { timeout: 5 * 60_000 }, () =>
        step(page, secrets!).catch(async (error) => {
          await screenshot(page, `${title.toLowerCase().replace(/\W+/g, '-')}-failure-${index + 1}.png`).catch(() => undefined);
          for (let i = 0; i < 3; i++) await page.keyboard.press('Escape').catch(() => undefined);
          throw error;
        }),
      ),
    );
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(repoRoot, 'test-output', name), animations: 'disabled' });
  console.log(`      screenshot: test-output/${name}`);
}

/** Runs the command titled `label` from the command palette, as typed there by a person. */
export async function runFromCommandPalette(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${label}`);
  await chooseRow(page, label);
}

/** Opens `name` with a click in the Explorer and waits for its editor tab. */
export async function openFromExplorer(page: Page, name: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).click();
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

/** The point on screen at `index` within `part` (`part.length`: just after it) on the editor line showing it; the font is monospaced. */
export async function pointInText(page: Page, part: string, index: number): Promise<{ x: number; y: number }> {
  const line = page.locator('.monaco-editor .view-line', { hasText: part }).first();
  await line.waitFor();
  const text = (await line.innerText()).replace(/\u00a0/g, ' ');
  const box = await line.locator(':scope > span').boundingBox();
  if (!box) throw new Error(`the editor line with '${part}' is not visible`);
  return { x: box.x + (box.width * (text.indexOf(part) + index)) / text.length, y: box.y + box.height / 2 };
}

/** Does `act` until `target` shows, as a person tries again when the editor was not ready for a key or a hover. */
export async function untilShown(what: string, target: Locator, act: () => Promise<void>): Promise<void> {
  const shown = async () => {
    await act();
    await target.waitFor({ timeout: 5000 }).catch(() => undefined);
    return target.isVisible();
  };
  await pollUntil(what, shown, Boolean, STEP_TIMEOUT_MS);
}

export async function clickInText(page: Page, part: string): Promise<void> {
  const { x, y } = await pointInText(page, part, part.length / 2);
  await page.mouse.click(x, y);
}

/** Clicks on the editor line that shows `part` and types `text` at its end. */
export async function typeAtLineEnd(page: Page, part: string, text: string): Promise<void> {
  await clickInText(page, part);
  await page.keyboard.press('End');
  await page.keyboard.type(text);
}

/** Waits for `read` to return `expected`; else fails with what `what` reads, `hidden` masked (a value being moved). */
async function expectReading(what: string, read: () => Promise<string | undefined>, expected: string, hidden?: string): Promise<void> {
  let actual: string | undefined;
  await pollUntil(what, async () => (actual = await read()) === expected, Boolean, STEP_TIMEOUT_MS).catch(() => {
    const shown = hidden ? actual?.split(hidden).join(MASK) : actual;
    throw new Error(`${what} reads ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`);
  });
}

/** Waits for the editor line with the key of `expected` to read `expected`; a failure masks `hidden`. */
export async function expectEditorLine(page: Page, expected: string, hidden?: string): Promise<void> {
  const start = expected.slice(0, expected.indexOf(':') + 1);
  const lines = page.locator('.part.editor .view-lines .view-line');
  const read = async () => (await lines.allInnerTexts()).map((line) => line.replace(/\u00a0/g, ' ')).find((line) => line.startsWith(start));
  await expectReading('the editor line', read, expected, hidden);
}

/** Waits for the extension's status bar item to read `expected`. */
export async function expectStatus(page: Page, expected: string): Promise<void> {
  const item = page.locator('.statusbar-item', { hasText: /AWS Secrets|secrets?$/ }).first();
  await expectReading('the status bar', async () => (await item.innerText().catch(() => '')).trim(), expected);
}

/** Waits for the box of the wizard's step showing `step` to hold `expected`, as the wizard pre-fills it. */
export async function expectBoxValue(page: Page, step: string, expected: string): Promise<void> {
  const box = (await quickInputShowing(page, step)).locator('input');
  await expectReading(`the box of '${step}'`, () => box.inputValue(), expected);
}

/** Fails unless the emulator holds secret `name` with `value`; never prints the value. */
export async function expectSecretValue(secrets: SecretsManagerClient, name: string, value: string): Promise<void> {
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: name }));
  if (secret.SecretString !== value) throw new Error(`secret '${name}' in the emulator does not hold the value entered`);
}

/** The open quick input (a step of a wizard) once it shows `text`. */
export async function quickInputShowing(page: Page, text: string): Promise<Locator> {
  const widget = page.locator('.quick-input-widget', { hasText: text });
  await widget.waitFor();
  return widget;
}

/** Chooses the row of the open quick pick that shows `label`, with a click. */
export async function chooseRow(page: Page, label: string): Promise<void> {
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click();
}

/** Waits for the notification showing `text` in the center (no toasts under automation), clicks `button`, closes the center. */
export async function expectNotification(page: Page, text: string, button?: string): Promise<void> {
  const center = page.locator('.notifications-center');
  const toggle = page.locator('#status\\.notifications');
  if (!(await center.isVisible())) await toggle.click();
  const item = center.locator('.notification-list-item', { hasText: text }).first();
  await item.waitFor();
  if (button) await item.locator('.monaco-button', { hasText: button }).click();
  if (await center.isVisible()) await toggle.click();
}

/** Chooses the quick fix titled `title` from the Ctrl+. menu on `part` in the editor; a screenshot of the menu first if named. */
export async function chooseQuickFix(page: Page, part: string, title: string, screenshotName?: string): Promise<void> {
  await clickInText(page, part);
  const menu = page.locator('.action-widget', { hasText: title });
  await untilShown(`the quick fix menu with '${title}'`, menu, () => page.keyboard.press('Control+.'));
  if (screenshotName) await screenshot(page, screenshotName);
  await menu.locator('.monaco-list-row', { hasText: title }).click();
}

/** Answers "Store New Secret" up to the summary of `name` (pre-filled, or typed after opening it from the palette). */
export async function storeWizardUpToSummary(page: Page, name: string, value: string, fromCommandPalette = false): Promise<void> {
  if (fromCommandPalette) await runFromCommandPalette(page, 'AWS Secrets: Store New Secret…');
  await quickInputShowing(page, 'Secret name');
  if (fromCommandPalette) await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await chooseRow(page, 'Plain text');
  await page.locator('.quick-input-widget input[type=password]').waitFor();
  await page.keyboard.type(value);
  for (const step of ['Description (optional)', 'Tags (optional)', `Create secret '${name}'`]) {
    await page.keyboard.press('Enter');
    await quickInputShowing(page, step);
  }
}
