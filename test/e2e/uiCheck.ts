/**
 * Uses the workbench as a person would, with the mouse and keyboard: opens files from the Explorer,
 * reads the Problems panel and the status bar, hovers a reference, accepts a completion, runs the
 * commands and wizards from the command palette and the quick-fix menu, answers the reveal dialog, and
 * checks what was created in the emulator. Saves screenshots to test-output/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CreateSecretCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Browser, Locator, Page } from 'playwright-core';
import { motoClient } from '../support/moto';
import { sampleSecrets } from '../support/sampleSecrets';
import { repoRoot, VsCodeServer, waitFor } from '../support/vscodeServer';
import type { Counts } from './runOffline';

const screenshotDir = path.join(repoRoot, 'test-output');
export const STEP_TIMEOUT_MS = 30_000;
const MASK = '••••••••';

export async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(screenshotDir, name);
  await page.screenshot({ path: file, animations: 'disabled' });
  console.log(`  screenshot: ${path.relative(repoRoot, file)}`);
}

/** Runs the command titled `label` from the command palette, as typed there by a person. */
export async function runFromCommandPalette(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: STEP_TIMEOUT_MS });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
}

/** Opens `name` with a click in the Explorer and waits for its editor tab. */
async function openFromExplorer(page: Page, name: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).click();
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: STEP_TIMEOUT_MS });
}

/**
 * The point on screen of the character at `index` within `part` (its left edge; `part.length` for
 * just after it), on the first line of the editor showing `part`. Monaco's font is monospaced.
 */
export async function pointInText(page: Page, part: string, index: number): Promise<{ x: number; y: number }> {
  const line = page.locator('.monaco-editor .view-line', { hasText: part }).first();
  await line.waitFor({ timeout: STEP_TIMEOUT_MS });
  const text = (await line.innerText()).replace(/\u00a0/g, ' ');
  const box = await line.locator(':scope > span').boundingBox();
  if (!box) throw new Error(`the editor line with '${part}' is not visible`);
  const column = text.indexOf(part) + index;
  return { x: box.x + (box.width * column) / text.length, y: box.y + box.height / 2 };
}

/**
 * Does `act` until `target` shows, as a person tries again when the editor was not ready for a key or
 * a hover the first time.
 */
async function untilShown(what: string, target: Locator, act: () => Promise<void>): Promise<void> {
  await waitFor(what, STEP_TIMEOUT_MS, async () => {
    await act();
    return target.waitFor({ timeout: 5000 }).then(
      () => true,
      () => false,
    );
  });
}

/** Clicks into the middle of `part` in the editor. */
async function clickInText(page: Page, part: string): Promise<void> {
  const { x, y } = await pointInText(page, part, part.length / 2);
  await page.mouse.click(x, y);
}

/** Clicks at the end of the editor line that shows `part` and types `text` there. */
async function typeAtLineEnd(page: Page, part: string, text: string): Promise<void> {
  const { x, y } = await pointInText(page, part, part.length);
  await page.mouse.click(x, y);
  await page.keyboard.press('End');
  await page.keyboard.type(text);
}

/**
 * Waits for the line of the open editor that starts like `expected` up to its key to read `expected`;
 * a failure shows the line with `hidden` (a value about to be moved) masked.
 */
async function expectEditorLine(page: Page, expected: string, hidden?: string): Promise<void> {
  const start = expected.slice(0, expected.indexOf(':') + 1);
  let actual: string | undefined;
  const read = async () => {
    const lines = await page.locator('.part.editor .view-lines .view-line').allInnerTexts();
    actual = lines.map((line) => line.replace(/\u00a0/g, ' ')).find((line) => line.startsWith(start));
    return actual === expected;
  };
  await waitFor('the editor line', STEP_TIMEOUT_MS / 3, read).catch(() => {
    const shown = hidden ? actual?.split(hidden).join(MASK) : actual;
    throw new Error(`the editor line reads ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`);
  });
}

/** Fails unless the emulator holds secret `name` with `value`; never prints the value. */
async function expectSecretValue(secrets: SecretsManagerClient, name: string, value: string): Promise<void> {
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: name }));
  if (secret.SecretString !== value) throw new Error(`secret '${name}' in the emulator does not hold the value entered`);
}

