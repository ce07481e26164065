/**
 * Lists from visibility on a real dev server (SQL visibility, no ORDER BY on custom attributes):
 * pages come sorted by next deadline, ties by id, rows without a deadline last, each row once,
 * with the total; filters select by stage, body, text and passed deadline. The workflows are
 * lifecycles on a task queue no worker polls: visibility holds what they were started with, as a
 * lifecycle writes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { hintsFile, loadHints } from '../../client/listing-hints';
import { runCli } from '../cli/cli-support';
import { listingPeople, listingParties, RUNNING, type ListingMemo } from '../../domain/listing';
import {
  filterClauses,
  LIFECYCLE_WORKFLOW,
  LIFECYCLES,
  VisibilityListing,
  windowBounds,
  type ListingHint,
} from '../../client/listing';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { LISTING_MEMO_KEY } from '../../workflows/visibility';
import {
  NEXT_DEADLINE,
  REGULATION_ID,
  REGULATION_PEOPLE,
  REGULATION_STAGE,
  REGULATION_TEXT,
} from '../../workflows/search-attributes';
import { longAn } from '../support/lifecycle-harness';

let server: DevServer;
let connection: Connection;
let client: Client;
const N = 23;
/** Deadlines: three rows share each instant (ties), every fourth row has none. */
const deadlineOf = (i: number): Date | undefined =>
  i % 4 === 3 ? undefined : new Date(Date.UTC(2027, 0, 4 + Math.floor(i / 3), 10, 0, 0));
const stageOf = (i: number): string => (i % 2 ? 'consultation' : 'drafting');

beforeAll(async () => {
  server = await startDevServer({ port: 0, uiPort: 0 });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection, namespace: server.namespace });
  const reg = longAn();
  for (let i = 0; i < N; i++) {
    const next = deadlineOf(i);
    const parties = listingParties(reg);
    if (i % 5 === 0) parties.bodies = parties.bodies.filter((b) => b.id !== 'tand');
    const memo = { v: 1, lifecycleId: `row-${String(i).padStart(2, '0')}`, title: reg.title, ...parties };
    await client.workflow.start(LIFECYCLE_WORKFLOW, {
      taskQueue: 'nobody-polls',
      workflowId: `row-${String(i).padStart(2, '0')}`,
      args: [],
      memo: { [LISTING_MEMO_KEY]: memo as unknown as ListingMemo },
      typedSearchAttributes: [
        { key: REGULATION_ID, value: `row-${i}` },
        { key: REGULATION_STAGE, value: stageOf(i) },
        ...(next ? [{ key: NEXT_DEADLINE, value: next }] : []),
        { key: REGULATION_PEOPLE, value: listingPeople(parties) },
        { key: REGULATION_TEXT, value: i === 7 ? 'Quy chế phối hợp Sở Xây dựng' : 'Quy chế phối hợp Tòa án' },
      ],
    });
  }
  // Another application's workflow in the namespace, with the same attributes and the earliest
  // deadline: not a lifecycle, so in no list or total.
  await client.workflow.start('anotherApplication', {
    taskQueue: 'nobody-polls',
    workflowId: 'not-a-lifecycle',
    args: [],
    typedSearchAttributes: [
      { key: REGULATION_ID, value: 'not-a-lifecycle' },
      { key: REGULATION_STAGE, value: 'drafting' },
      { key: NEXT_DEADLINE, value: new Date(Date.UTC(2027, 0, 1)) },
    ],
  });
  const listing = new VisibilityListing(client);
  for (let t = 0; (await listing.count([])) < N + 1; t++) {
    if (t > 200) throw new Error('visibility never listed the rows');
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  await connection?.close();
  await server?.stop();
});

