/**
 * Starts moto's Secrets Manager server on a free loopback port for a test file, as its own
 * process group so that it can be stopped whole.
 */
import { spawn, ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { pollUntil } from './poll';

export interface Moto {
  endpoint: string;
  port: number;
  /** Wipes every secret. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Credentials and region for talking to moto; any values are accepted. */
export const motoEnv = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
};

/** Starts moto on `port`, or on a free one. */
export async function startMoto(timeoutMs = 20_000, port?: number): Promise<Moto> {
  port ??= await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  const answering = async () => {
    if (exited) throw new Error(`moto_server exited before answering on ${endpoint}; is moto installed (moto_server on PATH)?`);
    return fetch(`${endpoint}/moto-api/`).then(
      (response) => response.status < 500,
      () => false,
    );
  };
  await pollUntil(`moto_server answering on ${endpoint}`, answering, Boolean, timeoutMs).catch((error) => {
    stopGroup(child);
    throw error;
  });
  return {
    endpoint,
    port,
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      stopGroup(child);
      await gone;
    },
  };
}

export function stopGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** An AWS SDK client for moto at `endpoint`; destroy it when done. */
export function motoClient(endpoint: string, region = motoEnv.AWS_REGION): SecretsManagerClient {
  // The SDK's notice about the Node.js versions of its future releases says nothing about a test.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new SecretsManagerClient({
    endpoint,
    region,
    credentials: { accessKeyId: motoEnv.AWS_ACCESS_KEY_ID, secretAccessKey: motoEnv.AWS_SECRET_ACCESS_KEY },
  });
}

/** Creates the secrets in moto at `endpoint`, a few at a time; values are strings or bytes (a binary secret). */
export async function seedSecrets(endpoint: string, secrets: Record<string, string | Uint8Array>, region?: string): Promise<void> {
  const client = motoClient(endpoint, region);
  const queue = Object.entries(secrets);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [name, value] = next;
      await client.send(
        new CreateSecretCommand({ Name: name, ...(typeof value === 'string' ? { SecretString: value } : { SecretBinary: value }) }),
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: 8 }, worker));
  } finally {
    client.destroy();
  }
}
