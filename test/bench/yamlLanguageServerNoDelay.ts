/**
 * yaml-language-server with its validation debounce (200 ms, not a setting) set to 0, so that its time to
 * diagnostics is its own work: `node out/test/bench/yamlLanguageServerNoDelay.js --stdio`.
 */
import * as path from 'node:path';
import { ROOT } from './harness';

const SERVER = path.join(ROOT, 'node_modules/yaml-language-server/out/server/src');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- yaml-language-server's modules, by path
const settings: { SettingsState: new () => { validationDelayMs: number } } = require(path.join(SERVER, 'yamlSettings.js'));
const Settings = settings.SettingsState;
settings.SettingsState = class extends Settings {
  constructor() {
    super();
    this.validationDelayMs = 0;
  }
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- after the patch above, synchronously
require(path.join(SERVER, 'server.js'));
