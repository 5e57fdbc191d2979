/**
 * The UI check: uses the workbench as a person would, with the mouse and keyboard: opens files from the Explorer,
 * reads the Problems panel and the status bar, hovers a reference, accepts a completion, runs the commands and
 * wizards from the command palette and the quick-fix menu, answers the reveal dialog, and checks what was created
 * in the emulator.
 */
import { CreateSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { pollUntil } from '../../support/poll';
import { MASK, sampleSecrets } from '../../support/sampleSecrets';
import {
  chooseQuickFix,
  chooseRow,
  clickInText,
  describeSteps,
  expectBoxValue,
  expectEditorLine,
  expectNotification,
  expectSecretValue,
  expectStatus,
  openFromExplorer,
  pointInText,
  quickInputShowing,
  runFromCommandPalette,
  screenshot,
  startWorkbench,
  Step,
  STEP_TIMEOUT_MS,
  storeWizardUpToSummary,
  typeAtLineEnd,
  untilShown,
} from './person';

const NEW_SECRET = 'ui/new-token';
const NEW_SECRET_VALUE = 'typed-in-the-password-box';
const OUTSIDE_SECRET = 'ui/created-elsewhere';
/** The credential written as a literal in credentials.yaml. */
const LITERAL = 'hunter2';
const reference = (name: string) => `"{{ aws_secret_var('${name}') }}"`;

const steps: Step[] = [
  [
    'the Problems panel shows the malformed ARN',
    async (page) => {
      await openFromExplorer(page, 'broken_arns.yaml');
      await page.locator('.monaco-editor .squiggly-error').first().waitFor();
      await page.locator('#status\\.problems').click();
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'arn-region' }).first();
      await row.waitFor();
      console.log(`  Problems panel: ${(await row.innerText()).replace(/\s+/g, ' ')}`);
      await screenshot(page, 'ui-problems.png');
    },
  ],
  [
    "the command palette runs 'AWS Secrets: Show Log'",
    async (page) => {
      await runFromCommandPalette(page, 'AWS Secrets: Show Log');
      await page.locator('.panel .monaco-select-box, .panel .monaco-action-bar', { hasText: 'AWS Secret References' }).first().waitFor();
      await screenshot(page, 'ui-show-log.png');
    },
  ],
  [
    'the status bar shows the credentials, region and the number of secrets',
    async (page, secrets) => {
      const listed = await secrets.send(new ListSecretsCommand({}));
      const expected = `environment credentials · us-east-1 · ${listed.SecretList?.length} secrets`;
      await openFromExplorer(page, 'io_config.yaml');
      await expectStatus(page, expected);
      console.log(`  status bar: ${expected}`);
    },
  ],
  [
    'hovering a reference shows its masked value, not the value, beside the Problems panel',
    async (page) => {
      await openFromExplorer(page, 'missing_secret.yaml');
      if (!(await page.locator('.markers-panel').isVisible())) await page.locator('#status\\.problems').click();
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'secret-not-found' }).first().waitFor();
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
      await pollUntil(
        'the suggest widget listing every sample secret',
        async () => {
          const shown = (await widget.isVisible()) ? await widget.innerText() : '';
          return Object.keys(sampleSecrets).every((name) => shown.includes(name));
        },
        Boolean,
        STEP_TIMEOUT_MS,
      );
      await screenshot(page, 'ui-suggest.png');
      await page.keyboard.type('API_K');
      await widget.locator('.monaco-list-row.focused', { hasText: 'API_KEY' }).waitFor();
      await page.keyboard.press('Enter');
      await expectEditorLine(page, `  API_TOKEN: ${reference('API_KEY')}`);
      // the problems flagged while typing go once the reference is complete
      await page
        .locator('.markers-panel .monaco-list-row', { hasText: 'aws-secret-refs' })
        .first()
        .waitFor({ state: 'hidden' })
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
      await storeWizardUpToSummary(page, NEW_SECRET, NEW_SECRET_VALUE, true);
      await screenshot(page, 'ui-store-summary.png');
      await chooseRow(page, `Create secret '${NEW_SECRET}'`);
      await expectNotification(page, `Created secret '${NEW_SECRET}'`);
      await expectEditorLine(page, `  NEW_TOKEN: ${reference(NEW_SECRET)}`);
      await expectSecretValue(secrets, NEW_SECRET, NEW_SECRET_VALUE);

      await typeAtLineEnd(page, 'SAME_TOKEN:', ' ');
      await runFromCommandPalette(page, 'AWS Secrets: Store New Secret…');
      await quickInputShowing(page, 'Secret name');
      await page.keyboard.type(NEW_SECRET);
      await quickInputShowing(page, `A secret named '${NEW_SECRET}' already exists`);
      await page.keyboard.press('Enter');
      await chooseRow(page, `Reference the existing secret '${NEW_SECRET}'`);
      await expectNotification(page, `Referenced the existing secret '${NEW_SECRET}'`);
      await expectEditorLine(page, `  SAME_TOKEN: ${reference(NEW_SECRET)}`);
      await expectSecretValue(secrets, NEW_SECRET, NEW_SECRET_VALUE);

      // Created behind the extension's back, the name is unknown to its list until the creation fails.
      await secrets.send(new CreateSecretCommand({ Name: OUTSIDE_SECRET, SecretString: 'created-elsewhere' }));
      await typeAtLineEnd(page, 'OTHER_TOKEN:', ' ');
      await storeWizardUpToSummary(page, OUTSIDE_SECRET, 'typed-but-not-stored', true);
      await chooseRow(page, `Create secret '${OUTSIDE_SECRET}'`);
      await expectNotification(page, `Could not create secret '${OUTSIDE_SECRET}'`, 'Reference Existing Secret');
      await expectNotification(page, 'no secret was created and the value you typed was not stored');
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
      await masked.waitFor();
      await page.keyboard.type(json);
      await page.keyboard.press('Enter');
      await quickInputShowing(page, 'Description (optional)');
      await page.keyboard.press('Enter');
      await quickInputShowing(page, 'Tags (optional)');
      await page.keyboard.press('Enter');
      await chooseRow(page, 'Add a line below the cursor');
      await expectBoxValue(page, 'Key of the new line', 'PLACED_TOKEN');
      await page.keyboard.press('Enter');
      const summary = await quickInputShowing(page, `Create secret '${name}'`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'In: account 123456789012' }).first().waitFor();
      if ((await summary.innerText()).includes('typed-json-password')) throw new Error('the summary shows the value');
      await screenshot(page, 'ui-store-new-line-summary.png');
      await chooseRow(page, `Create secret '${name}'`);
      await expectNotification(page, `added 'PLACED_TOKEN: …' on line 3`);
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
      await page.locator('.monaco-editor .squiggly-info').first().waitFor();
      await chooseQuickFix(page, LITERAL, 'Move value to AWS Secrets Manager…', 'ui-move-quick-fix.png');
      await expectBoxValue(page, 'Secret name', name);
      await page.keyboard.press('Enter');
      await quickInputShowing(page, 'Description (optional)');
      await page.keyboard.press('Enter');
      await quickInputShowing(page, `Create secret '${name}'`);
      await chooseRow(page, `Create secret '${name}'`);
      await expectNotification(page, `Moved POSTGRES_PASSWORD to secret '${name}'`);
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
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
      await chooseQuickFix(page, name, `Store new secret '${name}'…`);
      await expectBoxValue(page, 'Secret name', name);
      await storeWizardUpToSummary(page, name, NEW_SECRET_VALUE);
      await chooseRow(page, `Create secret '${name}'`);
      await expectNotification(page, `Created secret '${name}'`);
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
      await confirmation.waitFor();
      if ((await confirmation.innerText()).includes(sampleSecrets[name])) throw new Error('the confirmation shows the value');
      await screenshot(page, 'ui-reveal-confirm.png');
      await page.keyboard.press('Escape');
      await anyDialog.waitFor({ state: 'hidden' });
      // Had the cancelled reveal gone on, its value dialog would come before this confirmation.
      await runFromCommandPalette(page, 'AWS Secrets: Reveal Secret Value…');
      await anyDialog.waitFor();
      if (!(await confirmation.isVisible())) throw new Error('a dialog other than the confirmation opened first');
      await confirmation.locator('.monaco-button', { hasText: 'Reveal' }).click();
      const shown = page.locator('.monaco-dialog-box', { hasText: `Value of '${name}'` });
      await shown.waitFor();
      if (!(await shown.innerText()).includes(sampleSecrets[name])) throw new Error('the value dialog does not show the value');
      await page.keyboard.press('Escape');
      await anyDialog.waitFor({ state: 'hidden' });
    },
  ],
];

describeSteps('The UI check in the workbench', () => startWorkbench(), steps);
