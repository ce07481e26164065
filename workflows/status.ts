/** What the status queries answer, built from the state: shared by the lifecycle and its reviews. */
import type { DeadlineWatcher } from './deadline-watch';
import type { ScheduleClock } from './clock';
import type { DeadlineEntry, LifecycleState, LifecycleStatus } from '../domain/lifecycle';
import { currentRound } from './validators';
import type { PartyStatus } from '../domain/lifecycle';
import type { Regulation } from '../domain/regulation';

/** Step keys of an amendment cycle start with `amendment-N/`; the original cycle's have no prefix. */
export function stepPrefix(cycle: number): string {
  return cycle > 1 ? `amendment-${cycle - 1}/` : '';
}

/**
 * Open deadlines as the status shows them, as they stand after the last update: a deadline nobody
 * owes anything on is left out, and one being moved shows its new last day (the watcher applies
 * both when the workflow next wakes; a status read right after the update must not show the old).
 */
export function deadlineRows(
  book: Record<string, DeadlineEntry>,
  nowMs: number,
  settled: (key: string) => boolean = () => false,
): LifecycleStatus['deadlines'] {
  return Object.values(book)
    .filter((e) => !settled(e.key))
    .map((e) =>
      e.requested
        ? {
            key: e.key,
            label: e.label,
            lastDay: e.requested.to,
            at: e.at,
            sequence: e.sequence + 1,
            overdue: false,
            calendarVersion: e.calendarVersion,
            moving: true,
          }
        : {
            key: e.key,
            label: e.label,
            lastDay: e.lastDay,
            at: e.at,
            sequence: e.sequence,
            nextReminder: e.nextReminder,
            overdue: Date.parse(e.at) <= nowMs,
            calendarVersion: e.calendarVersion,
            daysOff: e.daysOff,
          },
    );
}

/** A party that has not acted on a deadline: overdue once the deadline has passed. */
export function pendingState(deadline: DeadlineEntry | undefined, nowMs: number): 'pending' | 'overdue' {
  return Date.parse(deadline?.at ?? '9999') <= nowMs ? 'overdue' : 'pending';
}

/** Builds the status query's answer from the state (the run's emails and exchanges are added by the workflow). */
export function buildStatus(
  reg: Regulation,
  s: LifecycleState,
  clock: ScheduleClock,
  watcher: DeadlineWatcher,
): LifecycleStatus {
  const now = clock.nowMs();
  const r = currentRound(s);
  const parties: PartyStatus[] = reg.bodies.map((b) => {
    if (s.stage === 'consultation' && r) {
      const a = r.answers[b.id];
      if (a) return { body: b.id, state: 'answered', decision: a.decision };
      return { body: b.id, state: pendingState(s.deadlines[r.deadlineKey], now) };
    }
    if (s.stage === 'signing') {
      if (s.signing.signatures[b.id]) return { body: b.id, state: 'signed' };
      return { body: b.id, state: pendingState(s.deadlines[`${stepPrefix(s.cycle)}signing`], now) };
    }
    return { body: b.id, state: watcher.allPending().includes(b.id) ? 'pending' : 'idle' };
  });
  return {
    regulationId: reg.id,
    title: reg.title,
    stage: s.stage,
    cycle: s.cycle,
    round: r?.n,
    draftVersion: s.drafts[s.drafts.length - 1]?.version,
    now: new Date(now).toISOString(),
    clock: s.clock,
    parties,
    deadlines: deadlineRows(s.deadlines, now, (k) => watcher.settled(k)),
    rounds: s.rounds,
    drafts: s.drafts,
    signatures: s.signing.signatures,
    signingSession: s.signing.session,
    effectiveDate: s.signing.effectiveDate,
    reviews: s.reviews,
    nextReview: s.nextReview,
    exchanges: [],
    extensions: s.extensions,
    mails: [],
    withdrawn: s.withdrawn,
    closedAt: s.closedAt,
    run: s.runs,
    roundsExhausted: s.roundsExhausted,
    ...(reg.adopted ? { adopted: reg.adopted } : {}),
  };
}
