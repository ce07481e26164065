#!/usr/bin/env node
// `npm run build` (also run by postinstall, and by `npm start` / `npm test` when the sources
// changed): compiles the TypeScript to dist/, bundles the CLI into dist/client/cli.bundle.js and
// webpacks the workflows into dist/workflow-bundle.js, so the CLI and the worker start without
// transpiling or bundling.
// Builds into a fresh directory and swaps it in whole: a process reading dist/ meanwhile
// sees the old build or the new one, never half of each.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, DIST } = require('./build-state');

async function main() {
  const started = Date.now();
  const next = `${DIST}.next-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  try {
    // Type errors are `npm run typecheck`'s job (as with ts-node --transpile-only before):
    // emitting without the checker halves the build time on a small machine.
    execFileSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '-p',
        path.join(ROOT, 'tsconfig.build.json'),
        '--noCheck',
        '--outDir',
        next,
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
    await bundleCli(next);
    // The freshly compiled module writes the bundle and, last, the manifest.
    await require(path.join(next, 'worker', 'workflow-bundle.js')).writeWorkflowBundle(next);
    // The build counts from when it started: a source saved while it ran is newer, so stale.
    fs.utimesSync(path.join(next, 'build.json'), started / 1000, started / 1000);
    swapIn(next);
  } finally {
    fs.rmSync(next, { recursive: true, force: true });
  }
  console.log(`build: dist/ and dist/workflow-bundle.js in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The CLI and the Temporal client it loads as one file (esbuild): resolving and reading the
 * client's ~450 modules one by one was a third of what `regulation status` spent before its first
 * call (docs/benchmarks.md). Modules keep their own lazy `require`s inside the bundle, so `--help`
 * still runs none of the client. What only a few commands load stays in node_modules, out of the
 * file every command reads: docx and exceljs (export, import), zod, yaml and csv-parse (the
 * definition and register readers of plan, validate, start and import).
 */
async function bundleCli(next) {
  const outfile = path.join(next, 'client', 'cli.bundle.js');
  await require('esbuild').build({
    entryPoints: [path.join(next, 'client', 'cli.js')],
    // Next to cli.js: config/paths.ts finds the project root from __dirname.
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['docx', 'exceljs', 'zod', 'yaml', 'csv-parse'],
    plugins: [pruneProtos],
    logLevel: 'warning',
  });
  fs.writeFileSync(outfile, ascii(fs.readFileSync(outfile, 'utf8')));
}

/**
 * The bundle in ASCII. esbuild escapes the strings it writes, but leaves comments (those inside
 * class bodies are kept) and regular expressions (`/^Quy chế/`) as written, and one character
 * beyond Latin-1 makes V8 hold the whole source, 3.4 MB, at two bytes a character, twice with the
 * module wrapper: some 20 ms of every command's start (docs/benchmarks.md). A \u escape means the
 * same character in a comment, a string and a regular expression; characters beyond the BMP come
 * as their two UTF-16 units, which is what a regular expression or string holds of them anyway.
 */
function ascii(source) {
  return source.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The Temporal protos in the CLI's bundle, without the Cloud operations API (`temporal.api.cloud`)
 * and the worker's core SDK messages (`coresdk`): a third of the definitions, which no client call
 * uses. @temporalio/proto builds its reflection root from one object literal when it loads, the
 * largest single cost of a CLI command before its first call (docs/benchmarks.md); the object is
 * also written without indentation. A layout this cannot read fails the build.
 */
const pruneProtos = {
  name: 'prune-temporal-protos',
  setup(build) {
    build.onLoad({ filter: /@temporalio[\\/]proto[\\/]protos[\\/]json-module\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const start = text.indexOf('.addJSON(') + '.addJSON('.length;
      const end = text.lastIndexOf('});') + 1;
      let protos;
      try {
        protos = JSON.parse(text.slice(start, end));
      } catch (err) {
        throw new Error(`${args.path}: not the layout the CLI bundle prunes (${err.message})`);
      }
      delete protos.coresdk;
      delete protos.temporal?.nested?.api?.nested?.cloud;
      return { contents: text.slice(0, start) + JSON.stringify(protos) + text.slice(end), loader: 'js' };
    });
  },
};

/** Replaces dist/ by `next`; retried, since another build may be swapping at the same moment. */
function swapIn(next) {
  const old = `${DIST}.old-${process.pid}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if (fs.existsSync(DIST)) fs.renameSync(DIST, old);
      fs.renameSync(next, DIST);
      break;
    } catch (err) {
      if (attempt >= 5 || !['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes(err.code)) throw err;
    }
  }
  fs.rmSync(old, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(`build: ${err.message}`);
  process.exit(1);
});
