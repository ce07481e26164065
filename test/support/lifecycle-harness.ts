/**
 * Everything a workflow test needs: a time-skipping Temporal server, a real SMTP sink, and a
 * worker running the real activities (real mailer, real calendar) against them.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { FileSendLedger } from '../../activities/mail/ledger';
import { createMailer, type Mailer } from '../../activities/mail/mailer';
import { loadRegulation, type Regulation } from '../../config/regulation';
import { acknowledgedHeartbeat, calendarLoader, digestQueue } from '../../worker/run';
import { pendingParties } from '../../workflows/definitions';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { SmtpSink } from './smtp-sink';
import { createTimeSkippingEnv } from './temporal';
import { historyDocuments } from '../../activities/documents/source';

export const ROOT = path.resolve(__dirname, '../..');
export const LONG_AN = path.join(ROOT, 'config/regulations/long-an-2022.yaml');

// Worker state changes at INFO drown test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle, built once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  return (bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
  }));
}

/**
 * The no-cache project (jest.config.js) runs every workflow scenario on a worker that keeps no
 * workflow in cache: each workflow task replays the whole history first, so any difference
 * between a first execution and its replay fails the scenario.
 */
export function workerCacheOptions(): { maxCachedWorkflows?: number } {
  return process.env.TEST_NO_WORKFLOW_CACHE === '1' ? { maxCachedWorkflows: 0 } : {};
}

export interface Harness {
  env: TestWorkflowEnvironment;
  sink: SmtpSink;
  mailer: Mailer;
  taskQueue: string;
  ledgerDir: string;
  /** Runs of every workflow the test client started (lifecycles, digests): workflow id → run ids. */
  produced: Map<string, Set<string>>;
  /** Runs fn while a worker polls the task queue. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  teardown(): Promise<void>;
}

/** Optional extras of {@link createHarness}; without them it behaves as before. */
export interface HarnessOptions {
  /** Sign personal portal links into request, reminder and invitation emails. */
  portal?: ActivityDeps['portal'];
  /** Addresses the SMTP sink refuses for good (550), like a mistyped mailbox. */
  rejectRecipients?: (address: string) => boolean;
  /** Addresses the SMTP sink asks to try again later (451), like a greylisting server; asked at every attempt. */
  deferRecipients?: (address: string) => boolean;
  /** Gather real-time reminders into per-recipient digests for this many seconds (as the worker does by default). */
  digestSeconds?: number;
  /** Where the worker reads its calendar files (default config/calendars). */
  calendarDir?: string;
  /** Wraps the real activities, e.g. to hold one until the test lets it go. */
  wrapActivities?: (activities: TestActivities) => TestActivities;
}

export type TestActivities = ReturnType<typeof createActivities>;

/**
 * The real activities as every test worker runs them: a real mailer to the SMTP sink with a
 * fresh file ledger, the shipped calendars, reminder re-checks and acknowledged heartbeats through `client`.
 */
export function testActivities(
  sink: SmtpSink,
  client: Client,
  opts: { portal?: ActivityDeps['portal']; digest?: ActivityDeps['digest']; calendarDir?: string } = {},
) {
  const ledgerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-'));
  const mailer = createMailer({
    smtpUrl: sink.url,
    from: 'Văn phòng giúp việc <secretariat@regulations.local>',
    ledger: new FileSendLedger(ledgerDir),
  });
  // Calls activities make through the client, so teardown can let them finish before closing it
  // (a call retrying on a closed channel throws from a timer and fails the whole test file).
  const inflight = new Set<Promise<unknown>>();
  const track =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const p = fn(...args);
      inflight.add(p);
      p.then(
        () => inflight.delete(p),
        () => inflight.delete(p),
      );
      return p;
    };
  const digest = opts.digest && { enqueue: track(opts.digest.enqueue.bind(opts.digest)) };
  const activities = createActivities({
    mailer,
    calendar: calendarLoader(opts.calendarDir ?? path.join(ROOT, 'config/calendars')),
    pendingParties: track((workflowId: string, stepKey: string) =>
      client.workflow.getHandle(workflowId).query(pendingParties, stepKey),
    ),
    portal: opts.portal,
    digest,
    ackHeartbeat: track(acknowledgedHeartbeat(client)),
    documents: historyDocuments(client),
  });
  /** Resolves once no client call started by an activity is still running. */
  const settled = async (): Promise<void> => {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  };
  return { activities, mailer, ledgerDir, settled };
}

