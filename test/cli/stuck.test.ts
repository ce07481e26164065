/**
 * A lifecycle whose workflow tasks fail (here: a deploy whose code does not match its history)
 * is Running but stuck. `regulation status` and `regulation list` say so, with Temporal's reason,
 * instead of waiting on a query that cannot be answered.
 */
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { RegulationsClient } from '../../client/api';
import { connectClient } from '../../client/connection';
import { longAn, testActivities, workflowBundle } from '../support/lifecycle-harness';
import { serverCondition } from '../support/scenario';
import { SmtpSink } from '../support/smtp-sink';
import { startTestDevServer } from '../support/temporal';
import { runCli } from './cli-support';

test('a lifecycle whose workflow tasks fail shows as STUCK with the reason in status and list', async () => {
  const [server, sink] = await Promise.all([startTestDevServer(), SmtpSink.start()]);
  const client = await connectClient({ address: server.address, namespace: server.namespace });
  const connection = await NativeConnection.connect({ address: server.address });
  const taskQueue = 'stuck';
  const api = new RegulationsClient(client, taskQueue, server.uiUrl);
  const { activities, mailer } = testActivities(sink, client);
  const ID = 'stuck-lifecycle';
  try {
    // A healthy worker starts the lifecycle (a fast rehearsal, so timers keep firing).
    const healthy = await Worker.create({
      connection,
      namespace: server.namespace,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
    });
    await healthy.runUntil(async () => {
      await api.start(
        longAn((r) => (r.id = ID)),
        { rehearsal: 864000 },
      );
      await serverCondition('the lifecycle to be listed', async () =>
        (await api.list()).length === 1 ? true : undefined,
      );
    });
    // The bad deploy: the next workflow task fails on replay.
    const broken = await Worker.create({
      connection,
      namespace: server.namespace,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: require.resolve('../fixtures/broken-workflows'),
        logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
      }),
      activities,
      maxCachedWorkflows: 0,
    });
    await broken.runUntil(async () => {
      await serverCondition('the workflow task to fail', () => api.problem(ID));
      // The server marks the run in visibility (TemporalReportedProblems): `list` finds it there.
      await serverCondition('the server to report the problem in visibility', async () =>
        (await api.listing.count([`WorkflowId = "${ID}"`, 'TemporalReportedProblems IS NOT NULL'])) > 0
          ? true
          : undefined,
      );
      const env = {
        TEMPORAL_ADDRESS: server.address,
        TEMPORAL_NAMESPACE: server.namespace,
        TEMPORAL_TASK_QUEUE: taskQueue,
      };

      const status = await runCli(['status', ID], env);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(
        new RegExp(`^PROBLEM: ${ID} is stuck: its workflow task has failed \\d+ time\\(s\\) since `),
      );
      expect(status.stdout).toContain('Reason: [TMPRL1100] Nondeterminism error');
      expect(status.stdout).toContain('Temporal then retries the task by itself');

      const json = await runCli(['status', ID, '--json'], env);
      expect(JSON.parse(json.stdout).problem).toEqual(
        expect.objectContaining({
          reason: expect.stringContaining('Nondeterminism error'),
          attempt: expect.any(Number),
        }),
      );

      const list = await runCli(['list'], env);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(new RegExp(`${ID}\\s.*STUCK`));
      expect(list.stdout).toMatch(
        new RegExp(
          `^STUCK ${ID}: workflow task failing \\(attempt \\d+\\) since .*: \\[TMPRL1100\\] Nondeterminism error`,
          'm',
        ),
      );
    });
  } finally {
    await client.workflow
      .getHandle(ID)
      .terminate('test over')
      .catch(() => undefined);
    mailer.close();
    await connection.close();
    await client.connection.close();
    await Promise.all([server.stop(), sink.stop()]);
  }
});
