// `npm start`: the extension as a user gets it, in a real VS Code in the browser, against a local Secrets Manager.
// Installs what is missing (`npm run setup`), builds, packages the extension and installs the .vsix into the VS Code
// server, starts moto with secrets in two regions, writes a demo Mage project to .demo/ and two AWS profiles, starts
// the server on 127.0.0.1 and prints the address, which opens io_config.yaml. Ctrl-C stops everything.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
for (const script of ['setup.mjs', 'build.mjs']) {
  execFileSync(process.execPath, [path.join(root, 'scripts', script)], { stdio: 'inherit' });
}

const require = createRequire(import.meta.url);
const { sampleSecrets } = require('../out/test/support/sampleSecrets.js');
const { STAGING_REGION, stagingSecrets, startDemo, stopStarted } = require('../out/test/support/vscodeServer.js');

const demo = await startDemo(path.join(root, '.demo')).catch(async (error) => {
  console.error(`the demo could not start: ${error.message}`);
  await stopStarted();
  process.exit(1);
});
console.log(`Secrets Manager emulator on ${demo.endpoint} with:`);
console.log(`  us-east-1 (profile default): ${Object.keys(sampleSecrets).join(', ')}`);
console.log(`  ${STAGING_REGION} (profile staging): ${Object.keys(stagingSecrets).join(', ')}`);
console.log(`\nOpen in a browser:\n\n  ${demo.url}\n`);
console.log('Try the commands under "AWS Secrets:" in the Command Palette. Press Ctrl-C here to stop.');
const env = Object.entries(demo.awsFiles)
  .map(([name, file]) => `${name}=${file}`)
  .join(' ');
console.log(
  `The command line checks the same project:\n  ${env} node bin/aws-secret-refs.js check --aws --endpoint ${demo.endpoint} ${demo.project}`,
);
