/**
 * Small helpers shared by the lifecycle scenario tests: the schedule clock, mail predicates,
 * rejected-update checks and history recording.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { RegulationsClient, UserError } from '../../client/api';
import { commentRows } from '../../domain/comments';
import { fetchChain, maybeRecord } from './histories';
import type { Regulation } from '../../config/regulation';
import { createHarness, KICKOFF_AT, workflowBundle, type Harness, type HarnessOptions } from './lifecycle-harness';
import type { ReceivedMail } from './smtp-sink';
import type { MailLogEntry } from '../../domain/lifecycle';

/**
 * The lifecycle's schedule clock, read from the test server's clock: schedule time minus server
 * time is constant (speed-up 1). Reading it needs no query, so it never races a continue-as-new.
 */
export async function scheduleClock(h: Harness, api: RegulationsClient, id: string) {
  const offset = Date.parse((await api.status(id)).now) - (await h.env.currentTimeMs());
  const now = async () => (await h.env.currentTimeMs()) + offset;
  return {
    now,
    /** Advances time until the schedule clock reads `local` (YYYY-MM-DDTHH:mm, +07:00). */
    async advanceTo(local: string): Promise<void> {
      const target = Date.parse(local.length > 16 ? local : `${local}:00+07:00`);
      const current = await now();
      if (target <= current)
        throw new Error(`cannot go back to ${local}: schedule time is already ${new Date(current).toISOString()}`);
      await h.env.sleep(target - current);
    },
  };
}

const started = new Set<string>();

/** Starts a lifecycle at the kick-off meeting (unless told otherwise) with the typed API, and its schedule clock. */
export async function startLifecycle(
  h: Harness,
  regulation: Regulation,
  opts: { startAt?: string } = { startAt: KICKOFF_AT },
) {
  const api = new RegulationsClient(h.env.client, h.taskQueue);
  const { runId, workflowId } = await api.start(regulation, opts);
  started.add(workflowId);
  const clock = await scheduleClock(h, api, workflowId);
  return { api, runId, id: workflowId, clock };
}

export type Started = Awaited<ReturnType<typeof startLifecycle>>;

/** Draft v1 arrives on Thu 8 Sep 2022 and round 1 opens (both requests sent). */
export async function openFirstRound(h: Harness, { api, clock, id }: Started): Promise<void> {
  await clock.advanceTo('2022-09-08T09:00');
  await api.submitDraft(id, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });
  await h.sink.waitFor(mail(id, 'feedback-request', 'consultation/round-1'), { count: 2 });
}

/** The original cycle, quickly: draft v1, both agree, both sign on Tue 20 Sep 2022; in force. */
export async function bringIntoForce(h: Harness, started: Started): Promise<void> {
  const { api, clock, id } = started;
  await openFirstRound(h, started);
  await api.submitFeedback(id, { body: 'hdnd', round: 1, decision: 'agree' });
  await api.submitFeedback(id, { body: 'tand', round: 1, decision: 'agree' });
  await h.sink.waitFor(mail(id, 'signing-invitation', 'signing'), { count: 2 });
  await clock.advanceTo('2022-09-20T10:00');
  await api.recordSignature(id, { body: 'hdnd', signer: 'Mai Văn Nhiều' });
  await api.recordSignature(id, { body: 'tand', signer: 'Lê Quốc Dũng' });
  await h.sink.waitFor(mail(id, 'stage-notice', 'effective'), { count: 3 });
}

/**
 * Terminates the lifecycles a test left running (with their reviews). Call in afterEach: a
 * workflow still cached by the previous test's worker (its sticky queue) stalls the
 * time-skipping server once that worker is gone, and the next test's time skip hangs.
 */
export async function terminateStarted(h: Harness): Promise<void> {
  for (const id of started) {
    const handle = h.env.client.workflow.getHandle(id);
    if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test over');
  }
  started.clear();
}

/**
 * Replays every run of every workflow the test produced (lifecycle runs across continue-as-new,
 * their reviews, the digests) and fails on a workflow task that failed in any of them. The
 * committed histories cover what was recorded once; this covers what every test run writes.
 */
