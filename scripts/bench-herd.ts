/**
 * The reminder herd, end to end: a dev server of its own, the compiled worker(s) as operators run
 * them, an SMTP sink, and HERD_N real-time lifecycles of the Long An definition (distinct ids and
 * addresses) whose first reminder falls due at the same instant. Raw baselines are measured in
 * the same run: `workflow.start` of an empty workflow, and nodemailer feeding the same sink.
 * Used by `npm run bench` (HERD_N, HERD_WORKERS, HERD_OPEN to size it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { RegulationsClient } from '../client/api';
import { connectClient } from '../client/connection';
import type { Regulation } from '../config/regulation';
import { spawnBuiltWorker, WORKER_NODE_ARGS, type BuiltWorker } from '../test/support/built-worker';
import { FIRST_REMINDER, herdBase, herdReminder, herdRegulation, pool, startHerd } from '../test/support/herd';
import { SmtpSink } from '../test/support/smtp-sink';
import { startDevServer } from './dev-server';

type Record = (
  name: string,
  value: number,
  unit: string,
  target: number | undefined,
  better?: 'lower' | 'higher',
) => void;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** `KEY=JSON KEY=JSON …` (HERD_DC) → the dev server's extra dynamic config, to try server settings on the herd. */
function dynamicConfig(spec = ''): { [key: string]: unknown } {
  return Object.fromEntries(
    spec
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => {
        const at = kv.indexOf('=');
        if (at < 1) throw new Error(`HERD_DC: "${kv}" is not KEY=VALUE (e.g. matching.numTaskqueueReadPartitions=1)`);
        return [kv.slice(0, at), JSON.parse(kv.slice(at + 1))];
      }),
  );
}

/** Resident memory of a process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

interface Herd {
  lateness: number[];
  drain: number;
  delivered: number;
  duplicates: number;
}

/**
 * Starts n lifecycles whose first reminder falls due at one instant, after the last start, then
 * waits for every reminder. Returns each reminder's lateness (ms) and the drain rate (msg/s).
 */
async function herd(
  api: RegulationsClient,
  sink: SmtpSink,
  base: Regulation,
  tag: string,
  n: number,
): Promise<Herd & { startSeconds: number }> {
  // Every lifecycle's clock is anchored at one real instant, so every first reminder is due at `due`.
  const estimate = n / 40 + 20;
  const { due, startSeconds } = await startHerd(api, base, tag, n, estimate);
  const mine = herdReminder(tag);
  const mails = await sink.waitFor(mine, { count: n, timeoutMs: estimate * 1000 + 600_000 });
  // Give stragglers (duplicates) a moment before counting them.
  await new Promise((r) => setTimeout(r, 2000));
  const all = sink.messages.filter(mine);
  const ids = all.map((m) => m.messageId);
  const lateness = mails.map((m) => m.acceptedAtMs - due).sort((a, b) => a - b);
  if (process.env.HERD_TRACE)
    await trace(
      api,
      mails.filter((_, i) => i % Math.ceil(n / 50) === 0),
    );
  // The drain: from the instant all were due until the last was accepted.
  const drain = n / Math.max(0.001, (lateness[lateness.length - 1] ?? 0) / 1000);
  return { lateness, drain, delivered: new Set(ids).size, duplicates: ids.length - new Set(ids).size, startSeconds };
}

/** Where a reminder's time goes, from the histories of a sample (HERD_TRACE=1): medians per step, in ms. */
async function trace(
  api: RegulationsClient,
  mails: { headers: { [k: string]: string }; acceptedAtMs: number }[],
): Promise<void> {
  const steps: { [step: string]: number[] } = {};
  const add = (step: string, ms: number) => (steps[step] ??= []).push(ms);
  const t = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null } | undefined) =>
    e?.eventTime ? Number(e.eventTime.seconds) * 1000 + (e.eventTime.nanos ?? 0) / 1e6 : NaN;
  for (const m of mails) {
    const id = m.headers['x-lifecycle-id'] ?? '';
    const events = (await api.client.workflow.getHandle(id).fetchHistory()).events ?? [];
    const fired = events.find((e) => e.timerFiredEventAttributes);
    if (!fired) continue;
    const after = events.filter((e) => Number(e.eventId) > Number(fired.eventId));
    const wftStarted = after.find((e) => e.workflowTaskStartedEventAttributes);
    const wftDone = after.find((e) => e.workflowTaskCompletedEventAttributes);
    const scheduled = after.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendMail');
    const started = events.find(
      (e) =>
        e.activityTaskStartedEventAttributes &&
        String(e.activityTaskStartedEventAttributes.scheduledEventId) === String(scheduled?.eventId),
    );
    const completed = events.find(
      (e) =>
        e.activityTaskCompletedEventAttributes &&
        String(e.activityTaskCompletedEventAttributes.scheduledEventId) === String(scheduled?.eventId),
    );
    add('timer fired → workflow task started', t(wftStarted) - t(fired));
    add('workflow task started → completed (activity scheduled)', t(wftDone) - t(wftStarted));
    add('activity scheduled → started', t(started) - t(scheduled));
    add('activity started → SMTP accepted', m.acceptedAtMs - t(started));
    add('SMTP accepted → activity completed', t(completed) - m.acceptedAtMs);
  }
  for (const [step, values] of Object.entries(steps))
    console.log(
      `  trace: ${step.padEnd(56)} median ${percentile(
        values.sort((a, b) => a - b),
        0.5,
      ).toFixed(0)} ms, p90 ${percentile(values, 0.9).toFixed(0)} ms`,
    );
}

