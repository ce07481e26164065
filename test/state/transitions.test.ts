/** The lifecycle's state transitions, without a server: rounds, signing, reviews, closing, withdrawal. */
import type { LifecycleState, ReviewResult } from '../../domain/lifecycle';
import * as t from '../../workflows/transitions';

function state(patch: Partial<LifecycleState> = {}): LifecycleState {
  const clock = { realStart: '2022-08-17T07:00:00.000Z', scheduleStart: '2022-08-17T07:00:00.000Z', speedup: 1 };
  return {
    ...t.initialState(clock, '2022-08-17'),
    drafts: [
      { version: 'v1', link: 'https://docs.example.org/v1.pdf', submittedAt: '2022-09-08T02:00:00.000Z', cycle: 1 },
    ],
    ...patch,
  };
}

test('a round opens on the latest draft and closes to signing when nobody asks for changes', () => {
  const s = state();
  const r = t.openRound(s, '2022-09-08T02:00:00.000Z');
  expect(r).toEqual(expect.objectContaining({ n: 1, draftVersion: 'v1', deadlineKey: 'consultation/round-1' }));
  expect(s.stage).toBe('consultation');
  r.answers['hdnd'] = { decision: 'agree', comments: [], at: 'x' };
  r.answers['tand'] = { decision: 'consent-by-silence', comments: [], at: 'x' };
  expect(t.closeRound(s, r, 3, '2022-09-23T00:00:00.000Z')).toBe('agreed');
  expect(s.stage).toBe('signing');
  expect(s.signing.agreedAt).toBe('2022-09-23T00:00:00.000Z');
});

test('a request for changes leads to revision; the last allowed round exhausts the rounds until the leaders grant one', () => {
  const s = state();
  const r = t.openRound(s, 'a');
  r.answers['tand'] = { decision: 'request-changes', comments: [{ text: 'x' }], at: 'x' };
  expect(t.closeRound(s, r, 1, 'b')).toBe('changes-requested');
  expect(s).toEqual(expect.objectContaining({ stage: 'revision', roundsExhausted: true }));
  t.grantRound(s, 1, '2022-11-10', 'thêm một vòng', 'c');
  expect(s).toEqual(expect.objectContaining({ roundsExhausted: false, extraRounds: 1, revisionDue: '2022-11-10' }));
  expect(s.extensions).toEqual([
    { deadline: 'rounds', from: '1 rounds', to: '2022-11-10', reason: 'thêm một vòng', at: 'c' },
  ]);
});

test('an amendment starts a new cycle with its own step keys; reviews keep counting from the first signing', () => {
  const s = state({ stage: 'signing' });
  t.becomeEffective(s, '2022-10-19');
  expect(s).toEqual(expect.objectContaining({ stage: 'in-force', reviewBase: '2022-10-19' }));
  const review: ReviewResult = {
    n: 1,
    kind: 'so-ket',
    workflowId: 'x/so-ket-1',
    meetingDate: '2023-10-19',
    reports: { hdnd: { at: 'a', assessments: { supervision: 'Tốt.' } } },
    outcome: { decision: 'amend', at: 'b' },
    mails: [],
  };
  expect(t.recordReview(s, review, '2023-10-20')).toBe('amend');
  expect(s).toEqual(
    expect.objectContaining({ stage: 'drafting', cycle: 2, cycleStart: '2023-10-20', cycleFirstRound: 1 }),
  );
  // Kept as a summary: no texts, no emails.
  expect(s.reviews[0]!.reports['hdnd']!.assessments).toEqual({});
  expect(s.reviews[0]!.mails).toBeUndefined();
  s.drafts.push({ version: 'v2', link: 'https://docs.example.org/v2.pdf', submittedAt: 'c', cycle: 2 });
  expect(t.openRound(s, 'd').deadlineKey).toBe('amendment-1/consultation/round-1');
  t.becomeEffective(s, '2024-01-10');
  expect(s.reviewBase).toBe('2022-10-19');
});

test('the tổng kết closes; a withdrawal drops the next review', () => {
  const s = state({
    stage: 'in-force',
    nextReview: { n: 1, kind: 'tong-ket', meetingDate: '2026-06-30', workflowId: 'x/tong-ket' },
  });
  expect(
    t.recordReview(
      s,
      {
        n: 1,
        kind: 'tong-ket',
        workflowId: 'x/tong-ket',
        meetingDate: '2026-06-30',
        reports: {},
        outcome: { decision: 'continue', at: 'a' },
      },
      '2026-06-30',
    ),
  ).toBe('close');
  t.closeLifecycle(s, 'b');
  expect(s).toEqual(expect.objectContaining({ stage: 'closed', closedAt: 'b', nextReview: undefined }));
  const w = state({
    stage: 'in-force',
    nextReview: { n: 2, kind: 'so-ket', meetingDate: '2024-10-21', workflowId: 'x/so-ket-2' },
  });
  t.withdrawLifecycle(w, 'lý do', 'c');
  expect(w).toEqual(
    expect.objectContaining({ stage: 'withdrawn', withdrawn: { reason: 'lý do', at: 'c' }, nextReview: undefined }),
  );
});
