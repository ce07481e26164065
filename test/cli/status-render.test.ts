/**
 * What the CLI prints right after an action is the state after it: a deadline nobody owes
 * anything on any more is gone, one just moved shows its new day, and a reminder whose time has
 * come is "being sent now", never a "next reminder" in the past.
 */
import type { DeadlineEntry, LifecycleStatus } from '../../domain/lifecycle';
import { deadlineRows } from '../../workflows/status';
import { brief, renderStatus } from '../../client/commands/status';

const entry = (key: string, over: Partial<DeadlineEntry> = {}): DeadlineEntry => ({
  key,
  stage: 'signing',
  label: { vi: key, en: `Step ${key}` },
  lastDay: '2022-10-31',
  at: '2022-10-31T17:00:00.000Z',
  sequence: 0,
  nextReminder: '2022-10-20T01:00:00.000Z',
  ...over,
});

test('a settled deadline is left out and a moved one shows its new last day', () => {
  const book = {
    signing: entry('signing', { requested: { to: '2022-10-25', reason: 'signing session' } }),
    'so-ket-1/outcome': entry('so-ket-1/outcome'),
  };
  const rows = deadlineRows(book, Date.parse('2022-10-18T00:00:00Z'), (k) => k === 'so-ket-1/outcome');
  expect(rows).toEqual([expect.objectContaining({ key: 'signing', lastDay: '2022-10-25', moving: true })]);
  expect(rows[0]!.nextReminder).toBeUndefined();
});

test('status and the lines after an update print the state after it', () => {
  const s = {
    regulationId: 'x',
    title: { vi: 'Quy chế', en: 'Regulation' },
    stage: 'signing',
    cycle: 1,
    now: '2022-10-20T02:00:00.000Z',
    clock: {
      realStart: new Date(Date.now() - 1000).toISOString(),
      scheduleStart: '2022-10-20T02:00:00.000Z',
      speedup: 1,
    },
    parties: [],
    rounds: [],
    drafts: [],
    signatures: {},
    reviews: [],
    exchanges: [],
    extensions: [],
    mails: [],
    run: 1,
    roundsExhausted: false,
    signingSession: { at: '2022-10-25T02:00:00.000Z' },
    deadlines: [
      {
        key: 'signing',
        label: { vi: 'Ký', en: 'Signing' },
        lastDay: '2022-10-25',
        at: '2022-10-31T17:00:00.000Z',
        sequence: 1,
        overdue: false,
        moving: true,
      },
      {
        key: 'other',
        label: { vi: 'Khác', en: 'Other' },
        lastDay: '2022-11-30',
        at: '2022-11-30T17:00:00.000Z',
        sequence: 0,
        overdue: false,
        nextReminder: '2022-10-20T01:00:00.000Z',
      },
    ],
  } as unknown as LifecycleStatus;
  const page = renderStatus(s);
  expect(page).toMatch(/signing +Signing +Tue 25 Oct 2022 +being re-planned +- +MOVED/);
  expect(page).toMatch(/other +Other +Wed 30 Nov 2022 +being sent now/);
  expect(brief(s)).toContain('Signing session: Tue 25 Oct 2022 09:00');
  expect(brief(s)).toContain('Next deadline:   Signing, last day Tue 25 Oct 2022 (just moved)');
});
