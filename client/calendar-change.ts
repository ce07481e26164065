/**
 * When the official calendar changes: which open deadlines of running lifecycles (and their
 * reviews) would move under a new calendar file (`regulation calendar diff`), and making them
 * re-plan on it (`regulation calendar apply`). The diff only asks (a query) and computes here;
 * the apply is an update each workflow validates and records, planning through its activity.
 */
import type { WorkingCalendar } from '../domain/schedule/calendar';
import { planDeadlineOn } from '../domain/schedule/plan';
import * as d from '../workflows/definitions';
import type { RegulationsClient } from './api';
import { scheduleNow } from './format';
import type { Localized } from '../domain/locale';
import type { ReplanReport } from '../domain/lifecycle';
import { RUNNING } from '../domain/listing';
import { LIFECYCLES } from './listing';
import type * as workflows from '../workflows';
import { mapLimit } from './limit';

export interface CalendarMove {
  workflowId: string;
  key: string;
  label: Localized;
  /** Parties still pending, who get a notice when it is applied. */
  pending: string[];
  before: { lastDay: string; reminders: string[] };
  after: { lastDay: string; reminders: string[] };
  /** Named days off in the new span: why the new date. */
  daysOff: { from: string; to: string; reason: string }[];
}

export interface CalendarDiff {
  calendar: string;
  version: string;
  moves: CalendarMove[];
  /** Deadlines set by hand (extensions, stated dates): left alone. */
  manual: { workflowId: string; key: string; lastDay: string }[];
  /** Workflows whose deadlines could not be read (named, with the reason). */
  unreadable: { workflowId: string; reason: string }[];
}

/** The workflow type of a review (the worker registers each workflow under its export name). */
const REVIEW_WORKFLOW = 'reviewWorkflow' satisfies keyof typeof workflows;

/** Open-deadline queries in flight at once: the workers answer them beside their workflow tasks. */
export const CALENDAR_QUERY_CONCURRENCY = 16;

/**
 * What can hold a movable deadline, from one paged visibility list, never a query or describe per
 * lifecycle: the running lifecycles with a next deadline, and every running review.
 * - A lifecycle's `NextDeadline` (workflows/visibility.ts) is the earliest of its open deadlines,
 *   upserted in the same workflow task that opens, moves or closes one, and null when it has none;
 *   every deadline the `openDeadlines` query returns is one of them. A lifecycle without it (in
 *   force between reviews, or waiting on its review) has nothing to move: left out.
 * - A review writes no `NextDeadline` (and one started before the patch `listing-memo` no search
 *   attribute at all): every running one is a candidate, found by its type. A lifecycle runs at
 *   most one review at a time, so they are few.
 * Visibility trails the workflows by moments: a deadline opened in the last second may be missed,
 * as it was by the list this replaces; it was planned on the file the workers read.
 */
export function candidateQuery(): string {
  return `${RUNNING} AND ((${LIFECYCLES} AND NextDeadline IS NOT NULL) OR WorkflowType = "${REVIEW_WORKFLOW}")`;
}

/** The ids of the candidates, sorted, each once. */
async function runningWorkflows(api: RegulationsClient): Promise<string[]> {
  const ids = new Set<string>();
  for await (const w of api.client.workflow.list({ query: candidateQuery(), pageSize: 1000 })) ids.add(w.workflowId);
  return [...ids].sort();
}

/**
 * What a new calendar would move; changes nothing. `ids` defaults to every running workflow that
 * can hold a deadline (one visibility list); each is then asked its open deadlines (one query),
 * `concurrency` at a time. Moves, hand-set deadlines and unreadable workflows
 * come sorted by workflow id, then deadline key: the same calendar prints the same diff.
 */
export async function calendarDiff(
  api: RegulationsClient,
  cal: WorkingCalendar,
  ids?: string[],
  concurrency = CALENDAR_QUERY_CONCURRENCY,
): Promise<CalendarDiff> {
  const out: CalendarDiff = { calendar: cal.id, version: cal.version, moves: [], manual: [], unreadable: [] };
  const candidates = ids ? [...new Set(ids)].sort() : await runningWorkflows(api);
  const answers = await mapLimit(candidates, concurrency, async (workflowId) => {
    try {
      return { workflowId, open: await api.client.workflow.getHandle(workflowId).query(d.openDeadlines) };
    } catch (err) {
      // A review or lifecycle that ended since the list, or a lifecycle from before this query existed.
      return { workflowId, reason: (err as Error).message.split('\n')[0] ?? String(err) };
    }
  });
  for (const a of answers) {
    const { workflowId } = a;
    if (!a.open) {
      out.unreadable.push({ workflowId, reason: a.reason });
      continue;
    }
    const open = [...a.open].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    for (const o of open) {
      if (o.plan.calendar !== cal.id) continue;
      if (o.manual) {
        out.manual.push({ workflowId, key: o.key, lastDay: o.lastDay });
        continue;
      }
      const now = scheduleNow({ now: o.now, clock: o.clock });
      const p = planDeadlineOn(cal, { ...o.plan, escalations: 0, notBefore: now });
      const reminders = p.reminders.map((r) => r.at);
      const before = o.reminders.filter((r) => r >= now);
      if (p.lastDay === o.lastDay && reminders.join() === before.join()) continue;
      out.moves.push({
        workflowId,
        key: o.key,
        label: o.label,
        pending: o.pending,
        before: { lastDay: o.lastDay, reminders: before },
        after: { lastDay: p.lastDay, reminders },
        daysOff: p.daysOff ?? [],
      });
    }
  }
  return out;
}

/** Has every workflow with a move re-plan on `diff.version`; each reports what it moved. */
export async function calendarApply(
  api: RegulationsClient,
  diff: CalendarDiff,
): Promise<{ workflowId: string; report: ReplanReport }[]> {
  const out: { workflowId: string; report: ReplanReport }[] = [];
  for (const workflowId of [...new Set(diff.moves.map((m) => m.workflowId))]) {
    out.push({ workflowId, report: await api.replanDeadlines(workflowId, { calendarVersion: diff.version }) });
  }
  return out;
}
