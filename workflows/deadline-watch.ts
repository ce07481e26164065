/**
 * One mechanism for every deadline of every stage: plan the deadline and its reminders in an
 * activity (the calendar lives outside the workflow), then sleep from event to event,
 * reminding only those still pending, escalating after the deadline, and re-planning when
 * the deadline is extended.
 */
import { condition, workflowInfo } from '@temporalio/workflow';
import { activities } from './activities-proxy';
import type { DeadlineRule } from '../domain/schedule/deadlines';
import type { PlannedDeadline } from '../domain/schedule/plan';
import type { ScheduleClock } from './clock';
import { isPatched } from './patches';
import type { DeadlineEntry, ExtensionRecord, OpenDeadline, ReplanReport } from '../domain/lifecycle';
import type { Localized } from '../domain/locale';
import type { Regulation, Stage } from '../domain/regulation';

const { planDeadline } = activities;

export interface ReminderEvent {
  offset: string;
  at: string;
}

export interface WatchOptions {
  key: string;
  stage: Stage;
  label: Localized;
  rule: DeadlineRule;
  /** Parties (body ids or "secretariat") that still have to act. Empty means done. */
  pending: () => string[];
  /** True when the lifecycle no longer needs this step (withdrawn, stage moved on). */
  cancelled: () => boolean;
  /** Stop watching at this schedule instant (e.g. reports stop mattering at the meeting). */
  until?: string;
  /** Called once the deadline is planned, e.g. to send the requests that name it. */
  opened?: (entry: DeadlineEntry) => Promise<void>;
  remind: (parties: string[], slot: ReminderEvent, entry: DeadlineEntry) => Promise<void>;
  /** At the deadline. "stop" ends the watch (silence as consent); "escalate" goes on. */
  missed: (parties: string[], entry: DeadlineEntry) => Promise<'stop' | 'escalate'>;
  escalate: (parties: string[], n: number, entry: DeadlineEntry) => Promise<void>;
  /** Told after an extension has moved the deadline. */
  extended?: (entry: DeadlineEntry, record: ExtensionRecord) => Promise<void>;
}

/** Tells the parties still pending that a new calendar moved their deadline (one notice each). */
export type ChangeNotice = (parties: string[], entry: DeadlineEntry, from: string, o: WatchOptions) => Promise<void>;

export type WatchResult = 'done' | 'cancelled' | 'stopped' | 'expired';

type Event =
  | { type: 'reminder'; at: string; offset: string }
  | { type: 'deadline'; at: string }
  | { type: 'escalation'; at: string; n: number };

const ESCALATION_BATCH = 12;

export class DeadlineWatcher {
  private readonly watching = new Map<string, () => string[]>();
  private readonly cancelledBy = new Map<string, () => boolean>();
  /** Each watched deadline's rule and upcoming reminders, for the openDeadlines query. */
  private readonly planned = new Map<string, { rule: DeadlineRule; reminders: () => string[] }>();
  /** What the re-plans asked for by replanDeadlines did, by key, until the handler reads it. */
  private readonly replanned = new Map<string, { from: string; to: string } | 'unchanged'>();
  /** Sends the "deadline changed" notices; set by the workflow that owns the watcher. */
  changeNotice?: ChangeNotice;

  constructor(
    private readonly regulation: Regulation,
    private readonly clock: ScheduleClock,
    private readonly book: Record<string, DeadlineEntry>,
    private readonly extensions: ExtensionRecord[],
    /** Called whenever open deadlines change, to refresh search attributes. */
    private readonly changed: () => void,
  ) {}

  private async plan(rule: DeadlineRule, escalations: number, calendarVersion?: string): Promise<PlannedDeadline> {
    return planDeadline.executeWithOptions(
      { summary: `plan deadline: ${describeRule(rule)}${calendarVersion ? ` (calendar ${calendarVersion})` : ''}` },
      [
        {
          ...this.planInput(rule),
          escalations,
          notBefore: this.clock.nowIso(),
          ...(calendarVersion ? { calendarVersion } : {}),
        },
      ],
    );
  }

  private planInput(rule: DeadlineRule): OpenDeadline['plan'] {
    const s = this.regulation.schedule;
    return {
      calendar: this.regulation.calendar,
      zone: this.regulation.timezone,
      rule,
      reminders: s.reminders,
      reminderTime: s.reminderTime,
      escalation: s.escalation,
    };
  }

  /** Every open deadline with how it was planned (the openDeadlines query). */
  open(): OpenDeadline[] {
    return [...this.planned].flatMap(([key, p]) => {
      const e = this.book[key];
      if (!e) return [];
      return [
        {
          workflowId: workflowInfo().workflowId,
          key,
          label: e.label,
          lastDay: e.lastDay,
          at: e.at,
          sequence: e.sequence,
          manual: e.manual === true,
          calendarVersion: e.calendarVersion,
          pending: this.pendingFor(key),
          reminders: p.reminders(),
          clock: this.clock.anchor,
          now: this.clock.nowIso(),
          plan: this.planInput(p.rule),
        },
      ];
    });
  }

