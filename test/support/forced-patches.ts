/**
 * Workflow bundles with one patch forced on, for the patch registry test: replaying a history
 * recorded before the patch on such a bundle must fail, which proves the history runs the
 * patch's old branch (README: Changing running workflows).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import webpack from 'webpack';
import type { PatchName } from '../../workflows/patches';

const ROOT = path.resolve(__dirname, '../..');
const WORKFLOWS = path.join(ROOT, 'workflows');
const OUT = path.join(ROOT, 'test/artifacts/forced-patches');

/** A bundle of workflows/ in which isPatched(name) is always true (every other patch as recorded). */
export function bundleWithPatchForced(name: PatchName): Promise<WorkflowBundleWithSourceMap> {
  fs.mkdirSync(OUT, { recursive: true });
  const forced = path.join(OUT, `${name}.ts`);
  fs.writeFileSync(
    forced,
    [
      `import { patched } from '@temporalio/workflow';`,
      `import { PATCHES, type PatchName } from ${JSON.stringify(path.join(WORKFLOWS, 'patches'))};`,
      `export { PATCHES };`,
      `export function isPatched(name: PatchName): boolean {`,
      `  return name === ${JSON.stringify(name)} || patched(PATCHES[name].id);`,
      `}`,
      ``,
    ].join('\n'),
  );
  return bundleWorkflowCode({
    workflowsPath: path.join(WORKFLOWS, 'index.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
    webpackConfigHook: (config) => {
      config.plugins = [
        ...(config.plugins ?? []),
        // Only the workflows' own imports of the registry: the forced module itself imports the real one.
        new webpack.NormalModuleReplacementPlugin(
          /(^|\/)patches$/,
          (resource: { context: string; request: string }) => {
            if (resource.context.startsWith(WORKFLOWS)) resource.request = forced;
          },
        ),
      ];
      return config;
    },
  });
}
