/**
 * What lists read: the search attributes and the memo every lifecycle (and each running review)
 * writes to Temporal visibility, so that the console's Regulations and My work pages and
 * `regulation list` are one paged visibility call, never one query or history read per lifecycle.
 * Pure: names, shapes and the rules that derive them; no Temporal, no I/O.
 */

/** Words in both languages (the same shape as a regulation's titles). */
export interface ListingText {
  vi: string;
  en: string;
}

/** Search attribute names and their Temporal types (registered by `npm start` and the dev server). */
export const LISTING_ATTRIBUTES = {
  RegulationId: 'Keyword',
  RegulationStage: 'Keyword',
  NextDeadline: 'Datetime',
  PendingBodies: 'KeywordList',
  /** Every address that takes part (secretariat, body contacts and leaders), lower case, and `body:<id>` of each body. */
  RegulationPeople: 'KeywordList',
  /** Addresses and bodies with an open item (`body:<id>`, `secretariat`, and each actor's address): My work. */
  OpenWork: 'KeywordList',
  /** Id, titles and body names, for the text filter. */
  RegulationText: 'Text',
} as const;
export type ListingAttributeType = (typeof LISTING_ATTRIBUTES)[keyof typeof LISTING_ATTRIBUTES];

/** An action someone must take now; the console words it (one catalogue), the memo carries facts only. */
export type OpenAction = 'answers' | 'draft' | 'schedule' | 'outcome' | 'feedback' | 'sign' | 'report';

export interface OpenItem {
  /** 'secretariat' or a body id. */
  who: string;
  action: OpenAction;
  /** The deadline's last day (YYYY-MM-DD), if the item has one. */
  lastDay?: string;
  /** Round number, review number, or count of comments to answer. */
  n?: number;
  /** Draft version (feedback), or review kind (report, outcome). */
  ref?: string;
  count?: number;
}

export interface ListingBody {
  id: string;
  name: ListingText;
  locale: 'vi' | 'en';
  contacts: string[];
  leaders: string[];
}

/** The memo of a lifecycle run or a running review (`v` is its shape's version). */
export interface ListingMemo {
  v: 1;
  /** The lifecycle this row belongs to (a review's parent). */
  lifecycleId: string;
  /** Set on a review's memo: which review. */
  review?: { kind: 'so-ket' | 'tong-ket'; n: number };
  title: ListingText;
  timezone: string;
  calendar: string;
  secretariat: { contacts: string[]; locale: 'vi' | 'en' };
  bodies: ListingBody[];
  stage: string;
  round?: number;
  /** The next open deadline: its last day and instant (UTC ISO). */
  next?: { lastDay: string; at: string };
  /** Bodies whose deadline has passed without their answer, as of the last change. */
  late: string[];
  open: OpenItem[];
  /** The schedule clock (a rehearsal runs faster than real time). */
  clock: { scheduleStart: string; realStart: string; speedup: number };
}

/** Only what the memo needs of a regulation definition (structurally the definition itself). */
export interface ListingRegulation {
  id: string;
  title: ListingText;
  timezone: string;
  calendar: string;
  secretariat: { contacts: { email: string }[]; locale: 'vi' | 'en' };
  bodies: {
    id: string;
    name: ListingText;
    locale: 'vi' | 'en';
    contacts: { email: string }[];
    leaders: { email: string }[];
  }[];
}

const norm = (e: string): string => e.trim().toLowerCase();

/** Secretariat and bodies as the memo carries them (addresses lower case). */
export function listingParties(reg: ListingRegulation): Pick<ListingMemo, 'secretariat' | 'bodies'> {
  return {
    secretariat: { contacts: reg.secretariat.contacts.map((p) => norm(p.email)), locale: reg.secretariat.locale },
    bodies: reg.bodies.map((b) => ({
      id: b.id,
      name: b.name,
      locale: b.locale,
      contacts: b.contacts.map((p) => norm(p.email)),
      leaders: b.leaders.map((p) => norm(p.email)),
    })),
  };
}

/** Every address that takes part and `body:<id>` of each body, sorted and without repeats (RegulationPeople). */
export function listingPeople(m: Pick<ListingMemo, 'secretariat' | 'bodies'>): string[] {
  return [
    ...new Set([...m.secretariat.contacts, ...m.bodies.flatMap((b) => [...b.contacts, ...b.leaders, `body:${b.id}`])]),
  ].sort();
}

/** Who has open work (OpenWork): `secretariat`, `body:<id>` and the address of every actor. */
export function listingOpenWork(m: Pick<ListingMemo, 'secretariat' | 'bodies' | 'open'>): string[] {
  const out = new Set<string>();
  for (const item of m.open) {
    if (item.who === 'secretariat') {
      out.add('secretariat');
      m.secretariat.contacts.forEach((e) => out.add(e));
    } else {
      out.add(`body:${item.who}`);
      m.bodies.find((b) => b.id === item.who)?.contacts.forEach((e) => out.add(e));
    }
  }
  return [...out].sort();
}

/** What the text filter searches (RegulationText): the id, both titles and the bodies' names. */
export function listingText(reg: ListingRegulation): string {
  return [reg.id, reg.title.vi, reg.title.en, ...reg.bodies.flatMap((b) => [b.id, b.name.vi, b.name.en])].join(' ');
}

/** Where an address stands in a listed regulation: the same rules as the definition (client/console/access.ts). */
export function listingAccess(
  m: Pick<ListingMemo, 'secretariat' | 'bodies'>,
  email: string,
  operators: readonly string[] = [],
): { email: string; operator: boolean; secretariat: boolean; answers: string[]; reads: string[] } {
  const me = norm(email);
  const answers = m.bodies.filter((b) => b.contacts.includes(me)).map((b) => b.id);
  const leads = m.bodies.filter((b) => b.leaders.includes(me)).map((b) => b.id);
  return {
    email: me,
    operator: operators.map(norm).includes(me),
    secretariat: m.secretariat.contacts.includes(me),
    answers,
    reads: [...new Set([...answers, ...leads])],
  };
}

/** The current schedule time of a listed row (real time, or a rehearsal's speed-up). */
export function listingNow(m: Pick<ListingMemo, 'clock'>, realNowMs: number): string {
  const c = m.clock;
  return new Date(Date.parse(c.scheduleStart) + (realNowMs - Date.parse(c.realStart)) * c.speedup).toISOString();
}

/**
 * Selects running runs: the same rows as `ExecutionStatus = "Running"` (only a run that is still
 * open has no close time), cheaper on SQL visibility. SQLite has no statistics, so a status
 * equality makes it walk every running row by the status index and read each one's attributes;
 * this clause leaves it the index of the query's other clause (a stage, a next deadline). At
 * 10,000 lifecycles on the dev server: a stage's total 144 → 28 ms, a filtered page's total
 * 173 → 51 ms.
 */
export const RUNNING = 'CloseTime IS NULL';

/** Quotes a value for a visibility query: no quote or backslash survives. */
export function queryValue(s: string): string {
  return `"${s.replace(/["\\]/g, '')}"`;
}

/** The filters of a list: stage, passed deadlines, one body, a text. */
export interface ListingFilter {
  stage?: string;
  late?: boolean;
  body?: string;
  text?: string;
}
