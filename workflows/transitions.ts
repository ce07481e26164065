/**
 * The lifecycle's state transitions: pure functions of the state and the facts they need (times
 * as ISO strings, dates as YYYY-MM-DD), no Temporal imports. The stages in lifecycle.ts call
 * them; test/state/transitions.test.ts checks them without a server.
 */
import type { LifecycleState, ReviewResult, Round } from '../domain/lifecycle';
import { compactReview } from './state';
import { stepPrefix } from './status';

/** Opens the next consultation round on the latest draft. */
export function openRound(s: LifecycleState, at: string): Round {
  const draft = s.drafts[s.drafts.length - 1];
  if (!draft) throw new Error('no draft to open a round on');
  const n = s.rounds.length + 1;
  const round: Round = {
    n,
    cycle: s.cycle,
    draftVersion: draft.version,
    openedAt: at,
    deadlineKey: `${stepPrefix(s.cycle)}consultation/round-${n}`,
    answers: {},
  };
  s.rounds.push(round);
  s.stage = 'consultation';
  return round;
}

/**
 * Closes a round once every body answered (or silence counted): agreement leads to signing,
 * a request for changes to revision, where the rounds may have run out.
 */
export function closeRound(s: LifecycleState, r: Round, maxRounds: number, at: string): 'agreed' | 'changes-requested' {
  r.closedAt = at;
  const agreed = Object.values(r.answers).every((a) => a.decision !== 'request-changes');
  r.result = agreed ? 'agreed' : 'changes-requested';
  if (agreed) {
    s.signing.agreedAt = r.closedAt;
    s.stage = 'signing';
    return r.result;
  }
  s.stage = 'revision';
  if (r.n - s.cycleFirstRound + 1 >= maxRounds + s.extraRounds) s.roundsExhausted = true;
  return r.result;
}

/** The leaders grant one more round, with the revised draft due on `to`. */
export function grantRound(
  s: LifecycleState,
  maxRounds: number,
  to: string,
  reason: string,
  at: string,
  submittedBy?: string,
): void {
  s.extraRounds += 1;
  s.roundsExhausted = false;
  s.revisionDue = to;
  s.extensions.push({
    deadline: 'rounds',
    from: `${maxRounds + s.extraRounds - 1} rounds`,
    to,
    reason,
    at,
    ...(submittedBy ? { submittedBy } : {}),
  });
}

/** Every body signed: in force from the date of the last signature. */
export function becomeEffective(s: LifecycleState, effectiveDate: string): void {
  s.signing.effectiveDate = effectiveDate;
  // Reviews count from the original signing; an amendment does not reset them.
  s.reviewBase ??= effectiveDate;
  s.stage = 'in-force';
}

/** A review concluded: kept as a summary; the tổng kết or an "end" closes, "amend" starts a new cycle on `today`. */
export function recordReview(s: LifecycleState, result: ReviewResult, today: string): 'close' | 'amend' | 'continue' {
  s.reviews.push(compactReview(result));
  s.nextReview = undefined;
  const decision = result.outcome?.decision ?? 'continue';
  if (result.kind === 'tong-ket' || decision === 'end') return 'close';
  if (decision !== 'amend') return 'continue';
  s.cycle += 1;
  s.cycleStart = today;
  s.cycleFirstRound = s.rounds.length + 1;
  s.extraRounds = 0;
  s.signing = { signatures: {}, effectiveDate: s.signing.effectiveDate };
  s.stage = 'drafting';
  return 'amend';
}

export function closeLifecycle(s: LifecycleState, at: string): void {
  s.stage = 'closed';
  s.closedAt = at;
}

export function withdrawLifecycle(s: LifecycleState, reason: string, at: string, submittedBy?: string): void {
  s.withdrawn = { reason, at, ...(submittedBy ? { submittedBy } : {}) };
  s.stage = 'withdrawn';
  // No review follows a withdrawal (a running one is cancelled).
  s.nextReview = undefined;
}
