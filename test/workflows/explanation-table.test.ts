/**
 * The bảng tổng hợp, tiếp thu, giải trình ý kiến: the secretariat answers every comment of a
 * round (accepted, partly accepted, not accepted with the explanation) before the revised draft
 * goes out, and the next round's feedback request shows each body how its comments were handled,
 * as text and as a .docx table of the whole round.
 */
import { longAn } from '../support/lifecycle-harness';
import { expectRejected, lifecycleTestFile, mail, openFirstRound, startLifecycle } from '../support/scenario';
import type { ReceivedMail } from '../support/smtp-sink';
import { documentXml, paragraphs, textOf } from '../documents/fixtures';

const { h, recorder } = lifecycleTestFile('explanation-table');

const ID = 'explanation-table';
const TAND = 'vanthu@tand.example.com';
const HDND = 'lienlac@hdnd.example.org';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The text of a .docx attachment's body, paragraph by paragraph. */
async function docxText(m: ReceivedMail): Promise<{ filename: string; text: string; xml: string }> {
  const files = m.attachments.filter((a) => a.contentType === DOCX);
  expect(files).toHaveLength(1);
  const xml = documentXml(files[0]!.content);
  const text = paragraphs(xml).map(textOf).join('\n');
  return { filename: files[0]!.filename!, text, xml };
}