/** The open quick input (a step of a wizard) once it shows `text`. */
async function quickInputShowing(page: Page, text: string) {
  const widget = page.locator('.quick-input-widget', { hasText: text });
  await widget.waitFor({ timeout: STEP_TIMEOUT_MS });
  return widget;
}

/** Chooses the row of the open quick pick that shows `label`, with a click. */
async function chooseRow(page: Page, label: string): Promise<void> {
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click({ timeout: STEP_TIMEOUT_MS });
}

/**
 * The notification showing `text`, read in the notification center (the bell in the status bar): a
 * workbench run for automation shows no toasts.
 */
async function notification(page: Page, text: string) {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) await page.locator('#status\\.notifications').click();
  const item = center.locator('.notification-list-item', { hasText: text }).first();
  await item.waitFor({ timeout: STEP_TIMEOUT_MS });
  return item;
}

async function closeNotifications(page: Page): Promise<void> {
  if (await page.locator('.notifications-center').isVisible()) await page.locator('#status\\.notifications').click();
}

/** Chooses the quick fix titled `title` from the Ctrl+. menu on `part` in the editor; a screenshot of the menu first if named. */
async function chooseQuickFix(page: Page, part: string, title: string, screenshotName?: string): Promise<void> {
  await clickInText(page, part);
  const menu = page.locator('.action-widget', { hasText: title });
  await untilShown(`the quick fix menu with '${title}'`, menu, () => page.keyboard.press('Control+.'));
  if (screenshotName) await screenshot(page, screenshotName);
  await menu.locator('.monaco-list-row', { hasText: title }).click();
}

/** Waits for the wizard's name box to hold `name`, as the quick fixes pre-fill it. */
async function expectNamePrefilled(page: Page, name: string): Promise<void> {
  const box = (await quickInputShowing(page, 'Secret name')).locator('input');
  await waitFor(`the name box pre-filled with '${name}'`, STEP_TIMEOUT_MS, async () => (await box.inputValue()) === name);
}

/**
 * Answers the steps of "Store New Secret" from its name box, which shows `name` and `nameNote`, up to
 * the summary: a plain-text value typed in the password box, no description, no tags.
 */
async function storeWizardUpToSummary(page: Page, name: string, value: string, nameNote: string): Promise<void> {
  await quickInputShowing(page, nameNote);
  await page.keyboard.press('Enter');
  await quickInputShowing(page, 'Plain text');
  await chooseRow(page, 'Plain text');
  const password = page.locator('.quick-input-widget input[type=password]');
  await password.waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
  await quickInputShowing(page, 'Description (optional)');
  await page.keyboard.press('Enter');
  await quickInputShowing(page, 'Tags (optional)');
  await page.keyboard.press('Enter');
  await quickInputShowing(page, `Create secret '${name}'`);
}

/** "AWS Secrets: Store New Secret…" from the command palette with `name` typed, up to the summary. */
async function storeNewSecretUpToSummary(page: Page, name: string, value: string, nameNote: string): Promise<void> {
  await runFromCommandPalette(page, 'AWS Secrets: Store New Secret…');
  await quickInputShowing(page, 'Secret name');
  await page.keyboard.type(name);
  await storeWizardUpToSummary(page, name, value, nameNote);
}

const NEW_SECRET = 'ui/new-token';
const NEW_SECRET_VALUE = 'typed-in-the-password-box';
const OUTSIDE_SECRET = 'ui/created-elsewhere';
/** The credential written as a literal in credentials.yaml. */
const LITERAL = 'hunter2';
const reference = (name: string) => `"{{ aws_secret_var('${name}') }}"`;

/** A named step a person takes in the workbench, failing with an error that says what did not happen. */
export type UiCheck = [string, (page: Page, secrets: SecretsManagerClient) => Promise<void>];

