/**
 * Deadline planning as an activity: the working-day calendar is data that is corrected over
 * time (next year's Tết is announced late), so workflows never read it; they ask here, and
 * the answer is recorded in their history.
 */
import { addDays, type WorkingCalendar } from './schedule/calendar';
import {
  atLocalTime,
  deadlineAfter,
  deadlineBefore,
  escalationSlots,
  reminderSlots,
  type Deadline,
} from './schedule/deadlines';
import { explainDeadline, namedDaysOff } from './schedule/explain';
import type { Period } from './schedule/period';

export type DeadlineRule = { after: string; period: Period } | { before: string; period: Period } | { on: string };

export interface PlanDeadlineInput {
  calendar: string;
  zone: string;
  rule: DeadlineRule;
  reminders: Period[];
  reminderTime: string;
  escalation: { after: Period; repeat: Period };
  /** How many escalation instants to return. */
  escalations: number;
  /** Schedule "now": reminders before it are not planned (never in the past). */
  notBefore: string;
  /** If set, also return the instant of a meeting at this local time on the deadline's day. */
  meetingTime?: string;
  /** Plan on this version of the calendar file: a worker holding another version re-reads it first. */
  calendarVersion?: string;
}

export interface PlannedDeadline extends Deadline {
  reminders: { offset: string; date: string; at: string }[];
  escalations: string[];
  meetingAt?: string;
  /** The schedule "now" it was planned at (the input's notBefore), recorded in history with the plan. */
  asOf?: string;
  /** Version (content hash) of the calendar file it was planned on. */
  calendarVersion?: string;
  /** Named days off in the counted span ("why this date"), consecutive days as one range. */
  daysOff?: { from: string; to: string; reason: string }[];
}

/** Applies a deadline rule on a calendar; a stated date on a day off moves to the next working day (Art. 148.5). */
export function resolveDeadline(cal: WorkingCalendar, rule: DeadlineRule, zone: string): Deadline {
  if ('on' in rule) {
    const lastDay = cal.isWorkingDay(rule.on) ? rule.on : cal.nextWorkingDay(rule.on);
    return {
      lastDay,
      at: atLocalTime(addDays(lastDay, 1), '00:00', zone),
      ...(lastDay !== rule.on ? { movedFrom: rule.on } : {}),
    };
  }
  if ('before' in rule) return deadlineBefore(cal, rule.before, rule.period, zone);
  return deadlineAfter(cal, rule.after, rule.period, zone);
}

/** Plans a deadline, its reminders and its escalations. */
export function planDeadlineOn(cal: WorkingCalendar, input: PlanDeadlineInput): PlannedDeadline {
  const deadline = resolveDeadline(cal, input.rule, input.zone);
  return {
    ...deadline,
    reminders: reminderSlots(cal, deadline, input.reminders, input.reminderTime, input.notBefore, input.zone),
    escalations: escalationSlots(cal, deadline, input.escalation, input.reminderTime, input.escalations, input.zone),
    ...(input.meetingTime ? { meetingAt: atLocalTime(deadline.lastDay, input.meetingTime, input.zone) } : {}),
    asOf: input.notBefore,
    calendarVersion: cal.version,
    daysOff: namedDaysOff(explainDeadline(cal, input.rule, deadline).daysOff),
  };
}
