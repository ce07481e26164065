/**
 * `npm run bench`: speed and memory targets, measured (never asserted in tests, except the
 * failover bound). Prints each measurement beside its target and exits non-zero if one is missed.
 * Baselines measured in the same run (plain `node` start, the TypeScript sources through ts-node,
 * bundling the workflows) are printed beside them without a target, to show what the build saves.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from '@temporalio/worker';
import { RegulationsClient } from '../client/api';
import { connectClient } from '../client/connection';
import { MemorySendLedger } from '../activities/mail/ledger';
import { createMailer } from '../activities/mail/mailer';
import { renderMail } from '../activities/mail/templates';
import type { MailRequest } from '../domain/mail';
import { addDays } from '../domain/schedule/calendar';
import { loadCalendar } from '../activities/schedule/calendar-store';
import { buildTimetable } from '../domain/schedule/timetable';
import { planDeadlineOn } from '../domain/schedule/plan';
import { loadRegulation } from '../config/regulation';
import { FailoverRig } from '../test/support/failover';
import { HISTORY_DIR, readHistory } from '../test/support/histories';
import { firstWorkflowTaskCompleted, spawnBuiltWorker, type BuiltWorker } from '../test/support/built-worker';
import { workflowBundle } from '../test/support/lifecycle-harness';
import { SmtpSink } from '../test/support/smtp-sink';
import { staleReason } from './build-state';
import { benchHerd } from './bench-herd';
import { startDevServer } from './dev-server';

/** A measurement against its target, or (no target) a baseline shown for comparison. */
interface Result {
  name: string;
  value: number;
  unit: string;
  target?: number;
  better: 'lower' | 'higher';
}
const results: Result[] = [];

function record(
  name: string,
  value: number,
  unit: string,
  target: number | undefined,
  better: Result['better'] = 'lower',
): void {
  results.push({ name, value, unit, target, better });
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

const ROOT = path.resolve(__dirname, '..');
const reg = loadRegulation(path.join(ROOT, 'config/regulations/long-an-2022.yaml'));
const cal = loadCalendar('vn');

function benchDeadlines(): void {
  const times: number[] = [];
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < 20_000; i++) {
    const trigger = addDays('2022-01-01', i % 3000);
    const t0 = performance.now();
    planDeadlineOn(cal, {
      calendar: 'vn',
      zone: reg.timezone,
      rule: { after: trigger, period: reg.schedule.consultation },
      reminders: reg.schedule.reminders,
      reminderTime: '08:00',
      escalation: reg.schedule.escalation,
      escalations: 12,
      notBefore: `${trigger}T00:00:00.000Z`,
    });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  gc();
  // An activity round trip costs tens of ms; planning must stay well below it.
  record('planDeadline p50 (deadline + 4 reminders + 12 escalations)', percentile(times, 0.5), 'ms', 1);
  record('planDeadline p99', percentile(times, 0.99), 'ms', 10);
  record(
    'planDeadline retained heap after 20k plans (calendar cache)',
    (process.memoryUsage().heapUsed - heapBefore) / 1e6,
    'MB',
    16,
  );
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) buildTimetable(reg, cal);
  record('regulation plan: Long An timetable', (performance.now() - t0) / 50, 'ms', 50);
}

function reminder(i: number): MailRequest {
  return {
    kind: 'reminder',
    lifecycleId: 'bench',
    stepKey: 'consultation/round-1',
    slot: '3 working days',
    locale: i % 2 ? 'vi' : 'en',
    to: [{ name: `Người nhận ${i}`, email: `nguoi-nhan-${i}@example.org` }],
    regulation: { id: reg.id, title: reg.title },
    audience: { role: 'body', body: { id: 'hdnd', name: reg.bodies[0]!.name } },
    step: {
      stage: 'consultation',
      round: 1,
      label: { vi: 'Góp ý dự thảo v1 (vòng 1)', en: 'Comments on draft v1 (round 1)' },
    },
    deadline: {
      lastDay: '2022-09-22',
      at: '2022-09-22T17:00:00.000Z',
      uid: `bench-${i}@regulations.local`,
      sequence: 0,
    },
    document: { version: 'v1', link: 'https://docs.example.org/v1.pdf' },
  };
}

