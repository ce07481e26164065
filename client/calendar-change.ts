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
import type { OpenDeadline, ReplanReport } from '../domain/lifecycle';

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

/** The running lifecycles and their running reviews. */
async function runningWorkflows(api: RegulationsClient): Promise<string[]> {
  const ids: string[] = [];
  for (const l of await api.list()) {
    if (l.status !== 'RUNNING') continue;
    ids.push(l.workflowId);
    const next = await api.status(l.workflowId).then(
      (s) => s.nextReview?.workflowId,
      () => undefined,
    );
    // A review planned but not started yet has no deadline of its own.
    const running =
      next &&
      (await api.client.workflow
        .getHandle(next)
        .describe()
        .then(
          (w) => w.status.name === 'RUNNING',
          () => false,
        ));
    if (next && running) ids.push(next);
  }
  return ids;
}

/** What a new calendar would move; changes nothing. `ids` defaults to every running workflow. */
export async function calendarDiff(
  api: RegulationsClient,
  cal: WorkingCalendar,
  ids?: string[],
): Promise<CalendarDiff> {
  const out: CalendarDiff = { calendar: cal.id, version: cal.version, moves: [], manual: [], unreadable: [] };
  for (const workflowId of ids ?? (await runningWorkflows(api))) {
    let open: OpenDeadline[];
    try {
      open = await api.client.workflow.getHandle(workflowId).query(d.openDeadlines);
    } catch (err) {
      // A review that has ended, or a lifecycle from before this query existed.
      out.unreadable.push({ workflowId, reason: (err as Error).message.split('\n')[0] ?? String(err) });
      continue;
    }
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
