/** The language server: LSP wiring only; each feature lives in its own module. */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Account, EditorSettings, SETTINGS_SECTION } from './features/account';
import { accountProblems, secretsWithUnknownKeys } from './features/accountChecks';
import { quickFixes } from './features/codeActions';
import { complete, COMPLETION_TRIGGERS, resolveCompletion } from './features/completion';
import { Validator } from './features/diagnostics';
import { hover } from './features/hover';
import { SecretPreviews } from './features/secretPreviews';
import {
  CreateSecretParams,
  CreateSecretRequest,
  CreateSecretResult,
  FindSecretRequest,
  FoundSecret,
  InitializationOptions,
  RevealValueParams,
  RevealValueRequest,
  RevealValueResult,
} from './protocol';

/** Pause in typing before a document is validated again. */
const VALIDATION_DELAY_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const validator = new Validator(connection, documents, VALIDATION_DELAY_MS);
let workspaceTrusted = true;
let account: Promise<Account> | undefined;

const previewSettings = (settings: EditorSettings) => ({
  revealTrailing: settings.revealTrailing,
  valueCacheMs: settings.valueCacheSeconds * 1000,
  metadataCacheMs: settings.listTtlMinutes * 60_000,
});
const previews = new SecretPreviews({ revealTrailing: 0, valueCacheMs: 60_000, metadataCacheMs: 5 * 60_000 });

connection.onInitialize((params) => {
  // A client that says nothing about trust (any LSP client but ours) is trusted, as editors without the notion are.
  workspaceTrusted = (params.initializationOptions as InitializationOptions | undefined)?.workspaceTrusted ?? true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true },
      hoverProvider: true,
    },
    serverInfo: { name: 'aws-secret-refs' },
  };
});

connection.onInitialized(() => {
  void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
  account = Account.create(connection, documents, validator, workspaceTrusted);
  void account.then((ready) => {
    previews.configure(previewSettings(ready.editorSettings));
    ready.onDidChangeSettings((settings) => previews.configure(previewSettings(settings)));
    validator.setExtraChecks((analysis) => {
      const state = ready.readyList;
      if (!state) return [];
      previews.useGateway(ready.list.gateway);
      const knownKeys = (arn: string) => previews.jsonKeys(arn);
      // Keys not known yet are fetched in the background; the documents are checked again once they arrive.
      void previews.fetchJsonKeys(secretsWithUnknownKeys(analysis, ready.list, knownKeys)).then((learned) => learned && validator.republishAll());
      return accountProblems(analysis, ready.list, state, knownKeys);
    });
    ready.loadIfUseful();
  });
});


documents.onDidChangeContent(({ document }) => validator.schedule(document));
documents.onDidOpen(() => void account?.then((ready) => ready.loadIfUseful()));
documents.onDidClose(({ document }) => validator.forget(document.uri));
connection.onCodeAction((params) => quickFixes(params, documents));
connection.onCompletion(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document || !account) return null;
  return complete(document, params.position, await account, previews);
});
connection.onCompletionResolve(async (item) => (account ? resolveCompletion(item, await account) : item));
connection.onHover(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document || !account) return null;
  return hover(document, params.position, validator, await account, previews);
});
connection.onRequest(RevealValueRequest, async (params: RevealValueParams): Promise<RevealValueResult> => {
  const ready = await account;
  if (!ready?.trusted) return { ok: false, message: 'Trust this workspace first: no AWS call is made in restricted mode.' };
  if (!params.confirmed) return { ok: false, message: 'A value is revealed only after you confirm.' };
  previews.useGateway(ready.list.gateway);
  const outcome = await previews.reveal(params.secretId);
  if (!outcome.ok) return { ok: false, message: outcome.failure.message };
  return outcome.value.kind === 'string' ? { ok: true, kind: 'string', text: outcome.value.text } : { ok: true, kind: 'binary', byteLength: outcome.value.byteLength };
});

connection.onRequest(CreateSecretRequest, async (params: CreateSecretParams): Promise<CreateSecretResult> => {
  const ready = await account;
  if (!ready?.trusted) return { ok: false, kind: 'untrusted', message: 'Trust this workspace first: no AWS call is made in restricted mode.' };
  return ready.createSecret(params);
});
connection.onRequest(FindSecretRequest, async ({ id }: { id: string }): Promise<FoundSecret | null> => {
  const found = (await account)?.list.find(id);
  return found ? { name: found.name, arn: found.arn } : null;
});

documents.listen(connection);
connection.listen();
