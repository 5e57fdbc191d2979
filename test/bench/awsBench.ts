/**
 * What the sections that talk to moto share: a moto seeded in process with thousands of secrets, an SDK
 * client for the bare baselines, and our server pointed at moto with no trace of the machine's AWS setup.
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RefreshSecretListRequest, SecretListStateNotification, SecretListStateParams } from '../../shared/protocol';
import { freePort, motoEnv, stopGroup } from '../support/moto';
import { ROOT } from './harness';
import { BenchServer, startBenchServer } from './lspServer';

export const OUR_SERVER = path.join(ROOT, 'dist/server.js');
const SEEDER = path.join(ROOT, 'test/bench/motoSeeded.py');
const SEED_TIMEOUT_MS = 60_000;
const LIST_TIMEOUT_MS = 120_000;

/** The names motoSeeded.py gives: bench/secret-00000, bench/secret-00001, ... */
export const SEEDED_PREFIX = 'bench/secret-';

export interface SeededMoto {
  endpoint: string;
  stop(): Promise<void>;
}

/** moto's HTTP server on a free loopback port, with `count` secrets created in process before it listens. */
export async function startSeededMoto(count: number): Promise<SeededMoto> {
  const child = spawn('python3', [SEEDER, String(count), '0'], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`gave no ready line within ${SEED_TIMEOUT_MS} ms`), SEED_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      stopGroup(child);
      reject(new Error(`${path.basename(SEEDER)} ${why}; is moto installed for python3?\n${stderr}`));
    };
    const exitedEarly = (code: number | null) => fail(`exited with ${code}`);
    child.once('error', (error) => fail(`did not start (${error.message})`));
    child.once('exit', exitedEarly);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const ready = /^ready (\d+)$/m.exec(stdout);
      if (!ready) return;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      resolve(ready[1]);
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      stopGroup(child);
      await exited;
    },
  };
}

/** The bench's environment without its AWS_* variables, plus dummy credentials and shared AWS files that do not exist. */
export function isolatedAwsEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  const missing = path.join(os.tmpdir(), 'aws-secret-refs-bench-no-such-folder');
  return {
    ...env,
    ...motoEnv,
    AWS_CONFIG_FILE: path.join(missing, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(missing, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * A trusted workspace (as for any client that says nothing of trust) on a machine whose AWS endpoint refuses
 * every connection: the server takes its usual path, and neither ~/.aws nor the real AWS takes part.
 */
export async function awsRefusingEveryCall(): Promise<NodeJS.ProcessEnv> {
  return { ...isolatedAwsEnv(), AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${await freePort()}` };
}

/** Our server with its settings pointing at moto. */
export function startServerOn(endpoint: string): Promise<BenchServer> {
  return startBenchServer(OUR_SERVER, { env: isolatedAwsEnv(), settings: { awsSecretRefs: { endpoint, region: motoEnv.AWS_REGION } } });
}

/** The next list state the server sends that is ready, or a failure, as soon as it comes. */
function nextListState(server: BenchServer): Promise<SecretListStateParams> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listening.dispose();
      reject(new Error(`the server's secret list was not ready within ${LIST_TIMEOUT_MS} ms`));
    }, LIST_TIMEOUT_MS);
    const listening = server.connection.onNotification(SecretListStateNotification, (state: SecretListStateParams) => {
      if (state.status !== 'ready' && state.status !== 'error') return;
      clearTimeout(timer);
      listening.dispose();
      if (state.status === 'ready') resolve(state);
      else reject(new Error(`the server could not list the secrets: ${state.failure?.message}`));
    });
  });
}

/** Opens a document that references a secret and waits for the list of `count` secrets it loads; returns the ms that took. */
export async function openAndList(server: BenchServer, uri: string, text: string, count: number): Promise<number> {
  const ready = nextListState(server);
  const start = performance.now();
  server.open(uri, text);
  expectListed(await ready, count);
  return performance.now() - start;
}

/** Reloads the server's list now and checks it holds `count` secrets. */
export async function refreshList(server: BenchServer, count: number): Promise<void> {
  const state: SecretListStateParams = await server.connection.sendRequest(RefreshSecretListRequest);
  expectListed(state, count);
}

function expectListed(state: SecretListStateParams, count: number): void {
  if (state.status !== 'ready' || state.count !== count) {
    throw new Error(
      `the server's list is ${state.status} with ${state.count} secrets, not ready with ${count}${state.failure ? `: ${state.failure.message}` : ''}`,
    );
  }
}

/** Calls `run` with the seeded moto and our server on it, then stops both. */
export async function withSeededServer<T>(count: number, run: (server: BenchServer, moto: SeededMoto) => Promise<T>): Promise<T> {
  const moto = await startSeededMoto(count);
  try {
    const server = await startServerOn(moto.endpoint);
    try {
      return await run(server, moto);
    } finally {
      await server.stop();
    }
  } finally {
    await moto.stop();
  }
}
