import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays } from '../../domain/schedule/calendar';
import { loadCalendar } from '../../activities/schedule/calendar-store';
import {
  deadlineAfter,
  deadlineBefore,
  escalationSlots,
  localDate,
  reminderSlots,
} from '../../domain/schedule/deadlines';
import type { Period, PeriodUnit } from '../../domain/schedule/period';

const vn = loadCalendar('vn');
const RUNS = { numRuns: 300 };

// Any local date in the data years 2022–2030 (3,287 days).
const date2022to2030 = fc.integer({ min: 0, max: 3286 }).map((i) => addDays('2022-01-01', i));

const period: fc.Arbitrary<Period> = fc.oneof(
  fc.record({ amount: fc.integer({ min: 0, max: 90 }), unit: fc.constant<PeriodUnit>('days') }),
  fc.record({ amount: fc.integer({ min: 0, max: 40 }), unit: fc.constant<PeriodUnit>('working-days') }),
  fc.record({ amount: fc.integer({ min: 0, max: 10 }), unit: fc.constant<PeriodUnit>('weeks') }),
  fc.record({ amount: fc.integer({ min: 0, max: 24 }), unit: fc.constant<PeriodUnit>('months') }),
  fc.record({ amount: fc.integer({ min: 0, max: 3 }), unit: fc.constant<PeriodUnit>('years') }),
);

const offsets = fc.array(
  fc.oneof(
    fc.record({ amount: fc.integer({ min: 0, max: 15 }), unit: fc.constant<PeriodUnit>('working-days') }),
    fc.record({ amount: fc.integer({ min: 0, max: 20 }), unit: fc.constant<PeriodUnit>('days') }),
  ),
  { maxLength: 6 },
);

const smallPeriod: fc.Arbitrary<Period> = fc.oneof(
  fc.record({ amount: fc.integer({ min: 0, max: 10 }), unit: fc.constant<PeriodUnit>('working-days') }),
  fc.record({ amount: fc.integer({ min: 0, max: 14 }), unit: fc.constant<PeriodUnit>('days') }),
  fc.record({ amount: fc.integer({ min: 0, max: 2 }), unit: fc.constant<PeriodUnit>('weeks') }),
  fc.record({ amount: fc.integer({ min: 0, max: 2 }), unit: fc.constant<PeriodUnit>('months') }),
);

const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

/** The plain calendar count, ignoring days off; working days count at least one calendar day each. */
function plainCount(trigger: string, p: Period, dir: 1 | -1): string {
  switch (p.unit) {
    case 'days':
    case 'working-days':
      return addDays(trigger, dir * p.amount);
    case 'weeks':
      return addDays(trigger, dir * 7 * p.amount);
    default:
      return (
        DateTime.fromISO(trigger, { zone: 'utc' })
          .plus({ [p.unit]: dir * p.amount })
          .toISODate() ?? ''
      );
  }
}

describe('deadline properties (2022–2030)', () => {
  test('deadlineAfter: the last day is a working day, never earlier than the plain count, ending at 24:00 local', () => {
    fc.assert(
      fc.property(date2022to2030, period, (trigger, p) => {
        const d = deadlineAfter(vn, trigger, p);
        expect(vn.isWorkingDay(d.lastDay)).toBe(true);
        expect(d.lastDay >= plainCount(trigger, p, 1)).toBe(true);
        expect(d.lastDay >= trigger).toBe(true);
        expect(localDate(d.at)).toBe(addDays(d.lastDay, 1));
        expect(localDate(new Date(Date.parse(d.at) - 1).toISOString())).toBe(d.lastDay);
        if (d.movedFrom !== undefined) {
          expect(vn.isWorkingDay(d.movedFrom)).toBe(false);
          expect(d.lastDay).toBe(vn.nextWorkingDay(d.movedFrom));
        }
      }),
      RUNS,
    );
  });

  test('deadlineBefore: the last day is a working day, never later than the plain count', () => {
    fc.assert(
      fc.property(date2022to2030, period, (eventDate, p) => {
        const d = deadlineBefore(vn, eventDate, p);
        expect(vn.isWorkingDay(d.lastDay)).toBe(true);
        expect(d.lastDay <= plainCount(eventDate, p, -1)).toBe(true);
        if (d.movedFrom !== undefined) expect(d.lastDay).toBe(vn.previousWorkingDay(d.movedFrom));
      }),
      RUNS,
    );
  });

  test('reminders: strictly before the deadline, on working days, not before notBefore, unique and ascending', () => {
    fc.assert(
      fc.property(
        date2022to2030,
        period,
        offsets,
        time,
        fc.integer({ min: -40, max: 10 }),
        (trigger, p, offs, t, nb) => {
          const d = deadlineAfter(vn, trigger, p);
          const notBefore = new Date(Date.parse(d.at) + nb * 86_400_000).toISOString();
          const slots = reminderSlots(vn, d, offs, t, notBefore);
          const ats = slots.map((s) => Date.parse(s.at));
          for (const s of slots) {
            expect(Date.parse(s.at)).toBeLessThan(Date.parse(d.at));
            expect(Date.parse(s.at)).toBeGreaterThanOrEqual(Date.parse(notBefore));
            expect(vn.isWorkingDay(s.date)).toBe(true);
            expect(localDate(s.at)).toBe(s.date);
          }
          for (let i = 1; i < ats.length; i++) expect(ats[i]).toBeGreaterThan(ats[i - 1] ?? -Infinity);
          expect(slots.length).toBeLessThanOrEqual(offs.length);
        },
      ),
      RUNS,
    );
  });

  test('escalations: after the deadline, strictly ascending, on working days', () => {
    fc.assert(
      fc.property(
        date2022to2030,
        period,
        smallPeriod,
        smallPeriod,
        time,
        fc.integer({ min: 0, max: 5 }),
        (trigger, p, after, repeat, t, count) => {
          const d = deadlineAfter(vn, trigger, p);
          const slots = escalationSlots(vn, d, { after, repeat }, t, count);
          expect(slots).toHaveLength(count);
          let prev = Date.parse(d.at);
          for (const at of slots) {
            expect(Date.parse(at)).toBeGreaterThan(prev);
            expect(vn.isWorkingDay(localDate(at))).toBe(true);
            prev = Date.parse(at);
          }
        },
      ),
      RUNS,
    );
  });
});
