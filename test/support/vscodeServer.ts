/**
 * A real VS Code, offline: the VS Code server bundled in code-server (installed by `npm run setup`), started as its
 * own process group, and its workbench in Debian's Chromium through Playwright. Shared by the end-to-end run and the demo.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { freePort, stopGroup } from './moto';
import { pollUntil } from './poll';

/** The repository root; this file runs compiled from out/test/support/. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Debian's Chromium, the Node.js that runs the VS Code server, and its entry point, as `npm run setup` lists them. */
function installedTools(): Record<'chromium' | 'node' | 'codeServerMain', string> {
  const manifest = path.join(repoRoot, '.cache', 'tools.json');
  const tools = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')) : undefined;
  const missing = tools ? Object.values<string>(tools).filter((file) => !fs.existsSync(file)) : [manifest];
  if (missing.length > 0)
    throw new Error(`Chromium or the VS Code server is not installed (missing: ${missing.join(', ')}); run npm run setup`);
  return tools;
}

/** User settings for a workbench whose extension talks to the emulator at `endpoint`; no region, so that it follows the AWS profile. */
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
  };
}

export type VsCodeServer = Awaited<ReturnType<typeof startVsCodeServer>>;

/**
 * Starts the server with its state in `dataDir`, `settings` as user and as remote settings, `env` added to its
 * environment and so to the extension host's, and `args` to its command line: the end-to-end run's
 * `--enable-smoke-test-driver`, which also hides every notification, so a person trying the product never wants it,
 * or the demo's `--install-extension`, which the server does before the workbench loads its extensions.
 */
export async function startVsCodeServer(options: { dataDir: string; settings: object; env: NodeJS.ProcessEnv; args: string[] }) {
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
  args.push('--accept-server-license-terms', ...options.args);
  args.push('--server-data-dir', dataDir, '--user-data-dir', dataDir, '--extensions-dir', path.join(dataDir, 'extensions'));
  const child = spawn(tools.node, args, { detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, ...options.env } });
  fs.closeSync(logFd);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    stopGroup(child);
    await exited;
  };
  const answering = async () => {
    const log = () => fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    if ((child.exitCode ?? child.signalCode) !== null) throw new Error(`the VS Code server exited on start; see ${logFile}:\n${log()}`);
    return fetch(url)
      .then((response) => response.ok)
      .catch(() => false);
  };
  await pollUntil(`the VS Code server answering on ${url}`, answering, Boolean, 60_000).catch(async (error) => {
    await stop();
    throw error;
  });
  /** The workbench's address with `folder` open and the files (absolute paths) of `payload`. */
  const workbenchUrl = (
    folder: string,
    payload: Partial<Record<'extensionDevelopmentPath' | 'extensionTestsPath' | 'openFile', string>>,
  ) => {
    const files = Object.entries(payload).map(([name, file]) => [name, `vscode-remote://127.0.0.1:${port}${file}`]);
    return `${url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(files))}`;
  };
  return { workbenchUrl, stop };
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
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    void cleanup().finally(() => process.exit(128 + os.constants.signals[signal]));
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
}
