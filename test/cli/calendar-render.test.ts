/**
 * `regulation calendar diff` prints what would move as people read dates (weekday, day, month,
 * year; reminders with their time in Vietnam), never ISO.
 */
import { renderDiff } from '../../client/commands/calendar';

test('the calendar diff names each moved day with its weekday, and the days off that moved it', () => {
  const out = renderDiff({
    calendar: 'vn',
    version: 'abc123def456',
    moves: [
      {
        workflowId: 'long-an-hdnd-tand-2022',
        key: 'consultation/round-1',
        label: { vi: 'Góp ý dự thảo v1', en: 'Comments on draft v1' },
        pending: ['tand'],
        before: { lastDay: '2027-02-05', reminders: ['2027-01-29T01:00:00.000Z'] },
        after: { lastDay: '2027-02-19', reminders: ['2027-02-12T01:00:00.000Z'] },
        daysOff: [{ from: '2027-02-08', to: '2027-02-12', reason: 'Tết Nguyên đán' }],
      },
    ],
    manual: [{ workflowId: 'other', key: 'signing', lastDay: '2027-03-01' }],
    unreadable: [],
  });
  expect(out).toContain(
    'long-an-hdnd-tand-2022  consultation/round-1  Fri 5 Feb 2027 → Fri 19 Feb 2027  Fri 29 Jan 2027 08:00 → Fri 12 Feb 2027 08:00  tand     Tết Nguyên đán Mon 8 Feb 2027–Fri 12 Feb 2027',
  );
  expect(out).toContain('Left alone (set by hand): other signing, last day Mon 1 Mar 2027.');
  expect(out).not.toMatch(/\d{4}-\d{2}-\d{2}/);
});