test('pages sorted by next deadline then id, undated rows last, every row exactly once, with the total', async () => {
  const listing = new VisibilityListing(client);
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listing.page([LIFECYCLES], 4, cursor);
    expect(page.total).toBe(N);
    expect(page.rows.length).toBeLessThanOrEqual(4);
    seen.push(...page.rows.map((r) => r.workflowId));
    cursor = page.next;
    pages += 1;
  } while (cursor && pages < 20);
  const dated = Array.from({ length: N }, (_, i) => i)
    .filter((i) => deadlineOf(i))
    .map((i) => `row-${String(i).padStart(2, '0')}`);
  expect(seen.slice(0, dated.length)).toEqual(dated);
  expect(seen.slice(dated.length).sort()).toEqual(
    Array.from({ length: N }, (_, i) => i)
      .filter((i) => !deadlineOf(i))
      .map((i) => `row-${String(i).padStart(2, '0')}`),
  );
  expect(new Set(seen).size).toBe(N);
});

test('pages of one row: narrowed windows still give every dated row once, in order', async () => {
  const listing = new VisibilityListing(client, () => Date.UTC(2026, 0, 1));
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listing.page([LIFECYCLES, 'NextDeadline IS NOT NULL'], 1, cursor);
    seen.push(...page.rows.map((r) => r.workflowId));
    cursor = page.next;
  } while (cursor && seen.length < 2 * N);
  expect(seen).toEqual(
    Array.from({ length: N }, (_, i) => i)
      .filter((i) => deadlineOf(i))
      .map((i) => `row-${String(i).padStart(2, '0')}`),
  );
});

test('filters: stage, body, text and passed deadline select in visibility', async () => {
  const listing = new VisibilityListing(client);
  const ids = async (f: Parameters<typeof filterClauses>[0], now?: number): Promise<string[]> =>
    (await listing.page([LIFECYCLES, ...filterClauses(f, now)], 50)).rows.map((r) => r.workflowId);
  expect((await ids({ stage: 'consultation' })).every((id) => Number(id.slice(4)) % 2 === 1)).toBe(true);
  expect(await ids({ stage: 'consultation' })).toHaveLength(11);
  // Rows 0, 5, 10, 15, 20 leave the court out.
  expect((await ids({ body: 'tand' })).sort()).not.toContain('row-05');
  expect(await ids({ body: 'tand' })).toHaveLength(N - 5);
  expect(await ids({ text: 'xay dung' })).toEqual(['row-07']);
  // On 6 Jan 2027 at noon the deadlines of 4, 5 and 6 Jan have passed: rows 0-8 less the undated 3 and 7.
  expect((await ids({ late: true }, Date.UTC(2027, 0, 6, 12))).sort()).toEqual([
    'row-00',
    'row-01',
    'row-02',
    'row-04',
    'row-05',
    'row-06',
    'row-08',
  ]);
});

