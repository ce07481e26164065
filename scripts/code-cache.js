// Loads one CommonJS file with V8's code cache for it, made after a command has run: the functions
// that command compiled (the Temporal client, its gRPC and protobuf code) come back compiled on the
// next run instead of being parsed and compiled again. Plain Node with no dependencies, for
// bin/regulation.js.
//
// Why not a library: v8-compile-cache(-lib) asks V8 for the cache when a file is compiled, before it
// runs, so the cache of a bundle holds its top level and none of the module bodies that run later
// (measured in docs/benchmarks.md). Node 22's module.enableCompileCache() saves at exit as this
// does: on Node 22 or later, that one call replaces this file.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/**
 * require(file) through a code cache kept in `cacheDir` under `key` (one cache per command: each
 * holds what that command compiled). The cache is written when a run that found none (or one V8
 * rejected) exits with code 0; a rebuilt file (another size or mtime) gets fresh caches, and the
 * first one written removes those of earlier builds.
 * Any failure to read or write the cache only costs the time it would have saved.
 */
function requireWithCodeCache(file, cacheDir, key) {
  const source = fs.readFileSync(file, 'utf8');
  const { size, mtimeMs } = fs.statSync(file);
  // V8 checks a cache against the source's length only: the build's size and time name the file.
  const build = `${path.basename(file)}.${size}-${Math.round(mtimeMs)}.`;
  const cacheFile = path.join(cacheDir, `${build}${key}.v8cache`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  // Only a command that succeeded: a mistyped command or an unreachable server leaves no cache.
  if (!cachedData || script.cachedDataRejected)
    process.once('exit', (code) => code === 0 && save(script, cacheDir, cacheFile, path.basename(file), build));

  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  const wrapper = script.runInThisContext({ displayErrors: true });
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return mod.exports;
}

function save(script, cacheDir, cacheFile, base, build) {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // The caches of earlier builds of the file go, whichever command wrote them.
    for (const old of fs.readdirSync(cacheDir))
      if (old.startsWith(`${base}.`) && !old.startsWith(build)) fs.rmSync(path.join(cacheDir, old), { force: true });
    // Written aside and renamed: a command starting meanwhile reads a whole cache or none.
    const tmp = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
  } catch {
    // A read-only or full disk: the next run compiles as if there were no cache.
  }
}

module.exports = { requireWithCodeCache };
