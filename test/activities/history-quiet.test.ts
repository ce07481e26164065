/**
 * The worker's check behind a late reminder (worker/run.ts historyQuietSince): reading the end of
 * the run's history, a reminder whose scheduling is followed only by what the same workflow task
 * wrote needs no re-check query; an answer, a signal, a workflow task or the run's end after it does.
 */
import type { Client } from '@temporalio/client';
import { historyQuietSince } from '../../worker/run';

type Event = { [attributes: string]: unknown };
const scheduled = (activityId: string): Event => ({ activityTaskScheduledEventAttributes: { activityId } });
const timerStarted: Event = { timerStartedEventAttributes: {} };
const searchAttributes: Event = { upsertWorkflowSearchAttributesEventAttributes: {} };
const updateAccepted: Event = { workflowExecutionUpdateAcceptedEventAttributes: {} };
const signaled: Event = { workflowExecutionSignaledEventAttributes: {} };
const taskScheduled: Event = { workflowTaskScheduledEventAttributes: {} };

/** A client whose server holds `history` (oldest first) and answers the reverse read in pages of two. */
function serverWith(history: Event[]): { client: Client; reads: number } {
  const state = { reads: 0 };
  const reversed = [...history].reverse();
  const client = {
    workflowService: {
      getWorkflowExecutionHistoryReverse: async (req: { nextPageToken?: Uint8Array }) => {
        state.reads++;
        const from = req.nextPageToken?.length ? req.nextPageToken[0]! : 0;
        const events = reversed.slice(from, from + 2);
        const more = from + 2 < reversed.length;
        return { history: { events }, nextPageToken: more ? Uint8Array.of(from + 2) : new Uint8Array() };
      },
    },
  } as unknown as Client;
  return {
    client,
    get reads() {
      return state.reads;
    },
  };
}

const run = { workflowId: 'lifecycle-1', runId: 'r1' };

test('nothing but the same task’s commands after the scheduling: quiet, no query needed', async () => {
  const server = serverWith([taskScheduled, scheduled('3'), scheduled('4'), timerStarted, searchAttributes]);
  expect(await historyQuietSince(server.client, 'default', 2, 4)(run, '4')).toBe(true);
  expect(await historyQuietSince(server.client, 'default', 2, 4)(run, '3')).toBe(true);
});

test('an answer (update), a signal or a later workflow task after the scheduling: ask the lifecycle', async () => {
  for (const after of [updateAccepted, signaled, taskScheduled]) {
    const server = serverWith([scheduled('4'), timerStarted, after]);
    expect(await historyQuietSince(server.client, 'default', 2, 4)(run, '4')).toBe(false);
  }
});

test('the scheduling not found within the pages read: ask the lifecycle', async () => {
  const server = serverWith([scheduled('4'), timerStarted, timerStarted, timerStarted, timerStarted, timerStarted]);
  expect(await historyQuietSince(server.client, 'default', 2, 2)(run, '4')).toBe(false);
  expect(server.reads).toBe(2);
});
