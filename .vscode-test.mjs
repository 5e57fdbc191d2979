// The end-to-end suite (test/e2e/suite), for @vscode/test-cli: `npm run test:electron` runs it in VS Code desktop,
// which it downloads, and the Extension Test Runner runs and debugs it from the editor. `npm run test:e2e` runs it
// offline with these same options, in the VS Code server of code-server (test/e2e/workbench/extensionHost.test.ts).
// Its account tests need the emulator that the offline run starts; elsewhere, start moto and set awsSecretRefs.endpoint.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out/test/e2e/suite/*.test.js',
  workspaceFolder: 'test/fixtures/workspace',
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'bdd', timeout: 30_000 },
});
