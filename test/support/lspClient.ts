/**
 * Drives the real language server (`node dist/server.js --stdio`) over LSP, as any editor would,
 * and records every message it sends.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { Diagnostic, InitializeRequest, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER_PATH = path.resolve(__dirname, '../../../dist/server.js');

export interface ServerUnderTest {
  connection: MessageConnection;
  process: ChildProcess;
  /** Everything the server wrote to stdout (every message) and stderr, as text. */
  transcript: string[];
  /** Every publishDiagnostics received, in order. */
  published: PublishDiagnosticsParams[];
  open(uri: string, text: string, languageId?: string): void;
  change(uri: string, version: number, text: string): void;
  /** The next diagnostics published for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept?: (params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  stop(): Promise<void>;
}

export async function startServer(options: { env?: NodeJS.ProcessEnv; initializationOptions?: unknown; settings?: unknown } = {}): Promise<ServerUnderTest> {
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], {
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const transcript: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => transcript.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => transcript.push(chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  connection.onNotification(PublishDiagnosticsNotification.method, (params: PublishDiagnosticsParams) => {
    published.push(params);
    waiters.splice(0).forEach((wake) => wake());
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section === 'awsSecretRefs' ? (options.settings ?? {}) : null)),
  );
  connection.onRequest(() => null);
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    initializationOptions: options.initializationOptions,
  });
  connection.sendNotification('initialized', {});

  return {
    connection,
    process: child,
    transcript,
    published,
    open(uri, text, languageId = 'yaml') {
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    },
    change(uri, version, text) {
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    async diagnostics(uri, accept = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let seen = 0;
      for (;;) {
        const match = published.slice(seen).find((params) => params.uri === uri && accept(params));
        seen = published.length;
        if (match) return match.diagnostics;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
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
