/** A real VS Code, offline, for the end-to-end checks and the demo: the VS Code server bundled in code-server. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, stopGroup } from './moto';
import { pollUntil } from './poll';

/** The repository root; this file runs compiled from out/test/support/. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Debian's Chromium, the Node.js that runs the VS Code server, and its entry point, as `npm run setup` lists them. */
export function installedTools(): Record<'chromium' | 'node' | 'codeServerMain', string> {
  const manifest = path.join(repoRoot, '.cache', 'tools.json');
  const tools = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')) : {};
  const missing = [manifest, ...Object.values<string>(tools)].filter((file) => !fs.existsSync(file));
  if (missing.length > 0) throw new Error(`Chromium or the VS Code server is missing (${missing.join(', ')}); run npm run setup`);
  return tools;
}

/** How to stop what this process started (servers, folders), last first, by `stopStarted`. */
export const stopAtEnd: (() => Promise<unknown>)[] = [];
export async function stopStarted(): Promise<void> {
  for (let stop = stopAtEnd.pop(); stop; stop = stopAtEnd.pop()) await stop().catch(() => undefined);
}

/** On Ctrl-C or SIGTERM, stops what this process started, then exits with the signal's status. */
export function stopOnSignals(): void {
  const stop = (signal: NodeJS.Signals) => {
    console.log(`\n${signal}: stopping`);
    void stopStarted().finally(() => process.exit(128 + os.constants.signals[signal]));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

/**
 * Starts the server as its own process group, with its state in `dataDir`, `settings` added to the user and remote
 * settings, `env` to its environment and so to the extension host's, and `args` to its command line. Returns the
 * workbench's address with `folder` open and the files (absolute paths) of `payload`.
 */
export async function startVsCodeServer(options: {
  dataDir: string;
  folder: string;
  payload: Partial<Record<'extensionDevelopmentPath' | 'extensionTestsPath' | 'openFile', string>>;
  settings: object;
  env: NodeJS.ProcessEnv;
  args: string[];
}): Promise<string> {
  const { dataDir, folder, payload } = options;
  const settings = {
    'workbench.startupEditor': 'none',
    // the folders opened live inside this repository
    'git.openRepositoryInParentFolders': 'never',
    // the folders opened are this project's own; restricted mode would keep the extension offline
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'telemetry.telemetryLevel': 'off',
    ...options.settings,
  };
  // The workbench is a remote window: it applies machine-scoped settings (the endpoint, the profile) from the
  // remote settings in Machine/ only; from the user settings only when it has not learnt their scope yet, a race.
  for (const scope of ['User', 'Machine']) {
    fs.mkdirSync(path.join(dataDir, scope), { recursive: true });
    fs.writeFileSync(path.join(dataDir, scope, 'settings.json'), JSON.stringify(settings, null, 2));
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
  stopAtEnd.push(() => (stopGroup(child), exited));
  const answering = async () => {
    const tail = () => fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    if ((child.exitCode ?? child.signalCode) !== null) throw new Error(`the VS Code server exited on start; see ${logFile}:\n${tail()}`);
    return (await fetch(url).catch(() => undefined))?.ok;
  };
  await pollUntil(`the VS Code server answering on ${url}`, answering, Boolean, 60_000);
  const files = Object.entries(payload).flatMap(([name, file]) => (file ? [[name, `vscode-remote://127.0.0.1:${port}${file}`]] : []));
  return `${url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(files))}`;
}
