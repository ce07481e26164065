/**
 * Deadline arithmetic under Civil Code 2015, Arts. 146–148, on a WorkingCalendar.
 *
 * Pure functions of their arguments (no clock, no files): activities call them and the
 * results go into workflow history, so a replay never recomputes them with newer holidays.
 * Dates are local (YYYY-MM-DD, in `zone`); instants are UTC ISO strings ("…T17:00:00.000Z").
 */
import { DateTime } from 'luxon';
import { addDays, assertIsoDate, type WorkingCalendar } from './calendar';
import { formatPeriod, type Period } from './period';

const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** When a period ends: the end (24:00 local) of `lastDay`. */
/** When a deadline falls: a period after or before a local date, or a stated date. */
export type DeadlineRule = { after: string; period: Period } | { before: string; period: Period } | { on: string };

export interface Deadline {
  /** Local date of the last day of the period, always a working day. */
  lastDay: string;
  /** UTC ISO instant of 24:00 local on lastDay (= 00:00 local of the next day). */
  at: string;
  /** The plain last day, when it was a day off and the deadline moved (Art. 148.5 or, backwards, earlier). */
  movedFrom?: string;
}

/** One reminder before a deadline. */
export interface ReminderSlot {
  /** formatPeriod(en) of the offset before the due day, e.g. "3 working days" or "0 days". */
  offset: string;
  /** Local date of the reminder. */
  date: string;
  /** UTC ISO instant of the reminder. */
  at: string;
}

function assertPeriod(p: Period): void {
  const units = ['days', 'working-days', 'weeks', 'months', 'years'];
  if (!Number.isSafeInteger(p.amount) || p.amount < 0 || !units.includes(p.unit)) {
    throw new Error(
      `${JSON.stringify(p)} is not a period: amount must be a non-negative integer and unit one of ${units.join(', ')}`,
    );
  }
}

function assertZone(zone: string): void {
  if (!DateTime.now().setZone(zone).isValid) {
    throw new Error(`${JSON.stringify(zone)} is not a time zone: write an IANA name such as "Asia/Ho_Chi_Minh"`);
  }
}

function toIsoUtc(dt: DateTime): string {
  return dt.toUTC().toJSDate().toISOString();
}

function instantMs(instant: string, what: string): number {
  // Offset-less strings are taken as UTC, the storage convention of this project.
  const dt = DateTime.fromISO(instant, { zone: 'utc' });
  if (!dt.isValid)
    throw new Error(`${what} ${JSON.stringify(instant)} is not an ISO instant: write e.g. "2026-02-23T17:00:00.000Z"`);
  return dt.toMillis();
}

/**
 * Moves `date` by `period` in direction `dir` without looking at days off, except that
 * working days are counted on the calendar. Months and years clamp to the month's last day
 * (Art. 147: a month without the corresponding day ends on its last day).
 */
function shift(cal: WorkingCalendar, date: string, period: Period, dir: 1 | -1): string {
  const n = period.amount;
  switch (period.unit) {
    case 'days':
      return addDays(date, dir * n);
    case 'weeks':
      return addDays(date, dir * 7 * n);
    case 'working-days': {
      let d = date;
      for (let i = 0; i < n; i++) d = dir > 0 ? cal.nextWorkingDay(d) : cal.previousWorkingDay(d);
      return d;
    }
    case 'months':
    case 'years': {
      // Luxon clamps (Jan 31 + 1 month = Feb 28/29), which is exactly Art. 147's rule.
      const dt = DateTime.fromISO(date, { zone: 'utc' }).plus({ [period.unit]: dir * n });
      return dt.toISODate() ?? date;
    }
  }
}

function endOfDay(lastDay: string, zone: string): string {
  return atLocalTime(addDays(lastDay, 1), '00:00', zone);
}

/**
 * Deadline of a period counted from `trigger` (Arts. 146–148): counting starts the day after the
 * trigger; the period ends at 24:00 of its last day, moved to the next working day if that is a
 * day off. "0 days" (or "0 working days") ends at the end of the trigger day itself.
 */
export function deadlineAfter(
  cal: WorkingCalendar,
  trigger: string,
  period: Period,
  zone: string = DEFAULT_ZONE,
): Deadline {
  assertIsoDate(trigger, 'trigger');
  assertPeriod(period);
  assertZone(zone);
  const plain = shift(cal, trigger, period, 1);
  const lastDay = cal.isWorkingDay(plain) ? plain : cal.nextWorkingDay(plain);
  return { lastDay, at: endOfDay(lastDay, zone), ...(lastDay !== plain ? { movedFrom: plain } : {}) };
}

/**
 * Deadline counted backwards from `eventDate` (e.g. reports due 10 working days before a meeting);
 * a day off moves it to the previous working day so the reports still arrive in time.
 */
