/**
 * The regulation definition behind a lifecycle (its areas, bodies and languages), which the
 * status query does not repeat. Read from the start event of the lifecycle's current run: every
 * run starts with the definition, so this is what the workflow itself works from.
 */
import { isGrpcServiceError, type Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { LifecycleInput } from '../../domain/lifecycle';
import type { Regulation } from '../../domain/regulation';

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 200;
const NOT_FOUND = 5;

/** A cached lookup of lifecycle id → regulation; undefined for an unknown lifecycle. */
export function regulationLookup(client: Client): (lifecycleId: string) => Promise<Regulation | undefined> {
  const cache = new Map<string, { at: number; regulation: Regulation }>();
  return async (lifecycleId) => {
    const hit = cache.get(lifecycleId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.regulation;
    let history;
    try {
      ({ history } = await client.workflowService.getWorkflowExecutionHistory({
        namespace: client.options.namespace,
        execution: { workflowId: lifecycleId },
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
    cache.set(lifecycleId, { at: Date.now(), regulation });
    return regulation;
  };
}
