/**
 * Planning one deadline with its reminders and escalations on a working-day calendar. Pure: the
 * planDeadline activity runs it (the calendar is data corrected over time, so workflows never
 * read it; the answer is recorded in their history), and `regulation plan` runs it offline.
 */
import { addDays, type WorkingCalendar } from './calendar';
import {
  atLocalTime,
  deadlineAfter,
  deadlineBefore,
  escalationSlots,
  reminderSlots,
  type Deadline,
  type DeadlineRule,
} from './deadlines';
import { explainDeadline, namedDaysOff } from './explain';
import type { Period } from './period';

/** How long a meeting (signing session, review meeting) lasts in calendar invitations. */
export const DEFAULT_MEETING_MINUTES = 60;

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
