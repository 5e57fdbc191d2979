/**
 * The features that need the account, against the moto the runner started with the sample secrets
 * (the user settings point the extension at it): completion, missing secrets, hover, refresh, and
 * literal credentials.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { seedSecrets } from '../../support/moto';
import { pollUntil } from '../../support/poll';
import { MASK, sampleSecrets } from '../../support/sampleSecrets';
import { findQuickFix, hoverText, labelOf, openFixture, positionAfter, waitForDiagnostics, waitForProblem } from './helpers';

/** Fails when any sample secret's value is in `text`, without printing the value. */
function assertNoSampleValue(text: string): void {
  for (const [name, value] of Object.entries(sampleSecrets)) {
    assert.ok(!text.includes(value), `the value of sample secret '${name}' is shown`);
    if (!value.startsWith('{')) continue;
    for (const [key, field] of Object.entries(JSON.parse(value) as Record<string, unknown>)) {
      assert.ok(typeof field !== 'string' || !text.includes(field), `the value of '${key}' in sample secret '${name}' is shown`);
    }
  }
}

describe('Account features against the emulator', () => {
  const endpoint = vscode.workspace.getConfiguration('awsSecretRefs').get<string>('endpoint');

  before(() => assert.ok(endpoint, 'awsSecretRefs.endpoint is not set: these tests need the emulator the runner starts'));

  it("completes the sample secret names inside aws_secret_var(' and balances quote and paren", async () => {
    const editor = await openFixture('completion.yaml');
    const { document } = editor;
    const position = positionAfter(document, "aws_secret_var('");
    // The first answer may come before the list has loaded: empty and marked incomplete.
    const list = await pollUntil(
      'completion items for every sample secret',
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position),
      (answer) => Object.keys(sampleSecrets).every((name) => answer.items.some((item) => labelOf(item) === name)),
    );
    const item = list.items.find((candidate) => labelOf(candidate) === 'API_KEY')!;
    const range = item.range instanceof vscode.Range ? item.range : item.range!.replacing;
    const text = typeof item.insertText === 'string' ? item.insertText : item.insertText!.value;
    assert.ok(await editor.edit((edit) => edit.replace(range, text)), 'the completion edit was not applied');
    assert.equal(document.lineAt(1).text, `  API_TOKEN: "{{ aws_secret_var('API_KEY') }}"`);
  });

  it("warns about a missing secret with did-you-mean, fixes it with 'Change to', and offers to store it", async () => {
    const { document } = await openFixture('missing_secret.yaml');
    const problem = await waitForProblem(document.uri, 'secret-not-found', 1);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(
      problem.message,
      /^Secret 'prod\/postgres\/pasword' not found\. Did you mean 'prod\/postgres\/password'\? Looked in account /,
    );
    const store = await findQuickFix(document.uri, problem.range, "Store new secret 'prod/postgres/pasword'…");
    assert.equal(store.command?.command, 'awsSecretRefs.storeNewSecret');
    const change = await findQuickFix(document.uri, problem.range, "Change to 'prod/postgres/password'");
    assert.ok(change.edit && (await vscode.workspace.applyEdit(change.edit)), 'the "Change to" fix was not applied');
    assert.equal(document.lineAt(1).text, `  POSTGRES_PASSWORD: "{{ aws_secret_var('prod/postgres/password') }}"`);
    await waitForDiagnostics(document.uri, 'secret-not-found on line 2 gone', (all) =>
      all.every((d) => d.code !== 'secret-not-found' || d.range.start.line !== 1),
    );
  });

  it('hover shows the name, ARN and a masked value, never the value', async () => {
    const { document } = await openFixture('io_config.yaml');
    const text = await pollUntil(
      'a hover with the masked value',
      () => hoverText(document.uri, positionAfter(document, "aws_secret_var('prod/postgres/password", 18)),
      (markdown) => markdown.includes(MASK),
    );
    assert.ok(text.includes('prod/postgres/password'), `the hover does not name the secret:\n${text}`);
    assert.match(text, /`arn:aws:secretsmanager:us-east-1:\d{12}:secret:prod\/postgres\/password-\w{6}`/);
    assertNoSampleValue(text);
  });

  it('hover on a JSON secret lists its keys, values masked', async () => {
    const { document } = await openFixture('io_config.yaml');
    const text = await pollUntil(
      'a hover with the JSON keys',
      () => hoverText(document.uri, positionAfter(document, "aws_secret_var('database_config", 18)),
      (markdown) => markdown.includes('JSON with'),
    );
    for (const key of ['snowflake_user', 'snowflake_password', 'host'])
      assert.ok(text.includes(`\`${key}\``), `key '${key}' is not listed:\n${text}`);
    assertNoSampleValue(text);
  });

  it("'AWS Secrets: Refresh Secret List' loads a secret created since", async () => {
    const { document } = await openFixture('missing_secret.yaml');
    await waitForProblem(document.uri, 'secret-not-found', 2);
    await seedSecrets(endpoint!, { 'e2e/created-later': 'created-later-value' });
    await vscode.commands.executeCommand('awsSecretRefs.refreshSecretList');
    await waitForDiagnostics(document.uri, 'secret-not-found on line 3 gone after the refresh', (all) =>
      all.every((d) => d.code !== 'secret-not-found' || d.range.start.line !== 2),
    );
  });

  it('completes an ARN with items labelled by the secret name, the ARN in the detail', async () => {
    const { document } = await openFixture('arn_completion.yaml');
    const position = positionAfter(document, ':secret:');
    const list = await pollUntil(
      'ARN items for every sample secret',
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position),
      (answer) => Object.keys(sampleSecrets).every((name) => answer.items.some((item) => labelOf(item) === name)),
    );
    const item = list.items.find((candidate) => labelOf(candidate) === 'prod/postgres/password')!;
    assert.match(String(item.detail), /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:prod\/postgres\/password-\w{6}$/);
  });

  it('offline, completion says in one item why there is no list; back online, the names return', async () => {
    const settings = vscode.workspace.getConfiguration('awsSecretRefs');
    const { document } = await openFixture('completion.yaml');
    const position = positionAfter(document, "aws_secret_var('");
    const complete = () =>
      vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    // Nothing listens on port 9 of this machine: a connection failure the emulator itself cannot produce.
    await settings.update('endpoint', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
    try {
      const offline = await pollUntil('the "Secret list unavailable" item', complete, (answer) =>
        answer.items.some((item) => labelOf(item).startsWith('Secret list unavailable: ')),
      );
      assert.equal(offline.items.length, 1);
    } finally {
      await settings.update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    }
    await pollUntil('the sample names again', complete, (answer) => answer.items.some((item) => labelOf(item) === 'API_KEY'), 30_000);
  });

  it("hints at a literal credential and offers 'Move value to AWS Secrets Manager…'", async () => {
    const { document } = await openFixture('credentials.yaml');
    const problem = await waitForProblem(document.uri, 'hardcoded-credential', 1);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(document.getText(problem.range), 'hunter2');
    const move = await findQuickFix(document.uri, problem.range, 'Move value to AWS Secrets Manager…');
    assert.equal(move.command?.command, 'awsSecretRefs.moveToSecretsManager');
  });
});
