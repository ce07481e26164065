/**
 * Amendment after a sơ kết: the review decides "amend", the lifecycle runs an amendment cycle
 * (drafting → consultation → signing, every step key prefixed `amendment-1/`), comes back in
 * force, and the review schedule goes on from the ORIGINAL effective date.
 */
import type { regulationLifecycle } from '../../workflows';
import { longAn } from '../support/lifecycle-harness';
import { bringIntoForce, lifecycleTestFile, mail, startLifecycle } from '../support/scenario';

const { h, recorder } = lifecycleTestFile('amendment');

const ID = 'amendment';
const TAND = 'vanthu@tand.example.com';

test('amend at sơ kết 1: amendment cycle with prefixed steps, back in force, sơ kết 2 from the original effective date', async () => {
  // A short term: sơ kết 1 and 2, then the tổng kết at the end of 2024.
  const regulation = longAn((r) => {
    r.id = ID;
    r.schedule.finalReview = '2024-12-31';
  });
  await h.withWorker(async () => {
    const started = await startLifecycle(h, regulation);
    const { api, clock, runId } = started;
    await bringIntoForce(h, started);
    // The next review is planned just after the notice goes out: look a day later.
    await clock.advanceTo('2022-09-21T09:00');
    let s = await api.status(ID);
    expect(s).toEqual(expect.objectContaining({ stage: 'in-force', cycle: 1, effectiveDate: '2022-09-20' }));
    expect(s.nextReview).toEqual({ n: 1, kind: 'so-ket', meetingDate: '2023-09-20', workflowId: `${ID}/so-ket-1` });

    // Sơ kết 1 (Wed 20 Sep 2023): report requests on 21 Aug; both report; the meeting decides to amend.
    await clock.advanceTo('2023-08-22T09:00');
    await h.sink.waitFor(mail(ID, 'review-report-request', 'so-ket-1/reports'), { count: 2 });
    await api.submitReviewReport(ID, {
      body: 'hdnd',
      review: 1,
      assessments: { supervision: 'Cần bổ sung quy định về giám sát chuyên đề.' },
    });
    await api.submitReviewReport(ID, {
      body: 'tand',
      review: 1,
      assessments: { personnel: 'Cần sửa quy trình giới thiệu Hội thẩm.' },
    });
    await clock.advanceTo('2023-09-20T11:00');
    await api.recordReviewOutcome(ID, { review: 1, decision: 'amend', notes: 'Sửa đổi Điều 5 và Điều 8.' });
    await h.sink.waitFor(mail(ID, 'review-outcome', 'so-ket-1/outcome'), { count: 5 });

    // The amendment cycle starts drafting from the meeting day: 30 days → Fri 20 Oct 2023.
    await clock.advanceTo('2023-09-21T09:00');
    s = await api.status(ID);
    expect(s).toEqual(expect.objectContaining({ stage: 'drafting', cycle: 2, effectiveDate: '2022-09-20' }));
    expect(s.nextReview).toBeUndefined();
    expect(s.reviews.map((r) => [r.kind, r.n, r.meetingDate, r.outcome?.decision])).toEqual([
      ['so-ket', 1, '2023-09-20', 'amend'],
    ]);
    expect(s.deadlines).toEqual([expect.objectContaining({ key: 'amendment-1/drafting', lastDay: '2023-10-20' })]);
    expect(s.signatures).toEqual({});

    // The amendment draft opens round 2 (rounds count across cycles), under the amendment's keys.
    await clock.advanceTo('2023-10-02T09:00');
    await api.submitDraft(ID, {
      version: 'v2-sua-doi',
      link: 'https://docs.example.org/quy-che/v2-sua-doi.pdf',
      note: 'Dự thảo sửa đổi, bổ sung',
    });
    const requests = await h.sink.waitFor(mail(ID, 'feedback-request', 'amendment-1/consultation/round-2'), {
      count: 2,
    });
    expect(requests[0]!.text).toContain('v2-sua-doi');
    s = await api.status(ID);
    expect(s).toEqual(
      expect.objectContaining({ stage: 'consultation', cycle: 2, round: 2, draftVersion: 'v2-sua-doi' }),
    );
    expect(s.deadlines).toEqual([
      expect.objectContaining({ key: 'amendment-1/consultation/round-2', lastDay: '2023-10-16' }),
    ]);
    await clock.advanceTo('2023-10-03T10:00');
    await api.submitFeedback(ID, { body: 'hdnd', round: 2, decision: 'agree' });
    await api.submitFeedback(ID, { body: 'tand', round: 2, decision: 'agree' });

    // Signing the amendment: 15 days → Wed 18 Oct 2023; the court, not yet signed, is reminded on 9 Oct.
    await h.sink.waitFor(mail(ID, 'signing-invitation', 'amendment-1/signing'), { count: 2 });
    s = await api.status(ID);
    expect(s).toEqual(expect.objectContaining({ stage: 'signing', cycle: 2, signatures: {} }));
    expect(s.deadlines).toEqual([expect.objectContaining({ key: 'amendment-1/signing', lastDay: '2023-10-18' })]);
    await clock.advanceTo('2023-10-04T10:00');
    await api.recordSignature(ID, { body: 'hdnd', signer: 'Mai Văn Nhiều' });
    await clock.advanceTo('2023-10-09T09:00');
    const [reminder] = await h.sink.waitFor(mail(ID, 'reminder', 'amendment-1/signing'));
    expect(reminder!.to).toEqual([TAND]);
    await clock.advanceTo('2023-10-10T10:00');
    await api.recordSignature(ID, { body: 'tand', signer: 'Lê Quốc Dũng' });
    await h.sink.waitFor(mail(ID, 'stage-notice', 'amendment-1/effective'), { count: 3 });
    await clock.advanceTo('2023-10-11T09:00');

    // In force again: sơ kết 2 counts from the original 20 Sep 2022, not from the amendment (10 Oct 2023).
    s = await api.status(ID);
    expect(s).toEqual(expect.objectContaining({ stage: 'in-force', cycle: 2, effectiveDate: '2023-10-10' }));
    expect(s.nextReview).toEqual({ n: 2, kind: 'so-ket', meetingDate: '2024-09-20', workflowId: `${ID}/so-ket-2` });

    // Sơ kết 2 ends the regulation.
    await clock.advanceTo('2024-08-22T09:00');
    await h.sink.waitFor(mail(ID, 'review-report-request', 'so-ket-2/reports'), { count: 2 });
    await api.submitReviewReport(ID, { body: 'hdnd', review: 2, assessments: { supervision: 'Thực hiện tốt.' } });
    await api.submitReviewReport(ID, { body: 'tand', review: 2, assessments: { personnel: 'Thực hiện tốt.' } });
    await clock.advanceTo('2024-09-20T11:00');
    await api.recordReviewOutcome(ID, { review: 2, decision: 'end', notes: 'Kết thúc trước nhiệm kỳ.' });
    await h.env.client.workflow.getHandle<typeof regulationLifecycle>(ID).result();
    // The full record: the query's answer completed from the runs' histories.
    const result = await api.status(ID);
    expect(result).toEqual(expect.objectContaining({ stage: 'closed', cycle: 2, effectiveDate: '2023-10-10' }));
    expect(result.rounds.map((r) => [r.n, r.cycle, r.draftVersion, r.deadlineKey, r.result])).toEqual([
      [1, 1, 'v1', 'consultation/round-1', 'agreed'],
      [2, 2, 'v2-sua-doi', 'amendment-1/consultation/round-2', 'agreed'],
    ]);
    expect(result.reviews.map((r) => [r.kind, r.n, r.meetingDate, r.outcome?.decision])).toEqual([
      ['so-ket', 1, '2023-09-20', 'amend'],
      ['so-ket', 2, '2024-09-20', 'end'],
    ]);
    // Every email of the amendment cycle is under its prefix.
    const cycleTwo = result.mails.filter((m) => m.at >= '2023-09-21' && m.kind !== 'closing-summary');
    expect(cycleTwo.length).toBeGreaterThan(0);
    expect(cycleTwo.filter((m) => !m.stepKey.startsWith('amendment-1/'))).toEqual([]);
    expect(h.sink.messages.filter(mail(ID, 'closing-summary', 'closed'))).toHaveLength(5);
    await recorder.add(ID, runId, { runs: [3] }); // in force: sơ kết 1 decides to amend
  });
});
