/**
 * The regulation definition a lifecycle was started with: the workflow's start input, read from
 * the first event of its first run's history (one event, not the whole history). The status query
 * does not carry the definition; `regulation export --format docx` needs it for names and settings.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { LifecycleInput } from '../domain/lifecycle';
import type { Regulation } from '../domain/regulation';

/** The definition of lifecycle `workflowId` (from its run `runId`, the first run as a rule), or undefined if its start input has none. */
export async function definitionOf(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<Regulation | undefined> {
  const res = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, ...(runId ? { runId } : {}) },
    maximumPageSize: 1,
  });
  const payload = res.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) return undefined;
  return (defaultPayloadConverter.fromPayload(payload) as LifecycleInput | undefined)?.regulation;
}
