/** A real VS Code, offline, for the end-to-end checks and the demo: the VS Code server bundled in code-server, against moto. */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, seedSecrets, startMoto, stopGroup } from './moto';
import { pollUntil } from './poll';
import { sampleSecrets } from './sampleSecrets';

/** The repository root; this file runs compiled from out/test/support/. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Debian's Chromium, the Node.js that runs the VS Code server, and its entry point, as `npm run setup` lists them. */
export function installedTools(): Record<'chromium' | 'node' | 'codeServerMain', string> {
  const manifest = path.join(repoRoot, '.cache', 'tools.json');
  if (!fs.existsSync(manifest)) throw new Error(`Chromium and the VS Code server are not installed (no ${manifest}); run npm run setup`);
  return JSON.parse(fs.readFileSync(manifest, 'utf8'));
}

/** How to stop what this process started (servers, folders), last first, by `stopStarted` and on Ctrl-C or SIGTERM. */
export const stopAtEnd: (() => Promise<unknown>)[] = [];
export async function stopStarted(): Promise<void> {
  for (let stop = stopAtEnd.pop(); stop; stop = stopAtEnd.pop()) await stop().catch(() => undefined);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping`);
    void stopStarted().finally(() => process.exit(128 + os.constants.signals[signal]));
  });
}

type Options = { folder: string; payload: Record<string, string | undefined>; settings?: object; env: NodeJS.ProcessEnv; args: string[] };

/**
 * Starts moto with the sample secrets, then the server (its state in `dir`/vscode) with moto's endpoint and `settings`,
 * `env` in place of this process's AWS variables, and `args`. Returns moto's `endpoint` and the workbench's `url` with
 * `folder` open and the files (absolute paths) of `payload`.
 */
export async function startVsCodeServer(dir: string, { folder, payload, ...options }: Options) {
  const { endpoint, stop } = await startMoto();
  stopAtEnd.push(stop);
  await seedSecrets(endpoint, sampleSecrets);
  const settings = {
    'workbench.startupEditor': 'none',
    // the folders opened live inside this repository
    'git.openRepositoryInParentFolders': 'never',
    // the folders opened are this project's own; restricted mode would keep the extension offline
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'telemetry.telemetryLevel': 'off',
    'awsSecretRefs.endpoint': endpoint,
    ...options.settings,
  };
  // The workbench is a remote window: it applies machine-scoped settings (the endpoint, the profile) from the
  // remote settings in Machine/ only; from the user settings only when it has not learnt their scope yet, a race.
  const dataDir = path.join(dir, 'vscode');
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
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'))), ...options.env };
  const child = spawn(tools.node, args, { detached: true, stdio: ['ignore', logFd, logFd], env });
  fs.closeSync(logFd);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  stopAtEnd.push(() => (stopGroup(child), exited));
  const answering = async () => {
    if ((child.exitCode ?? child.signalCode) === null) return (await fetch(url).catch(() => undefined))?.ok;
    throw new Error(`the VS Code server exited on start:\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
  };
  await pollUntil(`the VS Code server answering on ${url}`, answering, Boolean, 60_000);
  const files = Object.entries(payload).flatMap(([name, file]) => (file ? [[name, `vscode-remote://127.0.0.1:${port}${file}`]] : []));
  return { endpoint, url: `${url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(files))}` };
}

export const STAGING_REGION = 'eu-west-1';
export const stagingSecrets: Record<string, string> = {
  'staging/postgres/password': 'demo-staging-password',
  'staging/api_key': 'demo-staging-api-key',
};

/**
 * The demo of `npm start`, in `dir` (emptied first): the packaged extension without test flags, a Mage project, secrets
 * in two regions, and two AWS profiles, default (us-east-1) and staging. Returns `endpoint`, `project`, `awsFiles` and
 * the workbench's `url`, with io_config.yaml open.
 */
export async function startDemo(dir: string) {
  // The .vsix as a user installs it; without NODE_TEST_CONTEXT, a test file's packaging test runs.
  const env = { ...process.env, NODE_TEST_CONTEXT: undefined };
  execFileSync('npm', ['run', 'package', '--silent'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const project = path.join(dir, 'mage_project');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot, 'scripts', 'demo-project'), project, { recursive: true });
  const awsFiles = { AWS_CONFIG_FILE: path.join(dir, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws-credentials') };
  fs.writeFileSync(awsFiles.AWS_CONFIG_FILE, `[default]\nregion = us-east-1\n\n[profile staging]\nregion = ${STAGING_REGION}\n`);
  const keys = 'aws_access_key_id = demo\naws_secret_access_key = demo\n';
  fs.writeFileSync(awsFiles.AWS_SHARED_CREDENTIALS_FILE, `[default]\n${keys}\n[staging]\n${keys}`);
  // The server installs the extension before the workbench loads its extensions. No region: it follows the profile.
  const args = ['--install-extension', path.join(repoRoot, 'aws-secret-refs.vsix'), '--start-server'];
  const payload = { openFile: path.join(project, 'io_config.yaml') };
  const { endpoint, url } = await startVsCodeServer(dir, { folder: project, payload, env: awsFiles, args });
  await seedSecrets(endpoint, stagingSecrets, STAGING_REGION);
  return { endpoint, project, awsFiles, url };
}
