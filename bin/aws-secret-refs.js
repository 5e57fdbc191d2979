#!/usr/bin/env node
// The command-line checker, bundled into dist/cli.js by scripts/build.mjs.
require('../dist/cli.js');