test('a page costs a fixed number of counts and one list, however many rows match', async () => {
  // The first page and the next: each is at most the total, one count per slice between the
  // window ends (a fixed set of distances) and six rounds of three narrowing one, then one list.
  const count = jest.spyOn(client.workflow, 'count');
  const list = jest.spyOn(client.workflow, 'list');
  try {
    const listing = new VisibilityListing(client, () => Date.UTC(2027, 0, 5));
    const first = await listing.page([LIFECYCLES], 4);
    expect(first.rows.map((r) => r.workflowId)).toEqual(['row-00', 'row-01', 'row-02', 'row-04']);
    expect(list).toHaveBeenCalledTimes(1);
    expect(count.mock.calls.length).toBeLessThanOrEqual(2 + windowBounds(Date.UTC(2027, 0, 5), 0).length + 6 * 3);
    // Each count after the total covers its own slice: together they count no row twice (SQLite
    // visibility answers one call at a time, so counts that overlap cost every row again).
    const counted = await Promise.all(count.mock.results.slice(1).map(async (r) => (await r.value).count as number));
    expect(counted.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(N);
    count.mockClear();
    list.mockClear();
    const second = await listing.page([LIFECYCLES], 4, first.next);
    expect(second.rows.map((r) => r.workflowId)).toEqual(['row-05', 'row-06', 'row-08', 'row-09']);
    expect(list).toHaveBeenCalledTimes(1);
    expect(count.mock.calls.length).toBeLessThanOrEqual(2 + windowBounds(Date.UTC(2027, 0, 5), 0).length + 6 * 3);
  } finally {
    count.mockRestore();
    list.mockRestore();
  }
});

test('a filter matching nothing costs its count and no list', async () => {
  const listing = new VisibilityListing(client);
  const list = jest.spyOn(client.workflow, 'list');
  const count = jest.spyOn(client.workflow, 'count');
  try {
    const page = await listing.page([LIFECYCLES, RUNNING, 'OpenWork = "nobody@example.org"'], 50);
    expect(page).toEqual({ total: 0, rows: [] });
    expect(count).toHaveBeenCalledTimes(1);
    expect(list).not.toHaveBeenCalled();
  } finally {
    list.mockRestore();
    count.mockRestore();
  }
});

test('a text matching many pages: the page end is searched on the other clauses, one count of the text checks it, and every row comes once, in order', async () => {
  // "Quy chế" is in every row's text: 23 rows are more than 20 pages of one, so the search runs
  // without the text clause (a count of a word-indexed clause costs all its matches on SQLite).
  const where = [LIFECYCLES, RUNNING, ...filterClauses({ text: 'Quy chế' })];
  const count = jest.spyOn(client.workflow, 'count');
  try {
    const listing = new VisibilityListing(client, () => Date.UTC(2026, 0, 1));
    const first = await listing.page(where, 1);
    expect(first.rows.map((r) => r.workflowId)).toEqual(['row-00']);
    const texts = count.mock.calls.filter(([q]) => String(q).includes('RegulationText')).length;
    // The total and the check of the bound found; the rest count the other clauses only.
    expect(texts).toBe(2);
    expect(count.mock.calls.length).toBeGreaterThan(texts);
    const seen = [...first.rows.map((r) => r.workflowId)];
    for (let cursor = first.next; cursor && seen.length < 2 * N;) {
      const page = await listing.page(where, 1, cursor);
      seen.push(...page.rows.map((r) => r.workflowId));
      cursor = page.next;
    }
    const ids = Array.from({ length: N }, (_, i) => i);
    const id = (i: number) => `row-${String(i).padStart(2, '0')}`;
    const dated = ids.filter((i) => deadlineOf(i)).map(id);
    expect(seen.slice(0, dated.length)).toEqual(dated);
    // Rows without a deadline come last, in visibility's own order.
    expect(seen.slice(dated.length).sort()).toEqual(ids.filter((i) => !deadlineOf(i)).map(id));
  } finally {
    count.mockRestore();
  }
});

test('regulation list keeps where its page ended for its next run, and lists the same with a missing or unreadable hints file', async () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'listing-hints-'));
  const env = { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: server.namespace, XDG_CACHE_HOME: cache };
  const rowsOf = (out: string): string[] => [...out.matchAll(/^(row-\d\d) /gm)].map((m) => m[1]!);
  const first = await runCli(['list', '--size', '4'], env);
  expect(first).toMatchObject({ code: 0, stderr: '' });
  expect(rowsOf(first.stdout)).toEqual(['row-00', 'row-01', 'row-02', 'row-04']);
  expect(first.stdout).toContain(`4 of ${N}, sorted by next deadline.`);
  expect(first.stdout).not.toContain('not-a-lifecycle');
  const file = hintsFile(server.address, server.namespace, env);
  const saved = {
    hints: new Map<string, ListingHint>(),
    problems: undefined as { value: boolean; asked: number } | undefined,
  };
  loadHints(file, saved);
  expect(saved.hints.size).toBe(1);
  // The dev server reports stuck runs: the next run takes its word for a day instead of asking.
  expect(saved.problems).toEqual({ value: true, asked: expect.any(Number) });
  const later = { hints: new Map<string, ListingHint>(), problems: undefined as typeof saved.problems };
  loadHints(file, later, saved.problems!.asked + 25 * 3600_000);
  expect(later.problems).toBeUndefined();
  const again = await runCli(['list', '--size', '4'], env);
  expect(again.stdout).toBe(first.stdout);
  fs.writeFileSync(file, 'not json');
  const unreadable = await runCli(['list', '--size', '4'], env);
  expect(unreadable.stdout).toBe(first.stdout);
});

