/**
 * Builds a worker for the regulations task queue: the mailer, the calendars and a client for
 * reminder re-checks come from the environment here, never from workflow input.
 */
import fs from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createActivities, type ActivityDeps } from '../activities';
import type { DigestItem } from '../domain/mail';
import { FileSendLedger } from '../activities/mail/ledger';
import { createMailer } from '../activities/mail/mailer';
import type { WorkingCalendar } from '../domain/schedule/calendar';
import { loadCalendar } from '../activities/schedule/calendar-store';
import { RegulationsClient } from '../client/api';
import { calendarApply, calendarDiff } from '../client/calendar-change';
import { connectClient, temporalTarget } from '../client/connection';
import { addReminder, pendingParties } from '../workflows/definitions';
import { digestWorkflowId, type DigestWorkflowInput } from '../domain/lifecycle';
import { readEnv, type RuntimeEnv } from '../config/env';
import { workflowSource } from './workflow-bundle';
import { historyDocuments } from '../activities/documents/source';

export interface RunWorkerOptions {
  address?: string;
  namespace?: string;
  env?: RuntimeEnv;
  /** Aborting it shuts the worker down gracefully. */
  signal?: AbortSignal;
  /** Receives one line once the worker is about to poll (callers take it as the ready signal). */
  log?: (line: string) => void;
  /** Receives warnings, e.g. a stale prebuilt workflow bundle; default console.warn. */
  warn?: (line: string) => void;
}

/** A calendar loader that re-reads files now and then, so corrected holiday data is picked up. */
export function calendarLoader(
  dir: string,
  ttlMs = 5 * 60_000,
): (id: string, opts?: { reload?: boolean }) => WorkingCalendar {
  const cache = new Map<string, { at: number; cal: WorkingCalendar }>();
  return (id, opts) => {
    const hit = cache.get(id);
    if (hit && !opts?.reload && Date.now() - hit.at < ttlMs) return hit.cal;
    const cal = loadCalendar(id, dir);
    cache.set(id, { at: Date.now(), cal });
    return cal;
  };
}

/**
 * CALENDAR_AUTO_APPLY: for each calendar file in `dir`, the open deadlines of running lifecycles
 * and reviews it would move are re-planned on it (as `regulation calendar apply`); a file that
 * changes nothing does nothing, so every start of every worker may run it.
 */
export async function applyCalendars(api: RegulationsClient, dir: string, log?: (line: string) => void): Promise<void> {
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const cal = loadCalendar(path.join(dir, file));
    const diff = await calendarDiff(api, cal);
    if (diff.moves.length === 0) continue;
    for (const { workflowId, report } of await calendarApply(api, diff)) {
      for (const m of report.moved)
        log?.(`worker: calendar ${cal.id} ${cal.version}: ${workflowId} ${m.key} moved ${m.from} → ${m.to}`);
    }
  }
}

/** Hands a reminder to its recipient's digest workflow, starting one if none is gathering yet. */
export function digestQueue(
  client: Client,
  taskQueue: string,
  windowSeconds: number,
): NonNullable<ActivityDeps['digest']> {
  return {
    async enqueue(recipient, item) {
      await client.workflow.signalWithStart<(input: DigestWorkflowInput) => Promise<unknown>, [DigestItem]>(
        'reminderDigest',
        {
          taskQueue,
          workflowId: digestWorkflowId(recipient.email),
          args: [{ recipient, windowSeconds }],
          signal: addReminder,
          signalArgs: [item],
          staticSummary: `Reminder digest for ${recipient.email}`,
        },
      );
    },
  };
}

/**
 * Heartbeats through the client instead of the SDK: the call returns once the server has stored the
 * details, where the SDK's heartbeat is throttled (up to 80% of the heartbeat timeout) and never
 * confirmed. A mail activity relies on it to have each sent message on the server before the next.
 */
export function acknowledgedHeartbeat(client: Client, timeoutMs = 10_000): NonNullable<ActivityDeps['ackHeartbeat']> {
  return (taskToken, details) =>
    client.withDeadline(Date.now() + timeoutMs, () => client.activity.heartbeat(taskToken, details));
}

