/**
 * The demo as `npm start` runs it and the end-to-end checks try it: the packaged extension in a VS Code server without
 * test flags, a Mage project, moto with secrets in two regions, and two AWS profiles: default (us-east-1) and staging.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seedSecrets, startMoto } from './moto';
import { sampleSecrets } from './sampleSecrets';
import { repoRoot, startVsCodeServer, stopAtEnd } from './vscodeServer';

export const STAGING_REGION = 'eu-west-1';
export const stagingSecrets: Record<string, string> = {
  'staging/postgres/password': 'demo-staging-password',
  'staging/api_key': 'demo-staging-api-key',
};

/** Builds the .vsix as a user installs it; returns its path. Without NODE_TEST_CONTEXT, a test file's packaging test runs. */
export function packageExtension(): string {
  const env = { ...process.env, NODE_TEST_CONTEXT: undefined };
  execFileSync('npm', ['run', 'package', '--silent'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(repoRoot, 'aws-secret-refs.vsix');
}

/**
 * Starts the demo in `dir` (emptied first) with the extension packaged in `vsix`; returns moto's `endpoint`, the Mage
 * `project` the workbench opens, the `awsFiles` of the profiles, and the workbench's `url`, with io_config.yaml open.
 */
export async function startDemo(dir: string, vsix: string) {
  const project = path.join(dir, 'mage_project');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot, 'scripts', 'demo-project'), project, { recursive: true });
  const awsFiles = { AWS_CONFIG_FILE: path.join(dir, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws-credentials') };
  fs.writeFileSync(awsFiles.AWS_CONFIG_FILE, `[default]\nregion = us-east-1\n\n[profile staging]\nregion = ${STAGING_REGION}\n`);
  const keys = 'aws_access_key_id = demo\naws_secret_access_key = demo\n';
  fs.writeFileSync(awsFiles.AWS_SHARED_CREDENTIALS_FILE, `[default]\n${keys}\n[staging]\n${keys}`);
  const { endpoint, stop } = await startMoto();
  stopAtEnd.push(stop);
  await seedSecrets(endpoint, sampleSecrets);
  await seedSecrets(endpoint, stagingSecrets, STAGING_REGION);
  // Credentials come from the demo's profiles only, never from the AWS variables of the shell that started it.
  const unset = Object.fromEntries(Object.keys(process.env).flatMap((name) => (name.startsWith('AWS_') ? [[name, undefined]] : [])));
  const env = { ...unset, ...awsFiles };
  // The server installs the extension before the workbench loads its extensions. No region: it follows the profile.
  const args = ['--install-extension', vsix, '--start-server'];
  const payload = { openFile: path.join(project, 'io_config.yaml') };
  const settings = { 'awsSecretRefs.endpoint': endpoint };
  const url = await startVsCodeServer({ dataDir: path.join(dir, 'vscode'), folder: project, payload, settings, env, args });
  return { endpoint, project, awsFiles, url };
}
