/**
 * Workers killed while sending: three `worker/main.ts` processes on one task queue, each with its
 * own MAIL_LEDGER_DIR as on separate machines, a real dev server and an SMTP sink. The worker
 * sending a two-recipient message is SIGKILLed after the sink accepted the first message; what
 * the retry on another worker does is read from the sink and from the workflow history.
 */
import { CONTACTS, FailoverRig } from '../support/failover';

let rig: FailoverRig;
beforeAll(async () => {
  rig = await FailoverRig.start({ workers: 3 });
}, 240_000);
afterAll(async () => {
  await rig?.stop();
});

/** The pid in a worker identity `<pid>@<host>`. */
const pidOf = (identity: string): string => identity.split('@')[0] ?? '';

test('killed after the sink accepted a message and its record reached Temporal: the retry on another machine does not send it again, and completes within 15 s', async () => {
  const o = await rig.crashWhileSending(1, 'after-record');
  // The first contact's message went out once; the second was held unanswered when the worker died, so it counts once too.
  expect(o.copies).toEqual({ [CONTACTS[0]]: [expect.any(String)], [CONTACTS[1]]: [expect.any(String)] });
  expect(o.attempt).toBe(2);
  expect(pidOf(o.completedBy)).not.toBe(String(rig.worker(o.victim).pid));
  // The second message was in doubt (its sending had begun), so the retry says it may be a duplicate.
  expect(o.result).toEqual({
    sent: [CONTACTS[1]],
    alreadySent: [CONTACTS[0]],
    skipped: [],
    maybeDuplicate: [CONTACTS[1]],
  });
  expect(o.completedAt - o.killedAt).toBeLessThan(15_000);
}, 150_000);

test('killed between the acceptance and the record (the stated window): the retry sends that message again with the same Message-ID and reports it, within 15 s', async () => {
  const o = await rig.crashWhileSending(2, 'before-record');
  const [once, again] = o.copies[CONTACTS[0]] ?? [];
  expect(o.copies[CONTACTS[0]]).toHaveLength(2);
  expect(again).toBe(once);
  expect(o.copies[CONTACTS[1]]).toHaveLength(1);
  expect(o.attempt).toBe(2);
  expect(pidOf(o.completedBy)).not.toBe(String(rig.worker(o.victim).pid));
  expect(o.result).toEqual({ sent: [...CONTACTS], alreadySent: [], skipped: [], maybeDuplicate: [CONTACTS[0]] });
  expect(o.completedAt - o.killedAt).toBeLessThan(15_000);
}, 150_000);