  /**
   * Asks every open deadline not set by hand to be planned again on `version`; resolves once each
   * has been (its timers moved, its parties told) with what changed.
   */
  async replan(version: string): Promise<ReplanReport> {
    const report: ReplanReport = { moved: [], unchanged: [], manual: [] };
    const asked: string[] = [];
    for (const key of this.planned.keys()) {
      const e = this.book[key];
      if (!e) continue;
      if (e.manual) report.manual.push(key);
      else {
        e.replan = version;
        asked.push(key);
      }
    }
    // A watch that ends meanwhile (an answer, a withdrawal) drops its entry: nothing left to move.
    await condition(() => asked.every((k) => this.book[k]?.replan === undefined));
    for (const key of asked) {
      const r = this.replanned.get(key);
      this.replanned.delete(key);
      if (r && r !== 'unchanged') report.moved.push({ key, ...r });
      else report.unchanged.push(key);
    }
    return report;
  }

  /** Parties still pending on a watched step; [] when it is not watched (nothing to remind of). */
  pendingFor(key: string): string[] {
    return this.watching.get(key)?.() ?? [];
  }

  /**
   * True for a watched deadline nobody owes anything on any more (everyone acted, or the step was
   * cancelled): the watch ends when the workflow next wakes, and a status asked meanwhile leaves it out.
   */
  settled(key: string): boolean {
    const pending = this.watching.get(key);
    if (!pending) return false;
    return pending().length === 0 || this.cancelledBy.get(key)?.() === true;
  }

  /** Every party pending on any watched step. */
  allPending(): string[] {
    return [...this.watching.values()].flatMap((f) => f());
  }

  /** Watches one deadline until everyone has acted, the step is cancelled, or the watch stops. */
  async watch(o: WatchOptions): Promise<WatchResult> {
    let plan = await this.plan(o.rule, ESCALATION_BATCH);
    const previous = this.book[o.key];
    const entry: DeadlineEntry = {
      key: o.key,
      stage: o.stage,
      label: o.label,
      lastDay: plan.lastDay,
      at: plan.at,
      sequence: previous ? previous.sequence + 1 : 0,
      calendarVersion: plan.calendarVersion,
      daysOff: plan.daysOff?.length ? plan.daysOff : undefined,
      // A stated date (a signing session, a granted round's date, a meeting) was chosen by people.
      manual: 'on' in o.rule ? true : undefined,
    };
    this.book[o.key] = entry;
    this.watching.set(o.key, o.pending);
    this.cancelledBy.set(o.key, o.cancelled);
    this.changed();
    if (o.opened) await o.opened(entry);
    const fired = new Set<string>();
    // Definitions recorded before the cap existed keep escalating until an answer, as they did.
    const maxEscalations = this.regulation.schedule.escalation.max ?? Number.POSITIVE_INFINITY;
    let escalationsSent = 0;
    const finish = (r: WatchResult): WatchResult => {
      delete this.book[o.key];
      this.watching.delete(o.key);
      this.cancelledBy.delete(o.key);
      this.planned.delete(o.key);
      this.changed();
      return r;
    };
    /** The planned events not yet fired, in order. */
    const upcoming = (): Event[] =>
      [
        ...plan.reminders.map((r): Event => ({ type: 'reminder', at: r.at, offset: r.offset })),
        { type: 'deadline', at: plan.at } as Event,
        ...plan.escalations.map((at, i): Event => ({ type: 'escalation', at, n: i + 1 })),
      ].filter(
        (e) =>
          !fired.has(eventId(e)) &&
          (!o.until || e.at < o.until) &&
          (e.type !== 'escalation' || escalationsSent < maxEscalations),
      );
    this.planned.set(o.key, {
      rule: o.rule,
      reminders: () =>
        upcoming()
          .filter((e) => e.type === 'reminder')
          .map((e) => e.at),
    });
    /** Moves the deadline to a new plan and records the move: one way for extensions and re-plans alike. */
    const moveDeadline = (next: PlannedDeadline, reason: string, submittedBy?: string): ExtensionRecord => {
      const from = entry.lastDay;
      plan = next;
      entry.lastDay = plan.lastDay;
      entry.at = plan.at;
      entry.sequence += 1;
      fired.clear();
      escalationsSent = 0;
      // Status shows the moved deadline's own next reminder while the pending bodies are told.
      const first = upcoming()[0];
      entry.nextReminder = first && first.type !== 'deadline' ? first.at : undefined;
      const record: ExtensionRecord = {
        deadline: o.key,
        from,
        to: plan.lastDay,
        reason,
        at: this.clock.nowIso(),
        ...(submittedBy ? { submittedBy } : {}),
      };
      this.extensions.push(record);
      return record;
    };
    /** Moves the deadline as extendDeadline asked, re-plans its reminders and tells those pending. */
    const applyExtension = async (req: NonNullable<DeadlineEntry['requested']>): Promise<void> => {
      entry.requested = undefined;
      const next = await this.plan({ on: req.to }, ESCALATION_BATCH);
      entry.manual = true;
      entry.calendarVersion = next.calendarVersion;
      const record = moveDeadline(next, req.reason, req.submittedBy);
      this.changed();
      if (o.extended) await o.extended(entry, record);
    };
    /** Plans the deadline again on the calendar version asked for; a moved one is told to those pending. */
    const applyReplan = async (version: string): Promise<void> => {
      const next = await this.plan(o.rule, ESCALATION_BATCH, version);
      entry.replan = undefined;
      entry.calendarVersion = next.calendarVersion;
      entry.daysOff = next.daysOff?.length ? next.daysOff : undefined;
      if (next.lastDay === entry.lastDay) {
        // Same deadline: its reminders may still have moved (a reminder day became a holiday).
        plan = next;
        this.replanned.set(o.key, 'unchanged');
        this.changed();
        return;
      }
      const { from, to } = moveDeadline(next, `calendar ${version}`);
      this.replanned.set(o.key, { from, to });
      this.changed();
      const parties = o.pending();
      if (parties.length > 0 && this.changeNotice) await this.changeNotice(parties, entry, from, o);
    };
    const handleRequests = async (): Promise<void> => {
      if (o.cancelled() || o.pending().length === 0) return;
      if (entry.requested) await applyExtension(entry.requested);
      if (entry.replan) await applyReplan(entry.replan);
    };
    const interruption = () =>
      o.cancelled() || o.pending().length === 0 || entry.requested !== undefined || entry.replan !== undefined;
    for (;;) {
      if (o.cancelled()) return finish('cancelled');
      if (o.pending().length === 0) return finish('done');
      // The time of the plan, recorded in history, decides what is caught up: a replay sees the
      // same value even if the first execution read a stale workflow clock.
      const asOf = this.clock.alwaysTimer && plan.asOf ? Date.parse(plan.asOf) : this.clock.nowMs();
      plan = await catchUpEscalations(asOf, o, plan, fired, (count) => this.plan(o.rule, count));
      const next = upcoming()[0];
      if (!next) {
        const last = plan.escalations[plan.escalations.length - 1];
        if (o.until && (!last || last >= o.until)) return finish('expired');
        if (escalationsSent >= maxEscalations) {
          // Escalated as often as the settings allow: wait quietly for an answer or an extension.
          entry.nextReminder = undefined;
          this.changed();
          await condition(interruption);
          await handleRequests();
          continue;
        }
        // Escalation repeats until an answer: plan the next batch.
        plan = await this.plan(o.rule, plan.escalations.length + ESCALATION_BATCH);
        continue;
      }
      entry.nextReminder = next.type === 'deadline' ? undefined : next.at;
      this.changed();
      const interrupted = await this.clock.waitUntil(interruption, next.at, timerSummary(next, o));
      if (interrupted) {
        await handleRequests();
        continue;
      }
      fired.add(eventId(next));
      const parties = o.pending();
      if (parties.length === 0) continue;
      if (next.type === 'reminder') await o.remind(parties, { offset: next.offset, at: next.at }, entry);
      else if (next.type === 'deadline') {
        if ((await o.missed(parties, entry)) === 'stop') return finish('stopped');
      } else {
        escalationsSent += 1;
        await o.escalate(parties, next.n, entry);
      }
    }
  }
}

