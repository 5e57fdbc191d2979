// ESLint: typescript-eslint's recommended rules, and the layering of the code as import rules.
// The layers, from the bottom (each may import only from the ones above it in this list):
//   shared/                 the protocol and settings both sides use; nothing of the client or the server
//   server/src/core/        the pure core: no dialect, feature, AWS, command line or LSP
//   server/src/dialects/    the dialects and the engine, on the core: no feature, AWS, command line or LSP
//   server/src/aws/         the only code that talks to AWS, on the core: no dialect, feature, command line or LSP
//   server/src/features/    the LSP features, on all of the above
//   server/src/cli/         the command-line checker: the core, the dialects, AWS and the shared account checks
//   server/src/languageServer.ts, server.ts   the LSP wiring and its entry point
//   client/src/             the VS Code side: shared/ only, never the server
// Tests may import anything.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const server = 'server/src';
const lspEntry = [`${server}/languageServer.ts`, `${server}/server.ts`];

/** A `no-restricted-paths` zone: files under `target` may not import from `from`. */
const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

const layers = [
  zone('shared', ['client', 'server', 'test'], 'shared/ is used by both sides and imports neither.'),
  zone('client/src', ['server', 'test'], 'The client talks to the server over LSP only (shared/protocol.ts).'),
  zone(server, ['client', 'test'], 'The server runs without VS Code: it imports nothing of the client.'),
  zone(
    `${server}/core`,
    [`${server}/dialects`, `${server}/features`, `${server}/aws`, `${server}/cli`, ...lspEntry],
    'The core is pure: it knows no dialect, feature, AWS, command line or LSP.',
  ),
  zone(
    `${server}/dialects`,
    [`${server}/features`, `${server}/aws`, `${server}/cli`, ...lspEntry],
    'Dialects work offline on the core: the features, AWS, the command line and LSP build on them, not the reverse.',
  ),
  zone(
    `${server}/aws`,
    [`${server}/dialects`, `${server}/features`, `${server}/cli`, ...lspEntry],
    'The AWS module knows secrets, not dialects, features, the command line or LSP.',
  ),
  zone(`${server}/features`, [`${server}/cli`, ...lspEntry], 'Features are wired by languageServer.ts; they do not import it.'),
  zone(`${server}/cli`, lspEntry, 'The command line runs without LSP.'),
  zone(
    `${server}/cli`,
    `${server}/features`,
    'Of the features, the command line uses only those without LSP: account checks, secret previews, workspace facts.',
    ['./accountChecks.ts', './secretPreviews.ts', './workspaceFacts.ts'],
  ),
];

/** `no-restricted-imports` of packages, for the layers that must not depend on them. */
const packages = (names, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: names.flatMap((name) => [name, `${name}/*`]), message }] }],
});

export default defineConfig(
  { ignores: ['out/', 'dist/', '.cache/', '.demo/', '.vscode-test/', 'test-output/', 'test/fixtures/', 'node_modules/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'] })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layers }],
      // a `let` read by a closure before its one assignment (a timer, a listener) cannot be a `const`
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `const { omitted, ...rest } = object` is how an object is copied without a property
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // A promise nobody awaits or catches: in the server, a rejection there would end the process.
    files: ['shared/**/*.ts', 'server/src/**/*.ts', 'client/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': 'error' },
  },
  {
    files: ['shared/**/*.ts', 'server/src/**/*.ts'],
    rules: packages(['vscode', 'vscode-languageclient'], 'Only the client runs inside VS Code.'),
  },
  {
    files: ['server/src/core/**/*.ts', 'server/src/dialects/**/*.ts', 'server/src/aws/**/*.ts'],
    rules: packages(['vscode', 'vscode-languageclient', 'vscode-languageserver'], 'Below the features, the server knows no LSP.'),
  },
  {
    files: ['server/src/cli/**/*.ts'],
    rules: packages(['vscode', 'vscode-languageclient', 'vscode-languageserver'], 'The command line runs without LSP.'),
  },
  {
    // The libraries that read a document are loaded on first use, through core/libraries.ts: an import of their
    // values elsewhere would load them at start-up (types are fine).
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/core/documentLibraries.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['yaml', 'jmespath', 'picomatch'].map((name) => ({
            name,
            allowTypeImports: true,
            message: 'Use core/libraries.ts, which loads it when a document is first read.',
          })),
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', 'bin/**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
