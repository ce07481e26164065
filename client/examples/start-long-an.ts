/**
 * Example script for the typed API: starts the source's regulation (Long An, 2022) and prints
 * its status. Uses the same environment as the CLI (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_TASK_QUEUE); run it against `npm start` with
 *
 *   npx ts-node --transpile-only client/examples/start-long-an.ts
 *
 * The schedule starts at the kick-off meeting (17 Aug 2022, 14:00 Vietnam time) and runs in
 * real time from there, as `regulation start --start-at` does: starting "now" would find every
 * 2022 deadline long past. Set REHEARSAL=86400 to play it at a day per second instead.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';
import { loadRegulation } from '../../config/regulation';
import { RegulationsClient, UserError } from '../api';

async function run(): Promise<void> {
  const regulation = loadRegulation(path.join(PROJECT_ROOT, 'config/regulations/long-an-2022.yaml'));
  const api = await RegulationsClient.connect();
  try {
    const rehearsal = process.env.REHEARSAL ? Number(process.env.REHEARSAL) : undefined;
    try {
      const started = await api.start(regulation, {
        rehearsal,
        startAt: rehearsal ? undefined : `${regulation.kickoff}T07:00:00.000Z`,
      });
      console.log(`Started ${started.workflowId}: ${started.uiLink}`);
    } catch (err) {
      // Already running: say so and show the status of the running one.
      if (!(err instanceof UserError)) throw err;
      console.log(err.message);
    }
    const status = await api.status(regulation.id);
    console.log(`Stage ${status.stage}, schedule time ${status.now}`);
    for (const d of status.deadlines)
      console.log(`  ${d.key}: last day ${d.lastDay}${d.nextReminder ? `, next reminder ${d.nextReminder}` : ''}`);
    for (const p of status.parties) console.log(`  ${p.body}: ${p.state}`);
  } finally {
    await api.close();
  }
}

run().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
