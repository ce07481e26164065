/**
 * Adopting a regulation already under way: the `adopted:` block of a definition says what has
 * happened before the engine took it over (signed and in force with the reviews already held,
 * signed but not yet effective, or a draft out for comments), and the lifecycle runs only what
 * remains. Pure: the vocabulary and the checks, no I/O, no clock (today is given).
 */

/** What a review meeting decided, as the engine records it. */
export type AdoptedOutcome = 'continue' | 'amend' | 'end';

/** A sơ kết held before adoption (numbered 1, 2, … in order). */
export interface HeldReview {
  n: number;
  /** Local date of the review meeting, YYYY-MM-DD. */
  heldOn: string;
  outcome: AdoptedOutcome;
  notes?: string;
  /** Where the review's report (báo cáo sơ kết) or conclusions can be read. */
  link?: string;
}

/** A draft out for comments when the engine takes over: consultation round `round` on `version`, due `deadline`. */
export interface AdoptedDraft {
  version: string;
  link: string;
  round: number;
  /** Last day for the bodies' comments, YYYY-MM-DD (stated: the engine does not recount it). */
  deadline: string;
}

/**
 * The `adopted:` block. A signed regulation states `signedOn` (and `effectiveOn`, the signing
 * date when left out); a regulation still in consultation states `draft` instead.
 */
export interface Adoption {
  /** Number of the signed regulation, e.g. "05/QCPH-SXD-STNMT". */
  number?: string;
  /** Where the signed text can be read. */
  link?: string;
  signedOn?: string;
  effectiveOn?: string;
  reviewsHeld: HeldReview[];
  draft?: AdoptedDraft;
  /**
   * "escalate": the next review is already overdue and the office knows it; the engine starts
   * with the escalation (README: Adopting a regulation already in force). Absent: refused.
   */
  overdue?: 'escalate';
}

/** Where in its lifecycle an adopted regulation starts. */
export type AdoptedStage = 'in-force' | 'consultation';

/** One refusal: the field (a path under the definition) and the message, which names the fix. */
export interface AdoptionIssue {
  path: (string | number)[];
  message: string;
}

/** The stage an adoption starts in. */
export function adoptedStage(a: Adoption): AdoptedStage {
  return a.draft && !a.signedOn ? 'consultation' : 'in-force';
}

/** The effective date of a signed adoption (the signing date when none is stated). */
export function adoptedEffective(a: Adoption): string | undefined {
  return a.effectiveOn ?? a.signedOn;
}

