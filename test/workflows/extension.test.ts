/**
 * Extending an open deadline: the reminders move with it, the pending bodies get the new date
 * with an updated calendar entry (same UID, SEQUENCE + 1), and the move is recorded with its
 * reason. Extensions to the past or of unknown deadlines are rejected.
 */
import { longAn } from '../support/lifecycle-harness';
import { expectRejected, invite, lifecycleTestFile, mail, startLifecycle } from '../support/scenario';

const { h, recorder } = lifecycleTestFile('extension');

const ID = 'extension';
const ROUND = 'consultation/round-1';
const TAND = 'vanthu@tand.example.com';
const REASON = 'TAND xin gia hạn để lấy ý kiến Tòa án nhân dân cấp huyện';

test('an extended consultation deadline moves its reminders, tells the pending bodies and is recorded', async () => {
  await h.withWorker(async () => {
    const { api, clock, runId } = await startLifecycle(
      h,
      longAn((r) => (r.id = ID)),
    );
    await clock.advanceTo('2022-09-08T09:00');
    await api.submitDraft(ID, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });
    const requests = await h.sink.waitFor(mail(ID, 'feedback-request', ROUND), { count: 2 });
    const requestInvite = invite(requests.find((m) => m.to[0] === TAND)!);
    expect(requestInvite).toMatchObject({ SEQUENCE: '0', 'DTSTART;VALUE=DATE': '20220922' });
    await clock.advanceTo('2022-09-12T10:00');
    await api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree' });

    // Before the extension: reminders for the old deadline (Thu 22 Sep); the first goes out on 13 Sep.
    await clock.advanceTo('2022-09-13T09:00');
    const [early] = await h.sink.waitFor(mail(ID, 'reminder', ROUND));
    expect(early!.to).toEqual([TAND]);
    expect(early!.text).toContain('22/09/2022');
    let s = await api.status(ID);
    expect(s.deadlines).toEqual([
      expect.objectContaining({
        key: ROUND,
        lastDay: '2022-09-22',
        sequence: 0,
        nextReminder: '2022-09-19T01:00:00.000Z',
      }),
    ]);
    expect(s.extensions).toEqual([]);

    // Rejected: a date already past, and a deadline that is not open.
    await clock.advanceTo('2022-09-14T10:00');
    await expectRejected(
      h,
      ID,
      () => api.extendDeadline(ID, { deadline: ROUND, to: '2022-09-01', reason: REASON }),
      'to: 2022-09-01 is not in the future (today is 2022-09-14): choose a later date',
    );
    await expectRejected(
      h,
      ID,
      () => api.extendDeadline(ID, { deadline: ROUND, to: '2022-09-14', reason: REASON }),
      'to: 2022-09-14 is not in the future (today is 2022-09-14): choose a later date',
    );
    await expectRejected(
      h,
      ID,
      () => api.extendDeadline(ID, { deadline: 'consultation/round-2', to: '2022-10-06', reason: REASON }),
      `deadline: "consultation/round-2" is not an open deadline: use ${ROUND}`,
    );
    await expectRejected(
      h,
      ID,
      () => api.extendDeadline(ID, { deadline: 'signing', to: '2022-10-06', reason: REASON }),
      `deadline: "signing" is not an open deadline: use ${ROUND}`,
    );

    // Extended to Thu 6 Oct 2022: only the court, still pending, is told, with the moved calendar entry.
    await api.extendDeadline(ID, { deadline: ROUND, to: '2022-10-06', reason: REASON });
    const [extended] = await h.sink.waitFor(mail(ID, 'deadline-extended', ROUND));
    expect(extended!.to).toEqual([TAND]);
    expect(extended!.subject).toBe(`[${ID}] Gia hạn — Góp ý dự thảo v1 (vòng 1) — hạn mới 06/10/2022`);
    expect(extended!.text).toContain(REASON);
    expect(invite(extended!)).toMatchObject({
      UID: requestInvite['UID'],
      SEQUENCE: '1',
      'DTSTART;VALUE=DATE': '20221006',
    });
    s = await api.status(ID);
    expect(s.deadlines).toEqual([
      expect.objectContaining({
        key: ROUND,
        lastDay: '2022-10-06',
        sequence: 1,
        nextReminder: '2022-09-27T01:00:00.000Z',
        overdue: false,
      }),
    ]);
    expect(s.extensions).toEqual([
      {
        deadline: ROUND,
        from: '2022-09-22',
        to: '2022-10-06',
        reason: REASON,
        at: expect.stringMatching(/^2022-09-14T03:00/),
      },
    ]);
    expect(s.parties).toEqual([
      { body: 'hdnd', state: 'answered', decision: 'agree' },
      { body: 'tand', state: 'pending' },
    ]);

    // Past the old deadline and its escalation (23 Sep): nothing. Then the reminders of the new one.
    await clock.advanceTo('2022-10-06T12:00');
    await h.sink.waitFor(mail(ID, 'reminder', ROUND), { count: 5 });
    s = await api.status(ID);
    expect(s.stage).toBe('consultation');
    expect(
      s.mails
        .filter((m) => m.kind === 'reminder' && m.stepKey === ROUND)
        .map((m) => `${m.date} ${m.slot} ${m.to.join(',')}`),
    ).toEqual([
      `2022-09-13 7 working days ${TAND}`,
      `2022-09-27 7 working days ${TAND}`,
      `2022-10-03 3 working days ${TAND}`,
      `2022-10-05 1 working day ${TAND}`,
      `2022-10-06 0 days ${TAND}`,
    ]);
    const reminders = h.sink.messages.filter(mail(ID, 'reminder', ROUND));
    expect(reminders).toHaveLength(5);
    for (const m of reminders.slice(1)) {
      expect(m.text).toContain('06/10/2022');
      expect(m.text).not.toContain('22/09/2022');
      expect(invite(m)).toMatchObject({ UID: requestInvite['UID'], SEQUENCE: '1' });
    }
    expect(h.sink.messages.filter(mail(ID, 'escalation'))).toEqual([]);

    // The court answers on the new last day: the round closes.
    await api.submitFeedback(ID, { body: 'tand', round: 1, decision: 'agree' });
    await h.sink.waitFor(mail(ID, 'signing-invitation', 'signing'), { count: 2 });
    s = await api.status(ID);
    expect(s.stage).toBe('signing');
    expect(s.extensions).toHaveLength(1);
    await recorder.add(ID, runId, { runs: [1] }); // round 1, extended
  });
});
