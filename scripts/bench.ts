/**
 * `npm run bench`: speed and memory targets, measured (never asserted in tests, except the
 * failover bound). Prints each measurement beside its target and exits non-zero if one is missed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from '@temporalio/worker';
import { MemorySendLedger } from '../activities/mail/ledger';
import { createMailer } from '../activities/mail/mailer';
import { renderMail } from '../activities/mail/templates';
import type { MailRequest } from '../activities/mail/types';
import { addDays } from '../activities/schedule/calendar';
import { loadCalendar } from '../activities/schedule/calendar-store';
import { buildTimetable } from '../activities/schedule/timetable';
import { planDeadlineOn } from '../activities/schedule-activities';
import { loadRegulation } from '../config/regulation';
import { FailoverRig } from '../test/support/failover';
import { HISTORY_DIR, readHistory } from '../test/support/histories';
import { workflowBundle } from '../test/support/lifecycle-harness';
import { SmtpSink } from '../test/support/smtp-sink';

interface Result { name: string; value: number; unit: string; target: number; better: 'lower' | 'higher' }
const results: Result[] = [];

function record(name: string, value: number, unit: string, target: number, better: Result['better'] = 'lower'): void {
  results.push({ name, value, unit, target, better });
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
      calendar: 'vn', zone: reg.timezone, rule: { after: trigger, period: reg.schedule.consultation }, reminders: reg.schedule.reminders,
      reminderTime: '08:00', escalation: reg.schedule.escalation, escalations: 12, notBefore: `${trigger}T00:00:00.000Z`,
    });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  gc();
  // An activity round trip costs tens of ms; planning must stay well below it.
  record('planDeadline p50 (deadline + 4 reminders + 12 escalations)', percentile(times, 0.5), 'ms', 1);
  record('planDeadline p99', percentile(times, 0.99), 'ms', 10);
  record('planDeadline retained heap after 20k plans (calendar cache)', (process.memoryUsage().heapUsed - heapBefore) / 1e6, 'MB', 16);
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) buildTimetable(reg, cal);
  record('regulation plan: Long An timetable', (performance.now() - t0) / 50, 'ms', 50);
}

function reminder(i: number): MailRequest {
  return {
    kind: 'reminder', lifecycleId: 'bench', stepKey: 'consultation/round-1', slot: '3 working days', locale: i % 2 ? 'vi' : 'en',
    to: [{ name: `Người nhận ${i}`, email: `nguoi-nhan-${i}@example.org` }], regulation: { id: reg.id, title: reg.title },
    audience: { role: 'body', body: { id: 'hdnd', name: reg.bodies[0]!.name } },
    step: { stage: 'consultation', round: 1, label: { vi: 'Góp ý dự thảo v1 (vòng 1)', en: 'Comments on draft v1 (round 1)' } },
    deadline: { lastDay: '2022-09-22', at: '2022-09-22T17:00:00.000Z', uid: `bench-${i}@regulations.local`, sequence: 0 },
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
  const mailer = createMailer({ smtpUrl: sink.url, from: 'bench@regulations.local', ledger: new MemorySendLedger(), pool: { maxConnections: 4, rateLimit: rate } });
  try {
    const n = 1000;
    const t0 = performance.now();
    const queue = Array.from({ length: n }, (_, i) => reminder(i));
    // 20 concurrent senders, as 20 activity slots of a worker would be.
    await Promise.all(Array.from({ length: 20 }, async () => {
      for (let req = queue.shift(); req; req = queue.shift()) await mailer.send(req);
    }));
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
  const bundle = await workflowBundle();
  const histories = files.map((f) => readHistory(path.join(HISTORY_DIR, f)));
  const t0 = performance.now();
  for (const { workflowId, history } of histories) await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
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
    record('mail failover: SIGKILL of the sender → retried activity completed', o.completedAt - o.killedAt, 'ms', 15_000);
    const windows = (await rig.measureRecordWindow(50)).sort((a, b) => a - b);
    // One round trip to the Temporal server; the bounds are for a local dev server (the tail is scheduling noise).
    record('mail crash window: SMTP 250 → record on Temporal, p50 of 50', percentile(windows, 0.5), 'ms', 10);
    record('mail crash window, p90', percentile(windows, 0.9), 'ms', 25);
    record('mail crash window, max', windows[windows.length - 1] ?? NaN, 'ms', 100);
  } finally {
    await rig.stop();
  }
}

async function main(): Promise<void> {
  console.log(`bench on ${os.cpus().length} cores, Node ${process.version}`);
  benchDeadlines();
  benchRender();
  await benchMailer();
  await benchReplay();
  await benchFailover();
  let missed = 0;
  for (const r of results) {
    const ok = r.better === 'lower' ? r.value <= r.target : r.value >= r.target;
    if (!ok) missed++;
    console.log(`${ok ? 'ok  ' : 'MISS'} ${r.name.padEnd(62)} ${r.value.toFixed(2).padStart(9)} ${r.unit.padEnd(5)} (target ${r.better === 'lower' ? '≤' : '≥'} ${r.target})`);
  }
  if (missed > 0) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
