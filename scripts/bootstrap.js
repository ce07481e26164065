#!/usr/bin/env node
// prestart / pretest / preworker: after a fresh clone, `npm start` and `npm test` install what
// they need first (npm ci, whose postinstall brings the Temporal binaries and builds dist/), and
// rebuild dist/ when the sources changed since. Plain Node, no dependencies, because it runs
// before anything is installed.
'use strict';
const { execFileSync, execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { staleReason } = require('./build-state');

const root = path.resolve(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

function stale() {
  if (!fs.existsSync(installed)) return 'dependencies are not installed';
  if (fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs)
    return 'package-lock.json changed since the last install';
  return undefined;
}

const why = stale();
if (why) {
  console.log(`${why}: running npm ci …`);
  execSync('npm ci', { cwd: root, stdio: 'inherit' });
}
const outdated = staleReason();
if (outdated) {
  console.log(`${outdated}: running npm run build …`);
  execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { cwd: root, stdio: 'inherit' });
}
