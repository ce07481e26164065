#!/usr/bin/env node
// The `regulation` CLI: runs the compiled CLI, bundled into one file with the Temporal client it
// loads (dist/client/cli.bundle.js, made by `npm run build`, which npm ci runs), with V8's code
// cache for the command (scripts/code-cache.js; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
// When dist/ is missing or older than the sources it runs client/cli.ts through ts-node instead,
// slower but never out of date, and says so on a terminal.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { staleReason } = require('../scripts/build-state');

const why = staleReason();
let cli;
if (!why) {
  const bundle = path.join(__dirname, '..', 'dist', 'client', 'cli.bundle.js');
  if (!fs.existsSync(bundle)) {
    // A dist/ built before the CLI was bundled: its separate modules.
    cli = require('../dist/client/cli.js');
  } else if (process.env.NODE_DISABLE_COMPILE_CACHE) {
    cli = require(bundle);
  } else {
    // One cache per command (program options come before it): each holds what its command compiled.
    const command = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? 'help';
    const cacheDir = path.join(__dirname, '..', 'node_modules', '.cache', 'regulation-cli');
    cli = require('../scripts/code-cache').requireWithCodeCache(
      bundle,
      cacheDir,
      /^[a-z][a-z-]{0,39}$/.test(command) ? command : 'other',
    );
  }
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
