/**
 * Past maxRounds: the leaders are escalated to, no new draft is taken, and the lifecycle waits
 * until the leaders grant another round (extendDeadline "rounds" with the revision's new date).
 */
import { longAn } from '../support/lifecycle-harness';
import { answerAllComments, expectRejected, lifecycleTestFile, mail, startLifecycle } from '../support/scenario';

const { h, recorder } = lifecycleTestFile('max-rounds');
const ID = 'max-rounds';

test('the last round ends without agreement: leaders escalated, drafts refused until another round is granted', async () => {
  await h.withWorker(async () => {
    const { api, clock, runId } = await startLifecycle(
      h,
      longAn((r) => {
        r.id = ID;
        r.schedule.maxRounds = 1;
      }),
    );
    await clock.advanceTo('2022-09-08T09:00');
    await api.submitDraft(ID, { version: 'v1', link: 'https://docs.example.org/v1.pdf' });
    await h.sink.waitFor(mail(ID, 'feedback-request'), { count: 2 });
    await api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree' });
    await api.submitFeedback(ID, {
      body: 'tand',
      round: 1,
      decision: 'request-changes',
      comments: [{ area: 'personnel', text: 'Chưa thống nhất.' }],
    });

    // Both bodies' leaders hear that the rounds ran out; the secretariat is cc'd on one copy only.
    const escalations = await h.sink.waitFor(mail(ID, 'escalation', 'consultation/round-1/max-rounds'), { count: 2 });
    expect(escalations.map((m) => [m.to[0], m.cc]).sort()).toEqual([
      ['chanhan@tand.example.com', []],
      ['lanhdao@hdnd.example.org', ['thuky@vanphong.example.org']],
    ]);
    // The comment table says that the revised draft waits for the leaders.
    const [table] = await h.sink.waitFor(mail(ID, 'comment-table'));
    expect(table!.text).toContain(
      'thời hạn gửi dự thảo chỉnh lý được ấn định khi lãnh đạo các cơ quan đồng ý cho thêm một vòng',
    );
    let s = await api.status(ID);
    expect(s.stage).toBe('revision');
    expect(s.roundsExhausted).toBe(true);
    expect(s.deadlines).toEqual([]);

    await expectRejected(
      h,
      ID,
      () => api.submitDraft(ID, { version: 'v2', link: 'https://docs.example.org/v2.pdf' }),
      'all 1 consultation rounds are used: the leaders must grant another with extendDeadline --deadline rounds',
    );
    // Nothing is chased while the leaders decide.
    await clock.advanceTo('2022-10-31T09:00');
    expect(h.sink.messages.filter(mail(ID, 'reminder', 'revision/round-1'))).toEqual([]);

    await api.extendDeadline(ID, {
      deadline: 'rounds',
      to: '2022-11-10',
      reason: 'Lãnh đạo hai bên đồng ý thêm một vòng góp ý',
    });
    s = await api.status(ID);
    expect(s.extensions).toEqual([
      expect.objectContaining({
        deadline: 'rounds',
        to: '2022-11-10',
        reason: 'Lãnh đạo hai bên đồng ý thêm một vòng góp ý',
      }),
    ]);
    // The granted round's revision is due on the given date, and the secretariat is reminded of
    // it: 7 working days before Thu 10 Nov is Tue 1 Nov.
    await clock.advanceTo('2022-11-01T09:00');
    const [reminder] = await h.sink.waitFor(mail(ID, 'reminder', 'revision/round-1'));
    expect(reminder!.to).toEqual(['thuky@vanphong.example.org']);
    s = await api.status(ID);
    expect(s.deadlines).toEqual([expect.objectContaining({ key: 'revision/round-1', lastDay: '2022-11-10' })]);
    await answerAllComments(api, ID);
    await api.submitDraft(ID, { version: 'v2', link: 'https://docs.example.org/v2.pdf' });
    await h.sink.waitFor(mail(ID, 'feedback-request', 'consultation/round-2'), { count: 2 });
    s = await api.status(ID);
    expect(s).toEqual(
      expect.objectContaining({ stage: 'consultation', round: 2, draftVersion: 'v2', roundsExhausted: false }),
    );
    await recorder.add(ID, runId, { runs: [2] }); // the exhausted revision, waiting and granted
  });
});
