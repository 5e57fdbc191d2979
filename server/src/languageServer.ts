/** The language server, made for a connection: LSP wiring only; each feature lives in its own module. */
import {
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditorSettings, SETTINGS_SECTION } from '../../shared/settings';
import type { Dialect } from './dialects/dialect';
import { DIALECTS } from './dialects/registry';
import { Account } from './features/account';
import { accountProblemsInSteps, factsToLearn } from './features/accountChecks';
import { quickFixes } from './features/codeActions';
import { complete, COMPLETION_TRIGGERS, resolveCompletion } from './features/completion';
import { Validator } from './features/diagnostics';
import { hover } from './features/hover';
import { lineText } from './features/positions';
import { SecretPreviews } from './features/secretPreviews';
import { learnFromDisk, learnWorkspace } from './features/workspaceFacts';
import { URI } from 'vscode-uri';
import {
  AddJsonKeyParams,
  AddJsonKeyRequest,
  CanAddJsonKeyRequest,
  CreateSecretParams,
  CreateSecretRequest,
  CreateSecretResult,
  FindSecretRequest,
  FoundSecret,
  ReferenceTextRequest,
  SecretAtRequest,
  ValuePlacementRequest,
  RevealValueParams,
  RevealValueRequest,
  RevealValueResult,
} from '../../shared/protocol';
import { enclosingQuote, valuePlacement } from './core/quotes';

/** Pause in typing before a document is validated again. */
const VALIDATION_DELAY_MS = 150;

export interface ServerParts {
  /** The dialects the server knows, in order; the registry's by default. */
  dialects?: readonly Dialect[];
}