export async function replayProduced(h: Harness): Promise<void> {
  const client = h.env.client;
  const queue = [...h.produced].flatMap(([id, runs]) => [...runs].map((runId) => ({ id, runId })));
  h.produced.clear();
  const seen = new Set<string>();
  const histories: { workflowId: string; history: temporal.api.history.v1.IHistory }[] = [];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const key = `${next.id} ${next.runId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const history of await fetchChain(client, next.id, next.runId)) {
      histories.push({ workflowId: next.id, history });
      for (const e of history.events ?? []) {
        const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
        if (child?.workflowId && child.runId) queue.push({ id: child.workflowId, runId: child.runId });
        const failed = e.workflowTaskFailedEventAttributes;
        if (failed)
          throw new Error(
            `${next.id}: workflow task failed at event ${String(e.eventId)}: ${failed.failure?.message ?? failed.cause}`,
          );
      }
    }
  }
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
    if (result.error) throw new Error(`${result.workflowId} does not replay: ${String(result.error)}`);
  }
}

/** Matches the emails of one lifecycle by kind (and step key). */
export function mail(lifecycle: string, kind: string, step?: string): (m: ReceivedMail) => boolean {
  return (m) =>
    m.headers['x-lifecycle-id'] === lifecycle &&
    m.headers['x-mail-kind'] === kind &&
    (step === undefined || m.headers['x-step-key'] === step);
}

/** The properties of the single VEVENT of a message's calendar attachment, folded lines joined. */
export function invite(m: ReceivedMail): Record<string, string> {
  const ics = m.attachments.find((a) => a.filename === 'invite.ics');
  if (!ics) throw new Error(`no invite.ics in "${m.subject}"`);
  const out: Record<string, string> = {};
  let inEvent = false;
  for (const line of ics.content
    .toString('utf8')
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)) {
    if (line === 'BEGIN:VEVENT') inEvent = true;
    else if (line === 'END:VEVENT') inEvent = false;
    else if (inEvent) {
      const i = line.indexOf(':');
      if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return out;
}

/** One line per logged email: "2022-09-13 reminder [7 working days] consultation/round-1 → a@x". */
export function line(m: MailLogEntry): string {
  return `${m.date} ${m.kind}${m.slot ? ` [${m.slot}]` : ''} ${m.stepKey} → ${m.to.join(', ')}`;
}

async function events(h: Harness, workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  return (await h.env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

const { EventType } = temporal.api.enums.v1;

/**
 * The workflow's history once it is at rest: no activity running (an email whose delivery the
 * sink already saw may not have reported its completion yet) and no workflow task waiting to run.
 * Polls the server for that condition; fails after 10 s naming what was still in flight.
 */
async function settledHistory(h: Harness, workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const handle = h.env.client.workflow.getHandle(workflowId);
  let inFlight = '';
  return serverCondition(
    `${workflowId} to settle`,
    async () => {
      const { raw } = await handle.describe();
      const history = await events(h, workflowId);
      const types = history.map((e) => e.eventType);
      const taskPending =
        types.lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) >
        types.lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
      const busy = (raw.pendingActivities ?? []).map((a) => a.activityType?.name ?? '?');
      inFlight = `activities [${busy.join(', ')}], workflow task pending: ${taskPending}`;
      return busy.length === 0 && !taskPending ? history : undefined;
    },
    () => inFlight,
  );
}

/**
 * Polls the server until `probe` returns a value (a condition on server state, not a sleep);
 * fails after timeoutMs (10 s by default) naming what it waited for and, if given, what was still the case.
 */
export async function serverCondition<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  state?: () => string,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`waited ${timeoutMs / 1000} s for ${what}${state ? `: ${state()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
/** Events of a workflow task that ran and produced no command. */
const EMPTY_TASK = new Set([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
]);

/**
 * Asserts that an update is rejected by its validator with exactly `message`, and that the
 * rejection left no trace in the workflow's history: no update event and no command. (A real
 * server drops the speculative workflow task of a rejected update; the time-skipping test server
 * records it as an empty task, so scheduled/started/completed task events are all it may add.)
 */
export async function expectRejected(
  h: Harness,
  workflowId: string,
  call: () => Promise<unknown>,
  message: string,
): Promise<void> {
  const before = await settledHistory(h, workflowId);
  const err = await call().then(
    () => new Error('the update was accepted'),
    (e: unknown) => e,
  );
  // Through the typed API a rejection is a UserError; a raw handle gives the update failure itself.
  if (err instanceof WorkflowUpdateFailedError) expect(err.cause?.message).toBe(message);
  else {
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(`rejected: ${message}`);
  }
  const after = await events(h, workflowId);
  expect(after.slice(0, before.length).map((e) => e.eventId?.toString())).toEqual(
    before.map((e) => e.eventId?.toString()),
  );
  const added = after.slice(before.length).map((e) => EventType[e.eventType ?? 0]);
  expect(added.filter((t) => !EMPTY_TASK.has(EventType[t as keyof typeof EventType]))).toEqual([]);
}

/** Collects histories during a test file and records them once at the end (RECORD_HISTORIES=1). */
export class HistoryRecorder {
  private readonly histories: { workflowId: string; history: temporal.api.history.v1.IHistory }[] = [];

  constructor(
    private readonly h: () => Harness,
    private readonly name: string,
  ) {}

  /**
   * Runs of a lifecycle (all, or those at the given indexes of its continue-as-new chain) and
   * the given child workflows (reviews). Histories are committed, so record the runs that
   * exercise something the other recordings do not.
   */
  async add(
    workflowId: string,
    firstRunId: string,
    opts: { runs?: number[]; children?: string[] } = {},
  ): Promise<void> {
    const runs = await fetchChain(this.h().env.client, workflowId, firstRunId);
    const picked = opts.runs ? opts.runs.map((i) => runs[i]) : runs;
    for (const history of picked) {
      if (!history) throw new Error(`${workflowId} has ${runs.length} runs: no run at one of ${opts.runs?.join(', ')}`);
      this.histories.push({ workflowId, history });
    }
    for (const child of opts.children ?? [])
      this.histories.push({
        workflowId: child,
        history: await this.h().env.client.workflow.getHandle(child).fetchHistory(),
      });
  }

  /** Call in afterAll, before the harness is torn down. */
  record(): void {
    if (this.histories.length > 0) maybeRecord(this.name, this.histories);
  }
}

/** How long replaying a test's histories may take (a hook's own timeout, not the test's). */
const REPLAY_TIMEOUT_MS = 600_000;

/**
 * One harness per test file with the usual hooks: lifecycles left running are terminated after
 * each test, and the file's histories are recorded at the end. `h` is filled in by beforeAll.
 */
export function lifecycleTestFile(name: string, opts: HarnessOptions = {}): { h: Harness; recorder: HistoryRecorder } {
  const h = {} as Harness;
  const recorder = new HistoryRecorder(() => h, name);
  beforeAll(async () => {
    Object.assign(h, await createHarness(opts));
  });
  // Replaying every history a test produced (33 long ones in the stress file) can take minutes
  // on a loaded CI machine; the replay is the check, so it gets its own budget.
  afterEach(async () => {
    await terminateStarted(h);
    await replayProduced(h);
  }, REPLAY_TIMEOUT_MS);
  afterAll(async () => {
    recorder.record();
    await h.teardown?.();
  });
  return { h, recorder };
}

/**
 * The secretariat answers every comment of the round under revision as accepted (the revised
 * draft cannot go out before: commentAnswers is required by default).
 */
export async function answerAllComments(api: RegulationsClient, id: string): Promise<void> {
  const s = await api.liveStatus(id);
  const round = s.rounds[s.rounds.length - 1]!;
  const open = commentRows(round).filter((r) => !r.response);
  if (open.length > 0)
    await api.answerComments(id, {
      round: round.n,
      responses: open.map((r) => ({ comment: r.id, handling: 'accepted' })),
    });
}