test('a page seen before keeps its end just past its last row and a tenth of a page more, and the next load lists only those', async () => {
  const running = [LIFECYCLES, RUNNING];
  const listing = new VisibilityListing(client, () => Date.UTC(2027, 0, 5));
  await listing.page(running, 4);
  const [hint] = [...listing.hints.values()];
  // As if the search had left an end further on: before 9 Jan, twelve dated rows (three a day, less the undated).
  Object.assign(hint!, { end: Date.UTC(2027, 0, 9), held: 12 });
  const again = await listing.page(running, 4);
  expect(again.rows.map((r) => r.workflowId)).toEqual(['row-00', 'row-01', 'row-02', 'row-04']);
  // Four rows and one more (row-05, 5 Jan 10:00): the end is the second after it.
  expect([...listing.hints.values()]).toEqual([{ end: Date.UTC(2027, 0, 5, 10, 0, 1), held: 5 }]);
  const list = jest.spyOn(client.workflow, 'list');
  try {
    const third = await listing.page(running, 4);
    expect(third.rows.map((r) => r.workflowId)).toEqual(['row-00', 'row-01', 'row-02', 'row-04']);
    expect(list).toHaveBeenCalledTimes(1);
    expect(list.mock.calls[0]![0]!.query).toContain('NextDeadline < "2027-01-05T10:00:01Z"');
  } finally {
    list.mockRestore();
  }
});

test('a stale hint (its end now holds more than a page beyond what it held) costs one short list, then the search finds the page', async () => {
  const running = [LIFECYCLES, RUNNING];
  const listing = new VisibilityListing(client, () => Date.UTC(2027, 0, 5));
  const first = await listing.page(running, 2);
  expect(first.rows.map((r) => r.workflowId)).toEqual(['row-00', 'row-01']);
  const [hint] = [...listing.hints.values()];
  expect(hint).toEqual({ end: expect.any(Number), held: expect.any(Number) });
  // As if every row's deadline had moved before the end found: it now holds all 17 dated rows.
  hint!.end = Date.UTC(2100, 0, 1);
  const list = jest.spyOn(client.workflow, 'list');
  try {
    const again = await listing.page(running, 2);
    expect(again.rows.map((r) => r.workflowId)).toEqual(['row-00', 'row-01']);
    expect(list).toHaveBeenCalledTimes(2);
    // The hint's list asks for no more than it held and a page.
    expect(list.mock.calls[0]![0]!.pageSize).toBeLessThanOrEqual(Math.max(hint!.held, 2) + 2);
  } finally {
    list.mockRestore();
  }
});

test('the same page again: the list up to where it ended last time is the check, no count beyond the total; when that no longer holds a page it searches anew', async () => {
  const running = [LIFECYCLES, RUNNING];
  const listing = new VisibilityListing(client, () => Date.UTC(2027, 0, 5));
  const first = await listing.page(running, 4);
  expect(first.rows.map((r) => r.workflowId)).toEqual(['row-00', 'row-01', 'row-02', 'row-04']);
  const count = jest.spyOn(client.workflow, 'count');
  const list = jest.spyOn(client.workflow, 'list');
  try {
    const again = await listing.page(running, 4);
    expect(again.rows.map((r) => r.workflowId)).toEqual(first.rows.map((r) => r.workflowId));
    expect(again.total).toBe(N);
    // The total, and one list of the rows before the end found last time.
    expect(count).toHaveBeenCalledTimes(1);
    expect(list).toHaveBeenCalledTimes(1);
    // Three of those rows end (the last test of this file): the old end holds one row, not a page.
    for (const id of ['row-00', 'row-01', 'row-02']) await client.workflow.getHandle(id).terminate('test');
    for (let t = 0; (await listing.count(running)) > N - 3; t++) {
      if (t > 200) throw new Error('visibility never saw the rows end');
      await new Promise((r) => setTimeout(r, 100));
    }
    count.mockClear();
    list.mockClear();
    const after = await listing.page(running, 4);
    expect(after.rows.map((r) => r.workflowId)).toEqual(['row-04', 'row-05', 'row-06', 'row-08']);
    expect(after.total).toBe(N - 3);
    // The hint's list, then the search and the list up to what it found.
    expect(list).toHaveBeenCalledTimes(2);
    expect(count.mock.calls.length).toBeGreaterThan(1);
  } finally {
    count.mockRestore();
    list.mockRestore();
  }
});
