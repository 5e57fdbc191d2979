// `npm start`: the extension in a real VS Code in the browser, against a local Secrets Manager.
// Installs what is missing (`npm run setup`), builds, starts moto with a few secrets, writes a demo
// Mage project to .demo/, starts the VS Code server on 127.0.0.1 and prints the address to open.
// Ctrl-C stops everything.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
for (const script of ['setup.mjs', 'build.mjs']) {
  execFileSync(process.execPath, [path.join(root, 'scripts', script)], { stdio: 'inherit' });
}

const require = createRequire(import.meta.url);
const { startMoto } = require('../out/test/support/moto.js');
const { seedSampleSecrets, sampleSecrets } = require('../out/test/support/sampleSecrets.js');
const { dummyAwsEnv, startVsCodeServer, stopOnSignals, workbenchSettings } = require('../out/test/support/vscodeServer.js');

const demoDir = path.join(root, '.demo');
const project = path.join(demoDir, 'mage_project');
const dataDir = path.join(demoDir, 'vscode');
fs.rmSync(demoDir, { recursive: true, force: true });
fs.cpSync(path.join(root, 'scripts', 'demo-project'), project, { recursive: true });

let moto;
let server;
stopOnSignals(async () => {
  await server?.stop();
  await moto?.stop();
});
try {
  moto = await startMoto();
  await seedSampleSecrets(moto.endpoint);
  console.log(`Secrets Manager emulator on ${moto.endpoint} with: ${Object.keys(sampleSecrets).join(', ')}`);
  server = await startVsCodeServer({
    dataDir,
    env: dummyAwsEnv(demoDir),
    settings: workbenchSettings(moto.endpoint),
  });
} catch (error) {
  console.error(`the demo could not start: ${error.message}`);
  await server?.stop();
  await moto?.stop();
  process.exit(1);
}
console.log(`\nOpen in a browser:\n\n  ${server.workbenchUrl(project, { extensionDevelopmentPath: root })}\n`);
console.log(`Open io_config.yaml in the Explorer. Press Ctrl-C here to stop.`);