export function deadlineBefore(
  cal: WorkingCalendar,
  eventDate: string,
  period: Period,
  zone: string = DEFAULT_ZONE,
): Deadline {
  assertIsoDate(eventDate, 'event date');
  assertPeriod(period);
  assertZone(zone);
  const plain = shift(cal, eventDate, period, -1);
  const lastDay = cal.isWorkingDay(plain) ? plain : cal.previousWorkingDay(plain);
  return { lastDay, at: endOfDay(lastDay, zone), ...(lastDay !== plain ? { movedFrom: plain } : {}) };
}

/**
 * One reminder per offset before the deadline's lastDay at `reminderTime` local; days off move
 * a reminder earlier; reminders before `notBefore` or not before deadline.at are dropped;
 * reminders at the same instant are merged (first offset wins); sorted ascending.
 */
export function reminderSlots(
  cal: WorkingCalendar,
  deadline: Deadline,
  offsets: Period[],
  reminderTime: string,
  notBefore?: string,
  zone: string = DEFAULT_ZONE,
): ReminderSlot[] {
  assertIsoDate(deadline.lastDay, 'deadline.lastDay');
  const dueMs = instantMs(deadline.at, 'deadline.at');
  const notBeforeMs = notBefore === undefined ? -Infinity : instantMs(notBefore, 'notBefore');
  const byInstant = new Map<string, ReminderSlot>();
  for (const offset of offsets) {
    assertPeriod(offset);
    let date = shift(cal, deadline.lastDay, offset, -1);
    // Earlier, not later: a reminder moved past its offset would arrive too close to the deadline.
    if (!cal.isWorkingDay(date)) date = cal.previousWorkingDay(date);
    const at = atLocalTime(date, reminderTime, zone);
    const ms = Date.parse(at);
    if (ms < notBeforeMs || ms >= dueMs) continue;
    // Two offsets can collapse onto one day (e.g. across Tết): one reminder, not two.
    if (!byInstant.has(at)) byInstant.set(at, { offset: formatPeriod(offset, 'en'), date, at });
  }
  return [...byInstant.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * `count` escalation instants after a missed deadline: the first `after` counted from lastDay,
 * then every `repeat` after the first escalation, each at
 * `reminderTime` on a working day, strictly after deadline.at and strictly ascending.
 */
export function escalationSlots(
  cal: WorkingCalendar,
  deadline: Deadline,
  escalation: { after: Period; repeat: Period },
  reminderTime: string,
  count: number,
  zone: string = DEFAULT_ZONE,
): string[] {
  assertIsoDate(deadline.lastDay, 'deadline.lastDay');
  assertPeriod(escalation.after);
  assertPeriod(escalation.repeat);
  if (!Number.isSafeInteger(count) || count < 0)
    throw new Error(`escalation count ${count} must be a non-negative integer`);
  let floorMs = instantMs(deadline.at, 'deadline.at');
  const firstPlain = shift(cal, deadline.lastDay, escalation.after, 1);
  const first = cal.isWorkingDay(firstPlain) ? firstPlain : cal.nextWorkingDay(firstPlain);
  const out: string[] = [];
  // Months and years are anchored on the first escalation (k × repeat) so "1 month" repeats do not
  // drift; day-based units give the same dates chained, in linear rather than quadratic time.
  const anchored = escalation.repeat.unit === 'months' || escalation.repeat.unit === 'years';
  let previous = first;
  for (let k = 0; k < count; k++) {
    const plain = anchored
      ? shift(cal, first, { amount: escalation.repeat.amount * k, unit: escalation.repeat.unit }, 1)
      : k === 0
        ? first
        : shift(cal, previous, escalation.repeat, 1);
    previous = plain;
    let date = cal.isWorkingDay(plain) ? plain : cal.nextWorkingDay(plain);
    let at = atLocalTime(date, reminderTime, zone);
    // "0 days" periods or clamped months could repeat or precede an instant: push to the next working day.
    while (Date.parse(at) <= floorMs) {
      date = cal.nextWorkingDay(date);
      at = atLocalTime(date, reminderTime, zone);
    }
    out.push(at);
    floorMs = Date.parse(at);
  }
  return out;
}

/** Local date (YYYY-MM-DD) of a UTC instant in `zone`. */
export function localDate(instant: string, zone: string = DEFAULT_ZONE): string {
  assertZone(zone);
  const dt = DateTime.fromMillis(instantMs(instant, 'instant'), { zone });
  return dt.toISODate() ?? '';
}

/** UTC ISO instant of local `date` at `time` ("HH:mm") in `zone`. */
export function atLocalTime(date: string, time: string, zone: string = DEFAULT_ZONE): string {
  assertIsoDate(date);
  if (!TIME_RE.test(time))
    throw new Error(`time ${JSON.stringify(time)} is not a time of day: write "HH:mm", e.g. "08:00"`);
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid)
    throw new Error(`${JSON.stringify(zone)} is not a time zone: write an IANA name such as "Asia/Ho_Chi_Minh"`);
  return toIsoUtc(dt);
}
