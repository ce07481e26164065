/**
 * `BENCH=scale npm run bench`: the console and the CLI at national scale. A dev server of its own,
 * the compiled worker and the console (`npm run console`) as separate processes, an SMTP sink, and
 * SCALE_SIZES lifecycles (default 1000; e.g. 1000,10000; beyond SCALE_REAL, default 1000, visibility
 * rows modelled on the real ones) of the Long An definition with distinct
 * ids, addresses and kick-offs spread over a year, spread over stages (40 % in force and 20 %
 * consultation placed by the adopted: block, 25 % drafting, 15 % signing). One court clerk is the court's contact in 200 of them. At each size:
 * the operator's first Regulations page and a filtered page, the clerk's My work and one of the
 * clerk's regulations, signed in over HTTP; `regulation list` (first page) and `regulation status`;
 * the console's and the worker's resident memory. Medians of 3 after one warm-up request.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import type { Client } from '@temporalio/client';
import { RegulationsClient } from '../client/api';
import { connectClient } from '../client/connection';
import type { Regulation } from '../config/regulation';
import type { ListingMemo } from '../domain/listing';
import { LISTING_MEMO_KEY } from '../workflows/visibility';
import {
  NEXT_DEADLINE,
  OPEN_WORK,
  PENDING_BODIES,
  REGULATION_ID,
  REGULATION_PEOPLE,
  REGULATION_STAGE,
  REGULATION_TEXT,
} from '../workflows/search-attributes';
import { launchChromium } from '../test/support/browser';
import { spawnBuiltWorker, type BuiltWorker } from '../test/support/built-worker';
import { herdBase, herdRegulation, pool } from '../test/support/herd';
import { SmtpSink } from '../test/support/smtp-sink';
import { staleReason } from './build-state';
import { freePort } from './child-service';
import { startDevServer } from './dev-server';

type Record = (
  name: string,
  value: number,
  unit: string,
  target: number | undefined,
  better?: 'lower' | 'higher',
) => void;

const ROOT = path.resolve(__dirname, '..');
const OPERATOR = 'vanhanh@scale.example.org';
const CLERK = 'thuky.toaan@tand.example.org';
const CLERK_IN = 200;
/** Starts (and updates) in flight while placing: enough to keep the server and the worker busy, not to time out. */
const PLACE_CONCURRENCY = Number(process.env.SCALE_CONCURRENCY ?? 32);
/**
 * Members placed as real lifecycles (SCALE_REAL, default 1000); the rest are visibility rows: a
 * run of the lifecycle's workflow type on a task queue no worker polls, started with the memo and
 * search attributes a real member of the same stage wrote (its ids, addresses and dates moved to
 * theirs). Lists read visibility alone, so the pages and `regulation list` see 10,000 rows as they
 * would see 10,000 lifecycles; on a shared 2-core machine the worker places 1–5 real ones a second.
 */
