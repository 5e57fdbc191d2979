/**
 * Runs the end-to-end suite in VS Code desktop, which @vscode/test-electron downloads: for machines
 * that can reach VS Code's download site (`npm run test:electron`). `npm test` uses runOffline.ts.
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

// compiled to out/test/e2e/
const root = path.resolve(__dirname, '..', '..', '..');

runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
  launchArgs: [path.join(root, 'test', 'fixtures', 'workspace'), '--disable-extensions'],
}).catch((error: Error) => {
  console.error(`end-to-end tests failed: ${error.message}`);
  process.exit(1);
});
