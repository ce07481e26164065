/**
 * The compiled worker as operators run it (`npm run worker` = node dist/worker/main.js), in a
 * child process: for the build test and the cold-start benchmark.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { spawnService, type ChildService } from '../../scripts/child-service';

export const ROOT = path.resolve(__dirname, '../..');
export const BUILT_WORKER = path.join(ROOT, 'dist/worker/main.js');

export interface BuiltWorker {
  service: ChildService;
  /** Milliseconds from spawn to the worker's "worker: task queue …" line, and the line. */
  ready: Promise<{ ms: number; line: string }>;
  /** Every line the worker printed so far. */
  lines: string[];
}

/** The node flags of package.json's `worker` script: a V8 heap of 768 MiB keeps a worker with 10,000 open lifecycles within 1 GiB of RSS. */
export const WORKER_NODE_ARGS = ['--max-old-space-size=768'];

/**
 * Spawns node [nodeArgs] dist/worker/main.js (as `npm run worker` does) with `env` on top of an
 * environment without TEMPORAL_* settings; `script` runs another compiled worker (the bench's floor).
 */
export function spawnBuiltWorker(
  env: Record<string, string>,
  nodeArgs: string[] = WORKER_NODE_ARGS,
  script: string = BUILT_WORKER,
): BuiltWorker {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
  const lines: string[] = [];
  let onReady: (r: { ms: number; line: string }) => void = () => undefined;
  const ready = new Promise<{ ms: number; line: string }>((resolve) => (onReady = resolve));
  const t0 = performance.now();
  const service = spawnService('worker', process.execPath, [...nodeArgs, script], {
    env: { ...base, ...env },
    log: (line) => {
      lines.push(line);
      if (line.startsWith('worker: task queue')) onReady({ ms: performance.now() - t0, line });
    },
  });
  const exited = service.closed.then((how) => {
    throw new Error(`the worker exited (${how}) before it was ready:\n${service.outputTail()}`);
  });
  return { service, ready: Promise.race([ready, exited]), lines };
}

/** Polls the history until the workflow's first workflow task has completed; resolves at that moment. */
export async function firstWorkflowTaskCompleted(
  client: Client,
  workflowId: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    if (history.events?.some((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED))
      return;
    if (Date.now() > deadline)
      throw new Error(`no workflow task of ${workflowId} completed within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
