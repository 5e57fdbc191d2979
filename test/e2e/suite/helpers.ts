/** What the end-to-end tests need to look at the editor as a user does, through the VS Code API. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pollUntil } from '../../support/poll';

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, name));
}

// Root hooks of every suite file (each imports this module): the server runs before the first test; no test leaves an edit or editor.
before(async function () {
  this.timeout(90_000);
  assert.ok(vscode.extensions.getExtension('aws-secret-refs.aws-secret-refs'), 'the extension is not loaded');
  const { document } = await openFixture('broken_arns.yaml');
  await pollUntil('the language server publishing diagnostics', () => ourDiagnostics(document.uri).length > 0, Boolean, 60_000);
});
afterEach(async () => {
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

export const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

/** This extension's diagnostics for `uri`, as the Problems panel has them. */
export const ourDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'aws-secret-refs');

/** Waits until this extension's diagnostics for `uri` satisfy `done`, and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, what: string, done: (all: vscode.Diagnostic[]) => boolean) {
  return pollUntil(what, () => ourDiagnostics(uri), done).catch((error: Error) => {
    const now = ourDiagnostics(uri).map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`);
    throw new Error(`${error.message}; diagnostics now: ${now.join(', ') || 'none'}`);
  });
}

/** Waits for a diagnostic with `code` on zero-based `line`. */
export async function waitForProblem(uri: vscode.Uri, code: string, line: number): Promise<vscode.Diagnostic> {
  const found = (diagnostics: vscode.Diagnostic[]) => diagnostics.find((d) => d.code === code && d.range.start.line === line);
  return found(await waitForDiagnostics(uri, `${code} on line ${line + 1}`, (all) => found(all) !== undefined))!;
}

/** The quick fix for `range` whose title starts with `titlePrefix`, as the light bulb lists it; fails naming the ones offered. */
export async function findQuickFix(uri: vscode.Uri, range: vscode.Range, titlePrefix: string): Promise<vscode.CodeAction> {
  // Asked until offered (an answer just after the problem appears can be empty under load); edits resolved for 10 actions.
  const ask = () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, 'quickfix', 10);
  let offered: vscode.CodeAction[] = [];
  const found = async () => (offered = await ask()).find((action) => action.title.startsWith(titlePrefix));
  const fix = await pollUntil(`a quick fix titled "${titlePrefix}…"`, found, Boolean, 5000).catch(() => undefined);
  assert.ok(fix, `no quick fix titled "${titlePrefix}…"; offered: ${offered.map((a) => `"${a.title}"`).join(', ') || 'none'}`);
  return fix;
}

/** Applies the edit of the quick fix whose title starts with `titlePrefix` (the fixes that edit run no command). */
export async function applyQuickFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, titlePrefix: string): Promise<void> {
  const fix = await findQuickFix(uri, diagnostic.range, titlePrefix);
  assert.ok(fix.edit, `quick fix "${fix.title}" has no edit`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), `quick fix "${fix.title}" was not applied`);
}

/** The position just after the first `text` in `document` (inside it when `into` is given). */
export function positionAfter(document: vscode.TextDocument, text: string, into = text.length): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `'${text}' is not in ${document.fileName}`);
  return document.positionAt(offset + into);
}

/** The hover's markdown at `position`, all parts joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}
