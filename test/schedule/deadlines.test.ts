import { loadCalendar } from '../../activities/schedule/calendar-store';
import {
  atLocalTime,
  deadlineAfter,
  deadlineBefore,
  escalationSlots,
  localDate,
  reminderSlots,
  type Deadline,
} from '../../domain/schedule/deadlines';
import { parsePeriod } from '../../domain/schedule/period';

const vn = loadCalendar('vn');
const p = parsePeriod;

describe('deadlineAfter (Civil Code 2015, Arts. 146–148)', () => {
  test.each<[string, string, Deadline]>([
    // Plain last day Sat 14 Feb 2026 falls in the Tết break: moved to Mon 23 Feb (Art. 148.5).
    ['2026-02-04', '10 days', { lastDay: '2026-02-23', at: '2026-02-23T17:00:00.000Z', movedFrom: '2026-02-14' }],
    // The source's kick-off meeting (17 Aug 2022) plus a 30-day period.
    ['2022-08-17', '30 days', { lastDay: '2022-09-16', at: '2022-09-16T17:00:00.000Z' }],
    // A month without the corresponding day ends on its last day.
    ['2023-01-31', '1 month', { lastDay: '2023-02-28', at: '2023-02-28T17:00:00.000Z' }],
    ['2024-01-31', '1 month', { lastDay: '2024-02-29', at: '2024-02-29T17:00:00.000Z' }],
    ['2024-02-29', '1 year', { lastDay: '2025-02-28', at: '2025-02-28T17:00:00.000Z' }],
    ['2022-08-17', '2 weeks', { lastDay: '2022-08-31', at: '2022-08-31T17:00:00.000Z' }],
    // 12 months from 2 Sep 2025 is 2 Sep 2026 (Quốc khánh), then 3 Sep.
    ['2025-09-02', '12 months', { lastDay: '2026-09-03', at: '2026-09-03T17:00:00.000Z', movedFrom: '2026-09-02' }],
    // Working days skip weekends and the Tết break: Fri 13, Mon 23, Tue 24 Feb 2026.
    ['2026-02-12', '3 working days', { lastDay: '2026-02-24', at: '2026-02-24T17:00:00.000Z' }],
    ['2026-02-12', '1 working day', { lastDay: '2026-02-13', at: '2026-02-13T17:00:00.000Z' }],
    // Sat 22 Aug 2026 is a working day (swapped with Mon 31 Aug).
    ['2026-08-21', '1 working day', { lastDay: '2026-08-22', at: '2026-08-22T17:00:00.000Z' }],
    ['2026-08-28', '1 working day', { lastDay: '2026-09-03', at: '2026-09-03T17:00:00.000Z' }],
    // Decision: "0 days" ends at the end of the trigger day itself (moved if that day is off).
    ['2026-02-04', '0 days', { lastDay: '2026-02-04', at: '2026-02-04T17:00:00.000Z' }],
    ['2026-02-16', '0 days', { lastDay: '2026-02-23', at: '2026-02-23T17:00:00.000Z', movedFrom: '2026-02-16' }],
    [
      '2026-02-16',
      '0 working days',
      { lastDay: '2026-02-23', at: '2026-02-23T17:00:00.000Z', movedFrom: '2026-02-16' },
    ],
    // Counting starts the day after the trigger even when the trigger is a day off.
    ['2026-02-15', '1 working day', { lastDay: '2026-02-23', at: '2026-02-23T17:00:00.000Z' }],
  ])('%s + %s', (trigger, period, expected) => {
    expect(deadlineAfter(vn, trigger, p(period))).toEqual(expected);
  });

  test('another zone: end of the last day in that zone', () => {
    expect(deadlineAfter(vn, '2022-08-17', p('30 days'), 'UTC').at).toBe('2022-09-17T00:00:00.000Z');
  });

  test('bad input is rejected', () => {
    expect(() => deadlineAfter(vn, '17/08/2022', p('30 days'))).toThrow('is not a date');
    expect(() => deadlineAfter(vn, '2022-08-17', { amount: -1, unit: 'days' })).toThrow('is not a period');
    expect(() => deadlineAfter(vn, '2022-08-17', p('1 day'), 'Mars/Olympus')).toThrow('is not a time zone');
  });
});

describe('deadlineBefore', () => {
  test.each<[string, string, Deadline]>([
    // Sun 15 Feb 2026 is in the Tết break: move EARLIER to Fri 13 Feb.
    ['2026-02-25', '10 days', { lastDay: '2026-02-13', at: '2026-02-13T17:00:00.000Z', movedFrom: '2026-02-15' }],
    // 10 working days before Mon 2 Mar 2026: 27, 26, 25, 24, 23, 13, 12, 11, 10, 9 Feb.
    ['2026-03-02', '10 working days', { lastDay: '2026-02-09', at: '2026-02-09T17:00:00.000Z' }],
    ['2023-03-31', '1 month', { lastDay: '2023-02-28', at: '2023-02-28T17:00:00.000Z' }],
    ['2026-03-11', '0 days', { lastDay: '2026-03-11', at: '2026-03-11T17:00:00.000Z' }],
  ])('%s - %s', (eventDate, period, expected) => {
    expect(deadlineBefore(vn, eventDate, p(period))).toEqual(expected);
  });
});

