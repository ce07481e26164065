/** Recording and replaying workflow histories, so a change that breaks running lifecycles fails CI. */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const HISTORY_DIR = path.resolve(__dirname, '../histories');

/** Every run of a workflow chain (continue-as-new), oldest first. */
export async function fetchChain(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<temporal.api.history.v1.IHistory[]> {
  const out: temporal.api.history.v1.IHistory[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    out.push(history);
    const last = history.events?.[history.events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return out;
}

const History = temporal.api.history.v1.History;

/*
 * @temporalio/common's historyToJSON fails here (two copies of protobufjs 8 in the SDK's
 * dependencies), so histories are stored with the proto package's own object conversion,
 * which round-trips exactly: longs, enums and bytes as strings.
 */
function toJson(history: temporal.api.history.v1.IHistory): unknown {
  return History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
}

/** Reads a history written by maybeRecord. */
export function readHistory(file: string): { workflowId: string; history: temporal.api.history.v1.History } {
  const { workflowId, history } = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    workflowId: string;
    history: Record<string, unknown>;
  };
  return { workflowId, history: History.fromObject(history) };
}

/**
 * Writes histories under test/histories/<name>/ when RECORD_HISTORIES=1. Recording is a
 * deliberate act: committed histories are the contract with lifecycles already running.
 */
export function maybeRecord(
  name: string,
  histories: { workflowId: string; history: temporal.api.history.v1.IHistory }[],
): void {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const dir = path.join(HISTORY_DIR, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  histories.forEach(({ workflowId, history }, i) => {
    const file = path.join(dir, `${String(i).padStart(3, '0')}-${workflowId.replace(/[^a-z0-9-]+/gi, '_')}.json`);
    fs.writeFileSync(file, `${JSON.stringify({ workflowId, history: toJson(history) })}\n`);
  });
}

/** One payload of a history: where it is (run label and event attribute) and its size in bytes. */
export interface SizedPayload {
  where: string;
  bytes: number;
}

/** Every payload of a history: inputs, results, update arguments and answers, failure details, search attributes. */
export function payloadSizes(history: temporal.api.history.v1.IHistory, label: string): SizedPayload[] {
  const out: SizedPayload[] = [];
  const walk = (node: unknown, where: string): void => {
    if (!node || typeof node !== 'object' || node instanceof Uint8Array) return;
    const o = node as Record<string, unknown>;
    if (o['data'] instanceof Uint8Array && 'metadata' in o) {
      out.push({ where, bytes: (o['data'] as Uint8Array).length });
      return;
    }
    for (const [k, v] of Object.entries(o))
      walk(v, k.endsWith('EventAttributes') ? `${label} ${k.replace(/EventAttributes$/, '')}` : where);
  };
  for (const e of history.events ?? []) walk(e, label);
  return out;
}

/** The largest payload of some histories and the largest history's event count, as a line for the test output. */
export function sizeReport(histories: { label: string; history: temporal.api.history.v1.IHistory }[]): {
  largest: SizedPayload;
  events: number;
  line: string;
} {
  const sized = histories.flatMap((h) => payloadSizes(h.history, h.label));
  const largest = sized.reduce((a, b) => (b.bytes > a.bytes ? b : a), { where: '-', bytes: 0 });
  const events = Math.max(...histories.map((h) => h.history.events?.length ?? 0));
  return {
    largest,
    events,
    line: `largest payload ${(largest.bytes / 1024).toFixed(1)} KB (${largest.where}); largest run ${events} events`,
  };
}
