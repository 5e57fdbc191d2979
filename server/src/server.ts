/** The language server: LSP wiring only; each feature lives in its own module. */
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quickFixes } from './features/codeActions';
import { Validator } from './features/diagnostics';

/** Pause in typing before a document is validated again. */
const VALIDATION_DELAY_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const validator = new Validator(connection, documents, VALIDATION_DELAY_MS);

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  },
  serverInfo: { name: 'aws-secret-refs' },
}));

documents.onDidChangeContent(({ document }) => validator.schedule(document));
documents.onDidClose(({ document }) => validator.forget(document.uri));
connection.onCodeAction((params) => quickFixes(params, documents));

documents.listen(connection);
connection.listen();