const REAL = Number(process.env.SCALE_REAL ?? 1000);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** CPU seconds a process has used so far (user and system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Waits until the server and the worker are at rest: placing lifecycles leaves the worker sending
 * their first requests and the server writing for minutes after visibility lists them all, and
 * SQLite visibility then answers lists many times slower. Operators' pages are measured as they
 * are on a register at rest: together under a tenth of a core over five seconds. Gives up after
 * ten minutes; says how long it waited.
 */
async function atRest(pids: number[]): Promise<string> {
  const t0 = performance.now();
  for (;;) {
    const before = pids.map(cpuSeconds);
    await new Promise((r) => setTimeout(r, 5000));
    const used = pids.map(cpuSeconds).reduce((a, c, k) => a + c - before[k]!, 0) / 5;
    const waited = (performance.now() - t0) / 1000;
    if (used < 0.1 || waited > 600)
      return `${waited.toFixed(0)} s until server and worker used ${(used * 100).toFixed(0)} % of a core`;
  }
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

type PlacedStage = 'in-force' | 'drafting' | 'consultation' | 'signing';
/**
 * Stage of member i, as in a register taken over at national scale: 40 % in force (adopted signed),
 * 25 % drafting, 20 % consultation (an adopted draft out for comments), 15 % signing (that draft
 * agreed by every body).
 */
const stageOf = (i: number): PlacedStage =>
  i % 20 < 8 ? 'in-force' : i % 20 < 13 ? 'drafting' : i % 20 < 17 ? 'consultation' : 'signing';

/**
 * Member i: its own id and addresses, the clerk in the first 200, and a kick-off spread over a
 * year from June 2026; its schedule clock starts at its kick-off morning (running in real time),
 * so deadlines spread over the year as in a real register, and no reminder falls due meanwhile.
 */
function member(base: Regulation, i: number): Regulation {
  const r = herdRegulation(base, 'scale', i);
  const kickoff = DateTime.fromISO('2026-06-01').plus({ days: (i * 7) % 365 });
  r.kickoff = kickoff.toISODate()!;
  r.schedule.finalReview = kickoff.plus({ years: 4, months: 10 }).toISODate()!;
  r.title = { vi: `${r.title.vi} (${i})`, en: `${r.title.en} (${i})` };
  if (i < CLERK_IN) {
    const court = r.bodies.find((b) => b.id === 'tand')!;
    court.contacts = [{ ...court.contacts[0]!, email: CLERK }];
  }
  // What is under way starts from the adopted: block (README: Adopting): one start, no update.
  const stage = stageOf(i);
  if (stage === 'in-force') r.adopted = { reviewsHeld: [], signedOn: r.kickoff };
  else if (stage !== 'drafting')
    r.adopted = {
      reviewsHeld: [],
      draft: {
        version: 'v1',
        link: `https://docs.example.org/scale/${i}/v1.pdf`,
        round: 1,
        deadline: kickoff.plus({ days: 30 }).toISODate()!,
      },
    };
  return r;
}

async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts member i (its schedule clock at its kick-off morning, running in real time). */
async function startMember(api: RegulationsClient, base: Regulation, i: number): Promise<void> {
  const reg = member(base, i);
  await api.start(reg, { startAt: `${reg.kickoff}T01:00:00.000Z` });
}

/** A member bound for signing: every body agrees to the draft, as people would send it. */
async function agreeAll(api: RegulationsClient, base: Regulation, i: number): Promise<void> {
  const reg = member(base, i);
  for (const b of reg.bodies) await api.submitFeedback(reg.id, { body: b.id, round: 1, decision: 'agree' });
}

/** What a real member of one stage wrote to visibility: the model of the rows of that stage. */
interface Model {
  j: number;
  memo: ListingMemo;
  stage: string;
  next?: Date;
  pending: string[];
  people: string[];
  open: string[];
  text: string;
}

/** One model per stage slot (i % 20), from the real members past the clerk's. */
async function modelsOf(api: RegulationsClient, real: number): Promise<Map<number, Model>> {
  const out = new Map<number, Model>();
  for (let r = 0; r < 20; r++) {
    const j = Array.from({ length: real }, (_, k) => k).find((k) => k >= CLERK_IN && k % 20 === r);
    if (j === undefined) throw new Error(`SCALE_REAL=${real}: give at least ${CLERK_IN + 20} real lifecycles`);
    const d = await api.client.workflow.getHandle(`herd-scale-${j}`).describe();
    const sa = d.typedSearchAttributes;
    out.set(r, {
      j,
      memo: d.memo?.[LISTING_MEMO_KEY] as ListingMemo,
      stage: sa.get(REGULATION_STAGE) ?? 'drafting',
      next: sa.get(NEXT_DEADLINE),
      pending: sa.get(PENDING_BODIES) ?? [],
      people: sa.get(REGULATION_PEOPLE) ?? [],
      open: sa.get(OPEN_WORK) ?? [],
      text: sa.get(REGULATION_TEXT) ?? '',
    });
  }
  return out;
}

/** Starts member i as a visibility row modelled on the real member of its stage slot. */
async function startRow(client: Client, taskQueue: string, models: Map<number, Model>, i: number): Promise<void> {
  const m = models.get(i % 20)!;
  const days = ((i * 7) % 365) - ((m.j * 7) % 365);
  const day = (d: string | undefined): string | undefined =>
    d && DateTime.fromISO(d, { zone: 'utc' }).plus({ days }).toISODate()!;
  const at = (d: string): string => DateTime.fromISO(d, { zone: 'utc' }).plus({ days }).toUTC().toISO()!;
  const swap = (x: string): string =>
    x
      .replaceAll(`herd-scale-${m.j}`, `herd-scale-${i}`)
      .replaceAll(`-scale-${m.j}@`, `-scale-${i}@`)
      .replaceAll(`(${m.j})`, `(${i})`);
  const memo = JSON.parse(swap(JSON.stringify(m.memo))) as ListingMemo;
  if (memo.next) memo.next = { lastDay: day(memo.next.lastDay)!, at: at(memo.next.at) };
  memo.open = memo.open.map((o) => ({ ...o, lastDay: day(o.lastDay) }));
  memo.clock = { ...memo.clock, scheduleStart: at(memo.clock.scheduleStart) };
  await client.workflow.start('regulationLifecycle', {
    taskQueue,
    workflowId: `herd-scale-${i}`,
    args: [],
    memo: { [LISTING_MEMO_KEY]: memo },
    typedSearchAttributes: [
      { key: REGULATION_ID, value: `herd-scale-${i}` },
      { key: REGULATION_STAGE, value: m.stage },
      ...(memo.next ? [{ key: NEXT_DEADLINE, value: new Date(memo.next.at) }] : []),
      { key: PENDING_BODIES, value: m.pending },
      { key: REGULATION_PEOPLE, value: m.people.map(swap) },
      { key: OPEN_WORK, value: m.open.map(swap) },
      { key: REGULATION_TEXT, value: swap(m.text) },
    ],
  });
}

/** A signed-in console session over plain HTTP: the sign-in link comes through the SMTP sink. */
async function signIn(base: string, sink: SmtpSink, email: string): Promise<string> {
  const jar: string[] = [];
  const cookie = (): string => jar.join('; ');
  const keep = (res: Response): void => {
    for (const c of res.headers.getSetCookie()) {
      const kv = c.split(';')[0]!;
      const name = kv.split('=')[0]!;
      const at = jar.findIndex((x) => x.startsWith(`${name}=`));
      if (at >= 0) jar[at] = kv;
      else jar.push(kv);
    }
  };
  const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  let res = await fetch(`${base}/signin`, { headers: { cookie: cookie() } });
  keep(res);
  const signInMail = (m: { to: string[]; headers: { [k: string]: string } }): boolean =>
    m.to.includes(email) && m.headers['x-mail-kind'] === 'console-sign-in';
  const before = sink.messages.filter(signInMail).length;
  res = await fetch(`${base}/signin`, {
    method: 'POST',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, csrf: csrfOf(await res.text()) }).toString(),
  });
  keep(res);
  const mails = await sink.waitFor(signInMail, { count: before + 1, timeoutMs: 30_000 });
  const link = /https?:\/\/\S+\/signin\/\S+/.exec(mails[mails.length - 1]!.text)![0];
  res = await fetch(link, { headers: { cookie: cookie() } });
  keep(res);
  res = await fetch(link, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: csrfOf(await res.text()) }).toString(),
  });
  keep(res);
  if (res.status !== 303) throw new Error(`sign-in of ${email} answered ${res.status}`);
  return cookie();
}

