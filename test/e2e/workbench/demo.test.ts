/**
 * The demo as a newcomer meets it after `npm start`: the packaged extension, io_config.yaml open, notifications
 * shown (no test driver hides them), and two profiles to switch between.
 */
import * as path from 'node:path';
import { sampleSecrets } from '../../support/sampleSecrets';
import { STAGING_REGION, stagingSecrets, startDemo } from '../../support/vscodeServer';
import { describeSteps, expectStatus, pointInText, runDir, runFromCommandPalette, screenshot, Step, untilShown } from './person';

const steps: Step[] = [
  [
    'the demo opens io_config.yaml with its problems flagged, on the default profile',
    async (page) => {
      await page.locator('.tabs-container .tab.active', { hasText: 'io_config.yaml' }).waitFor();
      await page.locator('.monaco-editor .squiggly-error').first().waitFor();
      await expectStatus(page, `profile default · us-east-1 · ${Object.keys(sampleSecrets).length} secrets`);
      await screenshot(page, 'demo-start.png');
    },
  ],
  [
    "the demo shows a toast after 'AWS Secrets: Refresh Secret List'",
    async (page) => {
      await runFromCommandPalette(page, 'AWS Secrets: Refresh Secret List');
      const toast = page.locator('.notification-toast', { hasText: 'AWS secret list refreshed' });
      await toast.waitFor();
      await screenshot(page, 'demo-refresh-toast.png');
    },
  ],
  [
    "the demo's Problems panel lists the broken references, and a hover shows a masked value (the README's pictures)",
    async (page) => {
      await page.locator('#status\\.problems').click();
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'secret-not-found' }).first().waitFor();
      await screenshot(page, 'demo-problems.png');
      const hover = page.locator('.monaco-hover', { hasText: 'prod/postgres/password' }).first();
      await untilShown('the hover of prod/postgres/password', hover, async () => {
        const { x, y } = await pointInText(page, "'prod/postgres/password'", 5);
        await page.mouse.move(x, y);
      });
      if ((await hover.innerText()).includes(sampleSecrets['prod/postgres/password'])) throw new Error('the hover shows the value');
      await screenshot(page, 'demo-hover.png');
      await page.mouse.move(5, 400);
    },
  ],
  [
    "'AWS Secrets: Switch Profile…' to staging lists the secrets of its region",
    async (page) => {
      await runFromCommandPalette(page, 'AWS Secrets: Switch Profile…');
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'staging' }).first();
      await row.waitFor();
      await row.click();
      await expectStatus(page, `profile staging · ${STAGING_REGION} · ${Object.keys(stagingSecrets).length} secrets`);
    },
  ],
];

describeSteps('The demo, as npm start runs it', () => startDemo(path.join(runDir, 'demo')), steps);
