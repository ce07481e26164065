/**
 * The lifecycle's state transitions: pure functions of the state and the facts they need (times
 * as ISO strings, dates as YYYY-MM-DD), no Temporal imports. The stages in lifecycle.ts call
 * them; test/state/transitions.test.ts checks them without a server.
 */
import { adoptedEffective, adoptedStage, type Adoption } from '../domain/adoption';
import {
  STATE_VERSION,
  type ClockAnchor,
  type LifecycleState,
  type ReviewResult,
  type Round,
} from '../domain/lifecycle';
import { compactReview } from './state';
import { stepPrefix } from './status';

/** The state a new lifecycle starts from: drafting its first cycle, which starts on `kickoff`. */
export function initialState(clock: ClockAnchor, kickoff: string): LifecycleState {
  return {
    version: STATE_VERSION,
    stage: 'drafting',
    clock,
    cycle: 1,
    cycleStart: kickoff,
    cycleFirstRound: 1,
    extraRounds: 0,
    roundsExhausted: false,
    drafts: [],
    rounds: [],
    deadlines: {},
    extensions: [],
    signing: { signatures: {} },
    reviews: [],
    exchangeCount: 0,
    runs: 1,
  };
}

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

/**
 * A regulation adopted under way: the state as if the engine had run what the definition says
 * already happened. In force: the effective date is the review base and the held reviews count
 * (the next sơ kết is numbered after them); the effective notice goes out only if the effective
 * date is still to come. In consultation: the draft and an open round numbered as stated.
 */
export function adoptState(s: LifecycleState, a: Adoption, id: string, today: string, at: string): void {
  if (adoptedStage(a) === 'consultation') {
    const d = a.draft!;
    s.drafts.push({ version: d.version, link: d.link, submittedAt: at, cycle: 1 });
    s.cycleFirstRound = 1;
    // Earlier rounds were held before adoption: kept as numbered places, so round numbers go on from the stated one.
    for (let n = 1; n < d.round; n++)
      s.rounds.push({
        n,
        cycle: 1,
        draftVersion: '',
        openedAt: at,
        deadlineKey: `consultation/round-${n}`,
        answers: {},
        closedAt: at,
        result: 'changes-requested',
        tableSent: true,
        adopted: { deadline: '' },
      });
    s.rounds.push({
      n: d.round,
      cycle: 1,
      draftVersion: d.version,
      openedAt: at,
      deadlineKey: `consultation/round-${d.round}`,
      answers: {},
      adopted: { deadline: d.deadline },
    });
    s.stage = 'consultation';
    return;
  }
  const effective = adoptedEffective(a)!;
  s.signing.effectiveDate = effective;
  s.signing.announced = effective <= today;
  s.reviewBase = effective;
  s.reviews = a.reviewsHeld.map((r) => ({
    n: r.n,
    kind: 'so-ket' as const,
    workflowId: `${id}/so-ket-${r.n}`,
    meetingDate: r.heldOn,
    reports: {},
    outcome: { decision: r.outcome, ...(r.notes ? { notes: r.notes } : {}), at: `${r.heldOn}T00:00:00.000Z` },
    recordedAtAdoption: r.link ? { link: r.link } : {},
  }));
  s.stage = 'in-force';
}
