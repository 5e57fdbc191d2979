/**
 * Reveal and copy a secret's value: each asks for confirmation first, fetches the value only then,
 * shows it transiently (a modal dialog, never a document), and clears a copied value from the
 * clipboard after 30 seconds if it is still there.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FindSecretRequest, RevealValueParams, RevealValueRequest, SecretAtRequest } from '../../shared/protocol';

export const CLIPBOARD_CLEAR_MS = 30_000;

export async function revealValue(client: LanguageClient, secretId: string | undefined, listLoaded: boolean): Promise<void> {
  const id = secretId ?? (await askSecretId(client));
  if (
    !id ||
    (listLoaded && !(await listed(client, id))) ||
    !(await confirm(`Reveal the value of secret '${id}'?`, 'It is shown once in a dialog and not stored anywhere.', 'Reveal'))
  )
    return;
  const text = await fetchValue(client, id);
  if (text === undefined) return;
  const choice = await vscode.window.showInformationMessage(`Value of '${id}'`, { modal: true, detail: text }, 'Copy');
  if (choice === 'Copy') await copyForAWhile(text, id);
}

export async function copyValue(client: LanguageClient, secretId: string | undefined, listLoaded: boolean): Promise<void> {
  const id = secretId ?? (await askSecretId(client));
  if (
    !id ||
    (listLoaded && !(await listed(client, id))) ||
    !(await confirm(
      `Copy the value of secret '${id}' to the clipboard?`,
      'The clipboard is cleared after 30 seconds if it still holds the value.',
      'Copy',
    ))
  )
    return;
  const text = await fetchValue(client, id);
  if (text !== undefined) await copyForAWhile(text, id);
}

export async function copyArn(arn: string): Promise<void> {
  await vscode.env.clipboard.writeText(arn);
  void vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
}

/** Whether the secret is in the account's loaded list, said before asking to confirm anything about it. */
async function listed(client: LanguageClient, id: string): Promise<boolean> {
  if (await client.sendRequest(FindSecretRequest, { id })) return true;
  const choice = await vscode.window.showWarningMessage(
    `No secret '${id}' in the secret list: check the name, or refresh the list if it was created since.`,
    'Refresh Secret List',
  );
  if (choice) void vscode.commands.executeCommand('awsSecretRefs.refreshSecretList');
  return false;
}

async function confirm(message: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

async function fetchValue(client: LanguageClient, secretId: string): Promise<string | undefined> {
  const params: RevealValueParams = { secretId, confirmed: true };
  const result = await client.sendRequest(RevealValueRequest, params);
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Could not read secret '${secretId}': ${result.message}`);
    return undefined;
  }
  if (result.kind === 'binary') {
    void vscode.window.showInformationMessage(`Secret '${secretId}' is binary (${result.byteLength} bytes) and cannot be shown as text.`);
    return undefined;
  }
  return result.text;
}

async function copyForAWhile(text: string, secretId: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(`Copied the value of '${secretId}'; the clipboard clears in 30 s`, 5000);
  setTimeout(() => void clearClipboardIfStill(text), CLIPBOARD_CLEAR_MS);
}

/** Empties the clipboard if it still holds `text`; a clipboard that cannot be read is left as it is. */
async function clearClipboardIfStill(text: string): Promise<void> {
  const now = await vscode.env.clipboard.readText().then(
    (value) => value,
    () => undefined,
  );
  if (now === text) await vscode.env.clipboard.writeText('').then(undefined, () => undefined);
}

/** The reference under the cursor, else a name typed by the person. */
async function askSecretId(client: LanguageClient): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'yaml') {
    const { line, character } = editor.selection.active;
    const id = await client.sendRequest(SecretAtRequest, { uri: editor.document.uri.toString(), position: { line, character } });
    if (id) return id;
  }
  return vscode.window.showInputBox({ title: 'Secret name or ARN', prompt: 'The secret whose value to read', ignoreFocusOut: true });
}