test('every comment of a round is answered before the next draft, and the next request carries the table as text and .docx', async () => {
  await h.withWorker(async () => {
    const started = await startLifecycle(
      h,
      longAn((r) => (r.id = ID)),
    );
    const { api, clock, runId } = started;
    await openFirstRound(h, started);

    // Answers are for the round under revision, not an open one.
    await expectRejected(
      h,
      ID,
      () => api.answerComments(ID, { round: 1, responses: [{ comment: 'tand-1', handling: 'accepted' }] }),
      'comments are answered while the secretariat revises the draft: the lifecycle is in consultation, round 1 is still open',
    );

    await api.submitFeedback(ID, {
      body: 'hdnd',
      round: 1,
      decision: 'agree',
      comments: [{ text: 'Nhất trí; đề nghị rà soát lỗi chính tả.' }],
    });
    await api.submitFeedback(ID, {
      body: 'tand',
      round: 1,
      decision: 'request-changes',
      reference: '123/CV-TAND',
      comments: [
        { area: 'personnel', text: 'Bổ sung quy trình giới thiệu Hội thẩm nhân dân.' },
        { area: 'supervision', text: 'Rút thời hạn cung cấp hồ sơ xuống 5 ngày.' },
      ],
    });

    // The comment table names each comment by id, says how to answer, and comes as a .docx too.
    const [table] = await h.sink.waitFor(mail(ID, 'comment-table', 'consultation/round-1/comment-table'));
    for (const id of ['hdnd-1', 'tand-1', 'tand-2']) expect(table!.text).toContain(id);
    // A command that can be pasted as it is: every comment on its own line, accepted until changed.
    expect(table!.text).toMatch(
      new RegExp(
        `npx regulation answer-comments ${ID} --round 1 \\\\\n +--accepted tand-1 \\\\\n +--accepted tand-2 \\\\\n +--accepted hdnd-1\n`,
      ),
    );
    const tableDoc = await docxText(table!);
    // The round has just closed: a plain report of the comments, nothing answered, no handling column.
    expect(tableDoc.filename).toBe('bang-tong-hop-y-kien-gop-y-vong-1.docx');
    expect(table!.text).toContain(`Tệp đính kèm: ${tableDoc.filename}.`);
    expect(tableDoc.text).toContain('Tổng hợp ý kiến góp ý đối với Dự thảo lần 1 Quy chế phối hợp');
    expect(tableDoc.text).toContain('Rút thời hạn cung cấp hồ sơ xuống 5 ngày.');
    expect(tableDoc.text).not.toMatch(/Tiếp thu, giải trình|Chưa trả lời|Chưa giải trình/);

    // Refusals leave no trace: the draft before the answers, an unknown comment, "not accepted" without its reason.
    await clock.advanceTo('2022-09-26T09:00');
    await expectRejected(
      h,
      ID,
      () => api.submitDraft(ID, { version: 'v2', link: 'https://docs.example.org/quy-che/v2.pdf' }),
      "comments: 3 comments of round 1 have no answer yet (hdnd-1, tand-1, tand-2): answer each with 'regulation answer-comments' (accepted, partly-accepted or not-accepted with the explanation) before the next draft goes out, or set commentAnswers: optional in the definition",
    );
    await expectRejected(
      h,
      ID,
      () => api.answerComments(ID, { round: 1, responses: [{ comment: 'tand-3', handling: 'accepted' }] }),
      'responses[0].comment: unknown comment "tand-3" in round 1: use one of hdnd-1, tand-1, tand-2',
    );
    await expectRejected(
      h,
      ID,
      () =>
        api.answerComments(ID, {
          round: 1,
          responses: [
            { comment: 'tand-1', handling: 'accepted' },
            { comment: 'tand-2', handling: 'not-accepted' },
          ],
        }),
      'responses[1].explanation: is empty: "not-accepted" needs the explanation (giải trình) of why tand-2 is not taken in',
    );
    await expectRejected(
      h,
      ID,
      () => api.answerComments(ID, { round: 2, responses: [{ comment: 'tand-1', handling: 'accepted' }] }),
      'round: round 2 is not the round under revision: answer the comments of round 1',
    );

    await api.answerComments(ID, {
      round: 1,
      submittedBy: 'thuky@vanphong.example.org',
      responses: [
        { comment: 'tand-1', handling: 'accepted' },
        { comment: 'hdnd-1', handling: 'accepted', explanation: 'Đã rà soát.' },
      ],
    });
    await expectRejected(
      h,
      ID,
      () => api.submitDraft(ID, { version: 'v2', link: 'https://docs.example.org/quy-che/v2.pdf' }),
      "comments: 1 comment of round 1 has no answer yet (tand-2): answer each with 'regulation answer-comments' (accepted, partly-accepted or not-accepted with the explanation) before the next draft goes out, or set commentAnswers: optional in the definition",
    );
    await api.answerComments(ID, {
      round: 1,
      responses: [
        {
          comment: 'tand-2',
          handling: 'not-accepted',
          explanation: 'Thời hạn 10 ngày theo Luật Tổ chức TAND; giữ nguyên.',
        },
      ],
    });
    const revising = await api.status(ID);
    expect(revising.rounds[0]!.responses).toEqual({
      'tand-1': { handling: 'accepted', at: expect.any(String), submittedBy: 'thuky@vanphong.example.org' },
      'hdnd-1': {
        handling: 'accepted',
        explanation: 'Đã rà soát.',
        at: expect.any(String),
        submittedBy: 'thuky@vanphong.example.org',
      },
      'tand-2': {
        handling: 'not-accepted',
        explanation: 'Thời hạn 10 ngày theo Luật Tổ chức TAND; giữ nguyên.',
        at: expect.any(String),
      },
    });

    await api.submitDraft(ID, { version: 'v2', link: 'https://docs.example.org/quy-che/v2.pdf' });
    const requests = await h.sink.waitFor(mail(ID, 'feedback-request', 'consultation/round-2'), { count: 2 });
    const toTand = requests.find((m) => m.to.includes(TAND))!;
    const toHdnd = requests.find((m) => m.to.includes(HDND))!;
    // Each body reads how its own comments were handled...
    expect(toTand.text).toContain(
      'Các ý kiến góp ý của Ban Cán sự Đảng Tòa án nhân dân tỉnh đối với dự thảo v1 (vòng 1) đã được tiếp thu, giải trình như sau:',
    );
    expect(toTand.text).toContain('Không tiếp thu: Thời hạn 10 ngày theo Luật Tổ chức TAND; giữ nguyên.');
    expect(toTand.text).not.toContain('Đã rà soát.');
    expect(toHdnd.text).toContain('Tiếp thu: Đã rà soát.');
    // ...and every body gets the whole table as a .docx, in the Party's document style the definition names.
    for (const m of [toTand, toHdnd]) {
      const doc = await docxText(m);
      expect(doc.filename).toBe('bang-tong-hop-tiep-thu-giai-trinh-y-kien-vong-1.docx');
      expect(m.text).toContain(`Tệp đính kèm: ${doc.filename}.`);
      expect(doc.text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
      expect(doc.text).toContain('Tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với Dự thảo lần 1 Quy chế phối hợp');
      expect(doc.text).toContain('T/M ĐẢNG ĐOÀN HĐND TỈNH');
      for (const t of [
        'Bổ sung quy trình giới thiệu Hội thẩm nhân dân.',
        'Rút thời hạn cung cấp hồ sơ xuống 5 ngày.',
        'Thời hạn 10 ngày theo Luật Tổ chức TAND; giữ nguyên.',
        'Không tiếp thu',
        'Đã rà soát.',
      ])
        expect(doc.text).toContain(t);
      expect(doc.xml).toContain('w:ascii="Times New Roman"');
      expect(doc.text).not.toMatch(/undefined|\d{4}-\d{2}-\d{2}/);
    }

    // A run later, the carried state has dropped the texts; the status restores them from history.
    const s = await api.status(ID);
    expect(s.stage).toBe('consultation');
    expect(s.rounds[0]!.responses!['tand-2']).toEqual(
      expect.objectContaining({
        handling: 'not-accepted',
        explanation: 'Thời hạn 10 ngày theo Luật Tổ chức TAND; giữ nguyên.',
      }),
    );
    const live = await api.liveStatus(ID);
    expect(live.rounds[0]!.responses!['tand-2']).toEqual(
      expect.objectContaining({ handling: 'not-accepted', explained: expect.objectContaining({ count: 1 }) }),
    );
    expect(live.rounds[0]!.responses!['tand-2']!.explanation).toBeUndefined();
    await recorder.add(ID, runId, { runs: [2, 3] }); // the revision with its answers, and round 2's requests
  });
});
