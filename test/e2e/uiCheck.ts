/**
 * Uses the workbench as a person would, with the mouse and keyboard: opens a YAML file with a malformed
 * ARN from the Explorer, reads the squiggle's message in the Problems panel, runs a command from the
 * command palette, and saves screenshots to test-output/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, VsCodeServer } from '../support/vscodeServer';
import type { Counts } from './runOffline';

const screenshotDir = path.join(repoRoot, 'test-output');
const STEP_TIMEOUT_MS = 30_000;

async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(screenshotDir, name);
  await page.screenshot({ path: file });
  console.log(`  screenshot: ${path.relative(repoRoot, file)}`);
}

/** Runs the command titled `label` from the command palette, as typed there by a person. */
async function runFromCommandPalette(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: STEP_TIMEOUT_MS });
  await input.fill(`>${label}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: label })
    .first()
    .waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
}

const checks: [string, (page: Page) => Promise<void>][] = [
  [
    'the Problems panel shows the malformed ARN',
    async (page) => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken_arns.yaml' }).click();
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.locator('#status\\.problems').click();
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'arn-region' }).first();
      await row.waitFor({ timeout: STEP_TIMEOUT_MS });
      console.log(`  Problems panel: ${(await row.innerText()).replace(/\s+/g, ' ')}`);
      await screenshot(page, 'ui-problems.png');
    },
  ],
  [
    "the command palette runs 'AWS Secrets: Show Log'",
    async (page) => {
      await runFromCommandPalette(page, 'AWS Secrets: Show Log');
      await page
        .locator('.panel .monaco-select-box, .panel .monaco-action-bar', { hasText: 'AWS Secret References' })
        .first()
        .waitFor({ timeout: STEP_TIMEOUT_MS });
      await screenshot(page, 'ui-show-log.png');
    },
  ],
];

export async function runUiCheck(browser: Browser, server: VsCodeServer, workspace: string): Promise<Counts> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
  const counts = { passed: 0, failed: 0 };
  try {
    const page = await context.newPage();
    await page.goto(server.workbenchUrl(workspace, { extensionDevelopmentPath: repoRoot }));
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    for (const [name, check] of checks) {
      try {
        await check(page);
        counts.passed++;
        console.log(`  ✔ ${name}`);
      } catch (error) {
        counts.failed++;
        console.log(`  ✖ ${name}: ${(error as Error).message.split('\n')[0]}`);
        await screenshot(page, `ui-failure-${counts.passed + counts.failed}.png`).catch(() => undefined);
      }
    }
  } catch (error) {
    counts.failed++;
    console.log(`  ✖ the workbench did not come up: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return counts;
}
