/**
 * The planned timetable of a regulation's lifecycle (`regulation plan`): every deadline,
 * reminder, escalation and meeting, computed without starting anything.
 *
 * Pure: no files, no clock. Every date comes from planDeadlineOn/resolveDeadline, the very
 * functions behind the workflows' planDeadline activity, so the plan and the running
 * lifecycle cannot drift. The plan assumes every step happens on its deadline's last day:
 * the draft v1 is submitted, every body agrees in the first consultation round, every body
 * signs, and every review report arrives, each on the last day of its period.
 */
import { DateTime } from 'luxon';
// The workflow's own definition type: the zod output fits it, and lifecycles read from history are of it.
import { adoptedEffective, adoptedStage } from '../adoption';
import type { Localized } from '../locale';
import type { Regulation } from '../regulation';
import { slug } from '../text';
import { LABELS } from '../words';
import type { DeadlineRule } from './deadlines';
import { planDeadlineOn, resolveDeadline, type PlannedDeadline } from './plan';
import { addDays, type WorkingCalendar } from './calendar';
import { atLocalTime } from './deadlines';
import { formatPeriod } from './period';

/** What a timetable item is: the four kinds of the `plan --json` contract. */
export type TimetableKind = 'deadline' | 'reminder' | 'escalation' | 'meeting';

/** The lifecycle stage an item belongs to ("review" is a sơ kết, "final-review" the tổng kết). */
export type TimetableStage = 'drafting' | 'consultation' | 'revision' | 'signing' | 'review' | 'final-review';

/**
 * One planned event.
 *
 * Deadlines end at 24:00 local of their last day (Civil Code Art. 148): `date` is that last
 * day and `at` the instant 24:00, written as the next day's 00:00 with the offset, e.g.
 * `{ date: "2022-09-16", at: "2022-09-17T00:00:00+07:00" }`. For every other kind `date` is
 * the local date of `at`.
 */
export interface TimetableItem {
  kind: TimetableKind;
  stage: TimetableStage;
  /** Local date, YYYY-MM-DD (for a deadline: its last day). */
  date: string;
  /** ISO 8601 instant with the regulation zone's offset, e.g. "2022-09-16T08:00:00+07:00". */
  at: string;
  /** Body ids (an escalation goes to those bodies' leaders) and/or "secretariat". */
  to: string[];
  label: string;
  /** Number of the sơ kết, on its items. */
  review?: number;
  /** On a deadline: the rule it was computed from (for `plan --explain`). */
  rule?: DeadlineRule;
  /** On a review's reports deadline: the local day the report requests go out with the meeting invitation. */
  requested?: string;
}

const KIND_ORDER: Record<TimetableKind, number> = { deadline: 0, meeting: 1, reminder: 2, escalation: 3 };
const STAGE_ORDER: Record<TimetableStage, number> = {
  drafting: 0,
  consultation: 1,
  revision: 2,
  signing: 3,
  review: 4,
  'final-review': 5,
};

// Separates an item's step name from what the item is; the name alone makes the calendar UID.
const SEP = ' — ';

