/**
 * The reminder herd's floor (bench only, bundled by scripts/bench-herd.ts, never by the product's
 * build): the least a Temporal workflow can do for one reminder. It sleeps to the instant, then
 * runs one activity that sends the message, with the product's activity options.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import { ACTIVITY_OPTIONS } from '../../workflows/activities-proxy';
import type { FloorActivities } from './floor-worker';

const { floorSend } = proxyActivities<FloorActivities>(ACTIVITY_OPTIONS);

export interface FloorInput {
  /** Epoch ms at which the reminder falls due. */
  dueAtMs: number;
  /** The member's address and id (the sink tells members apart by them). */
  to: string;
  id: string;
}

export async function floorReminder(input: FloorInput): Promise<void> {
  const wait = input.dueAtMs - Date.now();
  if (wait > 0) await sleep(wait);
  await floorSend(input.to, input.id);
}