function benchRender(): void {
  const times: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const req = reminder(i);
    const t0 = performance.now();
    renderMail(req, req.to[0]!);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  record('render one reminder (vi/en, text + HTML) p99', percentile(times, 0.99), 'ms', 5);
}

/** A morning with a thousand reminders: pooled SMTP with a rate limit, to a local sink. */
async function benchMailer(): Promise<void> {
  const sink = await SmtpSink.start();
  const rate = 200;
  const mailer = createMailer({
    smtpUrl: sink.url,
    from: 'bench@regulations.local',
    ledger: new MemorySendLedger(),
    pool: { maxConnections: 4, rateLimit: rate },
  });
  try {
    const n = 1000;
    const t0 = performance.now();
    const queue = Array.from({ length: n }, (_, i) => reminder(i));
    // 20 concurrent senders, as 20 activity slots of a worker would be.
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let req = queue.shift(); req; req = queue.shift()) await mailer.send(req);
      }),
    );
    await sink.waitFor(() => true, { count: n, timeoutMs: 120_000 });
    const seconds = (performance.now() - t0) / 1000;
    record(`1000 reminders over pooled SMTP (rate limit ${rate}/s)`, n / seconds, 'msg/s', rate * 0.6, 'higher');
  } finally {
    mailer.close();
    await sink.stop();
  }
}

/** Worker cache misses replay histories: the recorded lifecycle runs replay quickly. */
async function benchReplay(): Promise<void> {
  const files = fs.readdirSync(HISTORY_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
  const t0Bundle = performance.now();
  const bundle = await workflowBundle();
  record(
    'baseline: bundling the workflows (at every start, before)',
    (performance.now() - t0Bundle) / 1000,
    's',
    undefined,
  );
  const histories = files.map((f) => readHistory(path.join(HISTORY_DIR, f)));
  const t0 = performance.now();
  for (const { workflowId, history } of histories)
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
  record(`replay of ${histories.length} recorded runs, mean`, (performance.now() - t0) / histories.length, 'ms', 500);
}

/**
 * Mail across a worker crash, on a dev server with two worker processes: the time from SIGKILL of
 * the sending worker to the retried activity's completion (from history), and the crash window
 * left by design, from the SMTP server's 250 to the record stored on Temporal.
 */
async function benchFailover(): Promise<void> {
  const rig = await FailoverRig.start({ workers: 2 });
  try {
    const o = await rig.crashWhileSending(1, 'after-record');
    // Heartbeat timeout (5 s) + first retry interval (2 s) + the retry itself.
    record(
      'mail failover: SIGKILL of the sender → retried activity completed',
      o.completedAt - o.killedAt,
      'ms',
      15_000,
    );
    const windows = (await rig.measureRecordWindow(50)).sort((a, b) => a - b);
    // One round trip to the Temporal server; the bounds are for a local dev server (the tail is scheduling noise).
    record('mail crash window: SMTP 250 → record on Temporal, p50 of 49', percentile(windows, 0.5), 'ms', 10);
    record('mail crash window, p90', percentile(windows, 0.9), 'ms', 25);
    record('mail crash window, max', windows[windows.length - 1] ?? NaN, 'ms', 100);
  } finally {
    await rig.stop();
  }
}

/** Wall time of one `node args…` run, in seconds; fails on a non-zero exit. */
function timeNode(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, env, timeout: 60_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`node ${args.join(' ')}: ${stderr.trim().split('\n')[0] ?? err.message}`));
      else resolve((performance.now() - t0) / 1000);
    });
  });
}

/** Median wall time of `runs` runs (after one warm-up run that fills the OS file cache). */
async function medianRun(runs: number, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  await timeNode(args, env);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeNode(args, env));
  return median(times);
}

/**
 * The compiled build against a dev server of its own: a worker started cold (as after a crash or
 * to scale out) until it polls and until it has completed a waiting lifecycle's first workflow
 * task; then the CLI's `--help` and `status` against that worker.
 */
