/**
 * The carried state's versions and what keeps it bounded: pure functions, no Temporal imports,
 * unit-tested directly (test/workflows/state.test.ts).
 *
 * Each run starts with upgradeState: it reads any older shape (runs recorded years ago carry
 * it in their continue-as-new input) and brings it to STATE_VERSION, defaults included. Texts
 * that are no longer needed to run the lifecycle are compacted to a summary; the runs'
 * histories keep the full texts (README: Bounded state).
 */
import { STATE_VERSION } from '../domain/lifecycle';
import type {
  Answer,
  CarriedState,
  LifecycleState,
  MailLogEntry,
  ReviewResult,
  Round,
  TextSummary,
} from '../domain/lifecycle';

/** A short, stable hash of a text (cyrb53), to check a restored copy against the summary. */
export function textHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** The summary of some texts: count, total length, hash of them joined. */
export function summarize(texts: string[]): TextSummary {
  return { count: texts.length, chars: texts.reduce((n, t) => n + t.length, 0), hash: textHash(texts.join('\u0000')) };
}

/** An answer without its comment texts (a no-op for one already compacted or without comments). */
export function compactAnswer(a: Answer): Answer {
  if (a.compacted || a.comments.length === 0) return a;
  return { ...a, comments: [], compacted: summarize(a.comments.map((c) => `${c.area ?? ''}\u0001${c.text}`)) };
}

export function compactRound(r: Round): Round {
  return { ...r, answers: Object.fromEntries(Object.entries(r.answers).map(([b, a]) => [b, compactAnswer(a)])) };
}

/** A round's answers to comments without their explanations (a no-op once compacted). */
export function compactResponses(r: Round): Round {
  if (!r.responses || !Object.values(r.responses).some((x) => x.explanation !== undefined)) return r;
  const responses = Object.fromEntries(
    Object.entries(r.responses).map(([id, x]) => {
      if (x.explanation === undefined) return [id, x];
      const { explanation, ...rest } = x;
      return [id, { ...rest, explained: summarize([explanation]) }];
    }),
  );
  return { ...r, responses };
}

/** A review as the lifecycle keeps it: outcome and who reported which areas; no texts, no mails. */
export function compactReview(r: ReviewResult): ReviewResult {
  const { mails: _mails, ...rest } = r;
  const texts = Object.entries(r.reports).filter(([, rep]) => Object.keys(rep.assessments).length > 0);
  if (texts.length === 0) return rest;
  return {
    ...rest,
    reports: Object.fromEntries(Object.entries(r.reports).map(([b, rep]) => [b, { at: rep.at, assessments: {} }])),
    compacted: {
      ...r.compacted,
      ...Object.fromEntries(
        texts.map(([b, rep]) => [
          b,
          {
            areas: Object.keys(rep.assessments),
            ...summarize(Object.entries(rep.assessments).map(([k, v]) => `${k}\u0001${v}`)),
          },
        ]),
      ),
    },
  };
}

/**
 * Rounds whose texts are no longer needed lose them: every round but the last, and the last
 * once its comment table went out or it ended in agreement. The explanations of the last round
 * stay while it is revised; the next round's requests read them from history.
 */
export function compactRounds(rounds: Round[]): Round[] {
  return rounds.map((r, i) => {
    if (i < rounds.length - 1) return compactResponses(compactRound(r));
    return r.tableSent || r.result === 'agreed' ? compactRound(r) : r;
  });
}

/** Brings a carried state of any version to the current one. */
export function upgradeState(c: CarriedState): LifecycleState {
  // Version 1 carried the mail log and every exchange; neither is carried any more.
  const { mails: _mails, exchanges, ...rest } = c as CarriedState & { mails?: MailLogEntry[]; exchanges?: unknown[] };
  const exchangeCount = c.version === STATE_VERSION ? c.exchangeCount : (exchanges?.length ?? 0);
  return {
    ...rest,
    version: STATE_VERSION,
    exchangeCount,
    signing: { ...c.signing, invitations: c.signing.invitations ?? 0, announced: c.signing.announced ?? false },
    rounds: compactRounds(c.rounds),
    reviews: c.reviews.map(compactReview),
  };
}
