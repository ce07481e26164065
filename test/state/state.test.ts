/**
 * The carried state's versions and bounds, without a server: a version-1 state recorded in a
 * committed history upgrades to the current one, texts compact to summaries, and the totals
 * the validators cap are named in one-line errors.
 */
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { HISTORY_DIR, readHistory } from '../support/histories';
import {
  STATE_VERSION,
  type LifecycleInput,
  type LifecycleState,
  type ReviewResult,
  type Round,
} from '../../domain/lifecycle';
import { compactReview, compactRounds, summarize, upgradeState } from '../../workflows/state';
import { LIMITS, validateReviewReport, validateSubmitFeedback } from '../../workflows/validators';
import { longAn } from '../support/lifecycle-harness';

/** The input of a recorded run: the continue-as-new input of a lifecycle that ran on older code. */
function recordedInput(file: string): LifecycleInput {
  const { history } = readHistory(path.join(HISTORY_DIR, file));
  const payload = history.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  return defaultPayloadConverter.fromPayload(payload);
}

test('a version-1 state recorded in history upgrades: no mail log or exchanges carried, defaults set, texts compacted', () => {
  // The in-force run after sơ kết 3 of the source scenario, recorded before state versions.
  const input = recordedInput('source-scenario/008-long-an-hdnd-tand-2022.json');
  const old = input.carried as unknown as Record<string, unknown>;
  expect(old['version']).toBeUndefined();
  expect((old['mails'] as unknown[]).length).toBeGreaterThan(0);
  const s = upgradeState(input.carried!);
  expect(s.version).toBe(STATE_VERSION);
  expect(s).not.toHaveProperty('mails');
  expect(s).not.toHaveProperty('exchanges');
  expect(s.exchangeCount).toBe(0);
  expect(s.signing.invitations).toBeGreaterThanOrEqual(1);
  // Round 1's comments are summarized; the texts stay in the submitFeedback update in history.
  expect(s.rounds[0]!.answers['tand']).toEqual(
    expect.objectContaining({
      decision: 'request-changes',
      comments: [],
      compacted: expect.objectContaining({ count: 2 }),
    }),
  );
  // Reviews keep outcome and who reported which areas, not the texts or the emails.
  for (const r of s.reviews) {
    expect(r.mails).toBeUndefined();
    expect(Object.values(r.reports).every((rep) => Object.keys(rep.assessments).length === 0)).toBe(true);
    expect(r.outcome?.decision).toBe('continue');
  }
  expect(JSON.stringify(s).length).toBeLessThan(JSON.stringify(input.carried).length / 2);
  // Upgrading twice changes nothing.
  expect(upgradeState(s)).toEqual(s);
});

test('a state grows by a bounded summary per round and review, whatever the texts and emails', () => {
  const text = 'Đề nghị bổ sung quy định về thời hạn cung cấp hồ sơ. '.repeat(200).slice(0, LIMITS.answerTotal);
  const round = (n: number): Round => ({
    n,
    cycle: 1,
    draftVersion: `v${n}`,
    openedAt: '2022-09-08T02:00:00.000Z',
    deadlineKey: `consultation/round-${n}`,
    answers: Object.fromEntries(
      Array.from({ length: 8 }, (_, b) => [
        `b${b}`,
        { decision: 'request-changes' as const, comments: [{ text }], at: '2022-09-09T02:00:00.000Z' },
      ]),
    ),
    closedAt: '2022-09-22T17:00:00.000Z',
    result: 'changes-requested',
    tableSent: true,
  });
  const review = (n: number): ReviewResult => ({
    n,
    kind: 'so-ket',
    workflowId: `x/so-ket-${n}`,
    meetingDate: '2023-10-19',
    reports: Object.fromEntries(
      Array.from({ length: 8 }, (_, b) => [`b${b}`, { at: '2023-10-01T00:00:00.000Z', assessments: { a: text } }]),
    ),
    outcome: { decision: 'continue', at: '2023-10-19T04:00:00.000Z' },
    mails: Array.from({ length: 100 }, () => ({ kind: 'reminder', stepKey: 's', to: ['a@b.c'], at: 'x', date: 'y' })),
  });
  const size = (rounds: number, reviews: number) =>
    JSON.stringify({
      rounds: compactRounds(Array.from({ length: rounds }, (_, i) => round(i + 1))),
      reviews: Array.from({ length: reviews }, (_, i) => compactReview(review(i + 1))),
    }).length;
  // Every round's texts (8 × 10,000 characters) are gone; what is left is a summary per answer.
  expect(size(5, 10) - size(4, 10)).toBeLessThan(2000);
  expect(size(5, 10) - size(5, 9)).toBeLessThan(2000);
  // The last round keeps its texts until its comment table is out.
  const open = { ...round(1), tableSent: false, result: undefined };
  expect(compactRounds([open])[0]!.answers['b0']!.comments).toHaveLength(1);
  expect(summarize([text]).chars).toBe(text.length);
});

test('the validators cap the totals of an answer and of a review report, naming the field and the fix', () => {
  const reg = longAn();
  const s = { stage: 'consultation', rounds: [{ n: 1, answers: {} }] } as unknown as LifecycleState;
  const long = 'x'.repeat(6000);
  expect(() =>
    validateSubmitFeedback(s, reg, {
      body: 'hdnd',
      round: 1,
      decision: 'request-changes',
      comments: [{ text: long }, { text: long }],
    }),
  ).toThrow(
    'comments: 12000 characters in all, more than 10000: shorten them or attach them as a document and link it',
  );
  expect(() =>
    validateReviewReport(reg, { body: 'hdnd', review: 1, assessments: { supervision: long, personnel: long } }),
  ).toThrow('assessments: 12000 characters in all, more than 10000: shorten them or link a document');
});
