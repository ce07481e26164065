/**
 * Adoption without a server: the checks of domain/adoption.ts, the state an adopted lifecycle
 * starts from, and a register row read from both sample files.
 */
import path from 'node:path';
import { adoptionIssues, adoptionIssuesToday, type Adoption } from '../../domain/adoption';
import type { LifecycleState } from '../../domain/lifecycle';
import { columnOf, readRegister, rowInput } from '../../client/register';
import * as t from '../../workflows/transitions';
import { ROOT } from '../support/lifecycle-harness';

const TERM = { kickoff: '2022-08-17', finalReview: '2026-06-30' };
const messages = (a: Partial<Adoption>) =>
  adoptionIssues({ reviewsHeld: [], ...a }, TERM).map((i) => `${i.path.join('.')}: ${i.message}`);

test('dates in order, reviews numbered in sequence, something left to run', () => {
  expect(
    messages({ signedOn: '2023-03-15', reviewsHeld: [{ n: 1, heldOn: '2024-03-20', outcome: 'continue' }] }),
  ).toEqual([]);
  expect(messages({})).toEqual([
    'adopted.signedOn: is missing: state signedOn (and effectiveOn) for a signed regulation, or draft { version, link, round, deadline } for one out for comments',
  ]);
  expect(messages({ signedOn: '2022-08-01' })).toEqual([
    'adopted.signedOn: 01/08/2022 is before the kick-off 17/08/2022: set kickoff on or before the signing',
  ]);
  expect(
    messages({
      signedOn: '2023-03-15',
      reviewsHeld: [
        { n: 1, heldOn: '2024-03-20', outcome: 'continue' },
        { n: 2, heldOn: '2024-01-10', outcome: 'end' },
      ],
    }),
  ).toEqual([
    'adopted.reviewsHeld.1.heldOn: 10/01/2024 is before sơ kết 1 (20/03/2024): correct the date or the order',
    'adopted.reviewsHeld.1.outcome: the regulation ended at this review: nothing remains to run, so do not adopt it',
  ]);
  expect(messages({ signedOn: '2023-03-15', reviewsHeld: [{ n: 1, heldOn: '2024-03-20', outcome: 'amend' }] })).toEqual(
    [
      'adopted.reviewsHeld.0.outcome: an amendment under way cannot be adopted yet: adopt the regulation once the amendment is signed (outcome "continue"), or its draft with draft { … }',
    ],
  );
  expect(
    messages({
      signedOn: '2023-03-15',
      draft: { version: 'v2', link: 'https://x.example/v2', round: 2, deadline: '2024-10-11' },
    }),
  ).toEqual([
    'adopted.draft: a signed regulation has no draft out for comments: remove draft, or remove signedOn if the regulation is not signed yet',
  ]);
});

test('against today: nothing held in the future; an overdue next review only when said', () => {
  const a: Adoption = { signedOn: '2023-03-15', reviewsHeld: [{ n: 1, heldOn: '2024-03-20', outcome: 'continue' }] };
  const next = { kind: 'so-ket' as const, n: 2, meetingDay: '2025-03-17', reportsDue: '2025-03-03' };
  expect(adoptionIssuesToday(a, '2024-10-01', next)).toEqual([]);
  expect(adoptionIssuesToday(a, '2025-03-04', next).map((i) => i.message)).toEqual([
    'sơ kết 2 is already overdue (reports due 03/03/2025, meeting 17/03/2025): add it to reviewsHeld if it was held, or add overdue: escalate to start with the escalation',
  ]);
  expect(adoptionIssuesToday({ ...a, overdue: 'escalate' }, '2025-03-04', next)).toEqual([]);
  expect(adoptionIssuesToday(a, '2024-03-19', next).map((i) => i.path.join('.'))).toEqual([
    'adopted.reviewsHeld.0.heldOn',
  ]);
});

function fresh(): LifecycleState {
  const clock = { realStart: '2024-10-01T02:00:00.000Z', scheduleStart: '2024-10-01T02:00:00.000Z', speedup: 1 };
  return t.initialState(clock, '2022-08-17');
}

test('the state an adopted lifecycle starts from', () => {
  const s = fresh();
  t.adoptState(
    s,
    { signedOn: '2023-03-15', reviewsHeld: [{ n: 1, heldOn: '2024-03-20', outcome: 'continue' }] },
    'x',
    '2024-10-01',
    '2024-10-01T02:00:00.000Z',
  );
  expect(s).toEqual(expect.objectContaining({ stage: 'in-force', reviewBase: '2023-03-15', drafts: [], rounds: [] }));
  expect(s.signing).toEqual({ signatures: {}, effectiveDate: '2023-03-15', announced: true });
  expect(s.reviews.map((r) => [r.n, r.kind, r.meetingDate, r.outcome?.decision, r.recordedAtAdoption])).toEqual([
    [1, 'so-ket', '2024-03-20', 'continue', {}],
  ]);

  const d = fresh();
  t.adoptState(
    d,
    { reviewsHeld: [], draft: { version: 'v2', link: 'https://x.example/v2', round: 2, deadline: '2024-10-11' } },
    'x',
    '2024-10-01',
    '2024-10-01T02:00:00.000Z',
  );
  expect(d.stage).toBe('consultation');
  expect(d.rounds.map((r) => [r.n, r.draftVersion, r.deadlineKey, r.result, r.adopted])).toEqual([
    [1, '', 'consultation/round-1', 'changes-requested', { deadline: '' }],
    [2, 'v2', 'consultation/round-2', undefined, { deadline: '2024-10-11' }],
  ]);
  // The next round a revision opens is number 3.
  d.drafts.push({ version: 'v3', link: 'https://x.example/v3', submittedAt: '2024-10-20T02:00:00.000Z', cycle: 1 });
  expect(t.openRound(d, '2024-10-20T02:00:00.000Z').n).toBe(3);
});

test('a register row: the same regulation from the .xlsx and the .csv, and each field named by its column', async () => {
  const xlsx = await readRegister(path.join(ROOT, 'config/registers/so-theo-doi-quy-che.xlsx'));
  const csv = await readRegister(path.join(ROOT, 'config/registers/so-theo-doi-quy-che.csv'));
  expect(xlsx).toHaveLength(30);
  expect(xlsx).toEqual(csv);
  const first = rowInput(xlsx[0]!.cells);
  expect(first).toEqual(
    expect.objectContaining({
      id: '01-qcph-sxd-mttq-2021',
      kickoff: '2021-02-03',
      adopted: expect.objectContaining({
        number: '01/QCPH-SXD-MTTQ',
        signedOn: '2021-02-03',
        reviewsHeld: expect.arrayContaining([
          { n: 3, heldOn: '2024-02-08', outcome: 'continue', notes: 'bổ sung nội dung trao đổi thông tin' },
        ]),
      }),
      schedule: { preliminaryReviews: 'every 12 months', finalReview: '2030-12-31' },
    }),
  );
  expect(first.bodies.map((b) => [b.id, b.contacts[0]!.email])).toEqual([
    ['sxd', 'vanphong@sxd.longan.example.vn'],
    ['bttubmttqvnt', 'vanphong@mttq.longan.example.vn'],
  ]);
  expect(columnOf(['adopted', 'reviewsHeld', 1, 'heldOn'])).toBe('Sơ kết đã tổ chức');
  expect(columnOf(['bodies', 1, 'contacts', 0, 'email'])).toBe('Liên hệ 2');
  expect(columnOf(['schedule', 'finalReview'])).toBe('Ngày tổng kết');
});
