// `npm test`: lints (`npm run lint`, counted as one test), installs what is missing (scripts/setup.mjs),
// builds, runs node's test runner over the compiled unit, LSP, AWS and command-line tests, then over the
// end-to-end checks in a real VS Code (out/test/e2e/workbench). Streams every stage's output and ends with one line of
// totals, `N passed, N failed`; exits non-zero if anything failed or could not run.
// `node scripts/test.mjs TIER...` runs only those tiers (lint, unit, lsp, aws, cli, e2e), as `npm run test:TIER`
// does. Without e2e it builds with esbuild only, without type checking, to start within seconds.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** The tiers node's test runner runs, each a folder of out/test/. */
const NODE_TEST_TIERS = ['unit', 'lsp', 'aws', 'cli'];
const TIERS = ['lint', ...NODE_TEST_TIERS, 'e2e'];
// node's own default test file names
const TEST_FILE = /(^test-.*|[.\-_]test)\.js$/;

const totals = { passed: 0, failed: 0 };

/** Runs a command with its output streamed to this terminal; resolves to its exit status. */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => {
      console.error(error.message);
      resolve({ status: 1 });
    });
    child.on('exit', (code, signal) => resolve({ status: code ?? (signal ? 1 : 0) }));
  });
}

function stage(title) {
  console.log(`\n=== ${title} ===`);
}

function testFiles(folder) {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && TEST_FILE.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

async function nodeTests(folder, options = []) {
  const files = testFiles(path.join(root, 'out', 'test', folder));
  stage(`node --test (${folder}): ${files.length} file(s)`);
  if (files.length === 0) return;
  const tapFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aws-secret-refs-tap-')), 'results.tap');
  const { status } = await run([
    '--enable-source-maps',
    '--test',
    ...options,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ]);
  const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
  fs.rmSync(path.dirname(tapFile), { recursive: true, force: true });
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  const passed = count('pass');
  let failed = count('fail') + count('cancelled');
  if (status !== 0 && failed === 0) {
    console.error(`node --test exited with ${status} without reporting a failing test`);
    failed = 1;
  }
  totals.passed += passed;
  totals.failed += failed;
}

/** ESLint, then Prettier's check, as `npm run lint` does; one test that passes if both do. */
async function lint() {
  stage('lint');
  const eslint = await run([path.join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
  const prettier = await run([path.join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.']);
  if (eslint.status === 0 && prettier.status === 0) totals.passed += 1;
  else totals.failed += 1;
}

const asked = process.argv.slice(2);
const unknown = asked.filter((tier) => !TIERS.includes(tier));
if (unknown.length > 0) {
  console.error(`unknown test tier(s): ${unknown.join(', ')}; the tiers are ${TIERS.join(', ')}`);
  process.exit(2);
}
const tiers = asked.length > 0 ? TIERS.filter((tier) => asked.includes(tier)) : TIERS;
const nodeTestFolders = tiers.filter((tier) => NODE_TEST_TIERS.includes(tier));
const e2e = tiers.includes('e2e');
// only the unit tests run without the bundles in dist/
const buildOptions = e2e ? [] : ['--no-typecheck', ...(nodeTestFolders.some((tier) => tier !== 'unit') ? [] : ['--no-bundle'])];

if (tiers.includes('lint')) await lint();

let setUp = true;
if (e2e) {
  stage('setup');
  if ((await run([path.join(root, 'scripts', 'setup.mjs')])).status !== 0) {
    console.error('the setup failed; the end-to-end suite cannot run');
    totals.failed += 1;
    setUp = false;
  }
}
if (nodeTestFolders.length > 0 || e2e) {
  stage('build');
  if ((await run([path.join(root, 'scripts', 'build.mjs'), ...buildOptions])).status !== 0) {
    console.error('the build failed; no test was run');
    totals.failed += 1;
  } else {
    // Unit test files start nothing and time little, so two run at a time; the other tiers' files start servers and
    // time answers, so they keep node's default (one at a time on two processors).
    for (const tier of nodeTestFolders) await nodeTests(tier, tier === 'unit' ? ['--test-concurrency=2'] : []);
    // the end-to-end checks one at a time, each with its own moto, VS Code server and Chromium
    if (e2e && setUp) await nodeTests('e2e/workbench', ['--test-concurrency=1']);
  }
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