/**
 * Median seconds of a page (after one warm-up), the warm-up's own seconds (the first load of that
 * page in the console process: the listing has no hint yet of where the page ends), and its size;
 * fails on anything but 200.
 */
async function timePage(url: string, cookie: string, runs = 3): Promise<{ s: number; first: number; kb: number }> {
  let kb = 0;
  let first = NaN;
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (i > 0) times.push((performance.now() - t0) / 1000);
    else first = (performance.now() - t0) / 1000;
    kb = Buffer.byteLength(body) / 1024;
  }
  return { s: median(times), first, kb };
}

async function timeNode(args: string[], env: NodeJS.ProcessEnv = process.env, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, args, { env }, (err) => (err ? reject(err) : resolve())),
    );
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

function timeCli(args: string[], env: NodeJS.ProcessEnv, runs = 3): Promise<number> {
  return timeNode([path.join(ROOT, 'bin/regulation.js'), ...args], env, runs);
}

/** What a browser shows on one page: its status, the rows of its tables, and what went wrong. */
interface BrowserCheck {
  page: string;
  rows: number;
  problems: string[];
}

/**
 * Every kind of console page in chromium, signed in with the bench's cookies: each must answer 200,
 * show table rows (or sections, on a regulation page) and no error, alert or unreadable row.
 */
