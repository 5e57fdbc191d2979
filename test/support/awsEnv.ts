/**
 * An AWS environment of only the given variables and a fresh, empty home folder, so that neither the
 * machine's ~/.aws nor its AWS_* variables take part. The AWS SDK reads process.env itself.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface IsolatedAwsEnv {
  home: string;
  /** Puts process.env back as it was and removes the home folder. */
  restore(): void;
}

export function isolateAwsEnv(vars: Record<string, string>): IsolatedAwsEnv {
  const saved = { ...process.env };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-home-'));
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('AWS_')) delete process.env[name];
  }
  Object.assign(process.env, { HOME: home }, vars);
  return {
    home,
    restore() {
      for (const name of Object.keys(process.env)) {
        if (!(name in saved)) delete process.env[name];
      }
      Object.assign(process.env, saved);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function withAwsEnv<T>(vars: Record<string, string>, run: (home: string) => Promise<T>): Promise<T> {
  const environment = isolateAwsEnv(vars);
  try {
    return await run(environment.home);
  } finally {
    environment.restore();
  }
}

/** Writes `~/.aws/<file>` under `home` and returns its path. */
export function writeAwsFile(home: string, file: string, text: string): string {
  const target = path.join(home, '.aws', file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  return target;
}
