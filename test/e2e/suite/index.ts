/** Entry point that VS Code's extension host loads with the test payload: runs every *.test.js beside it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format, stripVTControlCharacters } from 'node:util';
import type MochaType from 'mocha';

// mocha 12's package entry is an ES module; its CommonJS build loads in every extension host's Node.
const Mocha: typeof MochaType = require('mocha/lib/mocha.cjs');

/** Starts every line of the report, in plain text, so that a runner can tell it from the workbench's own log. */
export const REPORT_PREFIX = 'e2e| ';

export function run(): Promise<void> {
  const print = console.log.bind(console);
  // Some of mocha's symbols keep colours even with `color: false`, hence the stripping.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => print(`${REPORT_PREFIX}${stripVTControlCharacters(format(...args))}`);
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  for (const file of fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} end-to-end test(s) failed`)) : resolve()));
  });
}