/**
 * A lifecycle started (or a worker back) long after a deadline finds many escalations already
 * due: only the latest is sent, not every missed one in a burst. Marks the earlier ones fired,
 * planning further ahead first when every planned escalation is already due.
 */
async function catchUpEscalations(
  now: number,
  o: WatchOptions,
  plan: PlannedDeadline,
  fired: Set<string>,
  replan: (count: number) => Promise<PlannedDeadline>,
): Promise<PlannedDeadline> {
  const escalations = (p: PlannedDeadline): Event[] =>
    p.escalations
      .map((at, i): Event => ({ type: 'escalation', at, n: i + 1 }))
      .filter((e) => !fired.has(eventId(e)) && (!o.until || e.at < o.until));
  const due = (p: PlannedDeadline) => escalations(p).filter((e) => Date.parse(e.at) <= now);
  // In time, at most one escalation is due at a time: the patch marker appears only when catching up.
  if (due(plan).length < 2 || !isPatched('escalationCatchUp')) return plan;
  while (!o.until && due(plan).length === escalations(plan).length) plan = await replan(plan.escalations.length * 2);
  for (const e of due(plan).slice(0, -1)) fired.add(eventId(e));
  return plan;
}

function eventId(e: Event): string {
  return e.type === 'reminder' ? `r:${e.at}` : e.type === 'deadline' ? `d:${e.at}` : `e:${e.at}`;
}

function describeRule(rule: DeadlineRule): string {
  if ('on' in rule) return `on ${rule.on}`;
  if ('before' in rule) return `${rule.period.amount} ${rule.period.unit} before ${rule.before}`;
  return `${rule.period.amount} ${rule.period.unit} after ${rule.after}`;
}

function timerSummary(e: Event, o: WatchOptions): string {
  const who = o.pending().join(', ');
  const what = o.label.en;
  if (e.type === 'reminder') return `reminder: ${e.offset} before ${what} deadline — ${who}`;
  if (e.type === 'deadline') return `deadline: ${what} — ${who}`;
  return `escalation ${e.n}: ${what} — ${who}`;
}
