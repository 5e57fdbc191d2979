// The end-to-end suite for @vscode/test-cli: `npm run test:electron` runs it in a downloaded VS Code desktop, the Extension
// Test Runner from the editor. `npm run test:e2e` runs it offline in code-server's VS Code server, which starts the emulator
// its account tests need (test/e2e/workbench/extensionHost.test.ts); elsewhere, start moto and set awsSecretRefs.endpoint.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out/test/e2e/suite/*.test.js',
  workspaceFolder: 'test/fixtures/workspace',
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'bdd', timeout: 30_000 },
});
