/**
 * Silence in a consultation round: with `silence: consent` a body that never answers agrees by
 * silence at the deadline; with `silence: escalate` its leaders (cc the secretariat) are told the
 * working day after the deadline, and again every 3 working days until it answers.
 */
import { longAn } from '../support/lifecycle-harness';
import { lifecycleTestFile, mail, startLifecycle } from '../support/scenario';

const { h, recorder } = lifecycleTestFile('silence');

const TAND_LEADER = 'chanhan@tand.example.com';
const SECRETARIAT = 'thuky@vanphong.example.org';

/** Starts a lifecycle, sends draft v1 on 8 Sep 2022 (round 1 due Thu 22 Sep) and lets the council agree. */
async function roundOneWithSilentCourt(id: string, silence: 'consent' | 'escalate') {
  const { api, clock, runId } = await startLifecycle(
    h,
    longAn((r) => {
      r.id = id;
      r.schedule.silence = silence;
    }),
  );
  await clock.advanceTo('2022-09-08T09:00');
  await api.submitDraft(id, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });
  await h.sink.waitFor(mail(id, 'feedback-request', 'consultation/round-1'), { count: 2 });
  await clock.advanceTo('2022-09-15T10:00');
  await api.submitFeedback(id, { body: 'hdnd', round: 1, decision: 'agree' });
  return { api, clock, runId };
}

test('silence: consent — a body that never answers round 1 consents by silence at the deadline, and signing follows', async () => {
  const ID = 'silence-consent';
  await h.withWorker(async () => {
    const { api, clock, runId } = await roundOneWithSilentCourt(ID, 'consent');
    // The deadline is 24:00 on Thu 22 Sep; the escalation would have been on Fri 23 Sep 08:00.
    await clock.advanceTo('2022-09-23T10:00');
    await h.sink.waitFor(mail(ID, 'signing-invitation', 'signing'), { count: 2 });
    const s = await api.status(ID);
    expect(s.stage).toBe('signing');
    expect(s.rounds).toHaveLength(1);
    expect(s.rounds[0]).toEqual(
      expect.objectContaining({ n: 1, result: 'agreed', closedAt: expect.stringMatching(/^2022-09-22T17:00/) }),
    );
    expect(s.rounds[0]!.answers['hdnd']!.decision).toBe('agree');
    expect(s.rounds[0]!.answers['tand']).toEqual({
      decision: 'consent-by-silence',
      comments: [],
      at: '2022-09-22T17:00:00.000Z',
    });
    // Signing is counted from the day of the consent (23 Sep local): 15 days → Sat 8 Oct → Mon 10 Oct.
    expect(s.deadlines).toEqual([expect.objectContaining({ key: 'signing', lastDay: '2022-10-10' })]);
    // The court was reminded, never escalated.
    expect(
      s.mails
        .filter((m) => m.kind === 'reminder' && m.stepKey === 'consultation/round-1')
        .map((m) => `${m.date} ${m.to.join(',')}`),
    ).toEqual([
      '2022-09-13 lienlac@hdnd.example.org',
      '2022-09-13 vanthu@tand.example.com',
      '2022-09-19 vanthu@tand.example.com',
      '2022-09-21 vanthu@tand.example.com',
      '2022-09-22 vanthu@tand.example.com',
    ]);
    expect(s.mails.filter((m) => m.kind === 'escalation')).toEqual([]);
    expect(h.sink.messages.filter(mail(ID, 'escalation'))).toEqual([]);
    await recorder.add(ID, runId, { runs: [1] }); // round 1
  });
});

test('silence: escalate — the silent body’s leaders are told the working day after the deadline, every 3 working days until it answers', async () => {
  const ID = 'silence-escalate';
  await h.withWorker(async () => {
    const { api, clock, runId } = await roundOneWithSilentCourt(ID, 'escalate');

    // Fri 23 Sep 08:00, the working day after the deadline: the court's leaders, cc the secretariat.
    await clock.advanceTo('2022-09-23T09:00');
    const [first] = await h.sink.waitFor(mail(ID, 'escalation', 'consultation/round-1'));
    expect(first!.to).toEqual([TAND_LEADER]);
    expect(first!.cc).toEqual([SECRETARIAT]);
    expect(first!.subject).toBe(`[${ID}] Quá hạn — Góp ý dự thảo v1 (vòng 1) — Ban Cán sự Đảng Tòa án nhân dân tỉnh`);
    expect(first!.text).toContain('hạn 24:00 Thứ Năm, 22/09/2022');
    expect(first!.text).toContain('Ban Cán sự Đảng Tòa án nhân dân tỉnh');
    let s = await api.status(ID);
    expect(s.stage).toBe('consultation');
    expect(s.parties).toEqual([
      { body: 'hdnd', state: 'answered', decision: 'agree' },
      { body: 'tand', state: 'overdue' },
    ]);
    expect(s.deadlines).toEqual([
      expect.objectContaining({
        key: 'consultation/round-1',
        lastDay: '2022-09-22',
        overdue: true,
        nextReminder: '2022-09-28T01:00:00.000Z',
      }),
    ]);

    // 3 working days later (Wed 28 Sep): again.
    await clock.advanceTo('2022-09-28T09:00');
    const escalations = await h.sink.waitFor(mail(ID, 'escalation', 'consultation/round-1'), { count: 2 });
    expect(escalations.map((m) => [m.to, m.cc])).toEqual([
      [[TAND_LEADER], [SECRETARIAT]],
      [[TAND_LEADER], [SECRETARIAT]],
    ]);
    s = await api.status(ID);
    expect(s.mails.filter((m) => m.kind === 'escalation').map((m) => `${m.date} ${m.slot} ${m.to.join(',')}`)).toEqual([
      `2022-09-23 escalation-1 ${TAND_LEADER}`,
      `2022-09-28 escalation-2 ${TAND_LEADER}`,
    ]);

    // The court answers on Thu 29 Sep: the round closes and the next escalation (Mon 3 Oct) never comes.
    await clock.advanceTo('2022-09-29T10:00');
    await api.submitFeedback(ID, { body: 'tand', round: 1, decision: 'agree', reference: '150/CV-TAND, 2022-09-29' });
    await h.sink.waitFor(mail(ID, 'signing-invitation', 'signing'), { count: 2 });
    await clock.advanceTo('2022-10-04T12:00');
    s = await api.status(ID);
    expect(s.stage).toBe('signing');
    expect(s.rounds[0]).toEqual(expect.objectContaining({ result: 'agreed' }));
    expect(s.rounds[0]!.answers['tand']).toEqual(
      expect.objectContaining({ decision: 'agree', at: expect.stringMatching(/^2022-09-29T03:00/) }),
    );
    expect(s.mails.filter((m) => m.kind === 'escalation')).toHaveLength(2);
    expect(h.sink.messages.filter(mail(ID, 'escalation'))).toHaveLength(2);
    await recorder.add(ID, runId, { runs: [1] }); // round 1
  });
});

