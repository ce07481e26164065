/**
 * Lists from Temporal visibility: one page of lifecycles (or of a person's open work) sorted by
 * next deadline, with the total, from search attributes and the listing memo (domain/listing.ts).
 * No query, describe or history read per row.
 *
 * SQL visibility (the dev server, PostgreSQL, MySQL) has no ORDER BY (nor GROUP BY) on custom
 * attributes, so a page sorted by NextDeadline is found by counting. First the total. When what is
 * left is little more than a page, it is listed and sorted here: one list. Otherwise the page's
 * end is found by counting slices of NextDeadline between fixed distances from the cursor (or from
 * today on the first page), an hour to a year before and ten years after, four at a time and in order, until
 * they hold a page; the slice that does is cut into four (three counts at once), at most six
 * times, while listing up to it would give more than a page and a half; then the rows up to that
 * end are listed and sorted here. Listing costs the server far more a row than counting (1–3 ms a
 * row on SQLite). Each count covers one slice, so the server's work grows with the rows before the
 * page's end, not with every row (SQLite visibility answers one call at a time: counting from the
 * start of time to each window's end cost all the rows, over and over). A page costs the total, at
 * most five rounds of four slice counts and six of three, and one list, at any population. Rows
 * without a next deadline come after every dated row, in visibility's own order.
 *
 * The end found is kept as a hint: the same page again is the total and one list up to it, the
 * list being the check (pageEnd's search runs only when it no longer holds a page). A query with
 * keyword-list or text clauses matching many pages has its end searched on its other clauses
 * (pageEndOf): on SQLite each count of such a clause costs all its matches.
 */
import { performance } from 'node:perf_hooks';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type * as workflows from '../workflows';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { byCodeUnits } from '../domain/text';
import { LISTING_ATTRIBUTES, queryValue, type ListingFilter, type ListingMemo } from '../domain/listing';
import { LISTING_MEMO_KEY } from '../workflows/visibility';
import { NEXT_DEADLINE, PENDING_BODIES, REGULATION_ID, REGULATION_STAGE } from '../workflows/search-attributes';

/** The workflow type of a lifecycle (the worker registers each workflow under its export name). */
export const LIFECYCLE_WORKFLOW = 'regulationLifecycle' satisfies keyof typeof workflows;

/**
 * Selects lifecycles (every run of each; reviews and other workflows of the namespace are left
 * out). By type, not `RegulationId IS NOT NULL`: on SQL visibility a custom keyword is read from
 * each row's attributes, the type from its own column. At 10,000 lifecycles on the dev server:
 * the CLI's total 102 → 60 ms, a stage's total 134 → 40, a body's 143 → 84.
 */
export const LIFECYCLES = `WorkflowType = "${LIFECYCLE_WORKFLOW}"`;

/** One row of a list. */
export interface ListingRow {
  workflowId: string;
  runId: string;
  regulationId?: string;
  stage?: string;
  nextDeadline?: string;
  pendingBodies: string[];
  status: string;
  startTime: string;
  /** The listing memo; absent on a run started before the memo existed, until its next change. */
  memo?: ListingMemo;
  /** What the server reports wrong with the run (`TemporalReportedProblems`, e.g. its workflow tasks failing). */
  problems?: string[];
}

/** Set by the server on a run whose workflow tasks keep failing or timing out, cleared when one succeeds. */
export const REPORTED_PROBLEMS = defineSearchAttributeKey('TemporalReportedProblems', SearchAttributeType.KEYWORD_LIST);

export interface ListingPage {
  rows: ListingRow[];
  /** How many rows match the filters. */
  total: number;
  /** Opaque cursor of the next page, if there is one. */
  next?: string;
}

/** Where a page ended last time: rows of its query before `end`, `held` of them then. */
export interface ListingHint {
  end: number;
  held: number;
}

/** Where the next page starts, and how many rows the pages before it showed. */
type Cursor = ({ at: string; id: string } | { undated: string }) & { seen?: number };

