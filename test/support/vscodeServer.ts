/**
 * A real VS Code, offline: the VS Code server bundled in code-server (installed by `npm run setup`), started as its
 * own process group, and its workbench in Debian's Chromium through Playwright. Shared by the end-to-end run and the demo.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { freePort, motoEnv, stopGroup } from './moto';
import { pollUntil } from './poll';

/** The repository root; this file runs compiled from out/test/support/. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Debian's Chromium, the Node.js that runs the VS Code server, and its entry point, as `npm run setup` lists them. */
export function installedTools(): { chromium: string; node: string; codeServerMain: string } {
  const manifest = path.join(repoRoot, '.cache', 'tools.json');
  const tools = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')) : undefined;
  const missing = tools ? Object.values<string>(tools).filter((file) => !fs.existsSync(file)) : [manifest];
  if (missing.length > 0) {
    throw new Error(`Chromium or the VS Code server is not installed (missing: ${missing.join(', ')}); run npm run setup`);
  }
  return tools;
}

/** Environment that sends the AWS SDK nowhere real: dummy credentials and no shared config files. */
export function dummyAwsEnv(dataDir: string): NodeJS.ProcessEnv {
  const credentials = path.join(dataDir, 'aws-credentials');
  return { ...motoEnv, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: path.join(dataDir, 'aws-config') };
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

/** Files (absolute paths) the workbench opens with: an extension under development, its tests, a file in an editor. */
type WorkbenchPayload = Partial<Record<'extensionDevelopmentPath' | 'extensionTestsPath' | 'openFile', string>>;
export type VsCodeServer = Awaited<ReturnType<typeof startVsCodeServer>>;

/**
 * Starts the server with its state in `dataDir`, `settings` as user and as remote settings, and `env` added to its
 * environment and so to the extension host's. `testDriver` enables the smoke-test driver that the end-to-end tests
 * need; it also hides every notification, so a person trying the product never wants it.
 */
export async function startVsCodeServer(options: { dataDir: string; settings: object; env?: NodeJS.ProcessEnv; testDriver?: boolean }) {
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
  const args = [tools.codeServerMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token'];
  args.push('--accept-server-license-terms', ...(options.testDriver ? ['--enable-smoke-test-driver'] : []));
  args.push('--server-data-dir', dataDir, '--user-data-dir', dataDir, '--extensions-dir', path.join(dataDir, 'extensions'));
  const env = { ...process.env, ...options.env };
  const child = spawn(tools.node, args, { detached: true, stdio: ['ignore', logFd, logFd], env });
  fs.closeSync(logFd);
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (exited) return;
    stopGroup(child);
    await gone;
  };
  const answering = async () => {
    const log = () => fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    if (exited) throw new Error(`the VS Code server exited on start; see ${logFile}:\n${log()}`);
    return fetch(url).then(
      (response) => response.ok,
      () => false,
    );
  };
  await pollUntil(`the VS Code server answering on ${url}`, answering, Boolean, 60_000).catch(async (error) => {
    await stop();
    throw error;
  });
  return {
    url,
    /** The workbench's address with `folder` open and the files of `payload`. */
    workbenchUrl(folder: string, payload: WorkbenchPayload = {}): string {
      const files = Object.entries(payload).map(([name, file]) => [name, `vscode-remote://127.0.0.1:${port}${file}`]);
      const query = files.length > 0 ? `&payload=${encodeURIComponent(JSON.stringify(files))}` : '';
      return `${url}/?folder=${encodeURIComponent(folder)}${query}`;
    },
    stop,
  };
}

/** Installs a packaged extension into the extensions folder of the server that uses `dataDir`. */
export function installExtension(vsix: string, dataDir: string): void {
  const { node, codeServerMain } = installedTools();
  const args = ['--install-extension', vsix, '--extensions-dir', path.join(dataDir, 'extensions'), '--accept-server-license-terms'];
  execFileSync(node, [codeServerMain, ...args], { stdio: 'inherit', timeout: 120_000 });
}

/** Headless Debian Chromium as root on a machine without outside network; this process stops it, after its own clean-up. */
export function launchChromium() {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];
  args.push('--disable-component-update', '--disable-sync');
  const signals = { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false };
  return chromium.launch({ executablePath: installedTools().chromium, headless: true, timeout: 60_000, args, ...signals });
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
