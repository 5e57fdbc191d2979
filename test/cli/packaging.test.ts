/**
 * What the two packages carry: the extension's .vsix (as `vsce ls` lists it) and the command-line
 * checker's npm package (as `npm pack --dry-run` lists it). Both carry bundles only, so neither
 * declares a runtime dependency. Runs offline; needs the bundles in dist/ (`npm run build`).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BUNDLES = ['dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/awsSdk.js', 'dist/documentLibraries.js'];
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function syntaxFiles(): string[] {
  return fs.readdirSync(path.join(ROOT, 'syntaxes')).map((name) => `syntaxes/${name}`);
}

describe('packages', () => {
  test('the .vsix carries the client, server, AWS SDK and document library bundles, the grammars, the icon and the documents', () => {
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    const expected = [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/extension.js',
      'dist/server.js',
      'dist/awsSdk.js',
      'dist/documentLibraries.js',
      manifest.icon,
      'package.json',
      ...syntaxFiles(),
    ];
    assert.deepEqual(listed.split('\n').filter(Boolean).sort(), expected.sort());
  });

  test('the npm package carries the command-line checker, the AWS SDK and document library bundles and the documents', () => {
    const packed = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(packed)[0].files as { path: string }[]).map((file) => file.path);
    const expected = [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'bin/aws-secret-refs.js',
      'dist/cli.js',
      'dist/awsSdk.js',
      'dist/documentLibraries.js',
      'package.json',
    ];
    assert.deepEqual(files.sort(), expected.sort());
  });

  test('the server and the command line leave the AWS SDK and the document libraries to bundles they require on first use', () => {
    // Code of each that no code of ours carries: the SDK's request signing, one of yaml's parse errors.
    const apart = { 'dist/awsSdk.js': 'x-amz-content-sha256', 'dist/documentLibraries.js': 'Implicit keys need to be on a single line' };
    for (const [apartBundle, code] of Object.entries(apart)) {
      assert.ok(fs.readFileSync(path.join(ROOT, apartBundle), 'utf8').includes(code), `${apartBundle} lacks '${code}'`);
      for (const bundle of ['dist/server.js', 'dist/cli.js']) {
        const source = fs.readFileSync(path.join(ROOT, bundle), 'utf8');
        assert.ok(!source.includes(code), `${bundle} carries what ${apartBundle} does`);
        const loader = new RegExp(`\\brequire\\(\\s*["']\\./${path.basename(apartBundle).replace('.', '\\.')}["']\\s*\\)`);
        assert.match(source, loader, `${bundle} does not load ${apartBundle}`);
      }
    }
  });

  test('no runtime dependency is declared: the bundles require only Node.js modules and vscode', () => {
    assert.equal(manifest.dependencies, undefined);
    const declared = new Set(Object.keys(manifest.devDependencies));
    for (const bundle of BUNDLES) {
      const source = fs.readFileSync(path.join(ROOT, bundle), 'utf8');
      const required = [...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
      const packages = required.map((name) =>
        name
          .split('/')
          .slice(0, name.startsWith('@') ? 2 : 1)
          .join('/'),
      );
      assert.deepEqual(
        packages.filter((name) => declared.has(name)),
        [],
        `${bundle} requires packages it should bundle`,
      );
    }
  });
});
