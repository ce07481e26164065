/**
 * Withdrawal (rút quy chế) from any stage: during a consultation round, and during a running
 * sơ kết, whose child review is cancelled. Everyone is told; nothing more is sent; a second
 * withdrawal is rejected.
 */
import { UserError } from '../../client/api';
import type { regulationLifecycle } from '../../workflows';
import { longAn } from '../support/lifecycle-harness';
import { bringIntoForce, lifecycleTestFile, mail, openFirstRound, startLifecycle } from '../support/scenario';

const { h, recorder } = lifecycleTestFile('withdrawal');

const EVERYONE = ['lienlac@hdnd.example.org', 'thuky@vanphong.example.org', 'vanthu@tand.example.com'];

test('withdraw during consultation: stage withdrawn with its reason, everyone told, no more reminders, a second withdrawal rejected', async () => {
  const ID = 'withdraw-consultation';
  await h.withWorker(async () => {
    const started = await startLifecycle(
      h,
      longAn((r) => (r.id = ID)),
    );
    const { api, clock, runId } = started;
    await openFirstRound(h, started);
    await api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree' });

    // Mon 12 Sep, before the first round reminder (13 Sep).
    await clock.advanceTo('2022-09-12T10:00');
    const reason = 'Hai bên thống nhất dừng xây dựng quy chế để chờ hướng dẫn mới của Trung ương';
    const answer = await api.withdraw(ID, { reason });
    expect(answer).toEqual(
      expect.objectContaining({
        accepted: true,
        update: 'withdraw',
        stage: 'withdrawn',
        at: expect.stringMatching(/^2022-09-12T03:00/),
      }),
    );

    const notices = await h.sink.waitFor(mail(ID, 'stage-notice', 'withdrawn'), { count: 3 });
    expect(notices.map((m) => m.to[0]).sort()).toEqual(EVERYONE);
    expect(notices[0]!.text).toContain(reason);
    const result = await h.env.client.workflow.getHandle<typeof regulationLifecycle>(ID).result();
    expect(result).toEqual(
      expect.objectContaining({
        stage: 'withdrawn',
        withdrawn: { reason, at: expect.stringMatching(/^2022-09-12T03:00/) },
        deadlines: [],
      }),
    );
    expect(result.rounds[0]!.closedAt).toBeUndefined();

    // Past the round's reminders, deadline and escalations: nothing more for this lifecycle.
    const sent = h.sink.messages.filter((m) => m.headers['x-lifecycle-id'] === ID).length;
    await h.env.sleep(30 * 24 * 3600 * 1000);
    expect(h.sink.messages.filter((m) => m.headers['x-lifecycle-id'] === ID)).toHaveLength(sent);
    expect(
      (await api.status(ID)).mails.filter((m) => m.kind === 'reminder' && m.stepKey === 'consultation/round-1'),
    ).toEqual([]);

    // A withdrawn lifecycle has ended: a second withdrawal is refused, and the clerk is told it
    // ended rather than that the id is unknown.
    const again = await api.withdraw(ID, { reason: 'lần nữa' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(UserError);
    expect((again as Error).message).toBe(
      `lifecycle ${ID} has ended (completed): nothing more can be recorded; see 'regulation export ${ID}'`,
    );
    expect(h.sink.messages.filter(mail(ID, 'stage-notice', 'withdrawn'))).toHaveLength(3);
    await recorder.add(ID, runId, { runs: [1] }); // round 1, withdrawn
  });
});

test('withdraw during a running sơ kết: the review is cancelled and the lifecycle ends withdrawn', async () => {
  const ID = 'withdraw-review';
  await h.withWorker(async () => {
    const started = await startLifecycle(
      h,
      longAn((r) => (r.id = ID)),
    );
    const { api, clock, runId } = started;
    await bringIntoForce(h, started);

    // Sơ kết 1 (meeting Wed 20 Sep 2023) is running: report requests went out on 21 Aug.
    await clock.advanceTo('2023-08-22T09:00');
    await h.sink.waitFor(mail(ID, 'review-report-request', 'so-ket-1/reports'), { count: 2 });
    const review = h.env.client.workflow.getHandle(`${ID}/so-ket-1`);
    expect((await review.describe()).status.name).toBe('RUNNING');
    await api.submitReviewReport(ID, {
      body: 'hdnd',
      review: 1,
      assessments: { supervision: 'Đã giám sát 2 phiên tòa.' },
    });

    const reason = 'Sáp nhập đơn vị hành chính cấp tỉnh: quy chế không còn đối tượng áp dụng';
    await api.withdraw(ID, { reason });
    await h.sink.waitFor(mail(ID, 'stage-notice', 'withdrawn'), { count: 3 });
    // The lifecycle tells everyone only once the review's cancellation has completed.
    expect((await review.describe()).status.name).toBe('CANCELLED');

    // The court is never reminded of its report (first reminder 24 Aug), nor its leaders told.
    const sent = h.sink.messages.filter((m) => m.headers['x-lifecycle-id'] === ID).length;
    await clock.advanceTo('2023-09-25T09:00');
    expect(h.sink.messages.filter((m) => m.headers['x-lifecycle-id'] === ID)).toHaveLength(sent);
    expect(h.sink.messages.filter(mail(ID, 'reminder', 'so-ket-1/reports'))).toEqual([]);

    const result = await h.env.client.workflow.getHandle<typeof regulationLifecycle>(ID).result();
    expect(result).toEqual(
      expect.objectContaining({
        stage: 'withdrawn',
        withdrawn: { reason, at: expect.stringMatching(/^2023-08-22T02:00/) },
        effectiveDate: '2022-09-20',
        reviews: [],
        deadlines: [],
      }),
    );
    expect(result.nextReview).toBeUndefined();

    await expect(api.withdraw(ID, { reason: 'lần nữa' })).rejects.toBeInstanceOf(UserError);
    await recorder.add(ID, runId, { runs: [3] }); // in force, withdrawn during sơ kết 1
  });
});
