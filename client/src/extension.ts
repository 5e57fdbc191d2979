/** The client: starts the language server and owns the UI. Every AWS call happens in the server. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import {
  HoverCommands,
  InitializationOptions,
  RefreshSecretListRequest,
  SecretListStateNotification,
  SecretListStateParams,
  MOVE_TO_SECRETS_MANAGER_COMMAND,
  STORE_NEW_SECRET_COMMAND,
  WorkspaceTrustedNotification,
} from '../../shared/protocol';
import { pickProfile, pickRegion } from './scopePickers';
import { copyArn, copyValue, revealValue } from './secretValues';
import { MoveTarget, SecretStore } from './storeSecret';
import { SecretListStatus } from './secretListStatus';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const log = vscode.window.createOutputChannel('AWS Secret References', { log: true });
  // A samconfig.toml names the region a SAM template deploys to.
  const samconfigWatcher = vscode.workspace.createFileSystemWatcher('**/samconfig.toml');
  context.subscriptions.push(samconfigWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'awsSecretRefs', fileEvents: samconfigWatcher },
    outputChannel: log,
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted } satisfies InitializationOptions,
    middleware: {
      // The server's hovers link to the extension's own commands (copy ARN, reveal, copy value): allow just those.
      async provideHover(document, position, token, next) {
        const hover = await next(document, position, token);
        for (const content of hover?.contents ?? []) {
          if (content instanceof vscode.MarkdownString) content.isTrusted = { enabledCommands: Object.values(HoverCommands) };
        }
        return hover;
      },
    },
  };
  const languageClient = new LanguageClient('awsSecretRefs', 'AWS Secret References', serverOptions, clientOptions);
  client = languageClient;
  const status = new SecretListStatus(log);
  const store = new SecretStore(languageClient, () => status.where);

  const refresh = () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Refreshing the AWS secret list…' }, async () => {
      const state = await languageClient.sendRequest(RefreshSecretListRequest);
      status.update(state);
      if (state.status === 'ready')
        void vscode.window.showInformationMessage(`AWS secret list refreshed: ${state.count} secrets (${state.scopeLabel}).`);
      if (state.status === 'untrusted')
        void vscode.window.showWarningMessage('Trust this workspace to let AWS Secret References call AWS.');
    });

  context.subscriptions.push(
    log,
    status,
    vscode.commands.registerCommand('awsSecretRefs.showLog', () => log.show(true)),
    vscode.commands.registerCommand('awsSecretRefs.refreshSecretList', refresh),
    vscode.commands.registerCommand(HoverCommands.revealValue, (secretId?: string) =>
      revealValue(languageClient, secretId, status.listLoaded),
    ),
    vscode.commands.registerCommand(HoverCommands.copyValue, (secretId?: string) => copyValue(languageClient, secretId, status.listLoaded)),
    vscode.commands.registerCommand(STORE_NEW_SECRET_COMMAND, (prefill?: { name?: string }) => store.storeNewSecret(prefill)),
    vscode.commands.registerCommand(MOVE_TO_SECRETS_MANAGER_COMMAND, (target: MoveTarget) => store.moveToSecretsManager(target)),
    vscode.commands.registerCommand(HoverCommands.copyArn, (arn: string) => copyArn(arn)),
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