async function benchBuild(): Promise<void> {
  const stale = staleReason();
  if (stale) throw new Error(`${stale}: run 'npm run build' first (npm run bench does it)`);
  const [server, sink] = await Promise.all([startDevServer({ port: 0, uiPort: 0 }), SmtpSink.start()]);
  const ledgerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ledger-'));
  const taskQueue = `bench-${process.pid}`;
  const env = {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: server.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
  };
  const workerEnv = { ...env, SMTP_URL: sink.url, MAIL_LEDGER_DIR: ledgerDir, REMINDER_DIGEST_MINUTES: '0' };
  const api = new RegulationsClient(
    await connectClient({ address: server.address, namespace: server.namespace }),
    taskQueue,
    server.uiUrl,
  );
  let worker: BuiltWorker | undefined;
  const ids: string[] = [];
  try {
    const ready: number[] = [];
    const firstTask: number[] = [];
    for (let i = 0; i < 3; i++) {
      // The lifecycle waits in the task queue with no worker, as work does while a worker restarts.
      await worker?.service.stop();
      const { workflowId } = await api.start({ ...reg, id: `bench-cold-start-${i}` });
      ids.push(workflowId);
      const t0 = performance.now();
      worker = spawnBuiltWorker(workerEnv);
      const done = firstWorkflowTaskCompleted(api.client, workflowId).then(() => performance.now() - t0);
      ready.push((await worker.ready).ms / 1000);
      firstTask.push((await done) / 1000);
    }
    record('worker cold start to polling (dist/, prebuilt bundle), median of 3', median(ready), 's', 3);
    record('worker cold start to a waiting workflow task done, median of 3', median(firstTask), 's', 3);

    const cliEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_'))),
      ...env,
    };
    const bin = path.join(ROOT, 'bin/regulation.js');
    record('baseline: node -e 0, median of 10', await medianRun(10, ['-e', '0'], cliEnv), 's', undefined);
    record('regulation --help (dist/), median of 10', await medianRun(10, [bin, '--help'], cliEnv), 's', 0.4);
    record(
      'regulation status ID (dist/), median of 10',
      await medianRun(10, [bin, 'status', ids[0]!], cliEnv),
      's',
      0.8,
    );
    const fromSource = ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'client/cli.ts')];
    record(
      'baseline: regulation --help through ts-node, median of 3',
      await medianRun(3, [...fromSource, '--help'], cliEnv),
      's',
      undefined,
    );
    record(
      'baseline: regulation status ID through ts-node, median of 3',
      await medianRun(3, [...fromSource, 'status', ids[0]!], cliEnv),
      's',
      undefined,
    );
  } finally {
    for (const id of ids)
      await api.client.workflow
        .getHandle(id)
        .terminate('end of the benchmark')
        .catch(() => undefined);
    await worker?.service.stop();
    await api.close();
    await Promise.all([server.stop(), sink.stop()]);
    fs.rmSync(ledgerDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`bench on ${os.cpus().length} cores, Node ${process.version}`);
  // BENCH=herd,build runs only those groups (all by default).
  const only = process.env.BENCH?.split(',');
  const groups: [string, () => unknown][] = [
    ['deadlines', benchDeadlines],
    ['render', benchRender],
    ['mailer', benchMailer],
    ['replay', benchReplay],
    ['failover', benchFailover],
    ['build', benchBuild],
    ['herd', () => benchHerd(record)],
  ];
  for (const [name, run] of groups) if (!only || only.includes(name)) await run();
  let missed = 0;
  for (const r of results) {
    const value = `${r.value.toFixed(2).padStart(9)} ${r.unit.padEnd(5)}`;
    if (r.target === undefined) {
      console.log(`     ${r.name.padEnd(66)} ${value}`);
      continue;
    }
    const ok = r.better === 'lower' ? r.value <= r.target : r.value >= r.target;
    if (!ok) missed++;
    console.log(
      `${ok ? 'ok  ' : 'MISS'} ${r.name.padEnd(66)} ${value} (target ${r.better === 'lower' ? '≤' : '≥'} ${r.target})`,
    );
  }
  if (missed > 0) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
