#!/usr/bin/env node
// The `regulation` CLI: runs the compiled dist/client/cli.js (`npm run build`, done by npm ci).
// When dist/ is missing or older than the sources it runs client/cli.ts through ts-node instead,
// slower but never out of date, and says so on a terminal.
'use strict';
const path = require('node:path');
const { staleReason } = require('../scripts/build-state');

const why = staleReason();
let cli;
if (!why) {
  cli = require('../dist/client/cli.js');
} else {
  let tsNode;
  try {
    tsNode = require('ts-node');
  } catch {
    process.stderr.write(
      `regulation: ${why}, and ts-node is not installed to run the sources: run 'npm ci' or 'npm run build'\n`,
    );
    process.exit(1);
  }
  if (process.stderr.isTTY)
    process.stderr.write(
      `regulation: running from the TypeScript sources (${why}); 'npm run build' makes it start fast\n`,
    );
  tsNode.register({
    transpileOnly: true,
    project: path.join(__dirname, '..', 'tsconfig.json'),
    compilerOptions: { module: 'commonjs' },
  });
  cli = require('../client/cli.ts');
}
cli.run().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
