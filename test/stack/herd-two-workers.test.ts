/**
 * Two workers share a herd, as users scale out: two compiled worker processes (`node
 * dist/worker/main.js`, as `npm run worker` runs them, each with its own MAIL_LEDGER_DIR as on
 * separate machines) poll one task queue of a real dev server, and a herd of lifecycles has its
 * first reminder due at one instant. Every secretariat gets its reminder exactly once, and both
 * workers sent part of the herd. Nothing here is timed: the test waits for the histories.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { lifecycleId, RegulationsClient } from '../../client/api';
import { connectClient } from '../../client/connection';
import type { DevServer } from '../../scripts/dev-server';
import { spawnBuiltWorker, type BuiltWorker } from '../support/built-worker';
import { herdBase, herdReminder, startHerd } from '../support/herd';
import { SmtpSink } from '../support/smtp-sink';
import { startTestDevServer } from '../support/temporal';

const N = 60;
const TAG = 'pair';

let server: DevServer;
let sink: SmtpSink;
let client: Client;
let api: RegulationsClient;
let ledgers: string;
const workers: BuiltWorker[] = [];

beforeAll(async () => {
  [server, sink] = await Promise.all([startTestDevServer(), SmtpSink.start()]);
  client = await connectClient({ address: server.address, namespace: server.namespace });
  const taskQueue = `herd-pair-${process.pid}`;
  api = new RegulationsClient(client, taskQueue, server.uiUrl);
  ledgers = fs.mkdtempSync(path.join(os.tmpdir(), 'herd-pair-'));
  for (const name of ['a', 'b']) {
    workers.push(
      spawnBuiltWorker({
        TEMPORAL_ADDRESS: server.address,
        TEMPORAL_NAMESPACE: server.namespace,
        TEMPORAL_TASK_QUEUE: taskQueue,
        SMTP_URL: sink.url,
        MAIL_LEDGER_DIR: path.join(ledgers, name),
        REMINDER_DIGEST_MINUTES: '0',
        MAIL_RATE_LIMIT: '100000',
      }),
    );
  }
  await Promise.all(workers.map((w) => w.ready));
}, 180_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.service.stop()));
  await api?.close();
  await Promise.all([server?.stop(), sink?.stop()]);
  if (ledgers) fs.rmSync(ledgers, { recursive: true, force: true });
});

/** The identity of the worker that ran the lifecycle's first reminder, once that activity has completed. */
async function reminderSentBy(workflowId: string): Promise<string> {
  for (;;) {
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const summary = (e: (typeof events)[number]) =>
      e.userMetadata?.summary ? String(defaultPayloadConverter.fromPayload(e.userMetadata.summary)) : '';
    const scheduled = events.find(
      (e) =>
        e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendMail' && summary(e).startsWith('reminder'),
    );
    const sameActivity = (id: unknown) => scheduled !== undefined && String(id) === String(scheduled.eventId);
    const completed = events.find((e) => sameActivity(e.activityTaskCompletedEventAttributes?.scheduledEventId));
    const failed = events.find((e) => e.workflowTaskFailedEventAttributes || e.activityTaskFailedEventAttributes);
    if (failed)
      throw new Error(
        `${workflowId}: ${JSON.stringify(failed.workflowTaskFailedEventAttributes?.failure?.message ?? failed.activityTaskFailedEventAttributes?.failure?.message)}`,
      );
    if (completed) return completed.activityTaskCompletedEventAttributes?.identity ?? '';
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test(`two workers on one task queue share a herd of ${N} reminders due at one instant: each sent once, by either worker`, async () => {
  await startHerd(api, herdBase(), TAG, N, 20);
  const ids = Array.from({ length: N }, (_, i) => `herd-${TAG}-${i}`);
  const lifecycleIds = ids.map((id) => lifecycleId(id));
  await sink.waitFor(herdReminder(TAG), { count: N, timeoutMs: 240_000 });
  // Every reminder activity has completed: from here on no copy can still be on its way.
  const senders = await Promise.all(lifecycleIds.map((id) => reminderSentBy(id)));

  const reminders = sink.messages.filter(herdReminder(TAG));
  expect(reminders).toHaveLength(N);
  expect(new Set(reminders.map((m) => m.messageId)).size).toBe(N);
  // One to each secretariat, the lifecycle's own.
  expect(reminders.map((m) => m.to.join(',')).sort()).toEqual(
    ids.map((_, i) => `thuky-${TAG}-${i}@vanphong.example.org`).sort(),
  );
  for (const m of reminders)
    expect(m.headers['x-lifecycle-id']).toBe(
      lifecycleId(`herd-${TAG}-${m.to[0]!.replace(/^thuky-pair-(\d+)@.*$/, '$1')}`),
    );
  // Both workers did part of the herd (identities are `<pid>@<host>`).
  const pids = new Set(senders.map((s) => s.split('@')[0]));
  expect([...pids].sort()).toEqual(workers.map((w) => String(w.service.pid)).sort());
}, 300_000);
