/**
 * The real language server talking to moto: a fresh home and temp folder per server, dummy
 * credentials, no AWS_* variable of the machine, and settings pointing at the emulator.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Diagnostic } from 'vscode-languageserver-protocol';
import type { SecretListStateParams } from '../../server/src/protocol';
import { ServerUnderTest, startServer } from './lspClient';
import { Moto, motoEnv, startMoto } from './moto';

export const REGION = motoEnv.AWS_REGION;
/** The account moto puts in every ARN. */
export const ACCOUNT = '123456789012';
export const STATE = 'awsSecretRefs/secretListState';

export interface AccountServer extends ServerUnderTest {
  /** The server's HOME and TMPDIR, removed by `stop`. */
  home: string;
  /** The next list state (from the `since`-th notification on) with this status. */
  state(status: SecretListStateParams['status'], since?: number): Promise<SecretListStateParams>;
  /** Opens a document and waits for diagnostics of version 1 that satisfy `accept`. */
  openAndCheck(uri: string, text: string, accept?: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
}

export interface AccountServerOptions {
  /** The awsSecretRefs settings; `{ endpoint, region: 'us-east-1' }` when only an endpoint is given. */
  settings?: Record<string, unknown>;
  endpoint?: string;
  trusted?: boolean;
  /** Environment beyond PATH, HOME and TMPDIR; the dummy credentials unless given. */
  env?: Record<string, string>;
}

export async function startAccountServer(options: AccountServerOptions): Promise<AccountServer> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-home-'));
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    TMPDIR: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(options.env ?? { AWS_ACCESS_KEY_ID: motoEnv.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: motoEnv.AWS_SECRET_ACCESS_KEY }),
  };
  const settings = options.settings ?? { endpoint: options.endpoint, region: REGION };
  const server = await startServer({ env, settings, initializationOptions: { workspaceTrusted: options.trusted ?? true } });
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
    async stop() {
      await server.stop();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Starts moto before the file's tests and stops it after; the getter returns it. */
export function useMoto(): () => Moto {
  let moto: Moto | undefined;
  before(async () => {
    moto = await startMoto();
  });
  after(async () => {
    await moto?.stop();
  });
  return () => moto!;
}

/** An SDK client for moto at `endpoint`, for seeding and checking what the server did. */
export function motoClient(endpoint: string): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: motoEnv.AWS_ACCESS_KEY_ID, secretAccessKey: motoEnv.AWS_SECRET_ACCESS_KEY },
  });
}

/** The diagnostics with this code. */
export function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}