/** People read dates as their language writes them: 15/03/2023. */
export function dayVi(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/**
 * The checks that need no calendar and no clock: the form of the block, dates in order, review
 * numbers in sequence, outcomes that leave something to run.
 */
export function adoptionIssues(a: Adoption, def: { kickoff: string; finalReview: string }): AdoptionIssue[] {
  const out: AdoptionIssue[] = [];
  const at = (...p: (string | number)[]): (string | number)[] => ['adopted', ...p];
  if (!a.signedOn && !a.draft) {
    out.push({
      path: at('signedOn'),
      message:
        'is missing: state signedOn (and effectiveOn) for a signed regulation, or draft { version, link, round, deadline } for one out for comments',
    });
    return out;
  }
  if (a.signedOn && a.draft) {
    out.push({
      path: at('draft'),
      message:
        'a signed regulation has no draft out for comments: remove draft, or remove signedOn if the regulation is not signed yet',
    });
    return out;
  }
  if (a.draft) {
    if (a.reviewsHeld.length > 0)
      out.push({
        path: at('reviewsHeld'),
        message: 'a regulation not yet signed has held no review: remove reviewsHeld, or state signedOn',
      });
    if (a.effectiveOn)
      out.push({ path: at('effectiveOn'), message: 'a draft has no effective date yet: remove effectiveOn' });
    if (a.draft.deadline <= def.kickoff)
      out.push({
        path: at('draft', 'deadline'),
        message: `${dayVi(a.draft.deadline)} is not after the kick-off ${dayVi(def.kickoff)}: correct the date or the kick-off`,
      });
    return out;
  }
  const signed = a.signedOn!;
  const effective = adoptedEffective(a)!;
  if (signed < def.kickoff)
    out.push({
      path: at('signedOn'),
      message: `${dayVi(signed)} is before the kick-off ${dayVi(def.kickoff)}: set kickoff on or before the signing`,
    });
  if (effective < signed)
    out.push({
      path: at('effectiveOn'),
      message: `${dayVi(effective)} is before signedOn ${dayVi(signed)}: a regulation takes effect on or after its signing`,
    });
  if (effective >= def.finalReview)
    out.push({
      path: at('effectiveOn'),
      message: `${dayVi(effective)} is not before the final review ${dayVi(def.finalReview)}: correct schedule.finalReview`,
    });
  let previous = effective;
  let numbered = true;
  a.reviewsHeld.forEach((r, i) => {
    // After the first numbering problem the rest would repeat it: one line says what to fix.
    if (!numbered) return;
    if (r.n !== i + 1) {
      numbered = false;
      out.push({
        path: at('reviewsHeld', i, 'n'),
        message:
          r.n > i + 1
            ? `sơ kết ${r.n} follows ${i === 0 ? 'no earlier review' : `sơ kết ${i}`}: sơ kết ${i + 1} is missing; list every sơ kết held, numbered 1, 2, 3… in order`
            : `sơ kết ${r.n} is listed twice or out of order: number the reviews 1, 2, 3… in the order held`,
      });
      return;
    }
    if (r.heldOn < previous)
      out.push({
        path: at('reviewsHeld', i, 'heldOn'),
        message:
          i === 0
            ? `${dayVi(r.heldOn)} is before the effective date ${dayVi(effective)}: a review follows the regulation's entry into force`
            : `${dayVi(r.heldOn)} is before sơ kết ${i} (${dayVi(previous)}): correct the date or the order`,
      });
    else if (r.heldOn >= def.finalReview)
      out.push({
        path: at('reviewsHeld', i, 'heldOn'),
        message: `${dayVi(r.heldOn)} is on or after the final review ${dayVi(def.finalReview)}: correct the date or schedule.finalReview`,
      });
    if (r.outcome === 'end')
      out.push({
        path: at('reviewsHeld', i, 'outcome'),
        message: 'the regulation ended at this review: nothing remains to run, so do not adopt it',
      });
    else if (r.outcome === 'amend' && i === a.reviewsHeld.length - 1)
      out.push({
        path: at('reviewsHeld', i, 'outcome'),
        message:
          'an amendment under way cannot be adopted yet: adopt the regulation once the amendment is signed (outcome "continue"), or its draft with draft { … }',
      });
    previous = r.heldOn;
  });
  return out;
}

/** The review an in-force adoption runs next, as the caller planned it on the working-day calendar. */
export interface NextReview {
  kind: 'so-ket' | 'tong-ket';
  n: number;
  /** The meeting's day. */
  meetingDay: string;
  /** The last day for the bodies' reports (before the meeting). */
  reportsDue: string;
}

/**
 * The checks against today: nothing stated as held or signed lies in the future, and what runs
 * next is not already overdue unless the definition says so (`overdue: escalate`).
 */
export function adoptionIssuesToday(a: Adoption, today: string, next?: NextReview): AdoptionIssue[] {
  const out: AdoptionIssue[] = [];
  const at = (...p: (string | number)[]): (string | number)[] => ['adopted', ...p];
  if (a.signedOn && a.signedOn > today)
    out.push({
      path: at('signedOn'),
      message: `${dayVi(a.signedOn)} is in the future: a regulation not signed yet is adopted with draft { … } instead`,
    });
  a.reviewsHeld.forEach((r, i) => {
    if (r.heldOn > today)
      out.push({
        path: at('reviewsHeld', i, 'heldOn'),
        message: `${dayVi(r.heldOn)} is in the future: list only reviews already held (the engine runs the next ones)`,
      });
  });
  if (out.length > 0 || a.overdue === 'escalate') return out;
  if (a.draft && a.draft.deadline < today)
    out.push({
      path: at('draft', 'deadline'),
      message: `${dayVi(a.draft.deadline)} has passed: state the extended deadline, or add overdue: escalate to start with the escalation to the leaders`,
    });
  if (next && next.reportsDue < today) {
    const name = next.kind === 'so-ket' ? `sơ kết ${next.n}` : 'the tổng kết';
    out.push({
      path: at('reviewsHeld'),
      message: `${name} is already overdue (reports due ${dayVi(next.reportsDue)}, meeting ${dayVi(next.meetingDay)}): add it to reviewsHeld if it was held, or add overdue: escalate to start with the escalation`,
    });
  }
  return out;
}
