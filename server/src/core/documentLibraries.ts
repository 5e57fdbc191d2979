/**
 * The libraries that only reading a document needs: bundled on their own (dist/documentLibraries.js, see
 * scripts/build.mjs) and loaded by `libraries.ts` on first use, so that an idle server does not parse them.
 */
export * as yaml from 'yaml';
export * as jmespath from 'jmespath';
export { default as picomatch } from 'picomatch';
