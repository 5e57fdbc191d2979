/** Runs the built command-line checker (through its bin shim) on folders made for each test. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'aws-secret-refs.js');

export const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Shared AWS files that do not exist, so that no profile or credentials of this machine are used. */
const NO_SHARED_FILE = path.join(os.tmpdir(), 'aws-secret-refs-cli-test-no-such-file');

/** Runs `aws-secret-refs ...args` in `cwd` with only PATH, no AWS settings and no instance metadata, plus `env`. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const baseEnv = {
    PATH: process.env.PATH ?? '',
    AWS_CONFIG_FILE: NO_SHARED_FILE,
    AWS_SHARED_CREDENTIALS_FILE: NO_SHARED_FILE,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...baseEnv, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

const made: string[] = [];

/** A new temporary folder holding `files` (relative path to content). */
export function makeProject(files: Record<string, string | Uint8Array>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-cli-'));
  made.push(folder);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(folder, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return folder;
}

/** Removes the folders made by `makeProject`; call it from `after`. */
export function removeProjects(): void {
  for (const folder of made.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
}
