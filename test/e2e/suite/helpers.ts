/** What the end-to-end tests need to look at the editor as a user does, through the VS Code API. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const SOURCE = 'aws-secret-refs';

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  return vscode.window.showTextDocument(document);
}

/** Throws away the active editor's unsaved changes and closes every editor. */
export async function revertAndCloseEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

/** This extension's diagnostics for `uri`, as the Problems panel has them. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

function describe(diagnostics: vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ');
}

/** Waits until this extension's diagnostics for `uri` satisfy `done`, and returns them. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  done: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let listener: vscode.Disposable | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      listener?.dispose();
      clearTimeout(timer);
    };
    const check = () => {
      const diagnostics = ourDiagnostics(uri);
      if (!done(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    if (check()) return;
    listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    timer = setTimeout(() => {
      finish();
      reject(new Error(`${what}: not seen within ${timeoutMs / 1000} s; diagnostics now: ${describe(ourDiagnostics(uri))}`));
    }, timeoutMs);
  });
}

/** Waits for a diagnostic with `code` on zero-based `line`. */
export async function waitForProblem(uri: vscode.Uri, code: string, line: number): Promise<vscode.Diagnostic> {
  const found = (diagnostics: vscode.Diagnostic[]) =>
    diagnostics.find((d) => codeOf(d) === code && d.range.start.line === line);
  const diagnostics = await waitForDiagnostics(uri, `${code} on line ${line + 1}`, (all) => found(all) !== undefined);
  return found(diagnostics)!;
}

/** Applies the quick fix whose title starts with `titlePrefix`, as choosing it from the light bulb does. */
export async function applyQuickFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, titlePrefix: string): Promise<void> {
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
      10,
    )) ?? [];
  const fix = actions.find((action): action is vscode.CodeAction => typeof action.command !== 'string' && action.title.startsWith(titlePrefix));
  assert.ok(fix, `no quick fix titled "${titlePrefix}…"; offered: ${actions.map((a) => `"${a.title}"`).join(', ') || 'none'}`);
  assert.ok(fix.edit, `quick fix "${fix.title}" has no edit`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), `quick fix "${fix.title}" was not applied`);
  if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
}