const MIN = Date.parse('2000-01-01T00:00:00Z');
const MAX = Date.parse('2200-01-01T00:00:00Z');
/**
 * What listing costs the server a row, in milliseconds, until a list has been timed: 1–3 on SQLite
 * visibility with the listing memo (the dev server at 10,000 rows), against 5–20 for a count of a
 * narrow slice.
 */
const LIST_MS_PER_ROW = 2;
/** Page ends remembered as hints (a few hundred bytes each). */
const HINTS = 500;
/** Rows beyond a page kept below its hint's end, as a share of the page (see tighten). */
const SLACK = 0.1;
/** Rounds of cutting the slice where a page ends in four. */
const NARROW_ROUNDS = 6;
/** Searches on the clauses outside the word index before one on the whole query (see pageEndOf). */
const SEEDS = 3;
/** Pages a query must match before its page end is searched without its word-indexed clauses. */
const SEED_PAGES = 20;
/** Slices of NextDeadline counted at once while looking for where a page ends. */
const SLICES_AT_ONCE = 4;
/** Instants in queries: whole seconds, compared only with >= and < (SQL visibility stores more precision). */
const iso = (ms: number): string => `"${new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')}"`;

/** A row from what visibility returns: search attributes and memo, nothing else read. */
export function listingRow(w: WorkflowExecutionInfo): ListingRow {
  const sa = w.typedSearchAttributes;
  const next = sa.get(NEXT_DEADLINE);
  const memo = w.memo?.[LISTING_MEMO_KEY] as ListingMemo | undefined;
  return {
    workflowId: w.workflowId,
    runId: w.runId,
    regulationId: sa.get(REGULATION_ID),
    stage: sa.get(REGULATION_STAGE),
    nextDeadline: next ? next.toISOString() : undefined,
    pendingBodies: sa.get(PENDING_BODIES) ?? [],
    status: w.status.name,
    startTime: w.startTime.toISOString(),
    memo: memo?.v === 1 ? memo : undefined,
    problems: sa.get(REPORTED_PROBLEMS) ?? [],
  };
}

