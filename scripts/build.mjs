// Type-checks and compiles everything to out/ (tests run from there), then bundles the
// client, the server and the command-line checker into dist/ with esbuild, and what they load on
// first use into bundles of their own: the AWS SDK (dist/awsSdk.js) and the document libraries.
//   --production     bundles without source maps, for packaging
//   --no-typecheck   compiles to out/ with esbuild instead of tsc: seconds instead of a minute,
//                    but type errors go unnoticed (the test tiers use it; `npm test` does not)
//   --no-bundle      leaves dist/ as it is (the unit tests do not use it)
//   --watch          type-checks, compiles and bundles again on every change, until stopped
import { build, context } from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const option = (name) => process.argv.includes(name);
const production = option('--production');
const watch = option('--watch');
const tsc = [path.join(root, 'node_modules/typescript/bin/tsc'), '--build', root];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  // Less text for Node.js to read at start-up: about 0.5 MB less memory for the server. Names are kept: renaming
  // them makes V8 hold about 1 MB more, and keeps stack traces readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: watch ? 'info' : 'warning',
  absWorkingDir: root,
  // import() becomes require(), as tsc compiles it for CommonJS: a bundle apart is loaded from beside its loader.
  supported: { 'dynamic-import': false },
};
/**
 * Bundles of their own, loaded on first use: the AWS SDK on the first AWS call, the libraries that read a document on
 * the first document. Starting the server or the command line parses only their own code. By source, its bundle.
 */
const APART = { 'server/src/aws/sdk.ts': 'awsSdk.js', 'server/src/core/documentLibraries.ts': 'documentLibraries.js' };
const loadedApart = {
  name: 'loaded-apart',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/\w+$/ }, ({ path: imported, resolveDir }) => {
      const bundle =
        APART[
          path
            .relative(root, path.join(resolveDir, `${imported}.ts`))
            .split(path.sep)
            .join('/')
        ];
      return bundle ? { path: `./${bundle}`, external: true } : undefined;
    });
  },
};
const bundles = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', plugins: [loadedApart] },
  { ...common, entryPoints: ['server/src/cli/cli.ts'], outfile: 'dist/cli.js', plugins: [loadedApart] },
  ...Object.entries(APART).map(([source, bundle]) => ({ ...common, entryPoints: [source], outfile: `dist/${bundle}` })),
];

const readJson = (file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

/** The TypeScript files of the projects tsconfig.json references, for esbuild to compile the same way. */
function sourceFiles() {
  const files = new Set();
  for (const { path: project } of readJson('tsconfig.json').references) {
    const { include, exclude = [] } = readJson(path.join(project, 'tsconfig.json'));
    const excluded = exclude.map((folder) => path.join(project, folder) + path.sep);
    for (const folder of include.map((folder) => path.join(project, folder))) {
      for (const file of fs.readdirSync(path.join(root, folder), { recursive: true })) {
        const source = path.join(folder, file);
        if (/(?<!\.d)\.ts$/.test(source) && !excluded.some((prefix) => source.startsWith(prefix))) files.add(source);
      }
    }
  }
  return [...files];
}

if (watch) {
  spawn(process.execPath, [...tsc, '--watch', '--preserveWatchOutput'], { stdio: 'inherit' });
  for (const options of bundles) await (await context(options)).watch();
} else {
  if (option('--no-typecheck')) {
    await build({
      entryPoints: sourceFiles(),
      outdir: 'out',
      outbase: '.',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
      absWorkingDir: root,
      supported: { 'dynamic-import': false },
    });
  } else {
    execFileSync(process.execPath, tsc, { stdio: 'inherit' });
  }
  if (!option('--no-bundle')) {
    await Promise.all(bundles.map((options) => build(options)));
    bundles.forEach(({ outfile }) => failUnlessAscii(outfile));
  }
}

/**
 * esbuild escapes what is not ASCII, except in regular expressions. One such character makes Node.js hold the
 * whole bundle's source at two bytes a character (about 1 MB more for the server): write `\u2026`, not `…`.
 */
function failUnlessAscii(file) {
  const text = fs.readFileSync(path.join(root, file), 'latin1');
  const at = text.search(/[\u0080-\u00ff]/);
  if (at < 0) return;
  const line = text.slice(0, at).split('\n').length;
  console.error(`${file}:${line}: a character that is not ASCII; write it as a \\u escape`);
  process.exit(1);
}
