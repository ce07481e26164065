/**
 * The morning digest: a clerk who is the contact of a body in two regulations gets one message
 * for the two reminders of the same morning, not two; a reminder answered while the digest is
 * gathering is dropped, and a digest of one goes out as the ordinary reminder.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { DigestSummary } from '../../workflows/digest';
import { digestWorkflowId } from '../../domain/lifecycle';
import { longAn } from '../support/lifecycle-harness';
import { lifecycleTestFile, mail, serverCondition, startLifecycle } from '../support/scenario';

const BOUNCE = 'nham-dia-chi@hdnd.example.org';
const { h, recorder } = lifecycleTestFile('digest', { digestSeconds: 600, rejectRecipients: (a) => a === BOUNCE });
const A = 'digest-a';
const B = 'digest-b';
const HDND = 'lienlac@hdnd.example.org';
const TAND = 'vanthu@tand.example.com';
const SECRETARIAT = 'thuky@vanphong.example.org';

/**
 * What a recipient's digest run returned, read from its history once it completed. (The test
 * server skips time while a client awaits result(): the lifecycles' next reminders would fire.)
 */
async function digestOutcome(email: string): Promise<DigestSummary> {
  const handle = h.env.client.workflow.getHandle(digestWorkflowId(email));
  await serverCondition(`the digest of ${email} to complete`, async () =>
    (await handle.describe()).status.name === 'COMPLETED' ? true : undefined,
  );
  const events = (await handle.fetchHistory()).events ?? [];
  const payload = events.at(-1)?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
  return defaultPayloadConverter.fromPayload(payload!);
}

test('two regulations remind the same contacts on one morning: one digest each; an answer given meanwhile drops its item', async () => {
  const regulationB = longAn((r) => {
    r.id = B;
    r.title = { vi: 'Quy chế phối hợp về công tác dân vận', en: 'Coordination regulation on mass mobilisation' };
  });
  await h.withWorker(async () => {
    const a = await startLifecycle(
      h,
      longAn((r) => (r.id = A)),
    );
    await startLifecycle(h, regulationB);
    // Drafting ends Fri 16 Sep for both: the secretariat's 7-working-day reminders of Wed 7 Sep come as one digest.
    await a.clock.advanceTo('2022-09-08T09:00');
    const [drafting] = await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'reminder-digest');
    expect(drafting!.to).toEqual([SECRETARIAT]);
    expect(drafting!.subject).toBe('[Nhắc hạn] 2 việc đang chờ trả lời — hạn gần nhất 16/09/2022');
    expect(drafting!.headers['x-digest-items']).toBe(`${A} drafting, ${B} drafting`);
    for (const id of [A, B])
      await a.api.submitDraft(id, { version: 'v1', link: `https://docs.example.org/${id}/v1.pdf` });
    await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'feedback-request', { count: 4 });

    // Round 1 ends Thu 22 Sep: the 7-working-day reminders of both regulations fall on Tue 13 Sep,
    // 08:00. They go into each contact's digest, which gathers for 10 minutes; at 08:05 the court
    // answers regulation A.
    await a.clock.advanceTo('2022-09-13T08:05');
    await a.api.submitFeedback(A, { body: 'tand', round: 1, decision: 'agree' });
    await a.clock.advanceTo('2022-09-13T09:00');

    // The council's contact: one message listing both regulations, earliest deadline first.
    const [digest] = await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'reminder-digest' && m.to.includes(HDND));
    expect(digest!.to).toEqual([HDND]);
    expect(digest!.subject).toBe('[Nhắc hạn] 2 việc đang chờ trả lời — hạn gần nhất 22/09/2022');
    expect(digest!.text).toContain(
      `1. [${A}] Góp ý dự thảo v1 (vòng 1) — còn 7 ngày làm việc\n\nQuy chế:  ${longAn().title.vi}`,
    );
    expect(digest!.text).toContain(
      `2. [${B}] Góp ý dự thảo v1 (vòng 1) — còn 7 ngày làm việc\n\nQuy chế:  ${regulationB.title.vi}`,
    );
    expect(digest!.text).toContain('https://docs.example.org/digest-b/v1.pdf');
    expect(digest!.html).toContain(`<strong>2. [${B}] Góp ý dự thảo v1 (vòng 1) — còn 7 ngày làm việc</strong>`);
    // The court's contact: A was answered meanwhile, so B's reminder goes out on its own.
    const [single] = await h.sink.waitFor(mail(B, 'reminder', 'consultation/round-1'));
    expect(single!.to).toEqual([TAND]);

    const results = await Promise.all([HDND, TAND].map((e) => digestOutcome(e)));
    expect(results).toEqual([
      {
        recipient: HDND,
        messages: 1,
        sent: [`${A} consultation/round-1`, `${B} consultation/round-1`],
        dropped: [],
        refused: [],
      },
      {
        recipient: TAND,
        messages: 1,
        sent: [`${B} consultation/round-1`],
        dropped: [`${A} consultation/round-1`],
        refused: [],
      },
    ]);
    // Nothing else reached either contact that morning.
    const morning = h.sink.messages.filter(
      (m) => /^reminder/.test(m.headers['x-mail-kind'] ?? '') && !m.to.includes(SECRETARIAT),
    );
    expect(morning.map((m) => `${m.headers['x-mail-kind']} ${m.to.join(',')}`).sort()).toEqual([
      `reminder ${TAND}`,
      `reminder-digest ${HDND}`,
    ]);

    // Each lifecycle's log says the reminder went to the digest.
    const s = await a.api.status(A);
    expect(s.mails.filter((m) => m.kind === 'reminder')).toEqual([
      expect.objectContaining({ stepKey: 'drafting', date: '2022-09-07', to: [SECRETARIAT], via: 'digest' }),
      expect.objectContaining({ stepKey: 'consultation/round-1', date: '2022-09-13', to: [HDND], via: 'digest' }),
      expect.objectContaining({ stepKey: 'consultation/round-1', date: '2022-09-13', to: [TAND], via: 'digest' }),
    ]);
    await recorder.add(A, a.runId, { runs: [1] });
    await recorder.add(
      digestWorkflowId(TAND),
      (await h.env.client.workflow.getHandle(digestWorkflowId(TAND)).describe()).runId,
    );
  });
});

