/**
 * The first vertical slice: a lifecycle starts from the Long An definition, waits for the
 * secretariat's draft and reminds the secretariat by email before the drafting deadline.
 */
import { RegulationsClient } from '../../client/api';
import { regulationLifecycle } from '../../workflows';
import { status, submitDraft } from '../../workflows/definitions';
import { createHarness, KICKOFF_AT, longAn, type Harness } from '../support/lifecycle-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.teardown();
});

const DAY = 24 * 3600 * 1000;

test('the secretariat is reminded before the drafting deadline, and not after submitting the draft', async () => {
  const regulation = longAn();
  const workflowId = 'slice-long-an';
  await h.withWorker(async () => {
    const handle = await h.env.client.workflow.start(regulationLifecycle, {
      taskQueue: h.taskQueue,
      workflowId,
      args: [{ regulation, clock: { startAt: KICKOFF_AT } }],
    });
    // Drafting: 30 days after 17 Aug 2022 → Fri 16 Sep 2022. First reminder 7 working days
    // before: Wed 7 Sep 2022 at 08:00 local (01:00 UTC); 1–2 Sep are National Day holidays.
    const [first] = await Promise.all([
      h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'reminder', { timeoutMs: 60_000 }),
      h.env.sleep(21 * DAY), // to 7 Sep 2022, 14:00 local
    ]).then(([mails]) => mails);
    expect(first!.to).toEqual(['thuky@vanphong.example.org']);
    expect(first!.subject).toContain('long-an-hdnd-tand-2022');
    expect(first!.text).toContain('16/09/2022');
    let s = await handle.query(status);
    expect(s.stage).toBe('drafting');
    expect(s.mails).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        stepKey: 'drafting',
        slot: '7 working days',
        date: '2022-09-07',
        to: ['thuky@vanphong.example.org'],
      }),
    ]);
    expect(s.deadlines).toEqual([
      expect.objectContaining({ key: 'drafting', lastDay: '2022-09-16', nextReminder: '2022-09-13T01:00:00.000Z' }),
    ]);

    // The draft arrives on 8 Sep: the drafting reminders stop and round 1 opens.
    await h.env.sleep(DAY);
    const receipt = await handle.executeUpdate(submitDraft, {
      args: [{ version: 'v1', link: 'https://docs.example.org/quy-che-v1.pdf' }],
    });
    // The update answers with a small receipt; the state is the status query's.
    expect(receipt).toEqual({
      accepted: true,
      update: 'submitDraft',
      stage: 'drafting',
      cycle: 1,
      draftVersion: 'v1',
      at: expect.stringMatching(/^2022-09-08/),
    });
    expect(JSON.stringify(receipt).length).toBeLessThan(300);
    expect((await handle.query(status)).drafts).toEqual([
      expect.objectContaining({ version: 'v1', submittedAt: expect.stringMatching(/^2022-09-08/) }),
    ]);
    const requests = await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'feedback-request', {
      count: 2,
      timeoutMs: 60_000,
    });
    expect(requests.map((m) => m.to[0]).sort()).toEqual(['lienlac@hdnd.example.org', 'vanthu@tand.example.com']);
    // Run past every drafting reminder date (13, 15, 16 Sep) and the deadline.
    await h.env.sleep(10 * DAY);
    s = await handle.query(status);
    expect(s.stage).toBe('consultation');
    expect(s.round).toBe(1);
    // The query shows this run's emails only; the full record is rebuilt from the runs' histories.
    expect(s.mails.filter((m) => m.stepKey === 'drafting')).toHaveLength(0);
    const record = await new RegulationsClient(h.env.client, h.taskQueue).status(workflowId);
    expect(record.mails.filter((m) => m.stepKey === 'drafting')).toEqual([
      expect.objectContaining({ kind: 'reminder', slot: '7 working days', date: '2022-09-07' }),
    ]);
    expect(h.sink.messages.filter((m) => m.headers['x-step-key'] === 'drafting')).toHaveLength(1);
  });
});
