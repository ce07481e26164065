/**
 * The reminder herd, end to end and deployed as operators deploy it: an in-memory dev server of
 * its own, the compiled worker(s) (`npm run worker`) each in its own process, an SMTP sink in a
 * process of its own (scripts/bench/sink.ts), and HERD_N real-time lifecycles of the Long An
 * definition (distinct ids and addresses) whose first reminder falls due at the same instant.
 * Measured in the same run: the floor, a bare Temporal herd of the same size on the same server
 * (scripts/bench/floor-workflow.ts: sleep to the instant, one activity that sends a copy of the
 * product's reminder through nodemailer after one acknowledged heartbeat, on a compiled worker of
 * its own with the product's worker options), and the raw references: `workflow.start` of an
 * empty workflow, and nodemailer feeding the same sink. Used by `npm run bench` (HERD_N,
 * HERD_WORKERS, HERD_OPEN to size it).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { RegulationsClient } from '../client/api';
import type { Client } from '@temporalio/client';
import { connectClient } from '../client/connection';
import type { Regulation } from '../config/regulation';
import { ROOT, spawnBuiltWorker, WORKER_NODE_ARGS, type BuiltWorker } from '../test/support/built-worker';
import { FIRST_REMINDER, herdBase, herdRegulation, pool, startHerd } from '../test/support/herd';
import type { FloorInput } from './bench/floor-workflow';
import type { SinkMail } from './bench/sink';
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

/** The SMTP sink in its own process (dist/scripts/bench/sink.js): what it accepted, as it reports it. */
class RemoteSink {
  readonly messages: SinkMail[] = [];
  private readonly events = new EventEmitter();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.events.setMaxListeners(0);
    child.on('message', (m: { mails?: SinkMail[]; saved?: boolean }) => {
      if (m.mails) {
        this.messages.push(...m.mails);
        this.events.emit('message');
      }
      if (m.saved) this.events.emit('saved');
    });
  }

  get pid(): number {
    return this.child.pid ?? NaN;
  }

  static async start(): Promise<RemoteSink> {
    const child = fork(path.join(ROOT, 'dist/scripts/bench/sink.js'), [], { execArgv: [], stdio: 'inherit' });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (m: { url?: string }) => (m.url ? resolve(m.url) : reject(new Error('sink: no url'))));
      child.once('exit', (code) => reject(new Error(`the SMTP sink process exited (${code}) before it listened`)));
    });
    return new RemoteSink(child, url);
  }

  /** Writes the next accepted message of `kind` to `file` (JSON); resolves once written. */
  saveNext(file: string, kind: string): Promise<void> {
    const saved = new Promise<void>((resolve) => this.events.once('saved', () => resolve()));
    this.child.send({ save: file, kind });
    return saved;
  }

  waitFor(predicate: (m: SinkMail) => boolean, count: number, timeoutMs: number): Promise<SinkMail[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const matches = this.messages.filter(predicate);
        if (matches.length < count) return;
        cleanup();
        resolve(matches.slice(0, count));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`the sink received ${this.messages.filter(predicate).length} of ${count} within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('message', check);
      };
      this.events.on('message', check);
      check();
    });
  }

  clear(): void {
    this.messages.length = 0;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ stop: true });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

interface Herd {
  lateness: number[];
  drain: number;
  delivered: number;
  duplicates: number;
  /** Seconds from the first start until the last was accepted by the server. */
  startSeconds: number;
  /** Seconds before the instant at which every member had planned its deadline (negative: after it). */
  plannedAhead: number;
}

/**
 * The lead time of a herd of n (HERD_LEAD seconds to try another): its starts and first workflow
 * tasks (planning the deadline) are done well before the instant.
 */
const leadSeconds = (n: number): number => Number(process.env.HERD_LEAD ?? 0) || n / 3 + 30;

/**
 * Polls the count of `query` until it reaches `total`; resolves with the epoch ms it did (polls
 * at most every half second, so the server is hardly disturbed).
 */
async function countReached(client: Client, query: string, total: number, until: number): Promise<number> {
  for (;;) {
    const { count } = await client.workflow.count(query);
    if (count >= total) return Date.now();
    if (Date.now() > until) {
      console.log(`  herd: ${count} of ${total} counted by "${query}" at the end of the wait`);
      return NaN;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Lateness (sorted, ms), drain (msg/s from the instant to the last), once-each counts of the mails a herd sent. */
function measure(mails: SinkMail[], all: SinkMail[], key: (m: SinkMail) => string, due: number, n: number) {
  const lateness = mails.map((m) => m.acceptedAtMs - due).sort((a, b) => a - b);
  const keys = all.map(key);
  const distinct = new Set(keys).size;
  return {
    lateness,
    drain: n / Math.max(0.001, (lateness[lateness.length - 1] ?? 0) / 1000),
    delivered: distinct,
    duplicates: keys.length - distinct,
  };
}

/**
 * Starts n lifecycles whose first reminder falls due at one instant, after the last start, then
 * waits for every reminder. `planned` is how many lifecycles in all (earlier herds too) have
 * planned a deadline once this one's have.
 */
async function herd(
  api: RegulationsClient,
  sink: RemoteSink,
  base: Regulation,
  tag: string,
  n: number,
  planned: number,
): Promise<Herd> {
  // Every lifecycle's clock is anchored at one real instant, so every first reminder is due at `due`.
  const lead = leadSeconds(n);
  const { due, startSeconds } = await startHerd(api, base, tag, n, lead);
  const mine = (m: SinkMail): boolean => m.lifecycleId.startsWith(`herd-${tag}-`) && m.kind === 'reminder';
  const arriving = sink.waitFor(mine, n, lead * 1000 + 600_000);
  const plannedAt = await countReached(api.client, 'NextDeadline IS NOT NULL', planned, due + 120_000);
  if (!(plannedAt <= due)) {
    arriving.catch(() => undefined);
    throw new Error(
      `herd ${tag}: ${Number.isNaN(plannedAt) ? 'some' : 'the last'} of the ${n} lifecycles planned their deadline ` +
        `${Number.isNaN(plannedAt) ? 'over 2 minutes' : `${((plannedAt - due) / 1000).toFixed(1)} s`} after the instant ` +
        `their first reminder fell due, so the herd measures the start backlog: raise HERD_LEAD (now ${lead} s)`,
    );
  }
  const mails = await arriving;
  // Give stragglers (duplicates) a moment before counting them.
  await new Promise((r) => setTimeout(r, 2000));
  const result = measure(mails, sink.messages.filter(mine), (m) => m.messageId ?? '', due, n);
  if (process.env.HERD_TRACE)
    await trace(
      api.client,
      mails.filter((_, i) => i % Math.ceil(n / 50) === 0),
      'sendMail',
    );
  return { ...result, startSeconds, plannedAhead: (due - plannedAt) / 1000 };
}

/** The floor: n bare workflows that sleep to one instant and send one message each (FloorInput). */
async function floorHerd(client: Client, sink: RemoteSink, taskQueue: string, n: number): Promise<Herd> {
  // Bare workflows plan nothing: the lead only has to cover their starts.
  const lead = Number(process.env.HERD_FLOOR_LEAD ?? 0) || n / 15 + 20;
  const due = Date.now() + lead * 1000;
  const startSeconds = await pool(n, 32, (i) =>
    client.workflow.start('floorReminder', {
      taskQueue,
      workflowId: `floor-${i}`,
      args: [{ dueAtMs: due, to: `floor-${i}@example.org`, id: `floor-${i}` } satisfies FloorInput],
    }),
  );
  if (Date.now() > due - 5000) throw new Error(`starting ${n} floor workflows took ${startSeconds.toFixed(0)} s`);
  const mine = (m: SinkMail): boolean => m.kind === 'floor';
  const mails = await sink.waitFor(mine, n, lead * 1000 + 600_000);
  await new Promise((r) => setTimeout(r, 2000));
  const result = measure(mails, sink.messages.filter(mine), (m) => m.envelopeTo.join(','), due, n);
  if (process.env.HERD_TRACE)
    await trace(
      client,
      mails.filter((_, i) => i % Math.ceil(n / 50) === 0),
      'floorSend',
    );
  return { ...result, startSeconds, plannedAhead: NaN };
}

/** Where a reminder's time goes, from the histories of a sample (HERD_TRACE=1): medians per step, in ms. */
async function trace(client: Client, mails: SinkMail[], activity: string): Promise<void> {
  const steps: { [step: string]: number[] } = {};
  const add = (step: string, ms: number) => (steps[step] ??= []).push(ms);
  const t = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null } | undefined) =>
    e?.eventTime ? Number(e.eventTime.seconds) * 1000 + (e.eventTime.nanos ?? 0) / 1e6 : NaN;
  for (const m of mails) {
    const events = (await client.workflow.getHandle(m.lifecycleId).fetchHistory()).events ?? [];
    const fired = events.find((e) => e.timerFiredEventAttributes);
    if (!fired) continue;
    const after = events.filter((e) => Number(e.eventId) > Number(fired.eventId));
    const wftStarted = after.find((e) => e.workflowTaskStartedEventAttributes);
    const wftDone = after.find((e) => e.workflowTaskCompletedEventAttributes);
    const scheduled = after.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activity);
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
      `  trace ${activity}: ${step.padEnd(56)} median ${percentile(
        values.sort((a, b) => a - b),
        0.5,
      ).toFixed(0)} ms, p90 ${percentile(values, 0.9).toFixed(0)} ms`,
    );
}

/** The floor's workflow bundle, made once per run into `dir` (the product's worker gets its own from the build). */
async function floorBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(ROOT, 'scripts/bench/floor-workflow.ts'),
    logger: new DefaultLogger('WARN'),
  });
  const file = path.join(dir, 'floor-bundle.js');
  fs.writeFileSync(file, code);
  return file;
}

/** The herd benchmarks; `record` adds a line to the bench report. */
export async function benchHerd(record: Record): Promise<void> {
  const n = Number(process.env.HERD_N ?? 1000);
  const workers = Number(process.env.HERD_WORKERS ?? 2);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'herd-'));
  const bundle = await floorBundle(scratch);
  const [server, sink] = await Promise.all([
    startDevServer({ port: 0, uiPort: 0, dynamicConfig: dynamicConfig(process.env.HERD_DC) }),
    RemoteSink.start(),
  ]);
  const client = await connectClient({ address: server.address, namespace: server.namespace });
  const taskQueue = `herd-${process.pid}`;
  const api = new RegulationsClient(client, taskQueue, server.uiUrl);
  const base = herdBase();
  const running: BuiltWorker[] = [];
  // The product's worker settings; the floor's worker takes the same where they apply.
  const workerEnv = (queue: string, ledger: string): { [k: string]: string } => ({
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: server.namespace,
    TEMPORAL_TASK_QUEUE: queue,
    SMTP_URL: sink.url,
    MAIL_LEDGER_DIR: path.join(scratch, ledger),
    REMINDER_DIGEST_MINUTES: '0',
    MAIL_RATE_LIMIT: '100000',
    ...(process.env.WORKFLOW_CACHE_SIZE ? { WORKFLOW_CACHE_SIZE: process.env.WORKFLOW_CACHE_SIZE } : {}),
  });
  const nodeArgs = [...WORKER_NODE_ARGS, ...(process.env.HERD_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const startWorker = async (): Promise<BuiltWorker> => {
    const w = spawnBuiltWorker(workerEnv(taskQueue, `w${running.length}`), nodeArgs);
    running.push(w);
    await w.ready;
    return w;
  };
  const load = (): string =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
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
    // The raw messages are reported in batches: wait for all before forgetting them.
    await sink.waitFor(() => true, n, 60_000);
    sink.clear();

    const first = await startWorker();
    // The floor sends a copy of the product's own reminder (same size, same attachment).
    const message = path.join(scratch, 'reminder.json');
    const saved = sink.saveNext(message, 'reminder');
    console.log(`  herd: ${n} lifecycles, one worker (load average ${load()})`);
    const one = await herd(api, sink, base, 'a', n, n);
    await saved;
    const lifecycleStart = n / one.startSeconds;

    console.log(`  herd: the floor, ${n} bare workflows, one worker (load average ${load()})`);
    const floorWorker = spawnBuiltWorker(
      { ...workerEnv(`${taskQueue}-floor`, 'floor'), FLOOR_BUNDLE: bundle, FLOOR_MESSAGE: message },
      nodeArgs,
      path.join(ROOT, 'dist/scripts/bench/floor-worker.js'),
    );
    running.push(floorWorker);
    await floorWorker.ready;
    const floor = await floorHerd(client, sink, `${taskQueue}-floor`, n);
    await floorWorker.service.stop();
    running.splice(running.indexOf(floorWorker), 1);

    const p99 = (h: Herd): number => percentile(h.lateness, 0.99) / 1000;
    record(
      `herd of ${n}, one worker: reminders delivered (once each)`,
      one.delivered - one.duplicates,
      'msg',
      n,
      'higher',
    );
    record(`herd of ${n}, one worker: duplicates`, one.duplicates, 'msg', 0);
    record(
      `herd of ${n}, one worker: every lifecycle planned, seconds before the instant`,
      one.plannedAhead,
      's',
      0,
      'higher',
    );
    record(`herd of ${n}, one worker: lateness p50`, percentile(one.lateness, 0.5) / 1000, 's', undefined);
    record(`herd of ${n}, one worker: lateness p99`, p99(one), 's', undefined);
    record(`herd of ${n}, one worker: drain`, one.drain, 'msg/s', undefined);
    // The floor keeps no send journal: an attempt that outlives its heartbeat timeout under load is
    // retried and sends again. Shown, not a target (the product's own duplicates are).
    record(`floor (bare workflow + one activity): members reached`, floor.delivered, 'msg', undefined);
    record(`floor: duplicates (no send journal)`, floor.duplicates, 'msg', undefined);
    record(`floor: lateness p50`, percentile(floor.lateness, 0.5) / 1000, 's', undefined);
    record(`floor: lateness p99`, p99(floor), 's', undefined);
    record(`floor: drain`, floor.drain, 'msg/s', undefined);
    record(`herd drain / the floor's`, one.drain / floor.drain, 'ratio', 0.8, 'higher');
    record(`herd lateness p99 / the floor's`, p99(one) / p99(floor), 'ratio', 1.25);
    record(`baseline: nodemailer straight to the sink`, rawDrain, 'msg/s', undefined);
    record(`herd drain / nodemailer's`, one.drain / rawDrain, 'ratio', undefined);
    record(`floor drain / nodemailer's`, floor.drain / rawDrain, 'ratio', undefined);
    record(`baseline: raw workflow.start of an empty workflow`, rawStart, '/s', undefined);
    record(
      `lifecycle starts / raw starts (${lifecycleStart.toFixed(0)}/s)`,
      lifecycleStart / rawStart,
      'ratio',
      0.8,
      'higher',
    );
    record(`worker RSS with ${n} open lifecycles`, rssMiB(first.service.pid), 'MiB', undefined);
    record(`SMTP sink process RSS`, rssMiB(sink.pid), 'MiB', undefined);
    console.log(`  herd: measured at load average ${load()} (1, 5, 15 min)`);

    if (workers > 1) {
      for (let i = 1; i < workers; i++) await startWorker();
      const two = await herd(api, sink, base, 'b', n, 2 * n);
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
      if (Number.isNaN(await countReached(client, 'NextDeadline IS NOT NULL', total, Date.now() + 900_000)))
        throw new Error(`the ${total} lifecycles did not all plan their first deadline within 15 minutes`);
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
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
