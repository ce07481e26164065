/**
 * The source scenario end to end (Long An, 2022–2026): kick-off → draft v1 → round 1 where the
 * court asks for changes → revision → draft v2 → round 2 all agree → signing → yearly sơ kết →
 * tổng kết 2026 → closed. Asserts every email (recipient, kind, schedule date) and the final status.
 */
import { addDays } from '../../domain/schedule/calendar';
import { RegulationsClient } from '../../client/api';
import type { regulationLifecycle } from '../../workflows';
import { fetchChain, maybeRecord, sizeReport } from '../support/histories';
import { createHarness, KICKOFF_AT, longAn, type Harness } from '../support/lifecycle-harness';
import { answerAllComments, line, scheduleClock } from '../support/scenario';
import { documentXml, paragraphs, textOf } from '../documents/fixtures';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.teardown();
});

const ID = 'long-an-hdnd-tand-2022';

const HDND = 'lienlac@hdnd.example.org';
const TAND = 'vanthu@tand.example.com';

test('Long An 2022: from kick-off to tổng kết 2026', async () => {
  const regulation = longAn();
  await h.withWorker(async () => {
    const api = new RegulationsClient(h.env.client, h.taskQueue);
    const { runId } = await api.start(regulation, { startAt: KICKOFF_AT });
    const { advanceTo } = await scheduleClock(h, api, ID);

    // Drafting (deadline Fri 16 Sep 2022). The secretariat sends draft v1 on 8 Sep.
    await advanceTo('2022-09-08T09:00');
    await api.submitDraft(ID, {
      version: 'v1',
      link: 'https://docs.example.org/quy-che/v1.pdf',
      note: 'Dự thảo lần 1',
    });
    await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'feedback-request', { count: 2 });

    // Round 1 (deadline Thu 22 Sep): the council agrees on 15 Sep; the court asks for changes on 20 Sep.
    await advanceTo('2022-09-15T10:00');
    await api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree', submittedBy: 'Trần Văn Liên Lạc' });
    await advanceTo('2022-09-20T10:00');
    const receipt = await api.submitFeedback(ID, {
      body: 'tand',
      round: 1,
      decision: 'request-changes',
      reference: '123/CV-TAND, 2022-09-20',
      submittedBy: 'Lê Thị Văn Thư',
      comments: [
        { area: 'personnel', text: 'Bổ sung quy trình giới thiệu Hội thẩm nhân dân.' },
        { area: 'supervision', text: 'Làm rõ thời hạn cung cấp hồ sơ vụ án phục vụ giám sát.' },
      ],
    });
    expect(receipt).toEqual(expect.objectContaining({ accepted: true, stage: 'consultation', round: 1 }));
    expect((await api.status(ID)).rounds[0]!.answers['tand']).toEqual(
      expect.objectContaining({ decision: 'request-changes', reference: '123/CV-TAND, 2022-09-20' }),
    );
    const table = (await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'comment-table'))[0]!;
    expect(table.to).toEqual(['thuky@vanphong.example.org']);
    // Named after the round, with the revised draft's deadline (Thu 29 Sep, 7 working days after the round closed).
    expect(table.subject).toBe(
      `[${ID}] Bảng tổng hợp ý kiến — Góp ý dự thảo v1 (vòng 1) — hạn gửi dự thảo chỉnh lý 29/09/2022`,
    );
    expect(table.text).toContain(
      'Dự thảo đã tiếp thu, chỉnh lý cần được gửi trước 24:00 Thứ Năm, 29/09/2022 (giờ Việt Nam).',
    );
    expect(table.text).toContain('Bổ sung quy trình giới thiệu Hội thẩm nhân dân.');
    expect(table.text).toContain('123/CV-TAND, 2022-09-20');
    let s = await api.status(ID);
    expect(s.stage).toBe('revision');
    expect(s.rounds[0]).toEqual(expect.objectContaining({ n: 1, result: 'changes-requested' }));

    // Revision (deadline Thu 29 Sep): draft v2 on 27 Sep opens round 2 (deadline Tue 11 Oct).
    await advanceTo('2022-09-27T09:00');
    await answerAllComments(api, ID);
    await api.submitDraft(ID, { version: 'v2', link: 'https://docs.example.org/quy-che/v2.pdf' });
    await h.sink.waitFor(
      (m) => m.headers['x-mail-kind'] === 'feedback-request' && m.headers['x-step-key'] === 'consultation/round-2',
      { count: 2 },
    );
    await advanceTo('2022-10-03T09:00');
    await api.submitFeedback(ID, { body: 'hdnd', round: 2, decision: 'agree' });
    await advanceTo('2022-10-05T09:00');
    await api.submitFeedback(ID, { body: 'tand', round: 2, decision: 'agree', reference: '140/CV-TAND, 2022-10-05' });
    await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'signing-invitation', { count: 2 });
    s = await api.status(ID);
    expect(s.stage).toBe('signing');
    expect(s.deadlines).toEqual([expect.objectContaining({ key: 'signing', lastDay: '2022-10-20' })]);

    // Signing: both sign; the later signature (19 Oct 2022) makes it effective.
    await advanceTo('2022-10-18T15:00');
    await api.recordSignature(ID, { body: 'hdnd', signer: 'Mai Văn Nhiều' });
    await advanceTo('2022-10-19T15:00');
    await api.recordSignature(ID, { body: 'tand', signer: 'Lê Quốc Dũng' });
    await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'stage-notice', { count: 3 });
    // The notice comes from the in-force run, which now waits for the first sơ kết.
    s = await api.status(ID);
    expect(s.stage).toBe('in-force');
    expect(s.effectiveDate).toBe('2022-10-19');

    // Yearly sơ kết: meetings on the working day on or after each 19 Oct.
    const meetings = ['2023-10-19', '2024-10-21', '2025-10-20'];
    for (const [i, meeting] of meetings.entries()) {
      const n = i + 1;
      // Report requests go out 30 days before the meeting; then both bodies report.
      await advanceTo(`${addDays(meeting, -25)}T00:00`);
      await h.sink.waitFor(
        (m) =>
          m.headers['x-mail-kind'] === 'review-report-request' && m.headers['x-step-key'] === `so-ket-${n}/reports`,
        { count: 2 },
      );
      s = await api.status(ID);
      expect(s.nextReview).toEqual(
        expect.objectContaining({ n, kind: 'so-ket', meetingDate: meeting, workflowId: `${ID}/so-ket-${n}` }),
      );
      await api.submitReviewReport(ID, {
        body: 'hdnd',
        review: n,
        assessments: {
          'directive-26': 'Phối hợp tốt.',
          supervision: 'Đã giám sát 3 phiên tòa.',
          lessons: 'Trao đổi thông tin thường xuyên, kịp thời.',
        },
      });
      await api.submitReviewReport(ID, {
        body: 'tand',
        review: n,
        assessments: { personnel: 'Đã kiện toàn Hội thẩm nhân dân.' },
      });
      await advanceTo(`${meeting}T11:00`);
      await api.recordReviewOutcome(ID, { review: n, decision: 'continue', notes: `Sơ kết ${n}: tiếp tục thực hiện.` });
      const outcomes = await h.sink.waitFor(
        (m) => m.headers['x-mail-kind'] === 'review-outcome' && m.headers['x-step-key'] === `so-ket-${n}/outcome`,
        { count: 5 },
      );
      if (n === 1) {
        // The sơ kết ends with two documents in the Party style: the report prepared for the meeting
        // (I–VI, the bodies' reports per area, no conclusion) and the notice of its conclusions.
        const outcome = outcomes.find((m) => m.to.includes(HDND))!;
        const files = outcome.attachments.filter((a) => a.filename?.endsWith('.docx'));
        expect(files.map((f) => f.filename)).toEqual([
          'bao-cao-so-ket-lan-1.docx',
          'thong-bao-ket-luan-so-ket-lan-1.docx',
        ]);
        expect(outcome.text).toContain('bao-cao-so-ket-lan-1.docx');
        expect(outcome.text).toContain('thong-bao-ket-luan-so-ket-lan-1.docx');
        const text = paragraphs(documentXml(files[0]!.content)).map(textOf).join('\n');
        for (const t of [
          'ĐẢNG CỘNG SẢN VIỆT NAM',
          'BÁO CÁO',
          'I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN',
          'II. KẾT QUẢ ĐẠT ĐƯỢC',
          'VI. ĐỀ XUẤT, KIẾN NGHỊ',
          'Đã giám sát 3 phiên tòa.',
          'Đã kiện toàn Hội thẩm nhân dân.',
        ])
          expect(text).toContain(t);
        // The body's lessons under IV, not among the areas.
        expect(text).toMatch(
          /IV\. BÀI HỌC KINH NGHIỆM\nĐảng đoàn HĐND tỉnh:\nTrao đổi thông tin thường xuyên, kịp thời\./,
        );
        expect(text).not.toContain('Hội nghị thống nhất');
        // The Quy chế is cited with the day it took effect, read from the lifecycle.
        expect(text).toMatch(/Thực hiện Quy chế phối hợp ngày \d{1,2}\/\d{1,2}\/\d{4} giữa/);
        const notice = paragraphs(documentXml(files[1]!.content)).map(textOf).join('\n');
        expect(notice).toContain('THÔNG BÁO');
        expect(notice).toContain('1. Hội nghị thống nhất tiếp tục thực hiện Quy chế.');
        expect(notice).toContain('2. Sơ kết 1: tiếp tục thực hiện.');
        for (const t of [text, notice]) expect(t).not.toMatch(/undefined|\d{4}-\d{2}-\d{2}/);
      }
    }

    // Tổng kết on Tue 30 Jun 2026, the end of the term: the lifecycle closes.
    await advanceTo('2026-06-05T00:00');
    await h.sink.waitFor(
      (m) => m.headers['x-mail-kind'] === 'review-report-request' && m.headers['x-step-key'] === 'tong-ket/reports',
      { count: 2 },
    );
    s = await api.status(ID);
    expect(s.nextReview).toEqual(
      expect.objectContaining({ kind: 'tong-ket', meetingDate: '2026-06-30', workflowId: `${ID}/tong-ket` }),
    );
    await api.submitReviewReport(ID, {
      body: 'hdnd',
      review: 1,
      final: true,
      assessments: { petitions: 'Giải quyết 45 kiến nghị cử tri.' },
    });
    await api.submitReviewReport(ID, {
      body: 'tand',
      review: 1,
      final: true,
      assessments: { 'directive-26': 'Hoàn thành.' },
    });
    await advanceTo('2026-06-30T11:00');
    await api.recordReviewOutcome(ID, {
      review: 1,
      final: true,
      decision: 'end',
      notes: 'Tổng kết nhiệm kỳ 2021–2026.',
    });

    expect((await h.env.client.workflow.getHandle<typeof regulationLifecycle>(ID).result()).stage).toBe('closed');
    // The full record: the query's answer completed from the runs' and the reviews' histories.
    const result = await api.status(ID);
    expect(result.stage).toBe('closed');
    expect(result.effectiveDate).toBe('2022-10-19');
    expect(result.rounds.map((r) => [r.n, r.draftVersion, r.result])).toEqual([
      [1, 'v1', 'changes-requested'],
      [2, 'v2', 'agreed'],
    ]);
    expect(result.rounds[0]!.answers['tand']!.comments).toHaveLength(2);
    expect(Object.keys(result.signatures).sort()).toEqual(['hdnd', 'tand']);
    expect(result.reviews.map((r) => [r.kind, r.n, r.meetingDate, r.outcome?.decision])).toEqual([
      ['so-ket', 1, '2023-10-19', 'continue'],
      ['so-ket', 2, '2024-10-21', 'continue'],
      ['so-ket', 3, '2025-10-20', 'continue'],
      ['tong-ket', 1, '2026-06-30', 'end'],
    ]);

    // Every email, in order: the lifecycle's own and each review's.
    const all = [...result.mails, ...result.reviews.flatMap((r) => r.mails ?? [])].sort((a, b) =>
      a.at.localeCompare(b.at),
    );
    expect(all.map(line)).toMatchSnapshot();
    // What the log says was sent is exactly what the SMTP server received: nothing lost, nothing twice.
    const sentCount = all.reduce((n, m) => n + m.to.length, 0);
    expect(h.sink.messages).toHaveLength(sentCount);
    expect(new Set(h.sink.messages.map((m) => m.messageId)).size).toBe(sentCount);
    expect(
      all
        .filter((m) => m.kind === 'reminder' && m.stepKey === 'consultation/round-1')
        .map((m) => `${m.date} ${m.to.join(',')}`),
    ).toEqual([
      `2022-09-13 ${HDND}`,
      `2022-09-13 ${TAND}`,
      `2022-09-19 ${TAND}`, // the council already answered: only the court is reminded
    ]);

    // One copy of each message per person: a message that reaches the secretariat directly is not cc'd to it as well.
    const copies = new Map<string, number>();
    for (const m of h.sink.messages) {
      for (const address of m.envelopeTo) {
        const k = `${m.headers['x-mail-kind']} ${m.headers['x-step-key']} ${m.subject} ${address}`;
        copies.set(k, (copies.get(k) ?? 0) + 1);
      }
    }
    const broadcast = ['stage-notice', 'review-meeting-invitation', 'review-outcome', 'closing-summary'];
    expect([...copies].filter(([k, n]) => n > 1 && broadcast.includes(k.split(' ')[0]!))).toEqual([]);
    expect(
      h.sink.messages.filter((m) => broadcast.includes(m.headers['x-mail-kind'] ?? '') && m.cc.length > 0),
    ).toEqual([]);
    // The closing summary words the decision and the date.
    const closing = h.sink.messages.find(
      (m) => m.headers['x-mail-kind'] === 'closing-summary' && m.to[0] === 'lanhdao@hdnd.example.org',
    )!;
    expect(closing.text).toContain('Có hiệu lực từ Thứ Tư, 19/10/2022; 2 vòng góp ý; 3 lần sơ kết.');
    expect(closing.text).toContain('Kết luận tổng kết: chấm dứt thực hiện Quy chế.');
    expect(closing.text).not.toMatch(/\bend\b|\d{4}-\d{2}-\d{2}/);
    const reportRequest = h.sink.messages.find(
      (m) => m.headers['x-mail-kind'] === 'review-report-request' && m.headers['x-step-key'] === 'tong-ket/reports',
    )!;
    expect(reportRequest.text).toContain(`    npx regulation report ${ID} --review final --body`);

    const runs = await fetchChain(h.env.client, ID, runId);
    const reviewHistories = await Promise.all(
      result.reviews.map(async (r) => ({
        workflowId: r.workflowId,
        history: await h.env.client.workflow.getHandle(r.workflowId).fetchHistory(),
      })),
    );
    const sizes = sizeReport([
      ...runs.map((history, i) => ({ label: `run ${i + 1}`, history })),
      ...reviewHistories.map((r) => ({ label: r.workflowId, history: r.history })),
    ]);
    console.log(`source scenario: ${sizes.line}; ${runs.length} lifecycle runs`);
    expect(sizes.largest.bytes).toBeLessThan(256 * 1024);
    maybeRecord('source-scenario', [...runs.map((history) => ({ workflowId: ID, history })), ...reviewHistories]);
  });
});
