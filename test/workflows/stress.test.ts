/**
 * The done-when of issue 10: one lifecycle to closed with everything at its limits. Eight
 * bodies, maximum-size comments from every body in five rounds, ten sơ kết and the tổng kết
 * with full reports, two bodies late every time and escalated to their cap, and one secretariat
 * address refused for good throughout. The lifecycle closes, the record (status, export) is
 * complete, and no payload in any history comes near Temporal's limits.
 */
import type { temporal } from '@temporalio/proto';
import { exportMarkdown } from '../../client/commands/export';
import type { Regulation } from '../../config/regulation';
import type { regulationLifecycle } from '../../workflows';
import { LIMITS } from '../../workflows/validators';
import { fetchChain, sizeReport } from '../support/histories';
import { longAn } from '../support/lifecycle-harness';
import { answerAllComments, lifecycleTestFile, mail, serverCondition, startLifecycle } from '../support/scenario';

const REFUSED = 'van-thu-cu@vanphong.example.con';
const { h, recorder } = lifecycleTestFile('stress', { rejectRecipients: (a) => a === REFUSED });

const ID = 'stress-8-bodies';
const BODIES = ['hdnd', 'tand', 'vks', 'ca', 'ubnd', 'mttq', 'thads', 'stp'];
const LATE = ['thads', 'stp'];
const ON_TIME = BODIES.filter((b) => !LATE.includes(b));
const AREAS = ['directive-26', 'supervision', 'petitions', 'personnel'];
const ROUNDS = 5;
const REVIEWS = 10;
const KB = 1024;

/** Vietnamese text of exactly `n` characters, opening with a marker so each text can be found in the export. */
function text(marker: string, n: number): string {
  const sentence =
    ' Đề nghị bổ sung quy định về thời hạn cung cấp hồ sơ, tài liệu phục vụ giám sát hoạt động xét xử của Tòa án nhân dân tỉnh.';
  return `[${marker}]${sentence.repeat(Math.ceil(n / sentence.length))}`.slice(0, n);
}
/** The most an answer may carry: 4 comments that use up the total. */
const comments = (round: number, body: string) =>
  AREAS.map((area) => ({ area, text: text(`r${round}/${body}/${area}`, LIMITS.answerTotal / AREAS.length) }));
/** The most a report may carry: every area, using up the total. */
const assessments = (review: string, body: string) =>
  Object.fromEntries(AREAS.map((area) => [area, text(`${review}/${body}/${area}`, LIMITS.reportTotal / AREAS.length)]));

function regulation(): Regulation {
  return longAn((r) => {
    r.id = ID;
    r.secretariat.contacts = [
      { name: 'Nguyễn Thị Thư Ký', email: 'thuky@vanphong.example.org' },
      { name: 'Văn thư cũ', email: REFUSED },
    ];
    const template = r.bodies[0]!;
    r.bodies = BODIES.map((id) => ({
      ...template,
      id,
      name: { vi: `Cơ quan ${id.toUpperCase()}`, en: `Body ${id.toUpperCase()}` },
      contacts: [{ name: `Liên lạc ${id}`, email: `lienlac@${id}.example.org` }],
      leaders: [{ name: `Lãnh đạo ${id}`, email: `lanhdao@${id}.example.org` }],
      signatory: { name: `Người ký ${id}`, title: 'Thủ trưởng' },
    }));
    r.schedule.maxRounds = ROUNDS;
    r.schedule.escalation.max = 3;
    r.schedule.preliminaryReviews = { amount: 6, unit: 'months' };
    r.schedule.finalReview = '2028-06-30';
  });
}

