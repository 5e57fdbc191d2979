/**
 * The real language server talking to moto: a fresh home and temp folder per server, dummy
 * credentials, no AWS_* variable of the machine, and settings pointing at the emulator.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { CreateSecretCommand, CreateSecretCommandInput, DeleteSecretCommand } from '@aws-sdk/client-secrets-manager';
import { CompletionList, Diagnostic, Position } from 'vscode-languageserver-protocol';
import type { SecretListStateParams } from '../../shared/protocol';
import { ServerUnderTest, startServer } from './lspClient';
import { Moto, motoClient, motoEnv, startMoto } from './moto';

export const REGION = motoEnv.AWS_REGION;
/** The account moto puts in every ARN. */
export const ACCOUNT = '123456789012';
export const STATE = 'awsSecretRefs/secretListState';

export interface AccountServer extends ServerUnderTest {
  /** The server's HOME and TMPDIR, removed by `stop` unless kept to be looked at. */
  home: string;
  stop(keepHome?: boolean): Promise<void>;
  /** The next list state (from the `since`-th notification on) with this status. */
  state(status: SecretListStateParams['status'], since?: number): Promise<SecretListStateParams>;
  /** Opens a document and waits for diagnostics of version 1 that satisfy `accept`. */
  openAndCheck(uri: string, text: string, accept?: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  /** Diagnostics for `uri` published after the first `since` publications that satisfy `accept`. */
  diagnosticsSince(uri: string, since: number, accept?: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  /** Whether any diagnostic with this code was ever published for `uri`. */
  everPublished(uri: string, code: string): boolean;
}

export interface AccountServerOptions {
  /** The awsSecretRefs settings; `{ endpoint, region: 'us-east-1' }` when only an endpoint is given. */
  settings?: Record<string, unknown>;
  endpoint?: string;
  /** What the client says of workspace trust: true by default; any other value is passed on as it is. */
  trusted?: unknown;
  /** Environment beyond PATH, HOME and TMPDIR; the dummy credentials unless given. */
  env?: Record<string, string>;
  /** Another entry point than the bundled server, e.g. one with more dialects. */
  serverPath?: string;
  /** Folders the client opened, as paths. */
  workspaceFolders?: string[];
}

export async function startAccountServer(options: AccountServerOptions): Promise<AccountServer> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-home-'));
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    TMPDIR: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(options.env ?? { AWS_ACCESS_KEY_ID: motoEnv.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: motoEnv.AWS_SECRET_ACCESS_KEY }),
  };
  const settings = options.settings ?? { endpoint: options.endpoint, region: REGION };
  const server = await startServer({
    env,
    settings,
    serverPath: options.serverPath,
    workspaceFolders: options.workspaceFolders,
    initializationOptions: { workspaceTrusted: 'trusted' in options ? options.trusted : true },
  });
  return {
    ...server,
    home,
    state(status, since = 0) {
      return server.notification<SecretListStateParams>(STATE, (params) => params.status === status, since);
    },
    openAndCheck(uri, text, accept = () => true) {
      server.open(uri, text);
      return server.diagnostics(uri, (params) => params.version === 1 && accept(params.diagnostics));
    },
    diagnosticsSince(uri, since, accept = () => true) {
      return server.diagnostics(uri, (params) => server.published.indexOf(params) >= since && accept(params.diagnostics));
    },
    everPublished(uri, code) {
      return server.published.some((params) => params.uri === uri && params.diagnostics.some((diagnostic) => diagnostic.code === code));
    },
    async stop(keepHome = false) {
      await server.stop();
      if (!keepHome) fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Starts moto (and seeds it) before the suite's tests and stops it after; the getter returns it. Call inside a describe. */
export function useMoto(seed: (endpoint: string) => Promise<void> = async () => undefined): () => Moto {
  let moto: Moto | undefined;
  before(async () => {
    moto = await startMoto();
    await seed(moto.endpoint);
  });
  after(async () => {
    await moto?.stop();
  });
  return () => moto!;
}

/** Creates plain secrets in one region of moto. */
export async function seedRegion(endpoint: string, region: string, secrets: Record<string, string>): Promise<void> {
  const client = motoClient(endpoint, region);
  try {
    for (const [Name, SecretString] of Object.entries(secrets)) await client.send(new CreateSecretCommand({ Name, SecretString }));
  } finally {
    client.destroy();
  }
}

/** Creates the secrets in moto's default region, then schedules for deletion those marked `deleted`; returns their ARNs by name. */
export async function seedWith(
  endpoint: string,
  secrets: (CreateSecretCommandInput & { Name: string; deleted?: boolean })[],
): Promise<Record<string, string>> {
  const client = motoClient(endpoint);
  const arns: Record<string, string> = {};
  try {
    for (const { deleted, ...input } of secrets) {
      arns[input.Name] = (await client.send(new CreateSecretCommand(input))).ARN!;
      if (deleted) await client.send(new DeleteSecretCommand({ SecretId: input.Name, RecoveryWindowInDays: 7 }));
    }
  } finally {
    client.destroy();
  }
  return arns;
}

/** The diagnostics with this code. */
export function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}

/** Completion at a position, asked again until complete (JSON keys arrive in the background), at most 100 times. */
export async function completeUntilComplete(server: AccountServer, uri: string, position: Position): Promise<CompletionList> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const list: CompletionList = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    if (!list.isIncomplete) return list;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('completion stayed incomplete');
}
