// Whether dist/ is a complete build of the current sources. Plain Node with no dependencies:
// bin/regulation.js and scripts/bootstrap.js use it before anything may be installed or built.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
/** Written last by scripts/build.js: no manifest, no complete build; its mtime is the build time. */
const MANIFEST = path.join(DIST, 'build.json');
/** Compiled into dist/ (see tsconfig.build.json), or decide how it is compiled. */
const SOURCE_DIRS = ['domain', 'history', 'links', 'workflows', 'activities', 'worker', 'client', 'config', 'scripts'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/**
 * Why dist/ must be rebuilt (one line), or undefined when it is up to date: missing, or a
 * source file or directory (an added or removed file) modified after the last build.
 */
function staleReason() {
  let builtAt;
  try {
    builtAt = fs.statSync(MANIFEST).mtimeMs;
  } catch {
    return 'dist/ is not built';
  }
  const newer = (rel) => {
    try {
      return fs.statSync(path.join(ROOT, rel)).mtimeMs > builtAt;
    } catch {
      return false;
    }
  };
  for (const file of SOURCE_FILES) if (newer(file)) return `${file} changed since the last build`;
  for (const dir of SOURCE_DIRS) {
    if (newer(dir)) return `${dir}/ changed since the last build`;
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isDirectory() && !entry.name.endsWith('.ts')) continue;
      const rel = path.relative(ROOT, path.join(entry.parentPath ?? entry.path, entry.name));
      if (newer(rel)) return `${rel} changed since the last build`;
    }
  }
  return undefined;
}

module.exports = { ROOT, DIST, MANIFEST, staleReason };