test('a digest refused by the mail server is reported to the secretariat of each regulation in it', async () => {
  const withBadAddress = (id: string) =>
    longAn((r) => {
      r.id = id;
      r.bodies[0]!.contacts = [{ name: 'Địa chỉ gõ nhầm', email: BOUNCE }];
    });
  const ids = ['digest-refused-1', 'digest-refused-2'];
  await h.withWorker(async () => {
    const [first] = await Promise.all(ids.map((id) => startLifecycle(h, withBadAddress(id))));
    await first!.clock.advanceTo('2022-09-08T09:00');
    for (const id of ids)
      await first!.api.submitDraft(id, { version: 'v1', link: `https://docs.example.org/${id}/v1.pdf` });
    // The requests to the bad address already bounced: one report each.
    for (const id of ids) await h.sink.waitFor(mail(id, 'delivery-failure', 'consultation/round-1'));
    await first!.clock.advanceTo('2022-09-13T09:00');

    // The morning's digest to that address is refused too: each secretariat hears about its reminder.
    for (const id of ids) {
      const reports = await h.sink.waitFor(mail(id, 'delivery-failure', 'consultation/round-1'), { count: 2 });
      expect(reports[1]!.to).toEqual([SECRETARIAT]);
      expect(reports[1]!.text).toContain(`Không gửi được thư "Nhắc hạn" (Góp ý dự thảo v1 (vòng 1)) đến ${BOUNCE}.`);
      expect(reports[1]!.text).toMatch(/Máy chủ thư trả lời: .*550/);
    }
    expect(await digestOutcome(BOUNCE)).toEqual({
      recipient: BOUNCE,
      messages: 0,
      sent: [],
      dropped: [],
      refused: ids.map((id) => `${id} consultation/round-1`),
    });
    // The court's contact got its digest as usual.
    const [court] = await h.sink.waitFor(
      (m) =>
        m.headers['x-mail-kind'] === 'reminder-digest' &&
        m.to.includes(TAND) &&
        (m.headers['x-digest-items'] ?? '').includes('digest-refused-1'),
    );
    expect(court!.headers['x-digest-items']).toBe(ids.map((id) => `${id} consultation/round-1`).join(', '));
  });
});
