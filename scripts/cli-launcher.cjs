#!/usr/bin/env node
/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: Node 20 loads it faster than an ES module */
// The hypstep bin (copied to dist-cli/hypstep.cjs by scripts/build-cli.mjs). It runs the
// compiled CLI (dist-cli/cli.cjs) with V8's code cache (dist-cli/cli.cache, made at build
// time by one run), so the functions a run needs are not compiled again: Node 20 has no
// module compile cache of its own. A cache from another Node version is rejected by V8 and
// the CLI simply compiles as usual.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const file = path.join(__dirname, 'cli.cjs');
const cacheFile = path.join(__dirname, 'cli.cache');
const source = fs.readFileSync(file, 'utf8');
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`,
  // the wrapper's own line comes first: keep line numbers (and the source map) right
  { filename: file, cachedData, lineOffset: -1 },
);
if (process.env.HYPSTEP_WRITE_CODE_CACHE === '1')
  process.on('beforeExit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, require, module_, file, path.dirname(file));
