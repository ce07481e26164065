/**
 * `npm run demo`: the source's regulation (Long An, 2022) played as a rehearsal, with simulated
 * participants who answer through the typed API as the schedule clock passes their dates. The
 * secretariat drafts; in round 1 the court asks for changes and the council agrees; draft v2
 * is agreed by both; both sign; at every sơ kết the council reports on time and the court late
 * (so an escalation goes to its leaders); the tổng kết closes the lifecycle.
 *
 * Uses the running `npm start` stack when Temporal answers (TEMPORAL_ADDRESS or localhost:7233)
 * and a worker polls; otherwise starts what is missing here (an in-memory dev server with its UI,
 * a mail inbox, a worker) and stops it on Ctrl-C.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { WorkingCalendar } from '../domain/schedule/calendar';
import { loadCalendar } from '../activities/schedule/calendar-store';
import { atLocalTime, localDate } from '../domain/schedule/deadlines';
import { RegulationsClient, UserError } from '../client/api';
import { connectClient, temporalTarget } from '../client/connection';
import { commentRows } from '../domain/comments';
import { readEnv } from '../config/env';
import { loadRegulation, type Regulation } from '../config/regulation';
import { runWorker } from '../worker/run';
import type { regulationLifecycle } from '../workflows';
import type { LifecycleStatus, MailLogEntry, ReviewStatus } from '../domain/lifecycle';
import { LOCAL_DIR, PROJECT_ROOT } from './binaries';
import { startDevServer } from './dev-server';
import { startMailInbox } from './mail-inbox';

const DEFINITION = path.join(PROJECT_ROOT, 'config/regulations/long-an-2022.yaml');
/**
 * Two schedule days per real second: the four-year term (2022–2026) plays in about twelve
 * minutes. Faster works, but a stage change takes the worker about a second on a small
 * machine, and at five days per second that is five schedule days of drift.
 */
export const DEFAULT_SPEED = 2 * 86_400;
const POLL_MS = 500;

const USAGE = `Usage: npm run demo [-- --speed N] [-- --exit]

Plays the Long An regulation (config/regulations/long-an-2022.yaml) from the kick-off to the
tổng kết as a rehearsal, with simulated participants, so you can watch it in the Temporal UI and
read every email in the inbox.

  --speed N   schedule seconds per real second (default ${DEFAULT_SPEED}: two days per second,
              about twelve minutes in all; 86400 plays a day per second, about 24 minutes;
              432000, five days per second, about five minutes but dates drift by days)
  --exit      when the demo started its own stack, stop it as soon as the lifecycle closes
              (default: keep it running for you to look around until Ctrl-C)

Example: npm run demo -- --speed 86400`;

// ---- the simulated participants -------------------------------------------------------------

/** One thing a participant does at a schedule instant. */
export interface PlannedAction {
  key: string;
  /** Schedule instant (UTC ISO). */
  at: string;
  /** "secretariat submits draft v1", as printed. */
  says: string;
  /** Resolves with the update's answer (a status whose `now` is the schedule time it was recorded). */
  run: () => Promise<{ at: string }>;
}

/** What the participants know when deciding: the lifecycle and, during a review, the review. */
export interface Situation {
  status: LifecycleStatus;
  review?: ReviewStatus;
}

