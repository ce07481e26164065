/**
 * Lists from Temporal visibility: one page of lifecycles (or of a person's open work) sorted by
 * next deadline, with the total, from search attributes and the listing memo (domain/listing.ts).
 * No query, describe or history read per row.
 *
 * SQL visibility (the dev server, PostgreSQL, MySQL) has no ORDER BY on custom attributes, so a
 * page sorted by NextDeadline is found by counting: the window [cursor, hi) is narrowed with
 * count calls until it holds between one and three pages, then listed and sorted here. Rows
 * without a next deadline come after every dated row, in visibility's own order.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
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
}

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
  constructor(private readonly client: Client) {}

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
    const lo = after ? Date.parse(after.at) : MIN;
    const clause = after
      ? `((NextDeadline >= ${iso(lo)} AND NextDeadline < ${iso(lo + 1000)} AND WorkflowId > ${queryValue(after.id)}) OR NextDeadline >= ${iso(lo + 1000)})`
      : 'NextDeadline IS NOT NULL';
    const dated = [...where, clause];
    const n = await this.count(dated);
    let rows: ListingRow[] = [];
    if (n > 0) {
      let hi: number | undefined;
      if (n > 3 * size) {
        // Narrow [a, b) until it holds one to three pages; b then bounds the rows to list.
        let a = Math.floor(lo / 1000) * 1000 + 1000;
        let b = MAX;
        for (let i = 0; i < 48 && b - a > 1000; i++) {
          const mid = Math.floor((a + b) / 2000) * 1000;
          const c = await this.count([...dated, `NextDeadline < ${iso(mid)}`]);
          if (c < size) a = mid;
          else if (c > 3 * size) b = mid;
          else {
            b = mid;
            break;
          }
        }
        hi = b;
      }
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
