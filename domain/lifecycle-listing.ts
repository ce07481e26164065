/**
 * The listing memo of a lifecycle run and of a running review, derived from what their status
 * queries answer (pure: the workflows write it with upsertMemo, the console's test doubles reuse it).
 */
import { commentRows } from './comments';
import type { LifecycleStatus, ReviewStatus } from './lifecycle';
import { listingParties, type ListingMemo, type OpenItem } from './listing';
import type { Regulation } from './regulation';

function base(reg: Regulation, lifecycleId: string, clock: ListingMemo['clock']) {
  return {
    v: 1 as const,
    lifecycleId,
    title: reg.title,
    timezone: reg.timezone,
    calendar: reg.calendar,
    ...listingParties(reg),
    clock: { scheduleStart: clock.scheduleStart, realStart: clock.realStart, speedup: clock.speedup },
  };
}

function nextOf(deadlines: LifecycleStatus['deadlines']): ListingMemo['next'] {
  const next = deadlines.slice().sort((a, b) => a.at.localeCompare(b.at))[0];
  return next ? { lastDay: next.lastDay, at: next.at } : undefined;
}

/** The memo of a lifecycle run: title, people, stage, next deadline, late bodies and open items. */
export function lifecycleListing(reg: Regulation, lifecycleId: string, s: LifecycleStatus): ListingMemo {
  const open: OpenItem[] = [];
  const first = s.deadlines[0]?.lastDay;
  const signing = s.deadlines.find((d) => /signing$/.test(d.key))?.lastDay;
  if (s.stage !== 'closed' && s.stage !== 'withdrawn') {
    const last = s.rounds[s.rounds.length - 1];
    const unanswered = s.stage === 'revision' && last ? commentRows(last).filter((r) => !r.response).length : 0;
    if (unanswered > 0)
      open.push({ who: 'secretariat', action: 'answers', lastDay: first, n: last!.n, count: unanswered });
    if ((s.stage === 'drafting' || s.stage === 'revision') && !s.roundsExhausted)
      open.push({ who: 'secretariat', action: 'draft', lastDay: first, ref: s.stage });
    if (s.stage === 'signing' && !s.signingSession)
      open.push({ who: 'secretariat', action: 'schedule', lastDay: signing });
    const round = s.rounds.find((r) => r.n === s.round);
    for (const b of reg.bodies) {
      if (s.stage === 'consultation' && round && !round.closedAt && !round.answers[b.id])
        open.push({
          who: b.id,
          action: 'feedback',
          lastDay: s.deadlines.find((d) => d.key === round.deadlineKey)?.lastDay,
          n: round.n,
          ref: round.draftVersion,
        });
      if (s.stage === 'signing' && !s.signatures[b.id]) open.push({ who: b.id, action: 'sign', lastDay: signing });
    }
  }
  return {
    ...base(reg, lifecycleId, s.clock),
    stage: s.stage,
    round: s.round,
    next: nextOf(s.deadlines),
    late: s.parties.filter((p) => p.state === 'overdue').map((p) => p.body),
    open,
  };
}

/** The memo of a running review: the reports still owed and the outcome to record. */
export function reviewListing(reg: Regulation, r: ReviewStatus): ListingMemo {
  const open: OpenItem[] = [];
  if (!r.outcome) {
    const reports = r.deadlines.find((d) => d.key.endsWith('/reports'))?.lastDay;
    for (const b of reg.bodies)
      if (!r.reports[b.id]) open.push({ who: b.id, action: 'report', lastDay: reports, n: r.n, ref: r.kind });
    open.push({ who: 'secretariat', action: 'outcome', lastDay: r.meetingDate, n: r.n, ref: r.kind });
  }
  return {
    ...base(reg, r.lifecycleId, r.clock),
    review: { kind: r.kind, n: r.n },
    stage: 'in-force',
    next: nextOf(r.deadlines),
    late: r.parties.filter((p) => p.state === 'overdue').map((p) => p.body),
    open,
  };
}
