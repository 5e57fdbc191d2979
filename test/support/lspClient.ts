/**
 * Drives the real language server (`node dist/server.js --stdio`) over LSP, as any editor would,
 * and records every message it sends.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  ClientCapabilities,
  Diagnostic,
  InitializeRequest,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  WorkspaceFolder,
} from 'vscode-languageserver-protocol';

export const SERVER_PATH = path.resolve(__dirname, '../../../dist/server.js');

export interface ServerUnderTest {
  connection: MessageConnection;
  process: ChildProcess;
  /** Everything the server wrote to stdout (every message) and stderr, as text. */
  transcript: string[];
  /** Every publishDiagnostics received, in order. */
  published: PublishDiagnosticsParams[];
  /** Every other notification received, in order. */
  notifications: { method: string; params: unknown }[];
  /** What the client answers to workspace/configuration for `awsSecretRefs` from now on. */
  setSettings(settings: unknown): void;
  open(uri: string, text: string, languageId?: string): void;
  change(uri: string, version: number, text: string): void;
  /** The next diagnostics published for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept?: (params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** The next notification `method` received (counting from `since`, an index into `notifications`) that satisfies `accept`. */
  notification<T>(method: string, accept?: (params: T) => boolean, since?: number, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The LSP handshake as an editor does it, on a connection whose notification handlers are set: answers
 * workspace/configuration by section with `configuration` and any other request with null, then sends `initialize`
 * and `initialized`.
 */
export async function initialize(
  connection: MessageConnection,
  options: {
    configuration: (section: string | undefined) => unknown;
    capabilities: ClientCapabilities;
    initializationOptions?: unknown;
    workspaceFolders?: WorkspaceFolder[];
  },
): Promise<void> {
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => options.configuration(item.section)),
  );
  connection.onRequest(() => null);
  connection.listen();
  const { capabilities, initializationOptions, workspaceFolders } = options;
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: workspaceFolders ?? null,
    capabilities,
    initializationOptions,
  });
  connection.sendNotification('initialized', {});
}

export async function startServer(
  options: {
    env?: NodeJS.ProcessEnv;
    initializationOptions?: unknown;
    settings?: unknown;
    serverPath?: string;
    workspaceFolders?: string[];
  } = {},
): Promise<ServerUnderTest> {
  const child = spawn(process.execPath, [options.serverPath ?? SERVER_PATH, '--stdio'], {
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const transcript: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => transcript.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => transcript.push(chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const notifications: { method: string; params: unknown }[] = [];
  const waiters: (() => void)[] = [];
  const wakeAll = () => waiters.splice(0).forEach((wake) => wake());
  connection.onNotification(PublishDiagnosticsNotification.method, (params: PublishDiagnosticsParams) => {
    published.push(params);
    wakeAll();
  });
  connection.onNotification((method: string, params: unknown) => {
    notifications.push({ method, params });
    wakeAll();
  });
  let settings: unknown = options.settings ?? {};
  await initialize(connection, {
    configuration: (section) => (section === 'awsSecretRefs' ? settings : null),
    workspaceFolders: options.workspaceFolders?.map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) })),
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    initializationOptions: options.initializationOptions,
  });

  /** Resolves once `find` returns a value, checking again after each notification; rejects after `timeoutMs`. */
  async function waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = find();
      if (match !== undefined) return match;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  return {
    connection,
    process: child,
    transcript,
    published,
    notifications,
    setSettings(next) {
      settings = next;
    },
    open(uri, text, languageId = 'yaml') {
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    },
    change(uri, version, text) {
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    async diagnostics(uri, accept = () => true, timeoutMs = 10_000) {
      let seen = 0;
      const found = await waitFor(
        () => {
          const match = published.slice(seen).find((params) => params.uri === uri && accept(params));
          seen = published.length;
          return match;
        },
        timeoutMs,
        `no diagnostics for ${uri}`,
      );
      return found.diagnostics;
    },
    notification<T>(method: string, accept: (params: T) => boolean = () => true, since = 0, timeoutMs = 10_000) {
      return waitFor(
        () => notifications.slice(since).find((entry) => entry.method === method && accept(entry.params as T))?.params as T | undefined,
        timeoutMs,
        `no ${method} notification`,
      );
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        connection.sendNotification('exit');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
  };
}
