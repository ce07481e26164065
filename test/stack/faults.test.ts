/**
 * A whole lifecycle under faults, as an operator would meet them: worker processes SIGKILLed
 * and replaced twice, the SMTP server answering 451 for a while (twice), and answers arriving
 * while the mail activities that ask for them are still retrying. The lifecycle (a rehearsal
 * at one schedule day per second, with one sơ kết) must close with every answer kept, every
 * email delivered exactly once, and no workflow task failed in any of its runs or reviews.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { RegulationsClient } from '../../client/api';
import type { DevServer } from '../../scripts/dev-server';
import type { LifecycleStatus, MailLogEntry } from '../../domain/lifecycle';
import { pollingWorkers, spawnWorker, type WorkerProcess } from '../support/failover';
import { fetchChain } from '../support/histories';
import { longAn, workflowBundle } from '../support/lifecycle-harness';
import { serverCondition } from '../support/scenario';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink';
import { startTestDevServer } from '../support/temporal';

const ID = 'faulted-lifecycle';
const HDND = 'lienlac@hdnd.example.org';
const TAND = 'vanthu@tand.example.com';

let server: DevServer;
let sink: SmtpSink;
let client: Client;
let api: RegulationsClient;
let outage = false;
/** Addresses the sink turned away (451) during the current outage. */
let deferred: string[] = [];
const workers: WorkerProcess[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-'));
const taskQueue = `faults-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  [server, sink] = await Promise.all([
    startTestDevServer(),
    SmtpSink.start({ deferRecipients: (a) => (outage && deferred.push(a), outage) }),
  ]);
  client = new Client({
    connection: await Connection.connect({ address: server.address }),
    namespace: server.namespace,
  });
  api = new RegulationsClient(client, taskQueue, server.uiUrl);
}, 60_000);

afterAll(async () => {
  await client?.workflow
    .getHandle(ID)
    .terminate('test over')
    .catch(() => undefined);
  await Promise.all(workers.map((w) => w.stop()));
  await client?.connection.close();
  await Promise.all([sink?.stop(), server?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts one more worker process (its own ledger directory, as on another machine) and waits until it polls. */
async function startWorker(): Promise<WorkerProcess> {
  const name = `worker-${workers.length + 1}`;
  const w = await spawnWorker(name, { server, taskQueue, sink, ledgerDir: path.join(dir, name) });
  workers.push(w);
  await pollingWorkers(client, server.namespace, taskQueue, [w]);
  return w;
}

/** Starts an SMTP outage: every recipient is answered 451 until it ends. */
function smtpDown(): void {
  deferred = [];
  outage = true;
}

/** Waits until the sink has turned a message to `address` away: its mail activity is now retrying. */
function deferredTo(address: string): Promise<true> {
  return serverCondition(
    `a message to ${address} to be deferred`,
    async () => (deferred.includes(address) ? true : undefined),
    undefined,
    180_000,
  );
}

/**
 * Waits until the review child is running and answers its status query. The waits in this file are
 * bounds, generous for a CI machine running other suites at once (one took over 90 s there).
 */
function reviewRunning(review: number | 'final'): Promise<unknown> {
  return serverCondition(
    `review ${review} to start`,
    async () => api.reviewStatus(ID, review, 1).catch(() => undefined),
    undefined,
    180_000,
  );
}

const mailOf = (kind: string, step?: string) => (m: ReceivedMail) =>
  m.headers['x-lifecycle-id'] === ID &&
  m.headers['x-mail-kind'] === kind &&
  (step === undefined || m.headers['x-step-key'] === step);

test('kills, restarts and SMTP outages: the lifecycle closes, every answer kept, every email once, no workflow task failed', async () => {
  let victim = await startWorker();
  // Kick-off 17 Aug 2022; one sơ kết a month after it takes effect; the tổng kết on 7 Oct 2022.
  const regulation = longAn((r) => {
    r.id = ID;
    r.schedule.preliminaryReviews = { amount: 1, unit: 'months' };
    r.schedule.finalReview = '2022-10-07';
  });
  await api.start(regulation, { rehearsal: 86400 });

  // Consultation while the mail server refuses: the council answers while its request is retrying,
  // and the worker sending it dies; the court answers once its own request has arrived.
  smtpDown();
  await api.submitDraft(ID, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });
  await deferredTo(HDND);
  await api.submitFeedback(ID, {
    body: 'hdnd',
    round: 1,
    decision: 'agree',
    comments: [{ area: 'supervision', text: 'Đồng ý; bổ sung thời hạn 15 ngày.' }],
    reference: '45/CV-HĐND',
  });
  victim.kill();
  victim = await startWorker();
  outage = false;
  await sink.waitFor((m) => mailOf('feedback-request', 'consultation/round-1')(m) && m.to.includes(TAND), {
    timeoutMs: 120_000,
  });
  await api.submitFeedback(ID, { body: 'tand', round: 1, decision: 'agree', reference: '123/CV-TAND' });

  await sink.waitFor(mailOf('signing-invitation', 'signing'), { count: 2, timeoutMs: 120_000 });
  await api.recordSignature(ID, { body: 'hdnd', signer: 'Mai Văn Nhiều' });
  await api.recordSignature(ID, { body: 'tand', signer: 'Lê Quốc Dũng' });
  await sink.waitFor(mailOf('stage-notice', 'effective'), { count: 3, timeoutMs: 120_000 });

  // Sơ kết 1 the same way: the council reports while its request retries and the worker dies.
  smtpDown();
  await reviewRunning(1);
  await deferredTo(HDND);
  await api.submitReviewReport(ID, {
    review: 1,
    body: 'hdnd',
    assessments: { supervision: 'Đã giám sát 3 phiên tòa.' },
  });
  victim.kill();
  await startWorker();
  outage = false;
  await sink.waitFor((m) => mailOf('review-report-request', 'so-ket-1/reports')(m) && m.to.includes(TAND), {
    timeoutMs: 120_000,
  });
  await api.submitReviewReport(ID, { review: 1, body: 'tand', assessments: { 'directive-26': 'Phối hợp tốt.' } });
  await api.recordReviewOutcome(ID, { review: 1, decision: 'continue', notes: 'Tiếp tục thực hiện.' });

  // Tổng kết, then the close.
  await sink.waitFor(mailOf('review-report-request', 'tong-ket/reports'), { count: 2, timeoutMs: 180_000 });
  await api.submitReviewReport(ID, {
    review: 1,
    final: true,
    body: 'hdnd',
    assessments: { supervision: 'Tổng kết: đạt yêu cầu.' },
  });
  await api.submitReviewReport(ID, {
    review: 1,
    final: true,
    body: 'tand',
    assessments: { personnel: 'Tổng kết: hoàn thành.' },
  });
  await api.recordReviewOutcome(ID, { review: 1, final: true, decision: 'end', notes: 'Kết thúc quy chế.' });
  await client.workflow.getHandle(ID).result();
  // The full record: the query's answer completed from the runs' and the reviews' histories.
  const final: LifecycleStatus = await api.status(ID);

  // The lifecycle closed with every accepted answer.
  expect(final.stage).toBe('closed');
  const answers = final.rounds[0]!.answers;
  expect(answers['hdnd']).toEqual(
    expect.objectContaining({
      decision: 'agree',
      reference: '45/CV-HĐND',
      comments: [expect.objectContaining({ area: 'supervision', text: 'Đồng ý; bổ sung thời hạn 15 ngày.' })],
    }),
  );
  expect(answers['tand']).toEqual(expect.objectContaining({ decision: 'agree', reference: '123/CV-TAND' }));
  expect(Object.keys(final.signatures).sort()).toEqual(['hdnd', 'tand']);
  expect(final.reviews.map((r) => [r.kind, Object.keys(r.reports).sort(), r.outcome?.decision])).toEqual([
    ['so-ket', ['hdnd', 'tand'], 'continue'],
    ['tong-ket', ['hdnd', 'tand'], 'end'],
  ]);

  // Every email once: no Message-ID twice, and each logged send arrived.
  const mine = sink.messages.filter((m) => m.headers['x-lifecycle-id'] === ID);
  const ids = mine.map((m) => m.messageId);
  expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
  const logged: MailLogEntry[] = [...final.mails, ...final.reviews.flatMap((r) => r.mails ?? [])];
  const missing = logged.flatMap((e) =>
    e.to
      .filter(
        (to) =>
          !mine.some(
            (m) =>
              m.headers['x-mail-kind'] === e.kind &&
              m.headers['x-step-key'] === e.stepKey &&
              [...m.to, ...m.cc].includes(to),
          ),
      )
      .map((to) => `${e.kind} ${e.stepKey} → ${to}`),
  );
  expect(missing).toEqual([]);
  const count = (kind: string, step: string, to: string) =>
    mine.filter((m) => mailOf(kind, step)(m) && m.to.includes(to)).length;
  expect([HDND, TAND].map((to) => count('feedback-request', 'consultation/round-1', to))).toEqual([1, 1]);
  expect([HDND, TAND].map((to) => count('review-report-request', 'so-ket-1/reports', to))).toEqual([1, 1]);
  expect([HDND, TAND].map((to) => count('review-report-request', 'tong-ket/reports', to))).toEqual([1, 1]);
  expect(mine.filter(mailOf('closing-summary')).length).toBeGreaterThan(0);

  // No workflow task failed in any run or review, and every one of them replays.
  const histories = [];
  const firstRun = (await client.workflow.getHandle(ID).describe()).raw.workflowExecutionInfo?.firstRunId ?? '';
  for (const [workflowId, runId] of [
    [ID, firstRun],
    ...(await Promise.all(
      [`${ID}/so-ket-1`, `${ID}/tong-ket`].map(async (c) => [c, (await client.workflow.getHandle(c).describe()).runId]),
    )),
  ] as [string, string][]) {
    for (const history of await fetchChain(client, workflowId, runId)) histories.push({ workflowId, history });
  }
  const failed = histories.flatMap(({ workflowId, history }) =>
    (history.events ?? [])
      .filter((e) => e.workflowTaskFailedEventAttributes)
      .map(
        (e) =>
          `${workflowId} event ${String(e.eventId)}: ${e.workflowTaskFailedEventAttributes?.failure?.message ?? ''}`,
      ),
  );
  expect(failed).toEqual([]);
  expect(histories.length).toBeGreaterThanOrEqual(7);
  for await (const r of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories))
    expect([r.workflowId, r.error]).toEqual([r.workflowId, undefined]);
}, 600_000);
