/**
 * The adoption checks that need the working-day calendar and today's date (domain/adoption.ts
 * has the rest, run by the definition's schema): what an adopted regulation runs next, and
 * whether that is already overdue. Used by `start`, `import` and the console before anything starts.
 */
import { DateTime } from 'luxon';
import { resolveDeadline } from '../domain/schedule/plan';
import type { WorkingCalendar } from '../domain/schedule/calendar';
import { DefinitionError, formatPath, type Regulation } from '../config/regulation';
import {
  adoptedEffective,
  adoptedStage,
  adoptionIssuesToday,
  type AdoptionIssue,
  type NextReview,
} from '../domain/adoption';

/** Today's local date in the regulation's zone. */
export function todayIn(zone: string, nowMs: number = Date.now()): string {
  return DateTime.fromMillis(nowMs, { zone }).toISODate()!;
}

/** The review an adopted, signed regulation runs next, planned as the lifecycle plans it. */
export function nextAdoptedReview(reg: Regulation, cal: WorkingCalendar): NextReview | undefined {
  const a = reg.adopted;
  if (!a || adoptedStage(a) !== 'in-force') return undefined;
  const zone = reg.timezone;
  const sched = reg.schedule;
  const n = a.reviewsHeld.length + 1;
  const cadence = sched.preliminaryReviews;
  const soKet = resolveDeadline(
    cal,
    { after: adoptedEffective(a)!, period: { amount: cadence.amount * n, unit: cadence.unit } },
    zone,
  ).lastDay;
  const review: Omit<NextReview, 'reportsDue'> =
    soKet < sched.finalReview
      ? { kind: 'so-ket', n, meetingDay: soKet }
      : { kind: 'tong-ket', n: 1, meetingDay: resolveDeadline(cal, { on: sched.finalReview }, zone).lastDay };
  const reportsDue = resolveDeadline(cal, { before: review.meetingDay, period: sched.reportsDue }, zone).lastDay;
  return { ...review, reportsDue };
}

/** The adoption problems of a definition on `today` (none for one started from its kick-off). */
export function adoptionProblems(reg: Regulation, cal: WorkingCalendar, today: string): AdoptionIssue[] {
  if (!reg.adopted) return [];
  return adoptionIssuesToday(reg.adopted, today, nextAdoptedReview(reg, cal));
}

/** Throws the definition's adoption problems on `today`, one line each naming the field and the fix. */
export function checkAdoption(reg: Regulation, cal: WorkingCalendar, today: string, source: string): void {
  const problems = adoptionProblems(reg, cal, today);
  if (problems.length > 0)
    throw new DefinitionError(
      source,
      problems.map((p) => `${formatPath(p.path)}: ${p.message}`),
    );
}