async function browserPass(
  base: string,
  pages: { name: string; url: string; cookie: string; list?: boolean }[],
): Promise<BrowserCheck[]> {
  const browser = await launchChromium();
  const out: BrowserCheck[] = [];
  try {
    for (const p of pages) {
      const context = await browser.newContext({ locale: 'vi-VN' });
      await context.addCookies(
        p.cookie.split('; ').map((kv) => {
          const at = kv.indexOf('=');
          return { name: kv.slice(0, at), value: kv.slice(at + 1), url: base };
        }),
      );
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
      const res = await page.goto(p.url, { waitUntil: 'load' });
      if (res?.status() !== 200) problems.push(`answered ${res?.status()}`);
      if (new URL(page.url()).pathname.startsWith('/signin')) problems.push('sent to sign-in');
      const rows = await page.locator('table tbody tr').count();
      const sections = await page.locator('main h2, main section').count();
      if (rows === 0 && (p.list || sections === 0)) problems.push('no rows');
      const alerts = await page.locator('[role="alert"], .err').allInnerTexts();
      problems.push(...alerts.map((a) => `alert: ${a.trim().split('\n')[0]}`));
      const body = await page.locator('body').innerText();
      if (/tạm thời không đọc được|temporarily unavailable|Hệ thống tạm thời gián đoạn/i.test(body))
        problems.push('a row or the page is unavailable');
      out.push({ page: p.name, rows, problems });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

function startConsoleProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/scripts/console.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (/listening on/.test(out)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`npm run console exited (${code}): ${out.slice(-500)}`)));
  });
}

