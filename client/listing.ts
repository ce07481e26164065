/**
 * Lists from Temporal visibility: one page of lifecycles (or of a person's open work) sorted by
 * next deadline, with the total, from search attributes and the listing memo (domain/listing.ts).
 * No query, describe or history read per row.
 *
 * SQL visibility (the dev server, PostgreSQL, MySQL) has no ORDER BY (nor GROUP BY) on custom
 * attributes, so a page sorted by NextDeadline is found by counting, in one round of calls sent
 * at once: the rows after the cursor, and the windows from the cursor (or from today on the
 * first page) to a fixed set of distances, an hour to ten years either side. The narrowest window
 * that holds a page is cut into 16 (15 counts at once), at most twice, while it would list more
 * than two pages; then it is listed and sorted here. So a page costs at most three rounds of
 * counts and one list at any population, and lists about one to two pages of rows unless many
 * pages of rows share one second. Rows without a next deadline come after every dated row, in visibility's own order.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { queryValue, type ListingFilter, type ListingMemo } from '../domain/listing';
import { LISTING_MEMO_KEY } from '../workflows/visibility';
import { NEXT_DEADLINE, PENDING_BODIES, REGULATION_ID, REGULATION_STAGE } from '../workflows/search-attributes';

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

type Cursor = { at: string; id: string } | { undated: string };

const MIN = Date.parse('2000-01-01T00:00:00Z');
const MAX = Date.parse('2200-01-01T00:00:00Z');
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
  ) {}

  /** Whether the server sets `TemporalReportedProblems` (asked once per client). */
  reportsProblems(): Promise<boolean> {
    this.reports ??= this.client.workflowService
      .describeNamespace({ namespace: this.client.options.namespace })
      .then((ns) => Boolean(ns.namespaceInfo?.capabilities?.reportedProblemsSearchAttribute))
      .catch(() => false);
    return this.reports;
  }
  private reports?: Promise<boolean>;

  async count(where: string[]): Promise<number> {
    return (await this.client.workflow.count(where.join(' AND '))).count;
  }

  /** Every row matching `where`, at most `limit`. */
  async all(where: string[], limit = 5000): Promise<ListingRow[]> {
    const out: ListingRow[] = [];
    for await (const w of this.client.workflow.list({ query: where.join(' AND '), pageSize: 1000 })) {
      out.push(listingRow(w));
      if (out.length >= limit) break;
    }
    return out;
  }

  /** One page of rows matching `where`, sorted by next deadline (then id), with the total. */
  async page(where: string[], size = 50, cursor?: string): Promise<ListingPage> {
    const at = decodeCursor(cursor);
    const [total, rows] = await Promise.all([
      this.count(where),
      at && 'undated' in at ? this.undated(where, size, at.undated) : this.dated(where, size, at),
    ]);
    return { total, ...rows };
  }

  private async dated(
    where: string[],
    size: number,
    after?: { at: string; id: string },
  ): Promise<{ rows: ListingRow[]; next?: string }> {
    const lo = after ? Math.floor(Date.parse(after.at) / 1000) * 1000 : MIN;
    const clause = after
      ? `((NextDeadline >= ${iso(lo)} AND NextDeadline < ${iso(lo + 1000)} AND WorkflowId > ${queryValue(after.id)}) OR NextDeadline >= ${iso(lo + 1000)})`
      : 'NextDeadline IS NOT NULL';
    const dated = [...where, clause];
    // One round of counts, all at once: everything after the cursor, and the windows that end at
    // fixed distances from it (from today on the first page). Their number does not grow with the rows.
    const bounds = windowBounds(after ? lo : this.now(), lo);
    const [n, ...counts] = await Promise.all([
      this.count(dated),
      ...bounds.map((b) => this.count([...dated, `NextDeadline < ${iso(b)}`])),
    ]);
    let rows: ListingRow[] = [];
    if (n > 0) {
      // The narrowest window that holds a page (then narrowed), all the rows when none does.
      const i = n > size ? bounds.findIndex((_, k) => counts[k]! >= size) : -1;
      const hi = i < 0 ? undefined : await this.narrow(dated, size, bounds[i - 1] ?? lo, bounds[i]!, counts[i]!);
      rows = (await this.all(hi === undefined ? dated : [...dated, `NextDeadline < ${iso(hi)}`], 100 * size))
        .sort(
          (x, y) =>
            (x.nextDeadline ?? '').localeCompare(y.nextDeadline ?? '') || x.workflowId.localeCompare(y.workflowId),
        )
        .slice(0, size);
      if (rows.length === size && n > size) {
        const last = rows[rows.length - 1]!;
        return { rows, next: encodeCursor({ at: last.nextDeadline!, id: last.workflowId }) };
      }
    }
    // The dated rows end on this page: fill it from the undated ones.
    const rest = await this.undated(where, size - rows.length, '');
    return { rows: [...rows, ...rest.rows], next: rest.next };
  }

  /**
   * Narrows [a, b), below which `atB` rows lie (fewer than a page below a), to a bound that still holds a
   * page: at most two more rounds of 15 counts sent at once, each cutting the window into 16, while
   * more than two pages would be listed.
   */
  private async narrow(dated: string[], size: number, a: number, b: number, atB: number): Promise<number> {
    for (let round = 0; round < 2 && atB > 2 * size && b - a > 16_000; round++) {
      const step = (b - a) / 16;
      const cuts = [
        ...new Set(Array.from({ length: 15 }, (_, k) => Math.floor((a + step * (k + 1)) / 1000) * 1000)),
      ].filter((c) => c > a && c < b);
      const counts = await Promise.all(cuts.map((c) => this.count([...dated, `NextDeadline < ${iso(c)}`])));
      const k = counts.findIndex((c) => c >= size);
      if (k < 0) a = cuts[cuts.length - 1] ?? a;
      else {
        if (k > 0) a = cuts[k - 1]!;
        b = cuts[k]!;
        atB = counts[k]!;
      }
    }
    return b;
  }

  private async undated(where: string[], size: number, token: string): Promise<{ rows: ListingRow[]; next?: string }> {
    if (size <= 0) {
      const more = await this.count([...where, 'NextDeadline IS NULL']);
      return { rows: [], next: more > 0 ? encodeCursor({ undated: '' }) : undefined };
    }
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
      ? encodeCursor({ undated: Buffer.from(res.nextPageToken).toString('base64url') })
      : undefined;
    return { rows: rows.map(listingRow), next };
  }
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Where the counted windows end, as distances from their anchor: a page's worth of rows is found among them. */
const WINDOW_ENDS = [
  -3650 * DAY,
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
