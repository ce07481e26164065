/**
 * "Why this date": how a deadline was computed on a calendar, for people (plan --explain, the
 * short line in emails). Pure, like the arithmetic it explains.
 */
import { addDays, type WorkingCalendar } from './calendar';
import type { DeadlineRule } from './deadlines';
import { formatPeriod } from './period';

export interface DayOff {
  date: string;
  reason: string;
}

export interface DeadlineExplanation {
  /** The rule in words: "10 working days after 2027-01-27", "on 2027-02-10". */
  rule: string;
  /** The last day the period gives before Art. 148.5 (the day itself for a stated date). */
  plainLastDay: string;
  lastDay: string;
  /** Days off inside the counted span, in date order ("weekend" for weekly rest days). */
  daysOff: DayOff[];
  /** True when the period counts working days, so its days off were skipped while counting. */
  workingDays: boolean;
  /** Set when the plain last day was a day off and the deadline moved (Art. 148.5; backwards for "before" rules). */
  moved?: { from: string; reason: string; direction: 'later' | 'earlier' };
  calendar: { id: string; version: string; sources: string[] };
}

function daysOffBetween(cal: WorkingCalendar, from: string, to: string): DayOff[] {
  const out: DayOff[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const reason = cal.dayOffReason(d);
    if (reason !== undefined) out.push({ date: d, reason });
  }
  return out;
}

/** Explains a deadline already resolved on `cal` (lastDay, and movedFrom when it moved). */
export function explainDeadline(
  cal: WorkingCalendar,
  rule: DeadlineRule,
  resolved: { lastDay: string; movedFrom?: string },
): DeadlineExplanation {
  const plainLastDay = resolved.movedFrom ?? resolved.lastDay;
  let text: string;
  let daysOff: DayOff[];
  if ('on' in rule) {
    text = `on ${rule.on}`;
    daysOff = daysOffBetween(cal, rule.on, resolved.lastDay).filter((d) => d.date < resolved.lastDay);
  } else if ('before' in rule) {
    text = `${formatPeriod(rule.period, 'en')} before ${rule.before}`;
    daysOff = daysOffBetween(cal, resolved.lastDay, addDays(rule.before, -1));
  } else {
    text = `${formatPeriod(rule.period, 'en')} after ${rule.after} (counting from the next day, Civil Code Art. 147)`;
    daysOff = daysOffBetween(cal, addDays(rule.after, 1), resolved.lastDay);
  }
  const years = new Set([plainLastDay.slice(0, 4), resolved.lastDay.slice(0, 4)]);
  return {
    rule: text,
    workingDays: !('on' in rule) && rule.period.unit === 'working-days',
    plainLastDay,
    lastDay: resolved.lastDay,
    daysOff,
    ...(resolved.movedFrom
      ? {
          moved: {
            from: resolved.movedFrom,
            reason: cal.dayOffReason(resolved.movedFrom) ?? 'day off',
            direction: resolved.lastDay > resolved.movedFrom ? ('later' as const) : ('earlier' as const),
          },
        }
      : {}),
    calendar: {
      id: cal.id,
      version: cal.version,
      sources: [...years].map((y) => `${y}: ${cal.sources.get(y) ?? 'statutory fallback'}`),
    },
  };
}

/** Named days off only (no plain weekends), consecutive days of one name as one range: the short form for emails. */
export function namedDaysOff(daysOff: DayOff[]): { from: string; to: string; reason: string }[] {
  const out: { from: string; to: string; reason: string }[] = [];
  for (const d of daysOff) {
    if (d.reason === 'weekend') continue;
    const last = out[out.length - 1];
    if (last && last.reason === d.reason && addDays(last.to, 1) >= d.date && d.date <= addDays(last.to, 3))
      last.to = d.date;
    else out.push({ from: d.date, to: d.date, reason: d.reason });
  }
  return out;
}

/** The full trace, one line each, for `regulation plan --explain`. */
export function explainLines(e: DeadlineExplanation): string[] {
  const lines = [`rule: ${e.rule}`];
  if (e.daysOff.length === 0) lines.push('days off in the span: none');
  else {
    const weekends = e.daysOff.filter((d) => d.reason === 'weekend').length;
    const how = e.workingDays
      ? 'skipped while counting'
      : 'counted as calendar days; only the last day must be a working day';
    lines.push(
      `days off in the span: ${e.daysOff.length} (${weekends} weekend day${weekends === 1 ? '' : 's'}; ${how})`,
    );
    for (const d of e.daysOff.filter((x) => x.reason !== 'weekend')) lines.push(`  ${d.date}  ${d.reason}`);
  }
  if (e.moved)
    lines.push(
      `${e.moved.from} is a day off (${e.moved.reason}): moved ${e.moved.direction} to ${e.lastDay} (Civil Code Art. 148.5)`,
    );
  lines.push(`last day: ${e.lastDay}, ends 24:00 local`);
  lines.push(`calendar ${e.calendar.id} version ${e.calendar.version}; ${e.calendar.sources.join('; ')}`);
  return lines;
}