export async function benchScale(record: Record): Promise<void> {
  const stale = staleReason();
  if (stale) throw new Error(`${stale}: run 'npm run build' first (npm run bench does it)`);
  const sizes = (process.env.SCALE_SIZES ?? '1000').split(',').map(Number);
  const [server, sink] = await Promise.all([
    startDevServer({
      port: 0,
      uiPort: 0,
      // SCALE_DB_FILE: keep visibility in a file, to read its query plans by hand (in memory by default).
      ...(process.env.SCALE_DB_FILE ? { dbFile: process.env.SCALE_DB_FILE } : {}),
    }),
    SmtpSink.start(),
  ]);
  const ledgerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-ledger-'));
  const taskQueue = `bench-scale-${process.pid}`;
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_'))),
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: server.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
  };
  const worker: BuiltWorker = spawnBuiltWorker({
    ...env,
    SMTP_URL: sink.url,
    MAIL_LEDGER_DIR: ledgerDir,
    REMINDER_DIGEST_MINUTES: '0',
  } as { [k: string]: string });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let consoleProcess: ChildProcess | undefined;
  const api = new RegulationsClient(
    await connectClient({ address: server.address, namespace: server.namespace }),
    taskQueue,
    server.uiUrl,
  );
  const table: string[] = [];
  try {
    await worker.ready;
    consoleProcess = await startConsoleProcess({
      ...env,
      PORTAL_PORT: String(port),
      PORTAL_URL: base,
      PORTAL_SECRET: 'bench-scale-secret-0123456789abcdef0123',
      CONSOLE_OPERATORS: OPERATOR,
      CONSOLE_SIGNIN_RATE_LIMIT: '0',
      SMTP_URL: sink.url,
    });
    const regBase = herdBase();
    let started = 0;
    let models: Map<number, Model> | undefined;
    const listed = async (n: number): Promise<void> =>
      void (await until(
        `visibility to list ${n} lifecycles`,
        async () =>
          (await api.listing.count([
            'RegulationId IS NOT NULL',
            'ExecutionStatus = "Running"',
            'RegulationPeople IS NOT NULL',
          ])) >= n
            ? true
            : undefined,
        3_600_000,
      ));
    for (const n of sizes) {
      const t0 = performance.now();
      const failed: string[] = [];
      const realEnd = Math.max(started, Math.min(n, REAL));
      // Every start first (the server takes them at once), then the agreements of those bound for signing.
      await pool(realEnd - started, PLACE_CONCURRENCY, (k) =>
        startMember(api, regBase, started + k).catch((err: Error) => failed.push(`${started + k}: ${err.message}`)),
      );
      const signing = Array.from({ length: realEnd - started }, (_, k) => started + k).filter(
        (i) => stageOf(i) === 'signing',
      );
      await pool(signing.length, PLACE_CONCURRENCY, (k) =>
        agreeAll(api, regBase, signing[k]!).catch((err: Error) => failed.push(`${signing[k]}: ${err.message}`)),
      );
      // Under load an update may time out: the lifecycle runs, only in an earlier stage. Say how many.
      if (failed.length) console.log(`scale: ${failed.length} lifecycles left in an earlier stage, e.g. ${failed[0]}`);
      const startedSeconds = (performance.now() - t0) / 1000;
      // Visibility is eventually consistent: wait until it lists every lifecycle with its memo.
      await listed(realEnd);
      if (n > realEnd) {
        models ??= await modelsOf(api, realEnd);
        await pool(n - realEnd, PLACE_CONCURRENCY, (k) =>
          startRow(api.client, `${taskQueue}-unpolled`, models!, realEnd + k),
        );
        await listed(n);
      }
      started = n;
      const startSeconds = (performance.now() - t0) / 1000;
      const rest = await atRest([server.pid, worker.service.pid]);
      console.log(
        `scale: ${n} lifecycles running, ${Math.min(n, REAL)} real and ${Math.max(0, n - REAL)} visibility rows (${startedSeconds.toFixed(0)} s to start and agree, ${startSeconds.toFixed(0)} s until visibility lists all with their memo, ${rest}; load average ${os.loadavg()[0]!.toFixed(1)})`,
      );
      const operator = await signIn(base, sink, OPERATOR);
      const clerk = await signIn(base, sink, CLERK);
      const oneId = `herd-scale-${Math.min(CLERK_IN, n) - 5}`;
      const one = `${base}/regulations/${oneId}`;
      const m = {
        regulations: await timePage(`${base}/regulations`, operator),
        filtered: await timePage(`${base}/regulations?stage=consultation&body=tand&q=Long+An`, operator),
        work: await timePage(`${base}/work`, clerk),
        operatorWork: await timePage(`${base}/work`, operator),
        one: await timePage(one, clerk),
      };
      const checks = await browserPass(base, [
        { name: 'operator Regulations', url: `${base}/regulations`, cookie: operator, list: true },
        {
          name: 'filtered Regulations',
          url: `${base}/regulations?stage=consultation&body=tand&q=Long+An`,
          cookie: operator,
          list: true,
        },
        { name: 'clerk My work', url: `${base}/work`, cookie: clerk, list: true },
        { name: "clerk's regulation", url: one, cookie: clerk },
        { name: 'its history', url: `${one}/history`, cookie: clerk },
      ]);
      for (const c of checks)
        console.log(
          `scale ${n}: chromium, ${c.page}: ${c.rows} rows, ${c.problems.length ? `PROBLEM ${c.problems.join('; ')}` : 'no error'}`,
        );
      const browserOk = checks.every((c) => c.problems.length === 0);
      record(`scale ${n}: chromium, every page type renders rows and no error`, browserOk ? 1 : 0, 'ok', 1, 'higher');
      const cliStart = await timeCli(['--help'], env);
      // What `list` and `status` load before their first call: the Temporal client library.
      const clientLoad = await timeNode(['-e', `require(${JSON.stringify(path.join(ROOT, 'dist/client/api.js'))})`]);
      const list = await timeCli(['list'], env);
      const status = await timeCli(['status', oneId], env);
      const consoleRss = rssMiB(consoleProcess.pid!);
      const workerRss = rssMiB(worker.service.pid);
      record(
        `scale ${n}: operator Regulations, first page (${m.regulations.kb.toFixed(0)} KB)`,
        m.regulations.s,
        's',
        0.5,
      );
      record(`scale ${n}: operator Regulations, filtered page`, m.filtered.s, 's', 0.5);
      record(
        `scale ${n}: operator Regulations, first load in the console process`,
        m.regulations.first,
        's',
        undefined,
      );
      record(`scale ${n}: filtered page, first load in the console process`, m.filtered.first, 's', undefined);
      record(`scale ${n}: operator My work`, m.operatorWork.s, 's', 0.5);
      record(`scale ${n}: clerk My work (${CLERK_IN} regulations)`, m.work.s, 's', 0.5);
      record(`scale ${n}: clerk's one regulation page`, m.one.s, 's', 0.5);
      record(`scale ${n}: regulation --help (the CLI's own start)`, cliStart, 's', undefined);
      record(`scale ${n}: loading the Temporal client (node -e require, baseline)`, clientLoad, 's', undefined);
      // Half a second above the CLI's own start, to the hundredth that times are printed at.
      const cliTarget = Math.round((cliStart + 0.5) * 100) / 100;
      record(`scale ${n}: regulation list (first page)`, list, 's', cliTarget);
      record(`scale ${n}: regulation status`, status, 's', cliTarget);
      record(`scale ${n}: console RSS`, consoleRss, 'MiB', 512);
      record(`scale ${n}: worker RSS`, workerRss, 'MiB', undefined);
      table.push(
        `| ${n} | ${m.regulations.s.toFixed(2)} s (${m.regulations.first.toFixed(2)} s) | ${m.filtered.s.toFixed(2)} s (${m.filtered.first.toFixed(2)} s) | ${m.operatorWork.s.toFixed(2)} s | ${m.work.s.toFixed(2)} s | ${m.one.s.toFixed(2)} s | ${list.toFixed(2)} s | ${status.toFixed(2)} s | ${cliStart.toFixed(2)} s | ${clientLoad.toFixed(2)} s | ${consoleRss.toFixed(0)} MiB | ${workerRss.toFixed(0)} MiB | ${os.loadavg()[0]!.toFixed(1)} |`,
      );
      // Each size's row as soon as it is measured: a later size that fails or is stopped loses nothing.
      console.log(`scale ${n}: ${table[table.length - 1]}`);
      // SCALE_HOLD_SECONDS: keep the server up after the last size, to look at it by hand.
      const hold = Number(process.env.SCALE_HOLD_SECONDS ?? 0);
      if (hold > 0 && n === sizes[sizes.length - 1]) {
        console.log(`scale: holding the dev server at ${server.address} for ${hold} s`);
        await new Promise((r) => setTimeout(r, hold * 1000));
      }
    }
    console.log(
      [
        '',
        '| lifecycles | operator Regulations (first load) | filtered (first load) | operator My work | clerk My work | one regulation | `list` | `status` | CLI start | client load | console RSS | worker RSS | load average |',
        '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
        ...table,
        '',
      ].join('\n'),
    );
  } catch (err) {
    console.error(`scale: ${(err as Error).stack ?? String(err)}`);
    throw err;
  } finally {
    consoleProcess?.kill('SIGTERM');
    await worker.service.stop();
    await api.close();
    await Promise.all([server.stop(), sink.stop()]);
    fs.rmSync(ledgerDir, { recursive: true, force: true });
  }
}
