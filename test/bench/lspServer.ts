/**
 * Any language server run as `node <script> --stdio`, driven the way an editor drives it, so that ours and
 * yaml-language-server are timed through the same path.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { initialize } from '../support/lspClient';
import { PublishDiagnosticsNotification, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';

const PUBLISH_TIMEOUT_MS = 60_000;

export interface BenchServer {
  connection: MessageConnection;
  /** Milliseconds from starting the process to the answer to `initialize`. */
  startedIn: number;
  /** Sends didOpen; resolves once its message is written. */
  open(uri: string, text: string): Promise<void>;
  change(uri: string, version: number, change: TextDocumentContentChangeEvent): void;
  close(uri: string): void;
  /** The next diagnostics published for `uri` at `version`, or without a version (not every server sends one). */
  published(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  /** The server process's peak resident memory so far (VmHWM), in bytes. */
  peakMemory(): number;
  /** The server process's resident memory now (VmRSS), in bytes. */
  residentMemory(): number;
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  /** Answers to the server's workspace/configuration requests, by section. */
  settings?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  initializationOptions?: unknown;
}

export async function startBenchServer(
  script: string,
  { settings = {}, env, initializationOptions }: BenchServerOptions = {},
): Promise<BenchServer> {
  const start = performance.now();
  const child = spawn(process.execPath, [script, '--stdio'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters: { accept(params: PublishDiagnosticsParams): boolean; resolve(params: PublishDiagnosticsParams): void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.method, (params: PublishDiagnosticsParams) => {
    const index = waiters.findIndex((waiter) => waiter.accept(params));
    if (index >= 0) waiters.splice(index, 1)[0].resolve(params);
  });
  await initialize(connection, {
    configuration: (section) => settings[section ?? ''] ?? null,
    capabilities: { workspace: { configuration: true } },
    initializationOptions,
  });
  const startedIn = performance.now() - start;

  return {
    connection,
    startedIn,
    open(uri, text) {
      return connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    },
    change(uri, version, change) {
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    },
    close(uri) {
      connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    published(uri, version) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${script} published no diagnostics for ${uri} within ${PUBLISH_TIMEOUT_MS} ms`)),
          PUBLISH_TIMEOUT_MS,
        );
        waiters.push({
          accept: (params) => params.uri === uri && (params.version === undefined || params.version === version),
          resolve: (params) => {
            clearTimeout(timer);
            resolve(params);
          },
        });
      });
    },
    peakMemory: () => memoryOf(child.pid!, 'VmHWM'),
    residentMemory: () => memoryOf(child.pid!, 'VmRSS'),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await connection.sendRequest('shutdown');
      connection.sendNotification('exit');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
  };
}

/** A memory figure of a process from /proc/<pid>/status, in bytes. */
export function memoryOf(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const kilobytes = new RegExp(`^${field}:\\s*(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kilobytes) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kilobytes[1]) * 1024;
}