/** The herd benchmarks; `record` adds a line to the bench report. */
export async function benchHerd(record: Record): Promise<void> {
  const n = Number(process.env.HERD_N ?? 1000);
  const workers = Number(process.env.HERD_WORKERS ?? 2);
  const [server, sink] = await Promise.all([
    startDevServer({ port: 0, uiPort: 0, dynamicConfig: dynamicConfig(process.env.HERD_DC) }),
    SmtpSink.start(),
  ]);
  const client = await connectClient({ address: server.address, namespace: server.namespace });
  const taskQueue = `herd-${process.pid}`;
  const api = new RegulationsClient(client, taskQueue, server.uiUrl);
  const base = herdBase();
  const ledgerRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'herd-'));
  const running: BuiltWorker[] = [];
  const startWorker = async (): Promise<BuiltWorker> => {
    const w = spawnBuiltWorker(
      {
        TEMPORAL_ADDRESS: server.address,
        TEMPORAL_NAMESPACE: server.namespace,
        TEMPORAL_TASK_QUEUE: taskQueue,
        SMTP_URL: sink.url,
        MAIL_LEDGER_DIR: path.join(ledgerRoot, `w${running.length}`),
        REMINDER_DIGEST_MINUTES: '0',
        MAIL_RATE_LIMIT: '100000',
        ...(process.env.WORKFLOW_CACHE_SIZE ? { WORKFLOW_CACHE_SIZE: process.env.WORKFLOW_CACHE_SIZE } : {}),
      },
      [...WORKER_NODE_ARGS, ...(process.env.HERD_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    );
    running.push(w);
    await w.ready;
    return w;
  };
  try {
    // Raw baselines, same server and sink.
    const rawStart =
      n /
      (await pool(n, 32, (i) =>
        client.workflow.start('emptyBaseline', { taskQueue: `${taskQueue}-raw`, workflowId: `raw-${i}` }),
      ));
    const transport = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: 5 } as never);
    const rawSeconds = await pool(n, 20, (i) =>
      transport.sendMail({
        from: 'bench@regulations.local',
        to: `raw-${i}@example.org`,
        subject: `raw ${i}`,
        text: 'x',
      }),
    );
    transport.close();
    const rawDrain = n / rawSeconds;
    sink.clear();

    const first = await startWorker();
    const one = await herd(api, sink, base, 'a', n);
    const lifecycleStart = n / one.startSeconds;
    record(
      `herd of ${n}, one worker: reminders delivered (once each)`,
      one.delivered - one.duplicates,
      'msg',
      n,
      'higher',
    );
    record(`herd of ${n}, one worker: duplicates`, one.duplicates, 'msg', 0);
    record(`herd of ${n}, one worker: lateness p50`, percentile(one.lateness, 0.5) / 1000, 's', undefined);
    record(`herd of ${n}, one worker: lateness p99`, percentile(one.lateness, 0.99) / 1000, 's', 5);
    record(`baseline: nodemailer straight to the sink`, rawDrain, 'msg/s', undefined);
    record(
      `herd drain rate / nodemailer's, one worker (${one.drain.toFixed(0)} msg/s)`,
      one.drain / rawDrain,
      'ratio',
      0.9,
      'higher',
    );
    record(`baseline: raw workflow.start of an empty workflow`, rawStart, '/s', undefined);
    record(
      `lifecycle starts / raw starts (${lifecycleStart.toFixed(0)}/s)`,
      lifecycleStart / rawStart,
      'ratio',
      0.8,
      'higher',
    );
    record(`worker RSS with ${n} open lifecycles`, rssMiB(first.service.pid), 'MiB', undefined);

    if (workers > 1) {
      for (let i = 1; i < workers; i++) await startWorker();
      const two = await herd(api, sink, base, 'b', n);
      record(
        `herd of ${n}, ${workers} workers: drain rate vs one worker`,
        two.drain / one.drain,
        'ratio',
        workers * 0.9,
        'higher',
      );
      record(`herd of ${n}, ${workers} workers: duplicates`, two.duplicates, 'msg', 0);
    }
    const open = Number(process.env.HERD_OPEN ?? 0);
    if (open > 0) {
      const lead = open / 20 + 600;
      await pool(open, 32, (i) =>
        api.start(herdRegulation(base, 'open', i), { startAt: new Date(FIRST_REMINDER - lead * 1000).toISOString() }),
      );
      // Measured once every lifecycle has run its first task (planned its deadline) and waits on a timer.
      const total = open + (workers > 1 ? 2 : 1) * n;
      const until = Date.now() + 900_000;
      while ((await client.workflow.count('NextDeadline IS NOT NULL')).count < total) {
        if (Date.now() > until)
          throw new Error(`the ${total} lifecycles did not all plan their first deadline within 15 minutes`);
        await new Promise((r) => setTimeout(r, 1000));
      }
      record(
        `worker RSS with ${total} open lifecycles (largest of ${running.length} worker${running.length > 1 ? 's' : ''})`,
        Math.max(...running.map((w) => rssMiB(w.service.pid))),
        'MiB',
        1024,
      );
    }
  } finally {
    await Promise.all(running.map((w) => w.service.stop()));
    await api.close();
    await Promise.all([server.stop(), sink.stop()]);
    fs.rmSync(ledgerRoot, { recursive: true, force: true });
  }
}