/** Serves LSP on `connection` until it closes. */
export function createServer(connection: Connection, { dialects = DIALECTS }: ServerParts = {}): void {
  const documents = new TextDocuments(TextDocument);
  const validator = new Validator(connection, documents, VALIDATION_DELAY_MS, { dialects });
  let workspaceTrusted = true;
  let workspaceFolders: string[] = [];
  let account: Promise<Account> | undefined;

  const previewSettings = (settings: EditorSettings) => ({
    revealTrailing: settings.revealTrailing,
    valueCacheMs: settings.valueCacheSeconds * 1000,
    metadataCacheMs: settings.listTtlMinutes * 60_000,
  });
  const previews = new SecretPreviews({ revealTrailing: 0, valueCacheMs: 60_000, metadataCacheMs: 5 * 60_000 });

  connection.onInitialize((params) => {
    // A client that says nothing about trust (any LSP client but ours) is trusted, as editors without the notion are;
    // one that says anything but the boolean true is not.
    const trust = (params.initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted;
    workspaceTrusted = trust === undefined || trust === true;
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    validator.configure({ dialects }, workspaceFolders);
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
    const folders = workspaceFolders.map((folder) => URI.parse(folder)).filter((folder) => folder.scheme === 'file');
    void learnWorkspace(
      dialects,
      folders.map((folder) => folder.fsPath),
    ).then((changed) => changed && validator.factsChanged());
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    account = Account.create(connection, validator, workspaceTrusted);
    void account.then((ready) => {
      const configure = (settings: EditorSettings) => {
        previews.configure(previewSettings(settings));
        validator.configure({
          dialects: dialects.filter((dialect) => !settings.disabledDialects.includes(dialect.id)),
          extraFiles: settings.dialectFiles,
        });
      };
      configure(ready.editorSettings);
      ready.onDidChangeSettings(configure);
      validator.setExtraChecks(function* (analysis) {
        const state = ready.readyList;
        if (!state) {
          if (analysis.references.length > 0) ready.load();
          return [];
        }
        previews.useGateway(ready.list.gateway);
        // Keys and versions not known yet are fetched in the background; the documents are checked again once they arrive.
        const wanted = yield* factsToLearn(analysis, ready.list, previews);
        void previews.learn(wanted).then((learned) => learned && validator.republishAll());
        return yield* accountProblemsInSteps(analysis, ready.list, state, previews);
      });
      ready.loadIfUseful();
    });
  });

  documents.onDidChangeContent(({ document }) => validator.schedule(document));
  documents.onDidOpen(() => void account?.then((ready) => ready.loadIfUseful()));
  documents.onDidClose(({ document }) => {
    validator.forget(document.uri);
    // What the editor held may not be what is saved.
    const file = URI.parse(document.uri);
    if (file.scheme === 'file') void learnFromDisk(dialects, file.fsPath).then((changed) => changed && validator.factsChanged());
  });
  // Files the client watches for facts (a samconfig.toml): what is on disk now.
  connection.onDidChangeWatchedFiles(({ changes }) => {
    const files = changes.map((change) => URI.parse(change.uri)).filter((file) => file.scheme === 'file');
    void Promise.all(files.map((file) => learnFromDisk(dialects, file.fsPath))).then(
      (changed) => changed.includes(true) && validator.factsChanged(),
    );
  });
  connection.onCodeAction(async (params) => {
    const ready = await account;
    return quickFixes(params, documents, {
      similarNames: (secretId) => ready?.list.closeNames(secretId) ?? [],
      arnOf: (secretId) => ready?.list.find(secretId)?.arn,
    });
  });
  connection.onCompletion(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !account) return null;
    const idPrefixAt = (offset: number) =>
      validator.referencesNear(document, offset).find((reference) => reference.span.start <= offset && offset <= reference.span.end)
        ?.idPrefix;
    return complete(document, params.position, validator.dialectsAt(document, params.position.line), await account, previews, idPrefixAt);
  });
  connection.onCompletionResolve(async (item) => (account ? resolveCompletion(item, await account) : item));
  connection.onHover(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !account) return null;
    return hover(document, params.position, validator, await account, previews);
  });
  /** Runs a handler that may call AWS only once the account is set up and the workspace trusted. */
  const whenTrusted =
    <P, R>(handler: (ready: Account, params: P) => Promise<R>, untrusted: R) =>
    async (params: P): Promise<R> => {
      const ready = await account;
      return ready?.trusted ? handler(ready, params) : untrusted;
    };
  const UNTRUSTED = 'Trust this workspace first: no AWS call is made in restricted mode.';

  connection.onRequest(
    RevealValueRequest,
    whenTrusted(
      async (ready, params: RevealValueParams): Promise<RevealValueResult> => {
        // Only the boolean true: a string such as "false" is no confirmation.
        if (params.confirmed !== true) return { ok: false, message: 'A value is revealed only after you confirm.' };
        previews.useGateway(ready.list.gateway);
        const outcome = await previews.reveal(params.secretId);
        if (!outcome.ok) return { ok: false, message: outcome.failure.message };
        // An audit line: which secret, never its value.
        connection.console.info(`Revealed the value of secret '${params.secretId}' after confirmation.`);
        return outcome.value.kind === 'string'
          ? { ok: true, kind: 'string', text: outcome.value.text }
          : { ok: true, kind: 'binary', byteLength: outcome.value.byteLength };
      },
      { ok: false, message: UNTRUSTED },
    ),
  );

  connection.onRequest(
    CreateSecretRequest,
    whenTrusted(
      async (ready, params: CreateSecretParams): Promise<CreateSecretResult> => {
        const result = await ready.createSecret(params);
        if (result.ok) connection.console.info(`Created secret '${result.name}' (${result.arn}).`);
        return result;
      },
      { ok: false, kind: 'untrusted', message: UNTRUSTED },
    ),
  );
  connection.onRequest(
    CanAddJsonKeyRequest,
    whenTrusted((ready, { secretId, key }: { secretId: string; key: string }) => ready.canAddJsonKey(secretId, key), {
      ok: false,
      kind: 'untrusted',
      message: UNTRUSTED,
    }),
  );
  connection.onRequest(
    AddJsonKeyRequest,
    whenTrusted(
      async (ready, params: AddJsonKeyParams): Promise<CreateSecretResult> => {
        const result = await ready.addJsonKey(params);
        if (result.ok) {
          // What was known of its keys is stale: a reference to the new key must not be called missing.
          previews.forget([params.secretId, result.name, result.arn]);
          connection.console.info(`Added JSON key '${params.key}' to secret '${result.name}' (${result.arn}).`);
        }
        return result;
      },
      { ok: false, kind: 'untrusted', message: UNTRUSTED },
    ),
  );
  connection.onRequest(FindSecretRequest, async ({ id }: { id: string }): Promise<FoundSecret | null> => {
    const found = (await account)?.list.find(id);
    return found ? { name: found.name, arn: found.arn } : null;
  });

  connection.onRequest(ReferenceTextRequest, ({ uri, position, secretId, jsonKey }) => {
    const document = documents.get(uri);
    if (!document) return null;
    const enclosing = enclosingQuote(lineText(document, position.line), position.character);
    for (const dialect of validator.dialectsAt(document, position.line)) {
      const text =
        jsonKey === undefined ? dialect.referenceText?.(secretId, enclosing) : dialect.keyReferenceText?.(secretId, jsonKey, enclosing);
      if (text !== undefined) return text;
    }
    return null;
  });

  connection.onRequest(ValuePlacementRequest, ({ uri, position }) => {
    const document = documents.get(uri);
    if (!document) return 'newLine';
    const lineAt = (line: number) => lineText(document, line).replace(/\r?\n$/, '');
    // The next line that is not blank or a comment, within a bounded look-ahead.
    let next = position.line + 1;
    while (next < Math.min(document.lineCount, position.line + 100) && /^\s*(#.*)?$/.test(lineAt(next))) next++;
    return valuePlacement(lineAt(position.line), position.character, next < document.lineCount ? lineAt(next) : '');
  });

  connection.onRequest(SecretAtRequest, ({ uri, position }) => {
    const document = documents.get(uri);
    if (!document) return null;
    const offset = document.offsetAt(position);
    const onLine = validator
      .referencesNear(document, offset)
      .filter((reference) => reference.secretId && document.positionAt(reference.span.start).line === position.line);
    return (onLine.find((reference) => reference.span.start <= offset && offset <= reference.span.end) ?? onLine[0])?.secretId ?? null;
  });

  documents.listen(connection);
  connection.listen();
}
