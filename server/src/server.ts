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
import { Account } from './features/account';
import { accountProblems } from './features/accountChecks';
import { quickFixes } from './features/codeActions';
import { complete, COMPLETION_TRIGGERS } from './features/completion';
import { Validator } from './features/diagnostics';
import { InitializationOptions } from './protocol';

/** Pause in typing before a document is validated again. */
const VALIDATION_DELAY_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const validator = new Validator(connection, documents, VALIDATION_DELAY_MS);
let workspaceTrusted = true;
let account: Promise<Account> | undefined;

connection.onInitialize((params) => {
  // A client that says nothing about trust (any LSP client but ours) is trusted, as editors without the notion are.
  workspaceTrusted = (params.initializationOptions as InitializationOptions | undefined)?.workspaceTrusted ?? true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
    },
    serverInfo: { name: 'aws-secret-refs' },
  };
});

connection.onInitialized(() => {
  void connection.client.register(DidChangeConfigurationNotification.type, { section: 'awsSecretRefs' }).catch(() => undefined);
  account = Account.create(connection, documents, validator, workspaceTrusted);
  void account.then((ready) => {
    validator.setExtraChecks((analysis) => {
      const state = ready.readyList;
      return state ? accountProblems(analysis, ready.list, state) : [];
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
  return complete(document, params.position, await account);
});

documents.listen(connection);
connection.listen();