const checks: UiCheck[] = [
  [
    'the Problems panel shows the malformed ARN',
    async (page) => {
      await openFromExplorer(page, 'broken_arns.yaml');
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
  [
    'the status bar shows the credentials, region and the number of secrets',
    async (page, secrets) => {
      const listed = await secrets.send(new ListSecretsCommand({}));
      const expected = `environment credentials · us-east-1 · ${listed.SecretList?.length} secrets`;
      await openFromExplorer(page, 'io_config.yaml');
      const item = page.locator('.statusbar-item', { hasText: /AWS Secrets|secrets?$/ }).first();
      await waitFor(
        `the status bar to read '${expected}'`,
        STEP_TIMEOUT_MS,
        async () => (await item.innerText()).trim() === expected,
      ).catch(async () => {
        throw new Error(`the status bar reads '${(await item.innerText()).trim()}', expected '${expected}'`);
      });
      console.log(`  status bar: ${expected}`);
    },
  ],
  [
    'hovering a reference shows its masked value, not the value, beside the Problems panel',
    async (page) => {
      await openFromExplorer(page, 'missing_secret.yaml');
      if (!(await page.locator('.markers-panel').isVisible())) await page.locator('#status\\.problems').click();
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'secret-not-found' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      const { x, y } = await pointInText(page, "'API_KEY'", 3);
      const hover = page.locator('.monaco-hover', { hasText: MASK }).first();
      await untilShown('the hover with the masked value', hover, async () => {
        await page.mouse.move(x, y + 2);
        await page.mouse.move(x, y);
      });
      const text = await hover.innerText();
      if (!text.includes('API_KEY')) throw new Error(`the hover does not name the secret: ${text}`);
      if (text.includes(sampleSecrets.API_KEY)) throw new Error('the hover shows the secret value');
      await screenshot(page, 'ui-status-hover.png');
      await page.mouse.move(0, 0);
    },
  ],
  [
    "typing aws_secret_var(' suggests the secret names, and accepting one writes the reference",
    async (page) => {
      await openFromExplorer(page, 'new_references.yaml');
      await clickInText(page, '{{  }}');
      await page.keyboard.type("aws_secret_var('");
      const widget = page.locator('.suggest-widget');
      await waitFor('the suggest widget listing every sample secret', STEP_TIMEOUT_MS, async () => {
        const shown = (await widget.isVisible()) ? await widget.innerText() : '';
        return Object.keys(sampleSecrets).every((name) => shown.includes(name));
      });
      await screenshot(page, 'ui-suggest.png');
      await page.keyboard.type('API_K');
      await widget.locator('.monaco-list-row.focused', { hasText: 'API_KEY' }).waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.keyboard.press('Enter');
      await expectEditorLine(page, `  API_TOKEN: ${reference('API_KEY')}`);
      // the problems flagged while typing go once the reference is complete
      await page
        .locator('.markers-panel .monaco-list-row', { hasText: 'aws-secret-refs' })
        .first()
        .waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS })
        .catch(() => {
          throw new Error('a problem flagged while typing stays in the Problems panel after the reference is complete');
        });
    },
  ],
  [
    "'AWS Secrets: Store New Secret…' creates the secret and inserts its reference; a taken name offers the existing secret at step 1, and truthfully after a failed creation",
    async (page, secrets) => {
      await openFromExplorer(page, 'new_references.yaml');
      await typeAtLineEnd(page, 'NEW_TOKEN:', ' ');
      await storeNewSecretUpToSummary(page, NEW_SECRET, NEW_SECRET_VALUE, 'Secret name');
      await screenshot(page, 'ui-store-summary.png');
      await chooseRow(page, `Create secret '${NEW_SECRET}'`);
      await notification(page, `Created secret '${NEW_SECRET}'`);
      await closeNotifications(page);
      await expectEditorLine(page, `  NEW_TOKEN: ${reference(NEW_SECRET)}`);
      await expectSecretValue(secrets, NEW_SECRET, NEW_SECRET_VALUE);

      await typeAtLineEnd(page, 'SAME_TOKEN:', ' ');
      await runFromCommandPalette(page, 'AWS Secrets: Store New Secret…');
      await quickInputShowing(page, 'Secret name');
      await page.keyboard.type(NEW_SECRET);
      await quickInputShowing(page, `A secret named '${NEW_SECRET}' already exists`);
      await page.keyboard.press('Enter');
      await chooseRow(page, `Reference the existing secret '${NEW_SECRET}'`);
      await notification(page, `Referenced the existing secret '${NEW_SECRET}'`);
      await closeNotifications(page);
      await expectEditorLine(page, `  SAME_TOKEN: ${reference(NEW_SECRET)}`);
      await expectSecretValue(secrets, NEW_SECRET, NEW_SECRET_VALUE);

      // Created behind the extension's back, the name is unknown to its list until the creation fails.
      await secrets.send(new CreateSecretCommand({ Name: OUTSIDE_SECRET, SecretString: 'created-elsewhere' }));
      await typeAtLineEnd(page, 'OTHER_TOKEN:', ' ');
      await storeNewSecretUpToSummary(page, OUTSIDE_SECRET, 'typed-but-not-stored', 'Secret name');
      await chooseRow(page, `Create secret '${OUTSIDE_SECRET}'`);
      const error = await notification(page, `Could not create secret '${OUTSIDE_SECRET}'`);
      await error.locator('.monaco-button', { hasText: 'Reference Existing Secret' }).click({ timeout: STEP_TIMEOUT_MS });
      await notification(page, 'no secret was created and the value you typed was not stored');
      await closeNotifications(page);
      await expectEditorLine(page, `  OTHER_TOKEN: ${reference(OUTSIDE_SECRET)}`);
      await expectSecretValue(secrets, OUTSIDE_SECRET, 'created-elsewhere');
    },
  ],
  [
    "'Store New Secret…' at column 1 of a key line opens without errors, masks JSON, says where, and adds a new line, leaving valid YAML",
    async (page, secrets) => {
      const name = 'ui/placed-token';
      const json = '{"user":"app","password":"typed-json-password"}';
      await openFromExplorer(page, 'placement.yaml');
      await clickInText(page, 'POSTGRES_HOST');
      await page.keyboard.press('Home');
      await page.keyboard.press('Home');
      await runFromCommandPalette(page, 'AWS Secrets: Store New Secret…');
      const nameStep = await quickInputShowing(page, 'Secret name');
      await page.waitForTimeout(1000);
      if ((await nameStep.innerText()).includes('is empty')) throw new Error('the name step opens on an error');
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
      await chooseRow(page, 'pasted');
      const masked = page.locator('.quick-input-widget input[type=password]');
      await masked.waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.keyboard.type(json);
      await page.keyboard.press('Enter');
      await quickInputShowing(page, 'Description (optional)');
      await page.keyboard.press('Enter');
      await quickInputShowing(page, 'Tags (optional)');
      await page.keyboard.press('Enter');
      await chooseRow(page, 'Add a line below the cursor');
      const keyBox = (await quickInputShowing(page, 'Key of the new line')).locator('input');
      await waitFor(
        "the key box pre-filled with 'PLACED_TOKEN'",
        STEP_TIMEOUT_MS,
        async () => (await keyBox.inputValue()) === 'PLACED_TOKEN',
      );
      await page.keyboard.press('Enter');
      const summary = await quickInputShowing(page, `Create secret '${name}'`);
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'In: account 123456789012' })
        .first()
        .waitFor({ timeout: STEP_TIMEOUT_MS });
      if ((await summary.innerText()).includes('typed-json-password')) throw new Error('the summary shows the value');
      await screenshot(page, 'ui-store-new-line-summary.png');
      await chooseRow(page, `Create secret '${name}'`);
      await notification(page, `added 'PLACED_TOKEN: …' on line 3`);
      await closeNotifications(page);
      await expectEditorLine(page, '  POSTGRES_HOST: db.example.com');
      await expectEditorLine(page, `  PLACED_TOKEN: ${reference(name)}`);
      await expectSecretValue(secrets, name, json);
    },
  ],
  [
    "the quick fix 'Move value to AWS Secrets Manager…' stores a literal and references it",
    async (page, secrets) => {
      const name = 'workspace/default/postgres_password';
      await openFromExplorer(page, 'credentials.yaml');
      // the hint's dots under the literal: the server has checked the file
      await page.locator('.monaco-editor .squiggly-info').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await chooseQuickFix(page, LITERAL, 'Move value to AWS Secrets Manager…', 'ui-move-quick-fix.png');
      await expectNamePrefilled(page, name);
      await page.keyboard.press('Enter');
      await quickInputShowing(page, 'Description (optional)');
      await page.keyboard.press('Enter');
      await quickInputShowing(page, `Create secret '${name}'`);
      await chooseRow(page, `Create secret '${name}'`);
      await notification(page, `Moved POSTGRES_PASSWORD to secret '${name}'`);
      await closeNotifications(page);
      await expectEditorLine(page, `  POSTGRES_PASSWORD: ${reference(name)}`, LITERAL);
      await expectSecretValue(secrets, name, LITERAL);
    },
  ],
  [
    "the quick fix 'Store new secret …' on a missing secret creates it and leaves the reference as it is",
    async (page, secrets) => {
      const name = 'prod/postgres/pasword';
      const line = `  POSTGRES_PASSWORD: ${reference(name)}`;
      await openFromExplorer(page, 'missing_secret.yaml');
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await chooseQuickFix(page, name, `Store new secret '${name}'…`);
      await expectNamePrefilled(page, name);
      await storeWizardUpToSummary(page, name, NEW_SECRET_VALUE, 'Secret name');
      await chooseRow(page, `Create secret '${name}'`);
      await notification(page, `Created secret '${name}'`);
      await closeNotifications(page);
      await expectEditorLine(page, line);
      await expectSecretValue(secrets, name, NEW_SECRET_VALUE);
    },
  ],
  [
    "'AWS Secrets: Reveal Secret Value…' asks first; cancelled it shows nothing, confirmed it shows the value",
    async (page) => {
      const name = 'prod/postgres/password';
      const confirmation = page.locator('.monaco-dialog-box', { hasText: `Reveal the value of secret '${name}'?` });
      const anyDialog = page.locator('.monaco-dialog-box');
      await openFromExplorer(page, 'io_config.yaml');
      await clickInText(page, name);
      await runFromCommandPalette(page, 'AWS Secrets: Reveal Secret Value…');
      await confirmation.waitFor({ timeout: STEP_TIMEOUT_MS });
      if ((await confirmation.innerText()).includes(sampleSecrets[name])) throw new Error('the confirmation shows the value');
      await screenshot(page, 'ui-reveal-confirm.png');
      await page.keyboard.press('Escape');
      await anyDialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      // Had the cancelled reveal gone on, its value dialog would come before this confirmation.
      await runFromCommandPalette(page, 'AWS Secrets: Reveal Secret Value…');
      await anyDialog.waitFor({ timeout: STEP_TIMEOUT_MS });
      if (!(await confirmation.isVisible())) throw new Error('a dialog other than the confirmation opened first');
      await confirmation.locator('.monaco-button', { hasText: 'Reveal' }).click();
      const shown = page.locator('.monaco-dialog-box', { hasText: `Value of '${name}'` });
      await shown.waitFor({ timeout: STEP_TIMEOUT_MS });
      if (!(await shown.innerText()).includes(sampleSecrets[name])) throw new Error('the value dialog does not show the value');
      await page.keyboard.press('Escape');
      await anyDialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    },
  ],
];

