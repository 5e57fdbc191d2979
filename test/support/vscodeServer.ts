/**
 * A real VS Code, offline: starts the VS Code server bundled in code-server (installed by
 * `npm run setup`) as its own process group, and opens its workbench in Debian's
 * Chromium through Playwright. Shared by the end-to-end runner and the demo.
 */
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { freePort, motoEnv, stopGroup } from './moto';

/** The repository root; this file runs compiled from out/test/support/. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface Tools {
  /** Debian's Chromium */
  chromium: string;
  /** the Node.js that runs the VS Code server */
  node: string;
  /** the VS Code server's entry point, inside code-server */
  codeServerMain: string;
}

/** The programs `npm run setup` installed, as it lists them in .cache/tools.json. */
export function installedTools(): Tools {
  const manifest = path.join(repoRoot, '.cache', 'tools.json');
  const tools: Tools | undefined = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')) : undefined;
  const missing = tools ? Object.values(tools).filter((file) => !fs.existsSync(file)) : [manifest];
  if (!tools || missing.length > 0) {
    throw new Error(`Chromium or the VS Code server is not installed (missing: ${missing.join(', ')}); run npm run setup`);
  }
  return tools;
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
  const tools = installedTools();
  const child: ChildProcess = spawn(
    tools.node,
    [
      tools.codeServerMain,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      ...(options.testDriver ? ['--enable-smoke-test-driver'] : []),
      '--server-data-dir',
      dataDir,
      '--user-data-dir',
      dataDir,
      '--extensions-dir',
      path.join(dataDir, 'extensions'),
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
  const tools = installedTools();
  execFileSync(
    tools.node,
    [
      tools.codeServerMain,
      '--install-extension',
      vsix,
      '--extensions-dir',
      path.join(dataDir, 'extensions'),
      '--accept-server-license-terms',
    ],
    {
      stdio: 'inherit',
      timeout: 120_000,
    },
  );
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
  for (const [signal, status] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping`);
      void cleanup().finally(() => process.exit(status));
    });
  }
}
