/**
 * scripts/code-cache.js, which bin/regulation.js loads the bundled CLI through: the module runs as
 * with require(), its cache is written by the first run of a command and reused after, a rebuilt
 * file gets a fresh cache in place of the old one, and a cache that cannot be written costs nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CODE_CACHE = path.resolve(__dirname, '../../scripts/code-cache.js');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads `file` through the code cache in a fresh process under `key`; returns what the module exported. */
function load(file: string, cacheDir: string, key: string): unknown {
  const script = `const m = require(${JSON.stringify(CODE_CACHE)}).requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, ${JSON.stringify(key)}); console.log(JSON.stringify(m.value()));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as unknown;
}

const cachesOf = (cacheDir: string, key: string) =>
  fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => f.endsWith(`.${key}.v8cache`)) : [];

test('runs the module as require() would, and writes one cache per key on its first run', () => {
  const file = path.join(dir, 'mod.js');
  fs.writeFileSync(
    file,
    "const path = require('node:path');\nexports.value = () => ({ v: 1, dir: __dirname, base: path.basename(__filename), main: require.main === module });\n",
  );
  const cacheDir = path.join(dir, 'cache');
  expect(load(file, cacheDir, 'status')).toEqual({ v: 1, dir, base: 'mod.js', main: false });
  const [cache] = cachesOf(cacheDir, 'status');
  expect(cache).toMatch(/^mod\.js\.\d+-\d+\.status\.v8cache$/);
  const written = fs.statSync(path.join(cacheDir, cache!)).mtimeMs;

  // The second run reads the cache and leaves it as it was.
  expect(load(file, cacheDir, 'status')).toEqual({ v: 1, dir, base: 'mod.js', main: false });
  expect(cachesOf(cacheDir, 'status')).toEqual([cache]);
  expect(fs.statSync(path.join(cacheDir, cache!)).mtimeMs).toBe(written);

  // Another command keeps a cache of its own.
  load(file, cacheDir, 'list');
  expect(cachesOf(cacheDir, 'list')).toHaveLength(1);
  expect(cachesOf(cacheDir, 'status')).toEqual([cache]);
});

test('a rebuilt file runs its new code and replaces the caches of the earlier build', () => {
  const file = path.join(dir, 'mod.js');
  fs.writeFileSync(file, 'exports.value = () => 1;\n');
  const cacheDir = path.join(dir, 'cache');
  expect(load(file, cacheDir, 'status')).toBe(1);
  expect(load(file, cacheDir, 'list')).toBe(1);
  const [before] = cachesOf(cacheDir, 'status');

  // Same length, other code, a later build: V8 alone would take the old cache for it.
  fs.writeFileSync(file, 'exports.value = () => 2;\n');
  fs.utimesSync(file, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
  expect(load(file, cacheDir, 'status')).toBe(2);
  const after = cachesOf(cacheDir, 'status');
  expect(after).toHaveLength(1);
  expect(after).not.toEqual([before]);
  expect(cachesOf(cacheDir, 'list')).toEqual([]);
  expect(load(file, cacheDir, 'status')).toBe(2);
});

test('a run that fails (a mistyped command, an unreachable server) leaves no cache', () => {
  const file = path.join(dir, 'mod.js');
  fs.writeFileSync(file, 'exports.value = () => { process.exitCode = 1; return "failed"; };\n');
  const cacheDir = path.join(dir, 'cache');
  expect(() => load(file, cacheDir, 'statsu')).toThrow(/Command failed/);
  expect(cachesOf(cacheDir, 'statsu')).toEqual([]);
});

test('a cache directory that cannot be written only means no cache', () => {
  const file = path.join(dir, 'mod.js');
  fs.writeFileSync(file, 'exports.value = () => "ran";\n');
  const notADir = path.join(dir, 'a-file');
  fs.writeFileSync(notADir, '');
  expect(load(file, notADir, 'status')).toBe('ran');
  expect(load(file, notADir, 'status')).toBe('ran');
});
