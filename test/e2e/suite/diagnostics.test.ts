import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyQuickFix, openFixture, ourDiagnostics, waitForDiagnostics, waitForProblem } from './helpers';

describe('References checked in the editor', () => {
  it('flags a misspelled region in an ARN as an error', async () => {
    const { document } = await openFixture('broken_arns.yaml');
    const problem = await waitForProblem(document.uri, 'arn-region', 1);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(problem.message.length > 0);
  });

  it('flags a bare ARN whose account is not 12 digits', async () => {
    const { document } = await openFixture('broken_arns.yaml');
    await waitForProblem(document.uri, 'arn-account', 2);
  });

  it('leaves every valid Mage form unflagged', async () => {
    const { document } = await openFixture('io_config.yaml');
    // No event marks "checked and clean", so give the server time to publish anything it would.
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual(
      ourDiagnostics(document.uri).map((d) => `${d.code} on line ${d.range.start.line + 1}`),
      [],
    );
  });

  it('flags a mistake as soon as it is typed', async () => {
    const editor = await openFixture('io_config.yaml');
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((edit) => edit.insert(end, `\n  TYPO: "{{ aws_secrets_var('API_KEY') }}"`));
    await waitForProblem(editor.document.uri, 'call-unknown-function', editor.document.lineCount - 1);
  });

  it("fixes a misspelled function with 'Change to aws_secret_var'", async () => {
    const { document } = await openFixture('misspelled.yaml');
    const problem = await waitForProblem(document.uri, 'call-unknown-function', 1);
    await applyQuickFix(document.uri, problem, "Change to 'aws_secret_var'");
    assert.equal(document.lineAt(1).text, `  POSTGRES_PASSWORD: "{{ aws_secret_var('prod/postgres/password') }}"`);
    await waitForDiagnostics(document.uri, 'call-unknown-function gone', (all) => all.every((d) => d.code !== 'call-unknown-function'));
  });

  it('warns about an unquoted template and quotes it in double quotes', async () => {
    const { document } = await openFixture('unquoted.yaml');
    const problem = await waitForProblem(document.uri, 'yaml-unquoted-template', 1);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Warning);
    await applyQuickFix(document.uri, problem, 'Quote the template');
    assert.equal(document.lineAt(1).text, `  API_KEY: "{{ aws_secret_var('API_KEY') }}"`);
  });

  it('quotes a template that contains a double quote in single quotes', async () => {
    const { document } = await openFixture('unquoted.yaml');
    const problem = await waitForProblem(document.uri, 'yaml-unquoted-template', 2);
    await applyQuickFix(document.uri, problem, 'Quote the template');
    assert.equal(document.lineAt(2).text, `  TOKEN: '{{ aws_secret_var("ACCESS_TOKEN") }}'`);
  });
});