/** Plans a regulation's lifecycle on `cal`, assuming every step happens on its deadline; sorted by `at`, then kind. */
export function buildTimetable(reg: Regulation, cal: WorkingCalendar, opts: { today?: string } = {}): TimetableItem[] {
  const zone = reg.timezone;
  const sched = reg.schedule;
  const bodies = reg.bodies.map((b) => b.id);
  const items: TimetableItem[] = [];
  const local = (utc: string): string => toLocalIso(utc, zone);
  const endOfDay = (day: string): string => atLocalTime(addDays(day, 1), '00:00', zone);
  const repeat = formatPeriod(sched.escalation.repeat);

  interface Step {
    stage: TimetableStage;
    review?: number;
    /** Name of the step, shared by all its items. */
    name: string;
    rule: DeadlineRule;
    /** When the step opens: reminders before it are not planned (as the watcher's notBefore). */
    opens: string;
    /** A review's reports: the day the requests go out (YYYY-MM-DD). */
    requested?: string;
    to: string[];
    remindTo: string[] | null;
    escalateTo: string[] | null;
    /** Reminders and escalations stop at this instant (the review watcher's `until`). */
    until?: string;
    /** Extra text for the deadline item. */
    note?: string;
  }

  function step(s: Step): PlannedDeadline {
    const plan = planDeadlineOn(cal, {
      calendar: reg.calendar,
      zone,
      rule: s.rule,
      reminders: s.remindTo ? sched.reminders : [],
      reminderTime: sched.reminderTime,
      escalation: sched.escalation,
      escalations: s.escalateTo ? 1 : 0,
      notBefore: s.opens,
    });
    const base = { stage: s.stage, ...(s.review !== undefined ? { review: s.review } : {}) };
    const inTime = (at: string) => s.until === undefined || Date.parse(at) < Date.parse(s.until);
    items.push({
      kind: 'deadline',
      ...base,
      date: plan.lastDay,
      at: local(plan.at),
      to: s.to,
      label: `${s.name}${SEP}deadline${s.note ? `; ${s.note}` : ''}`,
      rule: s.rule,
      ...(s.requested ? { requested: s.requested } : {}),
    });
    for (const r of plan.reminders.filter((x) => inTime(x.at))) {
      const when = r.offset === '0 days' ? 'on the due day' : `${r.offset} before`;
      items.push({
        kind: 'reminder',
        ...base,
        date: r.date,
        at: local(r.at),
        to: s.remindTo ?? [],
        label: `${s.name}${SEP}reminder ${when} (due ${plan.lastDay})`,
      });
    }
    const first = plan.escalations[0];
    if (s.escalateTo && first !== undefined && inTime(first)) {
      const to = s.escalateTo;
      const toBodies = to.some((p) => p !== 'secretariat');
      const whom = !toBodies
        ? 'the secretariat'
        : to.includes('secretariat')
          ? "every body's leaders and the secretariat"
          : "each late body's leaders";
      items.push({
        kind: 'escalation',
        ...base,
        date: local(first).slice(0, 10),
        at: local(first),
        to,
        label: `${s.name}${SEP}escalation if late: to ${whom} (the first; then every ${repeat} until done)`,
      });
    }
    return plan;
  }

  // Adopted under way (domain/adoption.ts): only what remains is planned.
  const adopted = reg.adopted;
  const adoptedInForce = adopted && adoptedStage(adopted) === 'in-force';
  const reviewsHeld = adopted?.reviewsHeld.length ?? 0;
  const effective = adoptedInForce ? adoptedEffective(adopted)! : plannedSigning();
  reviews(effective);
  return items.sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] ||
      a.label.localeCompare(b.label),
  );

  /** Drafting, consultation and signing as planned; the effective date they lead to. */
  function plannedSigning(): string {
    const draft = adopted?.draft;
    // Drafting: counted from the kick-off; the secretariat is late → every body's leaders (and the secretariat).
    const drafting = draft
      ? undefined
      : step({
          stage: 'drafting',
          name: 'Drafting the regulation (draft v1)',
          rule: { after: reg.kickoff, period: sched.drafting },
          opens: endOfDay(reg.kickoff),
          to: ['secretariat'],
          remindTo: ['secretariat'],
          escalateTo: [...bodies, 'secretariat'],
        });

    // Consultation round 1: opens when draft v1 is submitted, on the drafting deadline's last day.
    const consent = sched.silence === 'consent';
    const consultation = step({
      stage: 'consultation',
      name: draft ? `Comments on draft ${draft.version} (round ${draft.round})` : 'Comments on draft v1 (round 1)',
      rule: draft ? { on: draft.deadline } : { after: drafting!.lastDay, period: sched.consultation },
      opens: drafting ? drafting.at : opts.today ? endOfDay(addDays(opts.today, -1)) : endOfDay(reg.kickoff),
      to: bodies,
      remindTo: bodies,
      escalateTo: consent ? null : bodies,
      note: consent ? 'silence counts as consent' : undefined,
    });

    // Signing: counted from the agreement (every body agrees on the consultation's last day), or on the stated day.
    const session = reg.signing?.at !== undefined ? signingSession(reg.signing.at, sched.meetingTime, zone) : undefined;
    const signing = step({
      stage: 'signing',
      name: 'Signing of the coordination regulation',
      rule: session ? { on: session.day } : { after: consultation.lastDay, period: sched.signing },
      opens: consultation.at,
      to: bodies,
      remindTo: bodies,
      escalateTo: bodies,
    });
    if (session) {
      const place = reg.signing?.place ? ` at ${reg.signing.place}` : '';
      items.push({
        kind: 'meeting',
        stage: 'signing',
        date: session.day,
        at: local(session.at),
        to: ['secretariat', ...bodies],
        label: `Signing session${place}${SEP}meeting`,
      });
    }
    return signing.lastDay;
  }

  // Reviews: sơ kết n at n × the cadence from the effective date while before the tổng kết.
  function review(meetingDay: string, stage: 'review' | 'final-review', n?: number): void {
    const what = stage === 'review' ? `Preliminary review ${n} (sơ kết)` : 'Final review (tổng kết)';
    const notice = resolveDeadline(cal, { before: meetingDay, period: sched.reviewNotice }, zone);
    const requested = atLocalTime(notice.lastDay, sched.reminderTime, zone);
    const meetingAt = atLocalTime(meetingDay, sched.meetingTime, zone);
    const common = { stage, ...(n !== undefined ? { review: n } : {}) };
    step({
      ...common,
      name: `Reports for the ${stage === 'review' ? `preliminary review ${n}` : 'final review'}`,
      rule: { before: meetingDay, period: sched.reportsDue },
      opens: requested,
      requested: notice.lastDay,
      to: bodies,
      remindTo: bodies,
      escalateTo: bodies,
      until: meetingAt,
      note: `requested from every body with the meeting invitation on ${weekdayDate(notice.lastDay)} ${sched.reminderTime}`,
    });
    items.push({
      kind: 'meeting',
      ...common,
      date: meetingDay,
      at: local(meetingAt),
      to: ['secretariat', ...bodies],
      label: `${what}${SEP}meeting`,
    });
    step({
      ...common,
      name: `Outcome of the ${stage === 'review' ? `preliminary review ${n}` : 'final review'} recorded`,
      rule: { on: meetingDay },
      opens: meetingAt,
      to: ['secretariat'],
      remindTo: null,
      escalateTo: ['secretariat'],
    });
  }

  function reviews(effective: string): void {
    const cadence = sched.preliminaryReviews;
    for (let n = reviewsHeld + 1; cadence.amount > 0 && n <= 1000; n++) {
      const day = resolveDeadline(
        cal,
        { after: effective, period: { amount: cadence.amount * n, unit: cadence.unit } },
        zone,
      ).lastDay;
      if (day >= sched.finalReview) break;
      review(day, 'review', n);
    }
    review(resolveDeadline(cal, { on: sched.finalReview }, zone).lastDay, 'final-review');
  }
}