test('escalate: a lifecycle started long after a deadline sends the latest due escalation, not every missed one', async () => {
  const ID = 'late-start';
  await h.withWorker(async () => {
    // Started on Tue 10 Jan 2023, 08:30: the drafting deadline (Fri 16 Sep 2022) is months past,
    // and escalations have been due every 3 working days since Mon 19 Sep 2022.
    const { api, clock, runId } = await startLifecycle(
      h,
      longAn((r) => (r.id = ID)),
      { startAt: '2023-01-10T01:30:00.000Z' },
    );
    // The late secretariat is escalated to every body's leaders and to the secretariat itself: once
    // each, so the leaders' copies do not cc the secretariat as well.
    const first = await h.sink.waitFor(mail(ID, 'escalation', 'drafting'), { count: 3 });
    expect(first.map((m) => [m.to[0], m.cc]).sort()).toEqual([
      ['chanhan@tand.example.com', []],
      ['lanhdao@hdnd.example.org', []],
      ['thuky@vanphong.example.org', []],
    ]);
    expect(first[0]!.subject).toBe(`[${ID}] Quá hạn — Soạn thảo dự thảo quy chế — Văn phòng giúp việc`);
    expect(first[0]!.text).toContain('nhưng Văn phòng giúp việc chưa hoàn thành việc này (chưa có dự thảo).');
    await clock.advanceTo('2023-01-10T12:00');
    let s = await api.status(ID);
    const sent = s.mails.filter((m) => m.kind === 'escalation');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((m) => `${m.date} ${m.slot}`)).size).toBe(1);
    expect(sent[0]!.date).toBe('2023-01-10');
    expect(h.sink.messages.filter(mail(ID, 'escalation'))).toHaveLength(3);
    expect(h.sink.messages.filter(mail(ID, 'reminder'))).toEqual([]);
    // From here on, one escalation per repeat period, as in time.
    const next = s.deadlines[0]!.nextReminder!;
    expect(Date.parse(next)).toBeGreaterThan(Date.parse('2023-01-10T12:00+07:00'));
    await clock.advanceTo(new Date(Date.parse(next) + 3600_000).toISOString());
    await h.sink.waitFor(mail(ID, 'escalation', 'drafting'), { count: 6 });
    s = await api.status(ID);
    const slots = s.mails.filter((m) => m.kind === 'escalation').map((m) => Number(m.slot?.replace('escalation-', '')));
    expect(slots[3]).toBe(slots[0]! + 1);
    expect(h.sink.messages.filter(mail(ID, 'escalation'))).toHaveLength(6);
    await recorder.add(ID, runId, { runs: [0] }); // drafting, catching up
  });
});

test('escalate: escalations stop at escalation.max; then the lifecycle waits quietly and an answer still moves it on', async () => {
  const ID = 'escalation-cap';
  await h.withWorker(async () => {
    const { api, clock } = await startLifecycle(
      h,
      longAn((r) => {
        r.id = ID;
        r.schedule.escalation.max = 2;
      }),
    );
    await clock.advanceTo('2022-09-08T09:00');
    await api.submitDraft(ID, { version: 'v1', link: 'https://docs.example.org/v1.pdf' });
    await h.sink.waitFor(mail(ID, 'feedback-request'), { count: 2 });
    await api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree' });
    // Round 1 ends Thu 22 Sep 2022; the court stays silent for weeks: escalations on 23 and 28 Sep only.
    await clock.advanceTo('2022-11-30T09:00');
    const s = await api.status(ID);
    expect(s.mails.filter((m) => m.kind === 'escalation').map((m) => m.date)).toEqual(['2022-09-23', '2022-09-28']);
    expect(h.sink.messages.filter(mail(ID, 'escalation'))).toHaveLength(2);
    expect(s.deadlines[0]).toEqual(expect.objectContaining({ key: 'consultation/round-1', overdue: true }));
    expect(s.deadlines[0]!.nextReminder).toBeUndefined();
    // The answer, however late, closes the round.
    await api.submitFeedback(ID, { body: 'tand', round: 1, decision: 'agree' });
    await h.sink.waitFor(mail(ID, 'signing-invitation'), { count: 2 });
  });
});
