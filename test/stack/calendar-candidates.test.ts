/**
 * `regulation calendar diff` at national scale: it finds what a new calendar moves from one
 * visibility list and one `openDeadlines` query per workflow that can hold a deadline — a
 * lifecycle in consultation and a running review (sơ kết) both move; a lifecycle in force between
 * reviews (no open deadline) is never asked. No status query, describe or history read per
 * lifecycle, on a real dev server with the real worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadCalendar } from '../../activities/schedule/calendar-store';
import type { RegulationsClient } from '../../client/api';
import { calendarDiff, candidateQuery } from '../../client/calendar-change';
import { renderDiff } from '../../client/commands/calendar';
import type { Regulation } from '../../config/regulation';
import { openDeadlines } from '../../workflows/definitions';
import { announce2027 } from '../support/calendars';
import { startAcrossTet, startCalendarStack, type CalendarStack } from '../support/calendar-stack';
import { longAn } from '../support/lifecycle-harness';
import { mail } from '../support/scenario';
import type { SmtpSink } from '../support/smtp-sink';

/** In consultation: round 1 due Wed 17 Feb 2027 on the fallback, counted across Tết. */
const DRAFTING = 'candidates-consultation';
/** Adopted in force, signed Sun 1 Mar 2026: sơ kết 1 meets Mon 1 Mar 2027, its reports due across Tết. */
const REVIEWING = 'candidates-review';
const REVIEW = `${REVIEWING}/so-ket-1`;
/** Adopted in force, signed 1 Sep 2026: nothing due before sơ kết 1 in September 2027. */
const QUIET = 'candidates-quiet';

let stack: CalendarStack;
let sink: SmtpSink;
let api: RegulationsClient;
let dir: string;

beforeAll(async () => {
  stack = await startCalendarStack('calendar-candidates');
  ({ sink, api, dir } = stack);
  // The new file, as an operator edits it before deploying it to the workers.
  fs.mkdirSync(path.join(dir, 'announced'));
  fs.writeFileSync(path.join(dir, 'announced', 'vn.yaml'), announce2027(stack.fallback));
}, 60_000);

afterAll(() => stack?.stop([REVIEW, DRAFTING, REVIEWING, QUIET]));

/** Runs the real worker in this process until `fn` is done. */
const withWorker = <T>(fn: () => Promise<T>): Promise<T> => stack.withWorker(fn);

function inForce(id: string, signedOn: string): Regulation {
  return longAn((r) => {
    r.id = id;
    r.kickoff = '2026-01-05';
    r.schedule.finalReview = '2030-06-30';
    r.adopted = { signedOn, reviewsHeld: [] };
  });
}

/** Polls visibility until `query` lists exactly `ids` (visibility trails the workflows by moments). */
async function listed(query: string, ids: string[]): Promise<void> {
  let seen: string[] = [];
  for (let t = 0; t < 300; t++) {
    seen = [];
    for await (const w of api.client.workflow.list({ query })) seen.push(w.workflowId);
    if (seen.sort().join() === [...ids].sort().join()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`visibility lists ${seen.join(', ') || 'nothing'} for ${query}, not ${ids.join(', ')}`);
}

test('one list and one openDeadlines query per candidate find the moves of a lifecycle and of a running review', async () => {
  await withWorker(async () => {
    await startAcrossTet(api, DRAFTING);
    // Each on its own clock: Wed 3 Feb 2027, after the sơ kết's report requests were due to go out.
    await api.start(inForce(REVIEWING, '2026-03-01'), { startAt: '2027-02-03T02:00:00.000Z' });
    await api.start(inForce(QUIET, '2026-09-01'), { startAt: '2027-02-03T02:00:00.000Z' });
    await sink.waitFor(mail(DRAFTING, 'feedback-request', 'consultation/round-1'), { count: 2, timeoutMs: 30_000 });
    await sink.waitFor(mail(REVIEWING, 'review-report-request', 'so-ket-1/reports'), {
      count: 2,
      timeoutMs: 30_000,
    });
    // The review watches its reports deadline once its requests and meeting invitations are out.
    for (let t = 0; (await api.client.workflow.getHandle(REVIEW).query(openDeadlines)).length === 0; t++) {
      if (t > 300) throw new Error(`${REVIEW} never opened its reports deadline`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // All three are running lifecycles; the quiet one (and the one whose review runs) has no next deadline.
    await listed('RegulationId IS NOT NULL AND ExecutionStatus = "Running"', [DRAFTING, REVIEWING, QUIET]);
    await listed('RegulationId IS NOT NULL AND RegulationStage = "in-force" AND NextDeadline IS NULL', [
      REVIEWING,
      QUIET,
    ]);
    await listed(candidateQuery(), [DRAFTING, REVIEW]);

    const cal = loadCalendar(path.join(dir, 'announced', 'vn.yaml'));
    const service = api.client.workflowService;
    const calls = {
      list: jest.spyOn(service, 'listWorkflowExecutions'),
      query: jest.spyOn(service, 'queryWorkflow'),
      describe: jest.spyOn(service, 'describeWorkflowExecution'),
      history: jest.spyOn(service, 'getWorkflowExecutionHistory'),
    };
    let diff: Awaited<ReturnType<typeof calendarDiff>>;
    try {
      diff = await calendarDiff(api, cal);
      // One visibility list; one query per candidate, and only openDeadlines; no describe, no history.
      expect(calls.list).toHaveBeenCalledTimes(1);
      expect(calls.query.mock.calls.map(([r]) => [r.execution?.workflowId, r.query?.queryType]).sort()).toEqual([
        [DRAFTING, 'openDeadlines'],
        [REVIEW, 'openDeadlines'],
      ]);
      expect(calls.describe).not.toHaveBeenCalled();
      expect(calls.history).not.toHaveBeenCalled();
    } finally {
      Object.values(calls).forEach((c) => c.mockRestore());
    }

    // Tết 2027 two working days longer (Fri 12 and Mon 15 Feb off): round 1 ends a day later, on
    // Thu 18 Feb; the sơ kết's reports, due ten working days before Mon 1 Mar, fall before Tết,
    // on Thu 4 Feb, with the one reminder left that day.
    expect(diff.moves.map((m) => [m.workflowId, m.key, m.before.lastDay, m.after.lastDay])).toEqual([
      [DRAFTING, 'consultation/round-1', '2027-02-17', '2027-02-18'],
      [REVIEW, 'so-ket-1/reports', '2027-02-15', '2027-02-04'],
    ]);
    expect(diff.moves[1]).toEqual(
      expect.objectContaining({
        pending: ['hdnd', 'tand'],
        before: { lastDay: '2027-02-15', reminders: ['2027-02-12T01:00:00.000Z', '2027-02-15T01:00:00.000Z'] },
        after: { lastDay: '2027-02-04', reminders: ['2027-02-04T01:00:00.000Z'] },
        daysOff: expect.arrayContaining([
          { from: '2027-02-15', to: '2027-02-15', reason: 'Tết Nguyên đán (nghỉ thêm)' },
        ]),
      }),
    );
    expect(diff.unreadable).toEqual([]);
    // The CLI prints the same diff every time.
    expect(renderDiff(await calendarDiff(api, cal))).toBe(renderDiff(diff));
    // A workflow that cannot answer is named, not fatal.
    expect((await calendarDiff(api, cal, ['no-such-lifecycle', DRAFTING])).unreadable).toEqual([
      { workflowId: 'no-such-lifecycle', reason: expect.any(String) },
    ]);
  });
}, 180_000);