/** The clauses of the filters (stage, passed deadline, body, text); `now` decides what is late. */
export function filterClauses(f: ListingFilter, nowMs = Date.now()): string[] {
  const out: string[] = [];
  if (f.stage) out.push(`RegulationStage = ${queryValue(f.stage)}`);
  if (f.late) out.push(`NextDeadline < ${iso(nowMs)}`);
  if (f.body) out.push(`RegulationPeople = ${queryValue(`body:${f.body}`)}`);
  const text = f.text?.replace(/["\\]/g, ' ').trim();
  if (text) out.push(`RegulationText = ${queryValue(text)}`);
  return out;
}

/** Visibility lists over one client. */
export class VisibilityListing {
  /** `now` anchors the first page's windows (tests give a fixed instant). */
  constructor(
    private readonly client: Client,
    private readonly now: () => number = Date.now,
    /** Page ends found, by query and page size: a bounded, least recently used set (see pageEnd). */
    readonly hints: Map<string, ListingHint> = new Map(),
  ) {}

  /**
   * Whether the server sets `TemporalReportedProblems` (asked once per client, unless `problems`
   * already says: `regulation list` keeps the answer a day, with its hints).
   */
  reportsProblems(): Promise<boolean> {
    this.reports ??= this.problems
      ? Promise.resolve(this.problems.value)
      : this.client.workflowService
          .describeNamespace({ namespace: this.client.options.namespace })
          .then((ns) => {
            const value = Boolean(ns.namespaceInfo?.capabilities?.reportedProblemsSearchAttribute);
            this.problems = { value, asked: Date.now() };
            return value;
          })
          .catch(() => false);
    return this.reports;
  }
  private reports?: Promise<boolean>;
  /** The server's answer to reportsProblems, and when it was asked (ms since the epoch). */
  problems?: { value: boolean; asked: number };

  async count(where: string[]): Promise<number> {
    return (await this.client.workflow.count(where.join(' AND '))).count;
  }

  /** Every row matching `where`, at most `limit`. */
  async all(where: string[], limit = 5000): Promise<ListingRow[]> {
    const out: ListingRow[] = [];
    const t = performance.now();
    const pageSize = Math.min(1000, limit);
    for await (const w of this.client.workflow.list({ query: where.join(' AND '), pageSize })) {
      out.push(listingRow(w));
      if (out.length >= limit) break;
    }
    if (out.length >= 10) this.listMsPerRow = (this.listMsPerRow + (performance.now() - t) / out.length) / 2;
    return out;
  }

  /** What listing a row cost lately, in milliseconds (a running mean of the lists of ten rows or more). */
  private listMsPerRow = LIST_MS_PER_ROW;

  /** One page of rows matching `where`, sorted by next deadline (then id), with the total. */
  async page(where: string[], size = 50, cursor?: string): Promise<ListingPage> {
    const at = decodeCursor(cursor);
    const seen = at?.seen ?? 0;
    if (at && 'undated' in at) {
      const [total, rest] = await Promise.all([this.count(where), this.undated(where, size, at.undated, seen)]);
      return { total, ...rest };
    }
    const lo = at ? Math.floor(Date.parse(at.at) / 1000) * 1000 : MIN;
    const dated = [...where, datedClause(at)];
    // A page seen before: its list goes with the total, one round trip instead of two (unused
    // when the total leaves little more than a page: then all of it is listed).
    const hinted = this.hints.has(hintKey(dated, size)) ? this.hinted(dated, size) : undefined;
    hinted?.catch(() => undefined);
    const total = await this.count(where);
    return { total, ...(await this.dated(where, dated, size, total, seen, lo, at ? lo : this.now(), hinted)) };
  }

  private async dated(
    where: string[],
    dated: string[],
    size: number,
    total: number,
    seen: number,
    lo: number,
    anchor: number,
    hinted?: Promise<ListingRow[] | undefined>,
  ): Promise<{ rows: ListingRow[]; next?: string }> {
    // Nothing left (an operator's My work, a filter matching nothing): the total says so, no list.
    if (total <= seen) return { rows: [] };
    // Listing costs the server far more a row than counting (1–3 ms a row on SQLite, with memo):
    // list all that is left only when that is little more than a page; otherwise find the page's end.
    const few = total - seen <= size + size / 2;
    let listed = few ? undefined : await (hinted ?? this.hinted(dated, size));
    if (!listed) {
      const hi = few ? undefined : await this.pageEndOf(dated, size, total, anchor, lo);
      listed = await this.all(hi === undefined ? dated : [...dated, `NextDeadline < ${iso(hi)}`], 100 * size);
      if (hi !== undefined) this.remember(dated, size, { end: hi, held: listed.length });
    }
    listed.sort(
      (x, y) => byCodeUnits(x.nextDeadline ?? '', y.nextDeadline ?? '') || byCodeUnits(x.workflowId, y.workflowId),
    );
    if (!few) this.tighten(dated, size, listed);
    const rows = listed.slice(0, size);
    const more = total - seen - rows.length > 0;
    if (rows.length === size) {
      const last = rows[rows.length - 1]!;
      return {
        rows,
        next: more ? encodeCursor({ at: last.nextDeadline!, id: last.workflowId, seen: seen + size }) : undefined,
      };
    }
    // The dated rows end on this page: fill it from the undated ones, if the total leaves any.
    if (!more) return { rows };
    const rest = await this.undated(where, size - rows.length, '', seen + rows.length);
    return { rows: [...rows, ...rest.rows], next: rest.next };
  }

  /**
   * The rows of `dated` below the page end found last time for the same query and page size, if
   * they still hold the page: at least `size`, and fewer than a page more than they held then
   * (more, and the hint is stale: the rows grew, or moved in). The list is the check, no count is
   * spent on it, and a stale hint costs at most that list. Otherwise undefined, and the hint is
   * dropped.
   */
  private async hinted(dated: string[], size: number): Promise<ListingRow[] | undefined> {
    const key = hintKey(dated, size);
    const hint = this.hints.get(key);
    if (hint === undefined) return undefined;
    const limit = Math.max(hint.held, size) + size;
    const rows = await this.all([...dated, `NextDeadline < ${iso(hint.end)}`], limit);
    this.hints.delete(key);
    if (rows.length < size || rows.length >= limit) return undefined;
    this.remember(dated, size, { end: hint.end, held: rows.length });
    return rows;
  }

  /**
   * Moves the hint of `dated`'s page to just past its last row and a tenth of a page more, from
   * the rows listed up to it (`sorted`): the search leaves an end with up to half a page more, and
   * each of those rows costs the next load of the page its listing. The tenth is the room for rows
   * that leave the page before the hint is found stale (fewer than a page below its end).
   */
  private tighten(dated: string[], size: number, sorted: ListingRow[]): void {
    const edge = sorted[size + Math.ceil(size * SLACK) - 1]?.nextDeadline;
    const hint = this.hints.get(hintKey(dated, size));
    if (!edge || !hint) return;
    const end = Math.floor(Date.parse(edge) / 1000) * 1000 + 1000;
    const held = sorted.findIndex((r) => Date.parse(r.nextDeadline!) >= end);
    if (end < hint.end && held >= 0) this.remember(dated, size, { end, held });
  }

  /** Keeps `hint` for `dated`'s page of `size` (least recently used dropped first). */
  private remember(dated: string[], size: number, hint: ListingHint): number {
    const key = hintKey(dated, size);
    this.hints.delete(key);
    this.hints.set(key, hint);
    if (this.hints.size > HINTS) this.hints.delete(this.hints.keys().next().value!);
    return hint.end;
  }

  /**
   * Where a page of `dated` ends, found with as few word-index counts as can be. On SQL
   * visibility a clause on a keyword list or text (a body, a person, the search box) is answered
   * from a full-text table, which costs every match again on each count, however narrow its slice
   * (35–40 ms at 10,000 lifecycles on the dev server, against 5 for a slice of the rest). So the
   * search runs on the other clauses alone, which hold every row of `dated` and more, for the
   * rows wanted; one count of the whole query checks the bound. Where the words leave fewer, the
   * rows wanted grow by what they left, at most SEEDS times; then the search runs on the whole
   * query from there. Only for a query matching SEED_PAGES pages or more: a count of the words
   * costs their matches, and a selective filter (one person's lifecycles) is cheaper counted
   * whole than guessed at from every row (measured: 5 counts and 91 ms, against 46 and 324).
   */
  private async pageEndOf(
    dated: string[],
    size: number,
    total: number,
    anchor: number,
    lo: number,
  ): Promise<number | undefined> {
    const cheap = dated.filter((c) => !wordIndexed(c));
    if (cheap.length === dated.length || total < SEED_PAGES * size) return this.pageEnd(dated, size, anchor, lo);
    const whole = (b: number): string[] => [...dated, `NextDeadline < ${iso(b)}`];
    let want = size;
    for (let seed = 0; seed < SEEDS; seed++) {
      const b = await this.pageEnd(cheap, want, anchor, lo);
      // The other clauses leave fewer than `want` from here: so do the words, list them all.
      if (b === undefined) return seed === 0 ? undefined : this.pageEnd(dated, size, anchor, lo);
      const t = performance.now();
      const n = await this.count(whole(b));
      if (n >= size) {
        if (n <= size + size / 2) return b;
        const slice = (x: number | undefined, y: number): string[] =>
          whole(y).concat(x === undefined ? [] : [`NextDeadline >= ${iso(x)}`]);
        return (await this.narrow(slice, size, lo, 0, undefined, b, n, performance.now() - t)).end;
      }
      want = Math.ceil((want * size * 1.25) / Math.max(n, size / 8));
    }
    return this.pageEnd(dated, size, anchor, lo);
  }

  /**
   * Where a page of `dated` rows ends: a bound below which at least `size` of them lie (and not
   * many more), or undefined when fewer remain. Counts slices of NextDeadline between the fixed
   * window ends (from `anchor`), a few at once and in order, until they hold a page; then narrows
   * the slice that does. Each count covers only its slice, so the work grows with the rows up to
   * the page's end, not with all the rows. The end found is kept as a hint for the same query
   * (the same page): a page of the whole query checks it by its list (hinted); a search of
   * pageEndOf's by one count; the search runs again only if it no longer holds a page.
   */
  private async pageEnd(dated: string[], size: number, anchor: number, lo: number): Promise<number | undefined> {
    const slice = (a: number | undefined, b: number): string[] => [
      ...dated,
      ...(a === undefined ? [] : [`NextDeadline >= ${iso(a)}`]),
      `NextDeadline < ${iso(b)}`,
    ];
    const found = (hint: ListingHint): number => this.remember(dated, size, hint);
    // A hint not spent by a list (the seeding searches of pageEndOf keep theirs): one count checks it.
    const hint = this.hints.get(hintKey(dated, size));
    if (hint !== undefined) {
      const t = performance.now();
      const inside = await this.count(slice(undefined, hint.end));
      if (inside >= size)
        return found(await this.narrow(slice, size, lo, 0, undefined, hint.end, inside, performance.now() - t));
    }
    const ends = [...windowBounds(anchor, lo), MAX];
    let below = 0;
    for (let i = 0; i < ends.length; i += SLICES_AT_ONCE) {
      const batch = ends.slice(i, i + SLICES_AT_ONCE);
      const t0 = performance.now();
      const counts = await Promise.all(
        batch.map((b, k) => this.count(slice(i + k > 0 ? ends[i + k - 1] : undefined, b))),
      );
      const countMs = (performance.now() - t0) / batch.length;
      for (let k = 0; k < batch.length; k++) {
        if (below + counts[k]! >= size) {
          const a = i + k > 0 ? ends[i + k - 1]! : undefined;
          return found(await this.narrow(slice, size, lo, below, a, batch[k]!, counts[k]!, countMs));
        }
        below += counts[k]!;
      }
    }
    return undefined;
  }

  /**
   * Narrows [a, b) (from the cursor when `a` is undefined), with `below` rows before it and
   * `inside` in it, to a bound that still holds a page. Cuts it in four (three counts: the last
   * part is what the others leave) while listing up to it would give half a page more than the
   * page, and three counts cost less than listing the rows a cut saves (about three quarters of
   * the excess): a text filter makes every count cost as much as scanning its matches, so those
   * pages list more and count less. `countMs` is what one count took last.
   */
  private async narrow(
    slice: (a: number | undefined, b: number) => string[],
    size: number,
    lo: number,
    below: number,
    a: number | undefined,
    b: number,
    inside: number,
    countMs: number,
  ): Promise<ListingHint> {
    for (
      let round = 0;
      round < NARROW_ROUNDS &&
      below + inside - size > size / 2 &&
      3 * countMs < 0.75 * (below + inside - size) * this.listMsPerRow;
      round++
    ) {
      const from = a ?? lo;
      // Where the page would end were the rows spread evenly (with a quarter to spare), a cut
      // between that and the end, and the middle: one round when they are, halving when not.
      const f = Math.min(1, (size - below) / Math.max(1, inside)) * 1.25;
      const cuts = [...new Set([f, Math.sqrt(f), 0.5].map((x) => Math.floor((from + (b - from) * x) / 1000) * 1000))]
        .filter((c) => c > from && c < b)
        .sort((x, y) => x - y);
      if (!cuts.length) break;
      const t = performance.now();
      const parts = await Promise.all(cuts.map((c, j) => this.count(slice(j > 0 ? cuts[j - 1] : a, c))));
      countMs = (performance.now() - t) / cuts.length;
      parts.push(Math.max(0, inside - parts.reduce((x, y) => x + y, 0)));
      let j = 0;
      for (let sum = below + parts[0]!; sum < size && j < parts.length - 1; sum += parts[++j]!);
      below += parts.slice(0, j).reduce((x, y) => x + y, 0);
      if (j > 0) a = cuts[j - 1]!;
      if (j < cuts.length) b = cuts[j]!;
      inside = parts[j]!;
    }
    return { end: b, held: below + inside };
  }

  private async undated(
    where: string[],
    size: number,
    token: string,
    seen: number,
  ): Promise<{ rows: ListingRow[]; next?: string }> {
    const res = await this.client.workflowService.listWorkflowExecutions({
      namespace: this.client.options.namespace,
      query: [...where, 'NextDeadline IS NULL'].join(' AND '),
      pageSize: size,
      nextPageToken: token ? Buffer.from(token, 'base64url') : undefined,
    });
    const rows = await Promise.all(
      (res.executions ?? []).map((e) =>
        executionInfoFromRaw(e, this.client.options.loadedDataConverter, e, this.client.options.namespace),
      ),
    );
    const next = res.nextPageToken?.length
      ? encodeCursor({ undated: Buffer.from(res.nextPageToken).toString('base64url'), seen: seen + rows.length })
      : undefined;
    return { rows: rows.map(listingRow), next };
  }
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Where the counted windows end, as distances from their anchor: a page's worth of rows is found among them. */
const WINDOW_ENDS = [
  -365 * DAY,
  -91 * DAY,
  -30 * DAY,
  -7 * DAY,
  -DAY,
  0,
  HOUR,
  6 * HOUR,
  DAY,
  3 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  91 * DAY,
  182 * DAY,
  365 * DAY,
  3 * 365 * DAY,
  10 * 365 * DAY,
];

/** Ends of the windows after `lo`, in whole seconds and ascending (a fixed number, whatever the population). */
export function windowBounds(anchor: number, lo: number): number[] {
  const a = Math.floor(anchor / 1000) * 1000;
  return WINDOW_ENDS.map((d) => a + d).filter((b) => b > lo + 1000 && b < MAX);
}

/** Attributes SQL visibility answers from a full-text table: keyword lists and texts. */
const WORD_INDEXED = new Set(
  Object.entries({ ...LISTING_ATTRIBUTES, TemporalReportedProblems: 'KeywordList' })
    .filter(([, type]) => type === 'KeywordList' || type === 'Text')
    .map(([name]) => name),
);

/** Whether a clause (`Name = value`, from filterClauses and the lists) reads a word-indexed attribute. */
function wordIndexed(clause: string): boolean {
  return WORD_INDEXED.has(/^\(*(\w+)/.exec(clause)?.[1] ?? '');
}

/** The rows with a deadline, from the cursor's row on (after it, in deadline then id order). */
function datedClause(after?: { at: string; id: string }): string {
  if (!after) return 'NextDeadline IS NOT NULL';
  const lo = Math.floor(Date.parse(after.at) / 1000) * 1000;
  return `((NextDeadline >= ${iso(lo)} AND NextDeadline < ${iso(lo + 1000)} AND WorkflowId > ${queryValue(after.id)}) OR NextDeadline >= ${iso(lo + 1000)})`;
}

/** The hints' key: the page size and the query of the dated rows (which holds the cursor). */
function hintKey(dated: string[], size: number): string {
  return `${size} ${dated.join(' AND ')}`;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(s: string | undefined): Cursor | undefined {
  if (!s) return undefined;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString()) as Cursor;
    if ('undated' in c && typeof c.undated === 'string') return c;
    if ('at' in c && typeof c.at === 'string' && !Number.isNaN(Date.parse(c.at)) && typeof c.id === 'string') return c;
  } catch {
    // An unreadable cursor starts from the first page.
  }
  return undefined;
}