/**
 * An item's label in both languages, for people (the console's timeline), worded as the running
 * lifecycle words the same step (workflows/labels.ts). `label` stays the English of the `plan`
 * contract, which also names the item's calendar UID.
 */
export function timetableTitle(item: TimetableItem, reg: Regulation): Localized {
  const review =
    item.stage === 'final-review'
      ? { kind: 'tong-ket' as const, n: 1 }
      : { kind: 'so-ket' as const, n: item.review ?? 1 };
  const reviewing = item.stage === 'review' || item.stage === 'final-review';
  if (item.kind === 'meeting') {
    if (reviewing) return LABELS.reviewMeeting(review.kind, review.n);
    const place = reg.signing?.place;
    return place
      ? { vi: `${LABELS.signingSession.vi} tại ${place}`, en: `${LABELS.signingSession.en} at ${place}` }
      : LABELS.signingSession;
  }
  const step: Localized = reviewing
    ? // A review has two steps; reminders and escalations carry no rule, so the step's name (made above) tells them apart.
      item.label.startsWith('Outcome of')
      ? LABELS.reviewOutcome(review.kind, review.n)
      : LABELS.reviewReports(review.kind, review.n)
    : item.stage === 'drafting'
      ? LABELS.drafting(1)
      : item.stage === 'consultation'
        ? LABELS.consultation('v1', 1)
        : LABELS.signing;
  const what: Localized = {
    deadline: { vi: 'hạn chót', en: 'deadline' },
    reminder: { vi: 'nhắc hạn', en: 'reminder' },
    escalation: { vi: 'báo lãnh đạo nếu chậm', en: 'escalation if late' },
  }[item.kind];
  const consent = item.kind === 'deadline' && item.stage === 'consultation' && reg.schedule.silence === 'consent';
  return {
    vi: `${step.vi}${SEP}${what.vi}${consent ? '; im lặng được coi là đồng ý' : ''}`,
    en: `${step.en}${SEP}${what.en}${consent ? '; silence counts as consent' : ''}`,
  };
}

/** Stable calendar UID of a deadline or meeting: `${reg.id}/${stage}/${slug of the step name and kind}@regulations.local`. */
export function timetableUid(item: TimetableItem, reg: Regulation): string {
  const name = item.label.split(SEP)[0] ?? item.label;
  return `${reg.id}/${item.stage}/${slug(`${name} ${item.kind}`)}@regulations.local`;
}

function toLocalIso(utc: string, zone: string): string {
  const dt = DateTime.fromISO(utc, { zone: 'utc' }).setZone(zone);
  return dt.toISO({ suppressMilliseconds: true }) ?? utc;
}

function weekdayDate(day: string): string {
  return DateTime.fromISO(day, { zone: 'utc' }).toFormat('ccc d LLL yyyy');
}

/** The signing session of `signing.at`: a date (meeting at meetingTime) or a date and time. */
function signingSession(at: string, meetingTime: string, zone: string): { day: string; at: string } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) {
    return { day: at, at: atLocalTime(at, meetingTime, zone) };
  }
  const dt = DateTime.fromISO(at, { zone });
  if (!dt.isValid) {
    throw new Error(
      `signing.at: ${JSON.stringify(at)} is not a date or date-time: write e.g. "2022-10-14" or "2022-10-14T09:00"`,
    );
  }
  const local = dt.setZone(zone);
  return { day: local.toISODate() ?? at.slice(0, 10), at: local.toUTC().toISO() ?? at };
}
