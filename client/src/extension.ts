/** The client: starts the language server and owns the UI. Every AWS call happens in the server. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import {
  InitializationOptions,
  RefreshSecretListRequest,
  SecretListStateNotification,
  SecretListStateParams,
  WorkspaceTrustedNotification,
} from '../../server/src/protocol';
import { pickProfile, pickRegion } from './scopePickers';
import { SecretListStatus } from './secretListStatus';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const log = vscode.window.createOutputChannel('AWS Secret References', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'yaml' }],
    synchronize: { configurationSection: 'awsSecretRefs' },
    outputChannel: log,
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted } satisfies InitializationOptions,
  };
  const languageClient = new LanguageClient('awsSecretRefs', 'AWS Secret References', serverOptions, clientOptions);
  client = languageClient;
  const status = new SecretListStatus(log);

  const refresh = () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Refreshing the AWS secret list…' }, async () => {
      const state = await languageClient.sendRequest<SecretListStateParams>(RefreshSecretListRequest);
      status.update(state);
      if (state.status === 'ready') void vscode.window.showInformationMessage(`AWS secret list refreshed: ${state.count} secrets (${state.scopeLabel}).`);
      if (state.status === 'untrusted') void vscode.window.showWarningMessage('Trust this workspace to let AWS Secret References call AWS.');
    });

  context.subscriptions.push(
    log,
    status,
    vscode.commands.registerCommand('awsSecretRefs.showLog', () => log.show(true)),
    vscode.commands.registerCommand('awsSecretRefs.refreshSecretList', refresh),
    vscode.commands.registerCommand('awsSecretRefs.switchProfile', () => pickProfile(languageClient)),
    vscode.commands.registerCommand('awsSecretRefs.switchRegion', () => pickRegion(languageClient, context.globalState)),
    vscode.commands.registerCommand('awsSecretRefs.statusMenu', async () => {
      const actions: Record<string, string> = {
        'Switch Profile…': 'awsSecretRefs.switchProfile',
        'Switch Region…': 'awsSecretRefs.switchRegion',
        'Refresh Secret List': 'awsSecretRefs.refreshSecretList',
        'Show Log': 'awsSecretRefs.showLog',
      };
      const picked = await vscode.window.showQuickPick(Object.keys(actions), { title: 'AWS Secret References' });
      if (picked) await vscode.commands.executeCommand(actions[picked]);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void languageClient.sendNotification(WorkspaceTrustedNotification)),
    languageClient.onNotification(SecretListStateNotification, (state: SecretListStateParams) => status.update(state)),
  );
  await languageClient.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