/** The participants' script: the next things they will do, given the lifecycle's state. */
export function plannedActions(
  api: RegulationsClient,
  id: string,
  reg: Regulation,
  cal: WorkingCalendar,
  now: Situation,
): PlannedAction[] {
  const st = now.status;
  const at = (date: string, time: string) => atLocalTime(date, time, reg.timezone);
  const workingDays = (date: string, n: number): string => {
    let d = date;
    for (let i = 0; i < Math.abs(n); i++) d = n < 0 ? cal.previousWorkingDay(d) : cal.nextWorkingDay(d);
    return d;
  };
  const deadline = (key: string) => st.deadlines.find((d) => d.key === key)?.lastDay;
  const out: PlannedAction[] = [];
  const round = st.rounds[st.rounds.length - 1];

  if (st.stage === 'drafting' && st.drafts.length === 0) {
    const due = deadline('drafting');
    if (due) {
      out.push({
        key: 'draft:v1',
        at: at(workingDays(due, -6), '09:00'),
        says: 'secretariat submits draft v1',
        run: () =>
          api.submitDraft(id, {
            version: 'v1',
            link: 'https://vanphong.example.org/quy-che/v1.pdf',
            note: 'Dự thảo lần 1',
          }),
      });
    }
  }

  if (st.stage === 'consultation' && round && !round.closedAt) {
    const due = deadline(round.deadlineKey);
    const n = round.n;
    if (due && !round.answers['hdnd']) {
      out.push({
        key: `feedback:${n}:hdnd`,
        at: at(workingDays(due, n === 1 ? -5 : -6), '10:00'),
        says: `hdnd agrees to draft ${round.draftVersion} (round ${n})`,
        run: () =>
          api.submitFeedback(id, { body: 'hdnd', round: n, decision: 'agree', submittedBy: 'Trần Văn Liên Lạc' }),
      });
    }
    if (due && !round.answers['tand']) {
      const changes = n === 1;
      out.push({
        key: `feedback:${n}:tand`,
        at: at(workingDays(due, changes ? -2 : -4), '10:00'),
        says: changes
          ? `tand asks for changes to draft ${round.draftVersion} (personnel, supervision)`
          : `tand agrees to draft ${round.draftVersion} (round ${n})`,
        run: () =>
          api.submitFeedback(id, {
            body: 'tand',
            round: n,
            decision: changes ? 'request-changes' : 'agree',
            submittedBy: 'Lê Thị Văn Thư',
            reference: changes ? '123/CV-TAND' : '140/CV-TAND',
            comments: changes
              ? [
                  { area: 'personnel', text: 'Bổ sung quy trình giới thiệu Hội thẩm nhân dân.' },
                  { area: 'supervision', text: 'Làm rõ thời hạn cung cấp hồ sơ vụ án phục vụ giám sát.' },
                ]
              : [],
          }),
      });
    }
  }

  if (st.stage === 'revision' && round && !st.roundsExhausted) {
    const due = deadline(`revision/round-${round.n}`);
    const version = `v${round.n + 1}`;
    const open = commentRows(round).filter((r) => !r.response);
    if (due && open.length > 0) {
      // The bảng tổng hợp, tiếp thu, giải trình: every comment answered before the next draft.
      out.push({
        key: `answers:${round.n}`,
        at: at(workingDays(due, -3), '15:00'),
        says: `secretariat answers the ${open.length} comments of round ${round.n} (tiếp thu, giải trình)`,
        run: () =>
          api.answerComments(id, {
            round: round.n,
            submittedBy: 'Nguyễn Thị Thư Ký',
            responses: open.map((r, i) =>
              i % 2 === 0
                ? { comment: r.id, handling: 'accepted' as const, explanation: 'Đã tiếp thu trong dự thảo chỉnh lý.' }
                : {
                    comment: r.id,
                    handling: 'partly-accepted' as const,
                    explanation: 'Tiếp thu một phần; thời hạn cụ thể do mỗi cơ quan quy định trong quy chế làm việc.',
                  },
            ),
          }),
      });
    }
    if (due && open.length === 0 && !st.drafts.some((d) => d.version === version)) {
      out.push({
        key: `draft:${version}`,
        at: at(workingDays(due, -2), '09:00'),
        says: `secretariat submits draft ${version} with the comments taken in`,
        run: () =>
          api.submitDraft(id, {
            version,
            link: `https://vanphong.example.org/quy-che/${version}.pdf`,
            note: `Dự thảo lần ${round.n + 1}, đã tiếp thu ý kiến vòng ${round.n}`,
          }),
      });
    }
  }

  if (st.stage === 'signing') {
    const due = deadline('signing');
    for (const [body, before] of [
      ['hdnd', -2],
      ['tand', -1],
    ] as const) {
      const signer = reg.bodies.find((b) => b.id === body)?.signatory.name ?? body;
      if (due && !st.signatures[body]) {
        out.push({
          key: `sign:${body}`,
          at: at(workingDays(due, before), '15:00'),
          says: `${body} signs (${signer})`,
          run: () => api.recordSignature(id, { body, signer }),
        });
      }
    }
  }

  const rv = now.review;
  if (st.stage === 'in-force' && rv && !rv.outcome) {
    const final = rv.kind === 'tong-ket';
    const name = final ? 'tổng kết' : `sơ kết ${rv.n}`;
    const due = rv.deadlines.find((d) => d.key.endsWith('/reports'))?.lastDay;
    const report = (body: string, assessments: Record<string, string>) => () =>
      api.submitReviewReport(id, { body, review: rv.n, final, assessments });
    if (due && !rv.reports['hdnd']) {
      out.push({
        key: `report:${name}:hdnd`,
        at: at(workingDays(due, -3), '10:00'),
        says: `hdnd sends its ${name} report`,
        run: report('hdnd', { 'directive-26': 'Phối hợp tốt.', supervision: 'Đã giám sát 3 phiên tòa.' }),
      });
    }
    if (due && !rv.reports['tand']) {
      // The court is late at every sơ kết, two working days after the deadline: its leaders get an escalation.
      out.push({
        key: `report:${name}:tand`,
        at: at(workingDays(due, final ? -1 : 2), '10:00'),
        says: final ? `tand sends its ${name} report` : `tand sends its ${name} report, late (deadline ${due})`,
        run: report('tand', { personnel: 'Đã kiện toàn Hội thẩm nhân dân.' }),
      });
    }
    out.push({
      key: `outcome:${name}`,
      at: at(rv.meetingDate, '11:00'),
      says: final ? `the ${name} meeting ends the regulation` : `the ${name} meeting decides to continue`,
      run: () =>
        api.recordReviewOutcome(id, {
          review: rv.n,
          final,
          decision: final ? 'end' : 'continue',
          notes: final ? 'Tổng kết nhiệm kỳ 2021–2026.' : `Sơ kết ${rv.n}: tiếp tục thực hiện.`,
        }),
    });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

export interface ParticipantsOptions {
  api: RegulationsClient;
  id: string;
  regulation: Regulation;
  /**
   * The rehearsal's clock: schedule time = scheduleStart + (real now - realStart) × speed. The
   * status query's `now` cannot serve: a query sees the time of the workflow's last activation,
   * which stands still while the lifecycle sleeps.
   */
  clock: { scheduleStart: string; realStart: number; speed: number };
  signal: AbortSignal;
  print: (line: string) => void;
  /** Stop once this holds (default: the lifecycle is closed or withdrawn). */
  until?: (status: LifecycleStatus) => boolean;
}

/** Lets the participants act until the lifecycle ends (or `until` holds); returns the last status. */
export async function runParticipants(o: ParticipantsOptions): Promise<LifecycleStatus | undefined> {
  const { api, id, regulation: reg, print } = o;
  const { scheduleStart, realStart, speed } = o.clock;
  const scheduleNow = () => Date.parse(scheduleStart) + (Date.now() - realStart) * speed;
  const cal = loadCalendar(reg.calendar, readEnv().calendarDir);
  const day = (iso: string) => localDate(iso, reg.timezone);
  const done = new Set<string>();
  const mails = new MailPrinter(reg, print);
  let stage = '';
  let failures = 0;
  while (!o.signal.aborted) {
    let situation: Situation;
    try {
      situation = await look(api, id);
      failures = 0;
    } catch (err) {
      // A query can miss a run that is just continuing as new; give up only if it keeps failing.
      if (err instanceof UserError || ++failures > 20) throw err;
      await sleep(POLL_MS, o.signal);
      continue;
    }
    const st = situation.status;
    mails.add(st.mails, ...st.reviews.map((r) => r.mails ?? []), situation.review?.mails ?? []);
    const stageLine = describeStage(st, situation.review);
    if (stageLine !== stage) {
      stage = stageLine;
      print(`${day(new Date(scheduleNow()).toISOString())}  ▸ ${stageLine}`);
    }
    if (o.until ? o.until(st) : st.stage === 'closed' || st.stage === 'withdrawn') return st;

    const next = plannedActions(api, id, reg, cal, situation).find((a) => !done.has(a.key));
    const now = scheduleNow();
    if (next && Date.parse(next.at) <= now) {
      done.add(next.key);
      try {
        // The update's answer carries the schedule time at which the workflow recorded it.
        const answer = await next.run();
        print(`${day(answer.at)}  ${next.says}`);
      } catch (err) {
        if (err instanceof UserError) print(`${day(next.at)}  ${next.says} — ${err.message}`);
        else {
          // Not the participant's mistake (e.g. a connection hiccup): try again shortly.
          done.delete(next.key);
          if (++failures > 20) throw err;
          await sleep(POLL_MS, o.signal);
        }
      }
      continue;
    }
    const wait = next ? Math.min(POLL_MS, (Date.parse(next.at) - now) / speed) : POLL_MS;
    await sleep(Math.max(1, wait), o.signal);
  }
  return undefined;
}

async function look(api: RegulationsClient, id: string): Promise<Situation> {
  const status = await api.status(id);
  const next = status.nextReview;
  if (status.stage !== 'in-force' || !next) return { status };
  try {
    return { status, review: await api.reviewStatus(id, next.kind === 'tong-ket' ? 'final' : next.n) };
  } catch (err) {
    // Not started yet: the lifecycle opens the review when the report requests are due.
    if (err instanceof UserError) return { status };
    throw err;
  }
}

function describeStage(st: LifecycleStatus, review: ReviewStatus | undefined): string {
  switch (st.stage) {
    case 'consultation':
      return `consultation, round ${st.round ?? '?'} on draft ${st.draftVersion ?? '?'}`;
    case 'revision':
      return `revision after round ${st.round ?? '?'}`;
    case 'in-force': {
      const next = st.nextReview;
      if (!next) return `in force since ${st.effectiveDate ?? '?'}`;
      const name = next.kind === 'tong-ket' ? 'tổng kết' : `sơ kết ${next.n}`;
      return review
        ? `${name}: reports requested, meeting ${next.meetingDate}`
        : `in force since ${st.effectiveDate ?? '?'}; next: ${name}, meeting ${next.meetingDate}`;
    }
    default:
      return st.stage;
  }
}

/** Prints each email once, grouped per step and day, with recipients named by role. */
class MailPrinter {
  private readonly seen = new Set<string>();
  private readonly who = new Map<string, string>();
  total = 0;

  constructor(
    reg: Regulation,
    private readonly print: (line: string) => void,
  ) {
    for (const c of reg.secretariat.contacts) this.who.set(c.email, 'secretariat');
    for (const b of reg.bodies) {
      for (const c of b.leaders) this.who.set(c.email, `${b.id} leaders`);
      for (const c of b.contacts) this.who.set(c.email, b.id);
    }
  }

  add(...lists: MailLogEntry[][]): void {
    const fresh = lists.flat().filter((m) => {
      const key = `${m.stepKey}|${m.kind}|${m.slot ?? ''}|${m.at}|${m.to.join(',')}`;
      if (this.seen.has(key)) return false;
      this.seen.add(key);
      return true;
    });
    const groups = new Map<string, { first: MailLogEntry; to: Set<string> }>();
    for (const m of fresh.sort((a, b) => a.at.localeCompare(b.at))) {
      this.total += m.to.length;
      const key = `${m.date}|${m.kind}|${m.stepKey}|${m.slot ?? ''}`;
      const g = groups.get(key) ?? { first: m, to: new Set<string>() };
      for (const t of m.to) g.to.add(this.who.get(t) ?? t);
      groups.set(key, g);
    }
    for (const { first: m, to } of groups.values()) {
      this.print(`${m.date}    ✉ ${m.kind}${m.slot ? ` (${m.slot})` : ''}: ${m.stepKey} → ${[...to].join(', ')}`);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

// ---- the stack: the running one, or one of our own --------------------------------------------

interface Stack {
  client: Client;
  taskQueue: string;
  uiUrl: string;
  inboxUrl: string;
  /** True when this process started the server (so the lifecycle dies with it). */
  own: boolean;
  /** What was started here, for the goodbye line. */
  started: string[];
  stop(): Promise<void>;
}

/** The UI and inbox that `npm start` wrote into its lock file, if it runs. */
function npmStartUrls(): { ui?: string; inbox?: string } {
  try {
    const lines = fs.readFileSync(path.join(LOCAL_DIR, 'start.pid'), 'utf8').split('\n');
    const field = (k: string) => lines.find((l) => l.startsWith(`${k}=`))?.slice(k.length + 1);
    return { ui: field('ui'), inbox: field('inbox') };
  } catch {
    return {};
  }
}

async function hasWorker(client: Client, taskQueue: string): Promise<boolean> {
  const res = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue },
  });
  return (res.pollers ?? []).length > 0;
}

async function openStack(signal: AbortSignal, print: (line: string) => void): Promise<Stack> {
  const env = readEnv();
  const target = temporalTarget();
  const stops: Array<() => Promise<void> | void> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        console.error(`while stopping: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    stops.length = 0;
  };
  const started: string[] = [];
  try {
    let client: Client | undefined;
    try {
      client = await connectClient(target);
    } catch (err) {
      // An explicitly configured server must answer; only the default localhost is optional.
      if (process.env.TEMPORAL_ADDRESS || process.env.TEMPORAL_PROFILE) throw err;
    }
    let address = target.address;
    let uiUrl = process.env.TEMPORAL_UI_URL ?? npmStartUrls().ui ?? 'http://localhost:8233';
    let own = false;
    if (client) {
      const c = client;
      stops.push(() => c.connection.close());
      if (await hasWorker(client, env.taskQueue)) {
        print(`Using the running stack: Temporal at ${address}, a worker polls task queue ${env.taskQueue}.`);
        const inboxUrl =
          npmStartUrls().inbox ?? 'the inbox of your running stack (http://localhost:1080 with npm start)';
        return { client, taskQueue: env.taskQueue, uiUrl, inboxUrl, own, started, stop: stopAll };
      }
      print(`Temporal answers at ${address} but no worker polls task queue ${env.taskQueue}: starting one here.`);
    } else {
      print(`No Temporal at ${address}: starting a dev server in memory (the demo's data goes when it stops).`);
      const server = await startDevServer({ port: 0, uiPort: 0, namespace: target.namespace });
      stops.push(() => server.stop());
      started.push('the dev server');
      address = server.address;
      uiUrl = server.uiUrl;
      own = true;
      client = await connectClient({ ...target, address });
      const c = client;
      stops.push(() => c.connection.close());
    }
    if (signal.aborted) throw new Error('stopped');

    const inbox = await startMailInbox({ smtpPort: 0, webPort: 0 });
    stops.push(() => inbox.stop());
    started.push('the mail inbox');
    if (signal.aborted) throw new Error('stopped');

    // The worker's own INFO lines would drown the demo's output; Ctrl-C is handled in main().
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    const ledgerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-ledger-'));
    const workerStop = new AbortController();
    let ready: () => void = () => undefined;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const worker = runWorker({
      address,
      namespace: target.namespace,
      env: { ...env, smtpUrl: inbox.smtpUrl, ledgerDir },
      signal: workerStop.signal,
      log: () => ready(),
    });
    stops.push(async () => {
      workerStop.abort();
      await worker;
      fs.rmSync(ledgerDir, { recursive: true, force: true });
    });
    started.push('the worker');
    await Promise.race([
      isReady,
      worker.then(() => Promise.reject(new Error('the worker stopped before it started polling'))),
    ]);
    return { client, taskQueue: env.taskQueue, uiUrl, inboxUrl: inbox.webUrl, own, started, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

// ---- main --------------------------------------------------------------------------------------

function parseArgs(argv: string[]): { speed: number; exit: boolean } | 'help' {
  let speed = DEFAULT_SPEED;
  let exit = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--exit') exit = true;
    else if (a === '--speed' || a?.startsWith('--speed=')) {
      const text = a === '--speed' ? argv[++i] : a.slice('--speed='.length);
      speed = Number(text);
      if (!Number.isFinite(speed) || speed < 1)
        throw new UserError(
          `--speed ${text ?? ''}: must be schedule seconds per real second, at least 1, e.g. 86400 for a day per second`,
        );
    } else throw new UserError(`unknown argument ${a ?? ''}: see npm run demo -- --help`);
  }
  return { speed, exit };
}

function demoId(base: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${base}-demo-${stamp}`.slice(0, 63);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  const print = (line: string): void => console.log(line);
  const controller = new AbortController();
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!firstSignalAt) {
      firstSignalAt = Date.now();
      print(`\n${signal}: stopping the demo (Ctrl-C again to force)`);
      controller.abort();
      return;
    }
    // npm forwards the terminal's Ctrl-C as well, so the same key press can arrive twice.
    if (Date.now() - firstSignalAt < 1000) return;
    print('forced exit');
    process.exit(130); // child-service kills the dev server and inbox on exit
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const base = loadRegulation(DEFINITION);
  const regulation: Regulation = { ...base, id: demoId(base.id) };
  let stack: Stack | undefined;
  try {
    stack = await openStack(controller.signal, print);
    const api = new RegulationsClient(stack.client, stack.taskQueue, stack.uiUrl);
    // The kick-off morning, as `regulation start --rehearsal` does.
    const scheduleStart = atLocalTime(regulation.kickoff, '08:00', regulation.timezone);
    const started = await api.start(regulation, { rehearsal: args.speed, startAt: scheduleStart });
    const realStart = (
      await stack.client.workflow.getHandle(started.workflowId, started.runId).describe()
    ).startTime.getTime();
    const perSecond =
      args.speed % 86_400 === 0
        ? `${args.speed / 86_400} day${args.speed === 86_400 ? '' : 's'} per second`
        : `×${args.speed}`;
    print(
      [
        '',
        `Demo: ${regulation.title.en}`,
        `  Lifecycle     ${started.workflowId}   (rehearsal, ${perSecond}, from the kick-off ${regulation.kickoff})`,
        `  Watch it      ${started.uiLink}`,
        '                (User Metadata: current stage; Timeline: every email and timer by name;',
        '                 Relationships: the sơ kết and tổng kết reviews)',
        `  All of them   ${stack.uiUrl}/namespaces/${encodeURIComponent(stack.client.options.namespace)}/workflows`,
        `  Mail inbox    ${stack.inboxUrl}`,
        '',
        'Schedule date, then what happens (▸ stage, ✉ email sent). Ctrl-C stops.',
      ].join('\n'),
    );

    const last = await runParticipants({
      api,
      id: started.workflowId,
      regulation,
      clock: { scheduleStart, realStart, speed: args.speed },
      signal: controller.signal,
      print,
    });
    if (!last) {
      if (!stack.own) {
        // Left running, a rehearsal would go on escalating into the shared inbox.
        await api.withdraw(started.workflowId, { reason: 'demo stopped (Ctrl-C)' }).then(
          () => print(`withdrew ${started.workflowId}`),
          (err: unknown) => print(`could not withdraw ${started.workflowId}: ${(err as Error).message}`),
        );
      }
      return 130;
    }
    const result = await stack.client.workflow.getHandle<typeof regulationLifecycle>(started.workflowId).result();
    const printer = new MailPrinter(regulation, () => undefined);
    printer.add(result.mails, ...result.reviews.map((r) => r.mails ?? []));
    print(
      [
        '',
        `Done: ${result.stage} on ${result.closedAt ? localDate(result.closedAt, regulation.timezone) : '?'}.`,
        `  ${result.rounds.length} consultation rounds (${result.rounds.map((r) => `${r.draftVersion}: ${r.result ?? 'open'}`).join(', ')}); in force since ${result.effectiveDate ?? '?'}`,
        `  reviews: ${result.reviews.map((r) => `${r.kind === 'tong-ket' ? 'tổng kết' : `sơ kết ${r.n}`} ${r.meetingDate} ${r.outcome?.decision ?? '-'}`).join('; ')}`,
        `  ${printer.total} emails sent; read them at ${stack.inboxUrl}`,
        `  the whole history: ${started.uiLink}`,
      ].join('\n'),
    );
    if (stack.own && !args.exit) {
      print(`\nThe demo's own stack keeps running so you can look around; Ctrl-C stops ${stack.started.join(', ')}.`);
      await new Promise<void>((resolve) =>
        controller.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
    return 0;
  } catch (err) {
    if (controller.signal.aborted) return 130;
    throw err;
  } finally {
    if (stack) {
      if (stack.started.length) print(`stopping ${stack.started.join(', ')}`);
      await stack.stop();
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

if (require.main === module) {
  main()
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      console.error(`npm run demo: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
