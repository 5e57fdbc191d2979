// `npm run bench`: builds (type check, out/ and dist/), then runs the benchmark compiled to out/test/bench.
// Prints figures and targets; exits non-zero only when something could not be built or measured.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = (script, args = []) =>
  spawnSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;

if (run('scripts/build.mjs') !== 0) {
  console.error('the build failed; nothing was measured');
  process.exit(1);
}
process.exit(run('out/test/bench/main.js', process.argv.slice(2)));