/**
 * History events a workflow task's own commands write after an activity it schedules (a timer,
 * another activity, search attributes, memo, markers): none of them tells the workflow anything.
 * Any other event (a signal, an update, a workflow task, a cancellation, the run's end) may have
 * changed who is pending.
 */
const QUIET_EVENTS = [
  'timerStartedEventAttributes',
  'timerCanceledEventAttributes',
  'activityTaskScheduledEventAttributes',
  'activityTaskCancelRequestedEventAttributes',
  'upsertWorkflowSearchAttributesEventAttributes',
  'workflowPropertiesModifiedEventAttributes',
  'markerRecordedEventAttributes',
] as const;

/**
 * Reads the run's history backwards (GetWorkflowExecutionHistoryReverse, answered by the server
 * alone) down to the scheduling of `activityId`: true when every event after it is one of the
 * QUIET_EVENTS, i.e. the workflow has learnt nothing since it found the reminder's parties pending.
 */
export function historyQuietSince(client: Client, namespace: string, pageSize = 32, maxPages = 2) {
  return async (execution: { workflowId: string; runId: string }, activityId: string): Promise<boolean> => {
    let nextPageToken: Uint8Array | undefined;
    for (let page = 0; page < maxPages; page++) {
      const res = await client.workflowService.getWorkflowExecutionHistoryReverse({
        namespace,
        execution,
        maximumPageSize: pageSize,
        nextPageToken,
      });
      for (const e of res.history?.events ?? []) {
        if (e.activityTaskScheduledEventAttributes?.activityId === activityId) return true;
        if (!QUIET_EVENTS.some((k) => e[k])) return false;
      }
      if (!res.nextPageToken?.length) return false;
      nextPageToken = res.nextPageToken;
    }
    return false;
  };
}

/** Runs a worker until the signal aborts; resolves once it has shut down. */
export async function runWorker(opts: RunWorkerOptions = {}): Promise<void> {
  const env = opts.env ?? readEnv();
  const workflows = workflowSource();
  if (workflows.warning) (opts.warn ?? console.warn)(`worker: warning: ${workflows.warning}`);
  const target = temporalTarget({ address: opts.address, namespace: opts.namespace });
  const connection = await NativeConnection.connect({
    address: target.address,
    tls: target.tls,
    apiKey: target.apiKey,
    metadata: target.metadata,
  });
  const client = await connectClient(target);
  const mailer = createMailer({
    smtpUrl: env.smtpUrl,
    from: env.mailFrom,
    ledger: new FileSendLedger(env.ledgerDir),
    pool: { rateLimit: env.mailRateLimit, maxConnections: env.mailConnections },
  });
  try {
    const worker = await Worker.create({
      connection,
      namespace: target.namespace,
      taskQueue: env.taskQueue,
      ...workflows.options,
      // Memory is mostly cached workflow runs: operators size it (a run evicted is replayed when it next wakes).
      maxCachedWorkflows: env.workflowCacheSize,
      activities: createActivities({
        mailer,
        calendar: calendarLoader(env.calendarDir),
        pendingParties: (workflowId, stepKey) => client.workflow.getHandle(workflowId).query(pendingParties, stepKey),
        quietSinceScheduled: historyQuietSince(client, target.namespace),
        portal: env.portalSecret ? { baseUrl: env.portalUrl, secret: env.portalSecret } : undefined,
        digest:
          env.reminderDigestMinutes > 0
            ? digestQueue(client, env.taskQueue, env.reminderDigestMinutes * 60)
            : undefined,
        ackHeartbeat: acknowledgedHeartbeat(client),
        documents: historyDocuments(client),
      }),
    });
    opts.signal?.addEventListener('abort', () => worker.shutdown(), { once: true });
    opts.log?.(
      `worker: task queue ${env.taskQueue} on ${target.address} (namespace ${target.namespace}), ${workflows.description}`,
    );
    const running = worker.run();
    if (env.calendarAutoApply) {
      // After the worker polls: the re-plans run as workflow tasks and activities on the workers.
      await applyCalendars(new RegulationsClient(client, env.taskQueue), env.calendarDir, opts.log).catch(
        (err: Error) => (opts.warn ?? console.warn)(`worker: warning: calendar auto-apply failed: ${err.message}`),
      );
    }
    await running;
  } finally {
    mailer.close();
    await client.connection.close();
    await connection.close();
  }
}