test('one lifecycle at every limit runs to closed with a complete record and small payloads', async () => {
  await h.withWorker(async () => {
    const { api, clock, id, runId } = await startLifecycle(h, regulation());
    const live = () => api.liveStatus(id);
    const lastDay = async (key: string) => {
      const entry = (await live()).deadlines.find((d) => d.key === key);
      if (!entry) throw new Error(`no open deadline ${key}`);
      return entry.lastDay;
    };
    /**
     * The lifecycle's current run once it is waiting on a timer, other than `not`. A query sent while
     * a run hands over to the next may never be answered, so the test queries only a waiting run.
     */
    const waitingRun = (not?: string) =>
      serverCondition(
        'the lifecycle to wait in a new run',
        async () => {
          const d = await h.env.client.workflow.getHandle(id).describe();
          if (
            d.runId === not ||
            d.status.name !== 'RUNNING' ||
            (d.raw.pendingActivities ?? []).length > 0 ||
            d.raw.pendingWorkflowTask
          )
            return undefined;
          const events = (await h.env.client.workflow.getHandle(id, d.runId).fetchHistory()).events ?? [];
          return events.some((e) => e.timerStartedEventAttributes) ? d.runId : undefined;
        },
        undefined,
        60_000,
      );
    let reviewRun: string | undefined;
    const plusDays = (day: string, n: number) =>
      new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

    // Drafting: the secretariat is reminded (one of its addresses refuses), then sends v1.
    await clock.advanceTo('2022-09-08T09:00');
    await h.sink.waitFor(mail(ID, 'reminder', 'drafting'));
    await api.submitDraft(id, { version: 'v1', link: 'https://docs.example.org/v1.pdf' });

    for (let n = 1; n <= ROUNDS; n++) {
      const key = `consultation/round-${n}`;
      await h.sink.waitFor(mail(ID, 'feedback-request', key), { count: BODIES.length });
      const decision = n < ROUNDS ? 'request-changes' : 'agree';
      for (const body of ON_TIME)
        await api.submitFeedback(id, {
          body,
          round: n,
          decision,
          comments: comments(n, body),
          reference: `${n}/CV-${body}`,
        });
      // The late bodies are escalated to their leaders up to the cap (3), then answer.
      const due = await lastDay(key);
      await clock.advanceTo(`${plusDays(due, 20)}T09:00`);
      for (const late of LATE)
        expect(
          h.sink.messages.filter((m) => mail(ID, 'escalation', key)(m) && m.to.includes(`lanhdao@${late}.example.org`)),
        ).toHaveLength(3);
      for (const body of LATE) await api.submitFeedback(id, { body, round: n, decision, comments: comments(n, body) });
      if (n === ROUNDS) break;
      // The comment table reaches the secretariat's good address; the refused one does not stop the lifecycle.
      await h.sink.waitFor(mail(ID, 'comment-table', `${key}/comment-table`));
      await clock.advanceTo(new Date((await clock.now()) + 86400_000).toISOString());
      await answerAllComments(api, id);
      await api.submitDraft(id, { version: `v${n + 1}`, link: `https://docs.example.org/v${n + 1}.pdf` });
    }

    // Signing: every body signs.
    await h.sink.waitFor(mail(ID, 'signing-invitation', 'signing'), { count: BODIES.length });
    await clock.advanceTo(new Date((await clock.now()) + 2 * 86400_000).toISOString());
    for (const body of BODIES) await api.recordSignature(id, { body, signer: `Người ký ${body}` });
    await h.sink.waitFor(mail(ID, 'stage-notice', 'effective'), { count: BODIES.length + 1 });

    // Ten sơ kết and the tổng kết, each with a full report from every body; two report late.
    for (let i = 1; i <= REVIEWS + 1; i++) {
      // The in-force run plans the next review as it starts.
      // The in-force run plans the next review as it starts; query it once it waits for the review.
      reviewRun = await waitingRun(reviewRun);
      const next = (await live()).nextReview!;
      expect(next.n).toBe(i <= REVIEWS ? i : 1);
      expect(next.kind).toBe(i <= REVIEWS ? 'so-ket' : 'tong-ket');
      const step = next.kind === 'so-ket' ? `so-ket-${next.n}` : 'tong-ket';
      const final = next.kind === 'tong-ket';
      await clock.advanceTo(`${plusDays(next.meetingDate, -25)}T00:00`);
      await h.sink.waitFor(mail(ID, 'review-report-request', `${step}/reports`), { count: BODIES.length });
      for (const body of ON_TIME)
        await api.submitReviewReport(id, { body, review: next.n, final, assessments: assessments(step, body) });
      await clock.advanceTo(`${next.meetingDate}T10:00`);
      for (const body of LATE)
        await api.submitReviewReport(id, { body, review: next.n, final, assessments: assessments(step, body) });
      await clock.advanceTo(`${next.meetingDate}T11:00`);
      await api.recordReviewOutcome(id, {
        review: next.n,
        final,
        decision: final ? 'end' : 'continue',
        notes: `${step}: kết luận.`,
      });
      if (!final) await h.sink.waitFor(mail(ID, 'review-outcome', `${step}/outcome`), { count: 2 * BODIES.length + 1 });
    }
    expect((await h.env.client.workflow.getHandle<typeof regulationLifecycle>(id).result()).stage).toBe('closed');

    // The record is complete: every comment, report and signature in full, every email.
    const record = await api.status(id);
    expect(record.stage).toBe('closed');
    expect(record.rounds.map((r) => [r.n, r.result, Object.keys(r.answers).length])).toEqual(
      Array.from({ length: ROUNDS }, (_, i) => [i + 1, i + 1 < ROUNDS ? 'changes-requested' : 'agreed', BODIES.length]),
    );
    for (const r of record.rounds)
      for (const body of BODIES) expect(r.answers[body]!.comments).toEqual(comments(r.n, body));
    expect(record.reviews.map((r) => [r.kind, r.n, r.outcome?.decision])).toEqual([
      ...Array.from({ length: REVIEWS }, (_, i) => ['so-ket', i + 1, 'continue']),
      ['tong-ket', 1, 'end'],
    ]);
    for (const r of record.reviews) {
      const step = r.kind === 'so-ket' ? `so-ket-${r.n}` : 'tong-ket';
      for (const body of BODIES) expect(r.reports[body]!.assessments).toEqual(assessments(step, body));
    }
    expect(Object.keys(record.signatures).sort()).toEqual([...BODIES].sort());
    const md = exportMarkdown(record);
    // Quoted as Markdown text: the brackets escaped, so a comment cannot make a link.
    for (const r of record.rounds) for (const body of BODIES) expect(md).toContain(`\\[r${r.n}/${body}/personnel\\]`);
    // Every message the SMTP server accepted is in the record, once; the refused address got nothing.
    const logged = [...record.mails, ...record.reviews.flatMap((r) => r.mails ?? [])];
    const received = h.sink.messages.filter((m) => m.headers['x-lifecycle-id'] === ID);
    // (As sets: a second notice of the same refusal, same step and slot, is the ledger's "already sent".)
    const keys = (pairs: [string, string, string][]) => [...new Set(pairs.map((p) => p.join(' ')))].sort();
    expect(keys(logged.flatMap((m) => m.to.map((to): [string, string, string] => [m.kind, m.stepKey, to])))).toEqual(
      keys(
        received.flatMap((m) =>
          m.to.map((to): [string, string, string] => [
            m.headers['x-mail-kind'] ?? '',
            m.headers['x-step-key'] ?? '',
            to,
          ]),
        ),
      ),
    );
    expect(received.length).toBeGreaterThan(800);
    expect(logged.filter((m) => m.to.includes(REFUSED))).toEqual([]);
    expect(received.filter((m) => m.envelopeTo.includes(REFUSED))).toEqual([]);
    expect(logged.filter((m) => m.kind === 'comment-table').map((m) => m.to)).toEqual(
      Array.from({ length: ROUNDS - 1 }, () => ['thuky@vanphong.example.org']),
    );
    expect(logged.filter((m) => m.kind === 'delivery-failure').length).toBeGreaterThan(0);

    // No payload anywhere near the limits: every run of the lifecycle and every review.
    const runs = await fetchChain(h.env.client, id, runId);
    const reviews = await Promise.all(
      record.reviews.map((r) => h.env.client.workflow.getHandle(r.workflowId).fetchHistory()),
    );
    const sizes = sizeReport([
      ...runs.map((history, i) => ({ label: `run ${i + 1}`, history })),
      ...reviews.map((history, i) => ({ label: record.reviews[i]!.workflowId, history })),
    ]);
    const largest = sizes.largest;
    console.log(
      `stress: ${sizes.line}; ${runs.length} lifecycle runs, ${reviews.length} reviews, ${logged.length} emails logged`,
    );
    expect(largest.bytes).toBeLessThan(256 * KB);

    // Each run that continued as new shows the stage it ran in, not the next one.
    const stageOf = (e: temporal.api.history.v1.IHistoryEvent) => {
      const p = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.['RegulationStage'];
      return p?.data ? (JSON.parse(Buffer.from(p.data).toString('utf8')) as string) : undefined;
    };
    for (const run of runs.slice(0, -1)) expect(new Set((run.events ?? []).map(stageOf).filter(Boolean)).size).toBe(1);

    // Committed: the first revision run (comment table with a refused address) and the closing run.
    const revision = runs.findIndex((r) =>
      (r.events ?? []).some(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'compileCommentTable',
      ),
    );
    await recorder.add(id, runId, { runs: [revision, runs.length - 1] });
  });
}, 900_000);
