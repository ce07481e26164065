/**
 * Every update validator's rejection, stage by stage through one lifecycle: each is asserted by
 * the message the clerk sees (a UserError from the typed API) and by the workflow history, which
 * the rejected update must leave without an update event or a command.
 */
import { submitReviewReport, recordReviewOutcome } from '../../workflows/definitions';
import { longAn } from '../support/lifecycle-harness';
import { answerAllComments, expectRejected, lifecycleTestFile, mail, startLifecycle } from '../support/scenario';

const { h, recorder } = lifecycleTestFile('validators');

const ID = 'validators';
const REVIEW = `${ID}/so-ket-1`;
const AREAS = 'directive-26, supervision, petitions, personnel';
const link = (v: string) => `https://docs.example.org/quy-che/${v}.pdf`;

test('every validator rejects with its message and leaves no trace in history', async () => {
  await h.withWorker(async () => {
    const { api, clock, runId } = await startLifecycle(
      h,
      longAn((r) => (r.id = ID)),
    );
    const rejected = (call: () => Promise<unknown>, message: string) => expectRejected(h, ID, call, message);
    await clock.advanceTo('2022-08-18T09:00');

    // ---- drafting ----
    await rejected(
      () => api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree' }),
      'no draft has been sent for comments yet: feedback opens with round 1 after the draft is submitted',
    );
    await rejected(
      () => api.submitDraft(ID, { version: 'v1', link: 'docs.example.org/v1.pdf' }),
      'link: "docs.example.org/v1.pdf" is not a web address: give an http(s) URL, e.g. https://docs.example.org/draft-v2.pdf',
    );
    await rejected(
      () => api.submitDraft(ID, { version: ' ', link: link('v1') }),
      'version: is empty: give a label such as "v2"',
    );
    await rejected(
      () => api.withdraw(ID, { reason: '  ' }),
      'reason: is empty: say why the regulation is withdrawn; it is kept for the audit',
    );
    const exchange = {
      subject: 'Danh sách Hội thẩm nhân dân',
      summary: 'TAND gửi danh sách Hội thẩm nhân dân nhiệm kỳ 2021–2026.',
    };
    await rejected(
      () => api.logInformationExchange(ID, { from: 'tand', to: ['vks'], ...exchange }),
      'to[0]: unknown body "vks": use one of hdnd, tand',
    );
    await rejected(
      () => api.logInformationExchange(ID, { from: 'tand', to: ['hdnd', 'tand'], ...exchange }),
      'to[1]: "tand" is the sender: name the bodies that receive the information',
    );
    await rejected(
      () => api.logInformationExchange(ID, { from: 'vks', to: ['hdnd'], ...exchange }),
      'from: unknown body "vks": use one of hdnd, tand',
    );
    await rejected(
      () => api.extendDeadline(ID, { deadline: 'drafting', to: '2022-08-01', reason: 'chậm' }),
      'to: 2022-08-01 is not in the future (today is 2022-08-18): choose a later date',
    );
    await rejected(
      () => api.extendDeadline(ID, { deadline: 'drafting', to: '2022-09-16', reason: 'chậm' }),
      'to: 2022-09-16 is already the deadline of drafting',
    );
    await rejected(
      () => api.extendDeadline(ID, { deadline: 'consultation/round-1', to: '2022-10-01', reason: 'chậm' }),
      'deadline: "consultation/round-1" is not an open deadline: use drafting',
    );
    await rejected(
      () => api.extendDeadline(ID, { deadline: 'rounds', to: '2022-10-01', reason: 'chậm' }),
      'deadline: "rounds" can be extended only after all 3 rounds are used',
    );
    await rejected(
      () => api.scheduleSigning(ID, { at: '2022-10-20T09:00+07:00' }),
      'signing can be scheduled once every body has agreed: the lifecycle is in drafting',
    );

    // ---- consultation, round 1 ----
    await clock.advanceTo('2022-09-08T09:00');
    await rejected(
      () => api.submitDraft(ID, { version: 'v1', link: link('v1'), submittedBy: 'thư ký\nvăn phòng' }),
      'submittedBy: "thư ký\\nvăn phòng" contains a line break (\\n) at character 7: write it on one line',
    );
    await rejected(
      () => api.submitDraft(ID, { version: 'v1', link: link('v1'), submittedBy: 'x'.repeat(201) }),
      'submittedBy: give the name or email address of the person who acts, on one line of at most 200 characters, or leave it out',
    );
    await api.submitDraft(ID, { version: 'v1', link: link('v1'), submittedBy: 'thuky@vanphong.example.org' });
    await h.sink.waitFor(mail(ID, 'feedback-request', 'consultation/round-1'), { count: 2 });
    // Who acted is recorded with the draft.
    expect((await api.status(ID)).drafts[0]).toEqual(
      expect.objectContaining({ version: 'v1', submittedBy: 'thuky@vanphong.example.org' }),
    );
    // A short time skip lets the run's activities finish, so each check sees only its own update.
    await clock.advanceTo('2022-09-08T09:30');
    await rejected(
      () => api.submitFeedback(ID, { body: 'vks', round: 1, decision: 'agree' }),
      'body: unknown body "vks": use one of hdnd, tand',
    );
    await rejected(
      () =>
        api.submitFeedback(ID, {
          body: 'tand',
          round: 1,
          decision: 'request-changes',
          comments: [{ area: 'finance', text: 'Bổ sung kinh phí.' }],
        }),
      `comments[0].area: unknown area "finance": use one of ${AREAS} or omit it for a general comment`,
    );
    await rejected(
      () => api.submitFeedback(ID, { body: 'hdnd', round: 2, decision: 'agree' }),
      'round: round 2 has not started: the current round is 1',
    );
    await rejected(
      () => api.submitFeedback(ID, { body: 'tand', round: 1, decision: 'request-changes' }),
      'comments: requesting changes needs at least one comment saying what to change',
    );
    await rejected(
      () => api.submitFeedback(ID, { body: 'tand', round: 1, decision: 'maybe' as never }),
      'decision: "maybe" is not a decision: use agree or request-changes',
    );
    await rejected(
      () => api.submitDraft(ID, { version: 'v2', link: link('v2') }),
      'a draft is not expected in stage consultation: drafts are submitted while drafting or revising',
    );
    await rejected(
      () => api.recordSignature(ID, { body: 'hdnd', signer: 'Mai Văn Nhiều' }),
      'a signature before agreement is not possible: the lifecycle is in consultation; bodies sign after every body agreed',
    );
    const agreed = await api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree' });
    const at = agreed.at;
    await rejected(
      () =>
        api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'request-changes', comments: [{ text: 'Đổi ý.' }] }),
      `body: hdnd already answered round 1 (agree at ${at}): one answer per body and round`,
    );
    await api.submitFeedback(ID, {
      body: 'tand',
      round: 1,
      decision: 'request-changes',
      comments: [{ area: 'personnel', text: 'Bổ sung quy trình giới thiệu Hội thẩm.' }],
    });

    // ---- revision after round 1 ----
    await h.sink.waitFor(mail(ID, 'comment-table', 'consultation/round-1/comment-table'));
    await clock.advanceTo('2022-09-08T10:00');
    await rejected(
      () => api.submitFeedback(ID, { body: 'tand', round: 1, decision: 'agree' }),
      'round: round 1 is closed: send comments on the next draft when its round opens',
    );
    await rejected(
      () => api.submitDraft(ID, { version: 'v1', link: link('v1-bis') }),
      'version: "v1" was already submitted: use a new label',
    );
    await rejected(
      () => api.submitDraft(ID, { version: 'v2', link: link('v2'), sha256: 'abc' }),
      'sha256: is not 64 hex digits: omit it or pass the file so it is computed',
    );

    // ---- consultation, round 2 ----
    await clock.advanceTo('2022-09-12T09:00');
    await answerAllComments(api, ID);
    await api.submitDraft(ID, { version: 'v2', link: link('v2') });
    await h.sink.waitFor(mail(ID, 'feedback-request', 'consultation/round-2'), { count: 2 });
    await clock.advanceTo('2022-09-12T09:30');
    await rejected(
      () => api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree' }),
      'round: round 1 is closed: send comments on the next draft when its round opens',
    );
    await api.submitFeedback(ID, { body: 'hdnd', round: 2, decision: 'agree' });
    await api.submitFeedback(ID, { body: 'tand', round: 2, decision: 'agree' });

    // ---- signing ----
    await h.sink.waitFor(mail(ID, 'signing-invitation', 'signing'), { count: 2 });
    await clock.advanceTo('2022-09-20T10:00');
    await rejected(
      () => api.scheduleSigning(ID, { at: '2022-09-01T09:00+07:00', place: 'Hội trường HĐND tỉnh' }),
      'at: 2022-09-01T09:00+07:00 is in the past: choose a future date and time',
    );
    await rejected(
      () => api.scheduleSigning(ID, { at: '2022-09-30' }),
      'at: "2022-09-30" is not a date and time: write e.g. 2022-11-10T09:00+07:00',
    );
    await rejected(
      () => api.recordSignature(ID, { body: 'hdnd', signer: 'Mai Văn Nhiều', signedAt: '2022-12-01T09:00+07:00' }),
      'signedAt: 2022-12-01T09:00+07:00 is in the future: record a signature once it is made',
    );
    await api.recordSignature(ID, { body: 'hdnd', signer: 'Mai Văn Nhiều' });
    await rejected(
      () => api.recordSignature(ID, { body: 'hdnd', signer: 'Mai Văn Nhiều' }),
      'body: hdnd already signed (Mai Văn Nhiều)',
    );
    await rejected(
      () => api.recordSignature(ID, { body: 'tand', signer: ' ' }),
      "signer: is empty: give the signer's name",
    );
    await api.recordSignature(ID, { body: 'tand', signer: 'Lê Quốc Dũng' });
    await h.sink.waitFor(mail(ID, 'stage-notice', 'effective'), { count: 3 });

    // ---- sơ kết 1 (meeting Wed 20 Sep 2023; report requests on 21 Aug) ----
    await clock.advanceTo('2023-08-22T09:00');
    await h.sink.waitFor(mail(ID, 'review-report-request', 'so-ket-1/reports'), { count: 2 });
    await clock.advanceTo('2023-08-22T09:30');
    const review = h.env.client.workflow.getHandle(REVIEW);
    const reviewRejected = (call: () => Promise<unknown>, message: string) => expectRejected(h, REVIEW, call, message);
    // The API sends a report to the review it names; a review that is not running is not open.
    await expect(
      api.submitReviewReport(ID, { body: 'hdnd', review: 2, assessments: { supervision: 'Tốt.' } }),
    ).rejects.toThrow(`review 2 of ${ID} is not open: no workflow ${ID}/so-ket-2`);
    // The review's own validator, reached directly: a report for another review number.
    await reviewRejected(
      () =>
        review.executeUpdate(submitReviewReport, {
          args: [{ body: 'hdnd', review: 2, assessments: { supervision: 'Tốt.' } }],
        }),
      'review: this is so-ket-1; send the report for review 1',
    );
    await reviewRejected(
      () => review.executeUpdate(recordReviewOutcome, { args: [{ review: 3, decision: 'continue' }] }),
      'review: this is so-ket-1; record the outcome of review 1',
    );
    await reviewRejected(
      () => api.submitReviewReport(ID, { body: 'hdnd', review: 1, assessments: { finance: 'Đủ kinh phí.' } }),
      `assessments.finance: unknown area: use one of ${AREAS} (or a part of the report: limitations, lessons, directions, proposals)`,
    );
    await reviewRejected(
      () => api.submitReviewReport(ID, { body: 'vks', review: 1, assessments: { supervision: 'Tốt.' } }),
      'body: unknown body "vks": use one of hdnd, tand',
    );
    await reviewRejected(
      () => api.submitReviewReport(ID, { body: 'hdnd', review: 1, assessments: {} }),
      'assessments: empty: give an assessment for at least one area',
    );
    await reviewRejected(
      () => api.submitReviewReport(ID, { body: 'hdnd', review: 1, assessments: { lessons: 'Trao đổi thường xuyên.' } }),
      'assessments: no area: give an assessment for at least one area besides the other parts of the report',
    );
    // The parts III–VI of a báo cáo sơ kết go in next to the areas.
    await api.submitReviewReport(ID, {
      body: 'hdnd',
      review: 1,
      assessments: { supervision: 'Đã giám sát 3 phiên tòa.', lessons: 'Trao đổi thường xuyên.' },
    });
    await reviewRejected(
      () => api.submitReviewReport(ID, { body: 'hdnd', review: 1, assessments: { supervision: 'Lần nữa.' } }),
      'body: hdnd already sent its report for so-ket-1',
    );
    await reviewRejected(
      () => api.recordReviewOutcome(ID, { review: 1, decision: 'continue' }),
      'the so-ket-1 meeting is on 2023-09-20 and reports are still pending: record the outcome after the meeting',
    );
    await reviewRejected(
      () => api.recordReviewOutcome(ID, { review: 1, decision: 'pause' as never }),
      'decision: "pause" is not a decision: use continue, amend or end',
    );

    // Nothing rejected was recorded anywhere.
    const s = await api.status(ID);
    expect(s.stage).toBe('in-force');
    expect(s.drafts.map((d) => d.version)).toEqual(['v1', 'v2']);
    expect(s.rounds.map((r) => Object.keys(r.answers).sort())).toEqual([
      ['hdnd', 'tand'],
      ['hdnd', 'tand'],
    ]);
    expect(s.exchanges).toEqual([]);
    expect(s.extensions).toEqual([]);
    expect(Object.keys(s.signatures).sort()).toEqual(['hdnd', 'tand']);
    const rs = await api.reviewStatus(ID, 1);
    expect(Object.keys(rs.reports)).toEqual(['hdnd']);
    expect(rs.outcome).toBeUndefined();
    await recorder.add(ID, runId, { runs: [1] }); // round 1, with its rejected updates
  });
});
