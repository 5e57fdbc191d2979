/**
 * The other dialects in the real editor, against the emulator's sample secrets: a CloudFormation template, an
 * ExternalSecret and a SecretProviderClass each show a missing secret with did-you-mean, complete secret names and
 * hover a masked value.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pollUntil } from '../../support/poll';
import { MASK, sampleSecrets } from '../../support/sampleSecrets';
import { hoverText, labelOf, openFixture, positionAfter, waitForProblem } from './helpers';

/** Each fixture: the line (0-based) of its misspelled reference, where a secret name is completed, and a reference to hover. */
const CASES = [
  {
    label: 'a CloudFormation template',
    fixture: 'template.yaml',
    missingLine: 7,
    completeAfter: '{{resolve:secretsmanager:',
    hoverIn: 'database_config',
  },
  { label: 'an ExternalSecret', fixture: 'external_secret.yaml', missingLine: 27, completeAfter: 'key: ', hoverIn: 'database_config' },
  {
    label: 'a SecretProviderClass',
    fixture: 'secret_provider_class.yaml',
    missingLine: 14,
    completeAfter: 'objectName: "',
    hoverIn: 'database_config',
  },
];

describe('CloudFormation and Kubernetes references against the emulator', () => {
  for (const { label, fixture, missingLine, completeAfter, hoverIn } of CASES) {
    it(`${label}: a missing secret in the Problems panel with did-you-mean`, async () => {
      const { document } = await openFixture(fixture);
      const problem = await waitForProblem(document.uri, 'secret-not-found', missingLine);
      assert.equal(problem.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(problem.message, /^Secret 'prod\/postgres\/pasword' not found\. Did you mean 'prod\/postgres\/password'\?/);
    });

    it(`${label}: completes the sample secret names`, async () => {
      const { document } = await openFixture(fixture);
      const position = positionAfter(document, completeAfter);
      await pollUntil(
        'completion items for every sample secret',
        () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position),
        (answer) => Object.keys(sampleSecrets).every((name) => answer.items.some((item) => labelOf(item) === name)),
      );
    });

    it(`${label}: hovers a JSON secret with its keys, values masked`, async () => {
      const { document } = await openFixture(fixture);
      const text = await pollUntil(
        'a hover with the masked value',
        () => hoverText(document.uri, positionAfter(document, hoverIn, 4)),
        (markdown) => markdown.includes(MASK),
      );
      assert.ok(text.includes('database_config'), `the hover does not name the secret:\n${text}`);
      assert.ok(text.includes('`snowflake_user`'), `the hover does not list the keys:\n${text}`);
      assert.ok(!text.includes('demo-snowflake-password'), 'the hover shows a value');
    });
  }
});
