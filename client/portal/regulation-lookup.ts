/**
 * The regulation definition behind a lifecycle (its areas, bodies and languages), which the
 * status query does not repeat. Read from the start event of the lifecycle's current run: every
 * run starts with the definition, so this is what the workflow itself works from. A run's
 * definition never changes: with a run id the entry is kept until it is the least recently used
 * of MAX_ENTRIES; by lifecycle id alone (a step link) it is kept TTL_MS, since a new run may start.
 */
import { isGrpcServiceError, type Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { LifecycleInput } from '../../domain/lifecycle';
import type { Regulation } from '../../domain/regulation';

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 2000;
const NOT_FOUND = 5;

/** A cached lookup of lifecycle id → regulation; undefined for an unknown lifecycle. */
export function regulationLookup(
  client: Client,
): (lifecycleId: string, runId?: string) => Promise<Regulation | undefined> {
  const cache = new Map<string, { at: number; regulation: Regulation }>();
  return async (lifecycleId, runId) => {
    const key = runId ? `run:${runId}` : lifecycleId;
    const hit = cache.get(key);
    if (hit && (runId || Date.now() - hit.at < TTL_MS)) {
      // Least recently used goes first: a hit moves to the end.
      cache.delete(key);
      cache.set(key, hit);
      return hit.regulation;
    }
    let history;
    try {
      ({ history } = await client.workflowService.getWorkflowExecutionHistory({
        namespace: client.options.namespace,
        execution: { workflowId: lifecycleId, ...(runId ? { runId } : {}) },
        maximumPageSize: 1,
      }));
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === NOT_FOUND) return undefined;
      throw err;
    }
    const payloads = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
    if (!payloads) return undefined;
    const input = await decodeFromPayloadsAtIndex<LifecycleInput>(client.options.loadedDataConverter, 0, payloads);
    const regulation = input?.regulation;
    if (!regulation || !Array.isArray(regulation.bodies)) return undefined;
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, { at: Date.now(), regulation });
    return regulation;
  };
}