export function runUiCheck(browser: Browser, server: VsCodeServer, workspace: string, motoEndpoint: string): Promise<Counts> {
  return runChecks(browser, server.workbenchUrl(workspace, { extensionDevelopmentPath: repoRoot }), checks, motoEndpoint);
}

/** Opens the workbench at `url` and takes each step in turn, reporting each; a failed step does not stop the others. */
export async function runChecks(browser: Browser, url: string, steps: UiCheck[], motoEndpoint: string): Promise<Counts> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const secrets = motoClient(motoEndpoint);
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
  const counts = { passed: 0, failed: 0 };
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    for (const [name, check] of steps) {
      try {
        await check(page, secrets);
        counts.passed++;
        console.log(`  ✔ ${name}`);
      } catch (error) {
        counts.failed++;
        console.log(`  ✖ ${name}: ${(error as Error).message.split('\n')[0]}`);
        await screenshot(
          page,
          `ui-failure-${path.basename(new URL(url).searchParams.get('folder') ?? '')}-${counts.passed + counts.failed}.png`,
        ).catch(() => undefined);
        // closes whatever the failed check left open (a wizard step, a dialog, a menu)
        for (let i = 0; i < 3; i++) await page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } catch (error) {
    counts.failed++;
    console.log(`  ✖ the workbench did not come up: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await context.close();
    secrets.destroy();
  }
  return counts;
}
