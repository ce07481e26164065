/**
 * The prebuilt workflow bundle: `npm run build` webpacks workflows/ once into
 * dist/workflow-bundle.js, so a worker starts polling in about a second instead of bundling at
 * every start. A bundle records a hash of the workflow sources it was built from; a worker uses
 * it only while that hash still matches, otherwise it bundles from source and says so.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { PROJECT_ROOT } from '../config/paths';

export const DIST_DIR = path.join(PROJECT_ROOT, 'dist');
const BUNDLE_FILE = 'workflow-bundle.js';
/** Written last by the build: its presence means a complete dist/, its mtime is the build time. */
export const BUILD_MANIFEST = 'build.json';
const WORKFLOWS_DIR = path.join(PROJECT_ROOT, 'workflows');
/** The SDK packages whose code ends up in (or must match) the bundle. */
const SDK_PACKAGES = ['@temporalio/workflow', '@temporalio/common', '@temporalio/worker'];

export interface BuildManifest {
  builtAt: string;
  /** sha256 of the workflow sources and SDK versions the bundle was made from. */
  workflowsHash: string;
}

/**
 * Hash of everything that goes into the bundle: workflows/**.ts, the domain/**.ts beside it
 * (the vocabulary workflows import) and the installed SDK versions.
 */
export function workflowsHash(dir: string = WORKFLOWS_DIR): string {
  const hash = crypto.createHash('sha256');
  for (const [name, root] of [
    ['workflows', dir],
    ['domain', path.join(path.dirname(dir), 'domain')],
  ] as const) {
    if (!fs.existsSync(root)) continue;
    const files = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .sort();
    for (const file of files) {
      hash.update(`${name}/${file.split(path.sep).join('/')}\0`);
      hash.update(fs.readFileSync(path.join(root, file)));
      hash.update('\0');
    }
  }
  for (const pkg of SDK_PACKAGES) {
    const { version } = JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as {
      version: string;
    };
    hash.update(`${pkg}@${version}\0`);
  }
  return hash.digest('hex');
}

/** Bundles workflows/ from source into `outDir` and writes the manifest that marks the build complete. */
export async function writeWorkflowBundle(outDir: string): Promise<BuildManifest> {
  // Hashed first: a source edited while webpack runs leaves a mismatch, never a stale match.
  const hash = workflowsHash();
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(WORKFLOWS_DIR, 'index.ts'),
    logger: new DefaultLogger('WARN'),
  });
  const manifest: BuildManifest = { builtAt: new Date().toISOString(), workflowsHash: hash };
  fs.writeFileSync(path.join(outDir, BUNDLE_FILE), code);
  fs.writeFileSync(path.join(outDir, BUILD_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Where a worker takes its workflows from, and a line that says which and why. */
export interface WorkflowSource {
  /** The Worker.create option: the prebuilt bundle, or the workflows to bundle at start. */
  options: { workflowBundle: { codePath: string } } | { workflowsPath: string };
  /** e.g. "workflows from dist/workflow-bundle.js (built …)" */
  description: string;
  /** Set when the prebuilt bundle is missing or stale. */
  warning?: string;
}

/**
 * The prebuilt bundle if it was built from the workflow sources as they are now; otherwise the
 * sources themselves (the worker bundles them, slower) with a warning naming the fix. Without a
 * workflows/ directory (an installation of dist/ alone) the prebuilt bundle is all there is.
 */
export function workflowSource(distDir: string = DIST_DIR, workflowsDir: string = WORKFLOWS_DIR): WorkflowSource {
  const codePath = path.join(distDir, BUNDLE_FILE);
  const rel = path.relative(PROJECT_ROOT, codePath);
  const fromSource = (why: string): WorkflowSource => ({
    options: {
      workflowsPath: fs.existsSync(path.join(workflowsDir, 'index.ts'))
        ? path.join(workflowsDir, 'index.ts')
        : require.resolve('../workflows'),
    },
    description: 'workflows bundled from source',
    warning: `${why}: bundling the workflows from source at every start (slower); 'npm run build' makes a fresh one`,
  });
  let manifest: BuildManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(distDir, BUILD_MANIFEST), 'utf8')) as BuildManifest;
  } catch {
    return fromSource(
      `no prebuilt workflow bundle (${path.relative(PROJECT_ROOT, path.join(distDir, BUILD_MANIFEST))} missing)`,
    );
  }
  if (!fs.existsSync(codePath)) return fromSource(`no prebuilt workflow bundle (${rel} missing)`);
  if (fs.existsSync(workflowsDir) && manifest.workflowsHash !== workflowsHash(workflowsDir)) {
    return fromSource(
      `${rel} is stale (workflows/, domain/ or the Temporal SDK changed since it was built at ${manifest.builtAt})`,
    );
  }
  return {
    options: { workflowBundle: { codePath } },
    description: `workflows from ${rel} (built ${manifest.builtAt})`,
  };
}
