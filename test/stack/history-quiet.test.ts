/**
 * The end-of-history check a late reminder makes before it would query its lifecycle
 * (worker/run.ts historyQuietSince), against a real dev server: an activity whose workflow has
 * learnt nothing since scheduling it reads "quiet" (no query needed); once a signal has reached the
 * workflow after the scheduling, it does not (the reminder asks the lifecycle again).
 */
import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { connectClient } from '../../client/connection';
import type { DevServer } from '../../scripts/dev-server';
import { historyQuietSince } from '../../worker/run';
import { ROOT } from '../support/built-worker';
import { startTestDevServer } from '../support/temporal';

let server: DevServer;
let client: Client;

beforeAll(async () => {
  server = await startTestDevServer();
  client = await connectClient({ address: server.address, namespace: server.namespace });
}, 120_000);

afterAll(async () => {
  await client?.connection.close();
  await server?.stop();
});

test('quiet until something reaches the workflow after it scheduled the activity', async () => {
  // The bench's floor workflow: it schedules one activity (floorSend) and waits for it.
  const bundle = await bundleWorkflowCode({ workflowsPath: path.join(ROOT, 'scripts/bench/floor-workflow.ts') });
  const readings = new Map<string, boolean>();
  const signalled = new Map<string, Promise<void>>();
  const quiet = historyQuietSince(client, server.namespace);
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection,
    namespace: server.namespace,
    taskQueue: 'quiet',
    workflowBundle: bundle,
    activities: {
      async floorSend(_to: string, id: string): Promise<void> {
        const info = Context.current().info;
        await signalled.get(id);
        readings.set(id, await quiet(info.workflowExecution!, info.activityId));
      },
    },
  });
  const start = (id: string) =>
    client.workflow.start('floorReminder', {
      taskQueue: 'quiet',
      workflowId: id,
      args: [{ dueAtMs: 0, to: `${id}@example.org`, id }],
    });
  await worker.runUntil(async () => {
    const plain = await start('plain');
    await plain.result();
    // The second activity reads the history only after a signal has reached its workflow.
    let release: () => void = () => undefined;
    signalled.set('answered', new Promise<void>((r) => (release = r)));
    const answered = await start('answered');
    for (;;) {
      const { events } = await answered.fetchHistory();
      if (events?.some((e) => e.activityTaskScheduledEventAttributes)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await answered.signal('answer');
    release();
    await answered.result();
  });
  await connection.close();
  expect(readings.get('plain')).toBe(true);
  expect(readings.get('answered')).toBe(false);
}, 120_000);
