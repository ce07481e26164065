/**
 * Who may do what, from where a signed-in address stands in each regulation's definition. Pure:
 * no Temporal, no I/O, so the rules are unit-tested directly.
 */
import type { Regulation } from '../../domain/regulation';

/** One person's rights on one regulation. */
export interface Access {
  email: string;
  /** Listed in CONSOLE_OPERATORS: reads everything, acts on nothing. */
  operator: boolean;
  /** A secretariat contact: runs this regulation (drafts, signing, outcomes, extensions, …). */
  secretariat: boolean;
  /** Bodies this address is a contact of: it answers for them. */
  answers: string[];
  /** Bodies whose view this address reads (leaders, and contacts of course). */
  reads: string[];
}

/** The canonical form of an address: trimmed, lower case. */
export function normalizeEmail(s: string): string {
  return s.trim().toLowerCase();
}

/** The rights of `email` on `regulation`. */
export function accessIn(regulation: Regulation, email: string, operators: readonly string[] = []): Access {
  const me = normalizeEmail(email);
  const has = (people: { email: string }[]): boolean => people.some((p) => normalizeEmail(p.email) === me);
  const answers = regulation.bodies.filter((b) => has(b.contacts)).map((b) => b.id);
  const leads = regulation.bodies.filter((b) => has(b.leaders)).map((b) => b.id);
  return {
    email: me,
    operator: operators.map(normalizeEmail).includes(me),
    secretariat: has(regulation.secretariat.contacts),
    answers,
    reads: [...new Set([...answers, ...leads])],
  };
}

/** Whether the address may open the regulation's pages at all. */
export function canSee(a: Access): boolean {
  return a.operator || a.secretariat || a.reads.length > 0;
}

/** Whether the address sees every body's answers (the secretariat and operators) or only its own bodies'. */
export function seesAllBodies(a: Access): boolean {
  return a.operator || a.secretariat;
}

/** Bodies whose rows the address sees. */
export function visibleBodies(a: Access, regulation: Regulation): string[] {
  return seesAllBodies(a) ? regulation.bodies.map((b) => b.id) : a.reads;
}

/** Actions of the secretariat, and those a body's contact takes for its body. */
export const SECRETARIAT_ACTIONS = [
  'answers',
  'draft',
  'schedule',
  'outcome',
  'extend',
  'exchange',
  'withdraw',
] as const;
export const BODY_ACTIONS = ['feedback', 'sign', 'report'] as const;
export type Action = (typeof SECRETARIAT_ACTIONS)[number] | (typeof BODY_ACTIONS)[number];

/** Whether the address may take `action` (for `body`, when the action is a body's). Operators never act. */
export function mayAct(a: Access, action: Action, body?: string): boolean {
  if ((BODY_ACTIONS as readonly string[]).includes(action)) return body !== undefined && a.answers.includes(body);
  if (action === 'exchange') return a.secretariat || (body !== undefined && a.answers.includes(body));
  return a.secretariat;
}

/** Whether the address appears anywhere in the definition (or is an operator): it may ask for a sign-in link. */
export function isKnown(regulations: Regulation[], email: string, operators: readonly string[]): boolean {
  const me = normalizeEmail(email);
  if (operators.map(normalizeEmail).includes(me)) return true;
  return regulations.some((r) => {
    const a = accessIn(r, me);
    return a.secretariat || a.reads.length > 0;
  });
}

/** The language a person reads by default: the locale of the first body they stand for, the secretariat's, else Vietnamese. */
export function localeOf(regulations: Regulation[], email: string): 'vi' | 'en' {
  for (const r of regulations) {
    const a = accessIn(r, email);
    const body = r.bodies.find((b) => a.reads.includes(b.id));
    if (body) return body.locale;
    if (a.secretariat) return r.secretariat.locale;
  }
  return 'vi';
}