describe('reminderSlots', () => {
  const deadline = deadlineAfter(vn, '2026-02-04', p('10 days')); // due Mon 23 Feb 2026
  const offsets = ['7 working days', '3 working days', '1 working day', '0 days'].map(p);

  test('7, 3, 1 working days before and on the due day, at 08:00 local, skipping Tết', () => {
    expect(reminderSlots(vn, deadline, offsets, '08:00')).toEqual([
      { offset: '7 working days', date: '2026-02-05', at: '2026-02-05T01:00:00.000Z' },
      { offset: '3 working days', date: '2026-02-11', at: '2026-02-11T01:00:00.000Z' },
      { offset: '1 working day', date: '2026-02-13', at: '2026-02-13T01:00:00.000Z' },
      { offset: '0 days', date: '2026-02-23', at: '2026-02-23T01:00:00.000Z' },
    ]);
  });

  test('slots before notBefore are dropped', () => {
    const slots = reminderSlots(vn, deadline, offsets, '08:00', '2026-02-05T01:00:00.001Z');
    expect(slots.map((s) => s.offset)).toEqual(['3 working days', '1 working day', '0 days']);
    // A slot exactly at notBefore is kept.
    expect(reminderSlots(vn, deadline, offsets, '08:00', '2026-02-05T01:00:00.000Z')).toHaveLength(4);
    // Offsets accept any ISO instant form.
    expect(reminderSlots(vn, deadline, offsets, '08:00', '2026-02-13T09:00:00+07:00')).toHaveLength(1);
  });

  test('calendar-day offsets landing on a day off move earlier, and coinciding slots merge', () => {
    // 7 days before Mon 23 Feb = Mon 16 Feb (Tết) -> Fri 13 Feb, the same as "1 working day".
    const slots = reminderSlots(vn, deadline, ['1 working day', '7 days', '3 working days'].map(p), '08:00');
    expect(slots).toEqual([
      { offset: '3 working days', date: '2026-02-11', at: '2026-02-11T01:00:00.000Z' },
      { offset: '1 working day', date: '2026-02-13', at: '2026-02-13T01:00:00.000Z' },
    ]);
  });

  test('no reminder is ever on a day off', () => {
    for (const s of reminderSlots(
      vn,
      deadline,
      ['1 day', '2 days', '3 days', '5 days', '8 days', '9 days'].map(p),
      '08:00',
    )) {
      expect(vn.isWorkingDay(s.date)).toBe(true);
    }
  });

  test('rejects a malformed time', () => {
    expect(() => reminderSlots(vn, deadline, offsets, '8am')).toThrow('"8am" is not a time of day');
  });
});

describe('escalationSlots', () => {
  const deadline = deadlineAfter(vn, '2026-02-12', p('1 working day')); // due Fri 13 Feb 2026

  test('the working day after the missed deadline, then every 2 working days', () => {
    expect(
      escalationSlots(vn, deadline, { after: p('1 working day'), repeat: p('2 working days') }, '08:00', 3),
    ).toEqual(['2026-02-23T01:00:00.000Z', '2026-02-25T01:00:00.000Z', '2026-02-27T01:00:00.000Z']);
  });

  test('calendar-day escalation landing on a day off moves to the next working day; repeats count from there', () => {
    expect(escalationSlots(vn, deadline, { after: p('1 day'), repeat: p('1 week') }, '09:30', 3)).toEqual([
      '2026-02-23T02:30:00.000Z', // Sat 14 Feb is in the Tết break -> Mon 23 Feb
      '2026-03-02T02:30:00.000Z',
      '2026-03-09T02:30:00.000Z',
    ]);
  });

  test('zero-length periods still give strictly later instants', () => {
    expect(escalationSlots(vn, deadline, { after: p('0 days'), repeat: p('0 days') }, '00:00', 2)).toEqual([
      '2026-02-22T17:00:00.000Z', // Fri 13 Feb 00:00 is not after the deadline: next working day, Mon 23 Feb
      '2026-02-23T17:00:00.000Z',
    ]);
  });

  test('count 0 gives nothing; a negative count is an error', () => {
    expect(
      escalationSlots(vn, deadline, { after: p('1 working day'), repeat: p('1 working day') }, '08:00', 0),
    ).toEqual([]);
    expect(() =>
      escalationSlots(vn, deadline, { after: p('1 working day'), repeat: p('1 working day') }, '08:00', -1),
    ).toThrow();
  });
});

describe('localDate / atLocalTime', () => {
  test('Asia/Ho_Chi_Minh is UTC+7 all year', () => {
    expect(atLocalTime('2026-02-23', '08:00')).toBe('2026-02-23T01:00:00.000Z');
    expect(atLocalTime('2026-07-01', '00:00')).toBe('2026-06-30T17:00:00.000Z');
    expect(localDate('2026-02-22T17:00:00.000Z')).toBe('2026-02-23');
    expect(localDate('2026-02-22T16:59:59.999Z')).toBe('2026-02-22');
    expect(localDate('2026-02-22T16:59:59.999Z', 'UTC')).toBe('2026-02-22');
  });
  test('bad input', () => {
    expect(() => atLocalTime('2026-02-23', '24:00')).toThrow('not a time of day');
    expect(() => localDate('yesterday')).toThrow('not an ISO instant');
  });
});
