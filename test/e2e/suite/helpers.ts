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

/** Opens a YAML file and waits for the language server's first diagnostics, which show it is running. */
export async function startLanguageServer(): Promise<void> {
  assert.ok(vscode.extensions.getExtension('aws-secret-refs.aws-secret-refs'), 'the extension is not loaded');
  const { document } = await openFixture('broken_arns.yaml');
  await waitForDiagnostics(document.uri, 'the language server publishing diagnostics', (all) => all.length > 0, 60_000);
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
  const found = (diagnostics: vscode.Diagnostic[]) => diagnostics.find((d) => codeOf(d) === code && d.range.start.line === line);
  const diagnostics = await waitForDiagnostics(uri, `${code} on line ${line + 1}`, (all) => found(all) !== undefined);
  return found(diagnostics)!;
}

/** The quick fixes offered for `range`, as the light bulb lists them. */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
      vscode.CodeActionKind.QuickFix.value,
      10,
    )) ?? [];
  return actions.filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
}

/** The quick fix whose title starts with `titlePrefix`; fails naming the ones offered. */
export async function findQuickFix(uri: vscode.Uri, range: vscode.Range, titlePrefix: string): Promise<vscode.CodeAction> {
  const actions = await quickFixes(uri, range);
  const fix = actions.find((action) => action.title.startsWith(titlePrefix));
  assert.ok(fix, `no quick fix titled "${titlePrefix}…"; offered: ${actions.map((a) => `"${a.title}"`).join(', ') || 'none'}`);
  return fix;
}

/** Applies the quick fix whose title starts with `titlePrefix`, as choosing it from the light bulb does. */
export async function applyQuickFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, titlePrefix: string): Promise<void> {
  const fix = await findQuickFix(uri, diagnostic.range, titlePrefix);
  assert.ok(fix.edit, `quick fix "${fix.title}" has no edit`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), `quick fix "${fix.title}" was not applied`);
  if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
}

/** The position just after the first `text` in `document` (inside it when `into` is given). */
export function positionAfter(document: vscode.TextDocument, text: string, into = text.length): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `'${text}' is not in ${document.fileName}`);
  return document.positionAt(offset + into);
}

/** Polls `probe` until `done` accepts its result, and returns it; fails with `what` and the last result. */
export async function pollUntil<T>(what: string, probe: () => Thenable<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The hover's markdown at `position`, all parts joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

export const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
