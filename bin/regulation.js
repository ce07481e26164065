#!/usr/bin/env node
// The `regulation` CLI: runs client/cli.ts through ts-node without type checking (tsc and
// eslint check the sources; the binary only needs to start fast).
const path = require('node:path');

require('ts-node').register({
  transpileOnly: true,
  project: path.join(__dirname, '..', 'tsconfig.json'),
  compilerOptions: { module: 'commonjs' },
});
require('../client/cli.ts').run().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
