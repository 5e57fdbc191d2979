/** yaml, jmespath and picomatch, loaded when a document is first read (see documentLibraries.ts). */
import type * as Loaded from './documentLibraries';

let loaded: typeof Loaded | undefined;
// A require() at the call, not an import: the bundle loads dist/documentLibraries.js only then.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (): typeof Loaded => (loaded ??= require('./documentLibraries'));

export const yaml = () => load().yaml;
export const jmespath = () => load().jmespath;
export const picomatch = () => load().picomatch;