/** Starts the server, the sink and the mailer; call teardown in afterAll. */
export async function createHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const [env, sink] = await Promise.all([
    createTimeSkippingEnv(),
    SmtpSink.start({ rejectRecipients: opts.rejectRecipients, deferRecipients: opts.deferRecipients }),
  ]);
  const types = temporal.api.enums.v1.IndexedValueType;
  const kind = {
    Keyword: types.INDEXED_VALUE_TYPE_KEYWORD,
    Datetime: types.INDEXED_VALUE_TYPE_DATETIME,
    KeywordList: types.INDEXED_VALUE_TYPE_KEYWORD_LIST,
    Text: types.INDEXED_VALUE_TYPE_TEXT,
  };
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTES).map(([name, t]) => [name, kind[t]])),
  });
  const produced = recordStarts(env.client);
  const taskQueue = `test-${Math.random().toString(36).slice(2)}`;
  const digest = opts.digestSeconds ? digestQueue(env.client, taskQueue, opts.digestSeconds) : undefined;
  const real = testActivities(sink, env.client, { portal: opts.portal, digest, calendarDir: opts.calendarDir });
  const { mailer, ledgerDir } = real;
  const activities = opts.wrapActivities ? opts.wrapActivities(real.activities) : real.activities;
  return {
    env,
    sink,
    mailer,
    taskQueue,
    ledgerDir,
    produced,
    async withWorker(fn) {
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities,
        ...workerCacheOptions(),
      });
      return worker.runUntil(fn);
    },
    async teardown() {
      await real.settled();
      mailer.close();
      await Promise.all([env.teardown(), sink.stop()]);
    },
  };
}

/**
 * Notes the first run of every workflow started through this client (the typed API's start, the
 * digest queue's signal-with-start), so a test file can replay everything it produced.
 */
function recordStarts(client: Client): Map<string, Set<string>> {
  const produced = new Map<string, Set<string>>();
  const note = (id: string, runId: string) => produced.set(id, (produced.get(id) ?? new Set()).add(runId));
  const wf = client.workflow;
  const start = wf.start.bind(wf);
  const signalWithStart = wf.signalWithStart.bind(wf);
  wf.start = (async (...args: Parameters<typeof start>) => {
    const handle = await start(...args);
    note(handle.workflowId, handle.firstExecutionRunId);
    return handle;
  }) as typeof wf.start;
  wf.signalWithStart = (async (...args: Parameters<typeof signalWithStart>) => {
    const handle = await signalWithStart(...args);
    note(handle.workflowId, handle.signaledRunId);
    return handle;
  }) as typeof wf.signalWithStart;
  return produced;
}

/** The shipped Long An definition, with overrides for a test. */
export function longAn(patch: (r: Regulation) => void = () => undefined): Regulation {
  const r = loadRegulation(LONG_AN);
  patch(r);
  return r;
}

/** The provincial procuracy, a third body that reads English (its contact and leader are `vanthu@` and `vientruong@vks.example.net`). */
export function procuracy(): Regulation['bodies'][number] {
  return {
    id: 'vks',
    name: {
      vi: 'Ban Cán sự Đảng Viện kiểm sát nhân dân tỉnh',
      en: "Party Affairs Committee of the Provincial People's Procuracy",
    },
    locale: 'en',
    contacts: [{ name: 'Nguyen Thi Kiem Sat', email: 'vanthu@vks.example.net' }],
    leaders: [{ name: 'Pham Van Vien', email: 'vientruong@vks.example.net' }],
    signatory: { name: 'Pham Van Vien', title: 'Chief Procurator' },
  };
}

/** Schedule start for the source scenario: the kick-off meeting, 17 Aug 2022, 14:00 local. */
export const KICKOFF_AT = '2022-08-17T07:00:00.000Z';
