/**
 * The secret list's state in the status bar, progress while it loads, and one message per distinct
 * failure (never a storm of them).
 */
import * as vscode from 'vscode';
import type { SecretListStateParams } from '../../shared/protocol';

const ENDPOINT_FAILURES = new Set(['unreachable', 'invalid-endpoint', 'timeout', 'bad-response']);

export class SecretListStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('awsSecretRefs.status', vscode.StatusBarAlignment.Left, 10);
  private finishProgress?: () => void;
  private lastState?: SecretListStateParams;
  private lastFailureShown?: string;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.item.name = 'AWS Secrets';
    this.item.command = 'awsSecretRefs.statusMenu';
    this.item.text = '$(key) AWS Secrets';
    this.item.show();
  }

  /** The account, credentials, region and endpoint secrets go to, from the last state the server sent. */
  get where(): string | undefined {
    const state = this.lastState;
    if (!state) return undefined;
    return state.account ? `account ${state.account} · ${state.scopeLabel}` : state.scopeLabel;
  }

  /** Whether a secret list has loaded, even one whose reload failed since. */
  get listLoaded(): boolean {
    return this.lastState?.status === 'ready' || this.lastState?.loadedAt !== undefined;
  }

  update(state: SecretListStateParams): void {
    this.lastState = state;
    const { status, scopeLabel } = state;
    this.item.backgroundColor = undefined;
    if (status === 'loading') {
      this.item.text = `$(sync~spin) AWS Secrets: loading`;
      this.item.tooltip = `Loading the secret list (${scopeLabel})`;
      this.showProgress(scopeLabel);
      return;
    }
    this.finishProgress?.();
    this.finishProgress = undefined;
    if (status === 'ready' && state.count === 0) {
      // Said once here rather than as a warning on every reference of every file.
      this.item.text = `$(warning) No secrets in ${state.region ?? 'this region'}: wrong region?`;
      this.item.tooltip = `Account ${state.account ?? '(unknown)'} has no secrets in ${state.region ?? 'the configured region'} (${scopeLabel}), so references are not checked against it. Click to switch region or profile.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.lastFailureShown = undefined;
    } else if (status === 'ready') {
      this.item.text = `$(key) ${state.credentials} · ${state.region ?? 'no region'} · ${state.count} secret${state.count === 1 ? '' : 's'}`;
      this.item.tooltip = `${state.count} secrets in account ${state.account ?? '(none listed)'} (${scopeLabel}). Click to switch profile or region.`;
      this.lastFailureShown = undefined;
    } else if (status === 'error') {
      // A list that loaded before stays in use, marked stale with the time it loaded.
      const stale = state.loadedAt
        ? ` · list from ${new Date(state.loadedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
        : '';
      this.item.text = `$(warning) AWS Secrets: ${state.failure?.kind ?? 'error'}${stale}`;
      this.item.tooltip = `${state.failure?.message ?? 'The secret list could not be loaded.'} (${scopeLabel})`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.reportFailure(state.failure?.message ?? 'The secret list could not be loaded.', state.failure?.kind);
    } else if (status === 'untrusted') {
      this.item.text = '$(shield) AWS Secrets: restricted';
      this.item.tooltip = 'Restricted mode: references are checked offline, and AWS is not called until you trust this workspace.';
    } else {
      this.item.text = `$(key) AWS Secrets: ${state.credentials}`;
      this.item.tooltip = `The secret list loads when a YAML file with references is open (${scopeLabel}).`;
    }
  }

  private showProgress(scopeLabel: string): void {
    if (this.finishProgress) return;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Loading AWS secrets (${scopeLabel})` },
      () => new Promise<void>((resolve) => (this.finishProgress = resolve)),
    );
  }

  private reportFailure(message: string, kind: string | undefined): void {
    this.log.warn(message);
    if (message === this.lastFailureShown) return;
    this.lastFailureShown = message;
    // A connection failure or an answer that is not Secrets Manager's is about the endpoint, not the credentials.
    const fix = kind && ENDPOINT_FAILURES.has(kind) ? 'Open Settings' : 'Switch Profile…';
    void vscode.window.showWarningMessage(`AWS Secret References: ${message}`, fix, 'Retry').then((choice) => {
      if (choice === 'Switch Profile…') void vscode.commands.executeCommand('awsSecretRefs.switchProfile');
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'awsSecretRefs.endpoint');
      if (choice === 'Retry') void vscode.commands.executeCommand('awsSecretRefs.refreshSecretList');
    });
  }

  dispose(): void {
    this.finishProgress?.();
    this.item.dispose();
  }
}
