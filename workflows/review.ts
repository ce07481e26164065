/**
 * One review of a regulation in force: a sơ kết (preliminary review) or the tổng kết (final
 * review). A child of the lifecycle with a readable id (`<lifecycle id>/so-ket-1`): it asks
 * every body for a report per coordination area before the meeting, reminds and escalates,
 * invites to the meeting, and waits for the recorded outcome.
 */
import { allHandlersFinished, condition, setCurrentDetails, setHandler, workflowInfo } from '@temporalio/workflow';
import { ScheduleClock } from './clock';
import { DeadlineWatcher } from './deadline-watch';
import * as d from './definitions';
import type {
  DeadlineEntry,
  ExtensionRecord,
  ReviewInput,
  ReviewReceipt,
  ReviewResult,
  ReviewStatus,
} from '../domain/lifecycle';
import { changeNotice, howToAnswer, Notifier } from './notify';
import { isPatched } from './patches';
import { LABELS } from '../domain/words';
import { compactReview } from './state';
import { deadlineRows, pendingState } from './status';
import { validateReviewReport, validateReviewNotes, validateText } from './validators';
import type { MailLogEntry } from '../domain/lifecycle';
import { reviewListing } from '../domain/lifecycle-listing';
import { publishListing } from './visibility';

/** Runs one sơ kết or the tổng kết and returns its reports and outcome to the lifecycle. */
export async function reviewWorkflow(input: ReviewInput): Promise<ReviewResult> {
  const reg = input.regulation;
  const id = workflowInfo().workflowId;
  const clock = new ScheduleClock(input.clock);
  const mails: MailLogEntry[] = [];
  const book: Record<string, DeadlineEntry> = {};
  const extensions: ExtensionRecord[] = [];
  const notifier = new Notifier(reg, input.lifecycleId, clock, mails);
  // The listing memo (behind the patch listingMemo): what My work shows of this review, written when it changes.
  let listed = '';
  const list = (): void => {
    if (isPatched('listingMemo')) listed = publishListing(reg, reviewListing(reg, statusNow()), listed);
  };
  const watcher = new DeadlineWatcher(reg, clock, book, extensions, () => list());
  const result: ReviewResult = {
    n: input.n,
    kind: input.kind,
    workflowId: id,
    meetingDate: input.meetingDate,
    reports: {},
  };
  const step = input.kind === 'so-ket' ? `so-ket-${input.n}` : 'tong-ket';
  const name = LABELS.review(input.kind, input.n);

  const meetingAt = localMeeting(input.meetingDate, reg.schedule.meetingTime, reg.timezone);
  const bodiesPending = () => reg.bodies.map((b) => b.id).filter((b) => !result.reports[b]);
  const statusNow = (): ReviewStatus => ({
    lifecycleId: input.lifecycleId,
    n: input.n,
    kind: input.kind,
    meetingDate: input.meetingDate,
    meetingAt,
    parties: reg.bodies.map((b) => ({
      body: b.id,
      state: result.reports[b.id] ? 'reported' : pendingState(book[`${step}/reports`], clock.nowMs()),
    })),
    deadlines: deadlineRows(book, clock.nowMs(), (k) => watcher.settled(k)),
    reports: result.reports,
    outcome: result.outcome,
    mails,
    now: clock.nowIso(),
    clock: input.clock,
  });

  /** What an update returns: small, since it is written to history; the reports are the reviewStatus query. */
  const receipt = (update: string): ReviewReceipt => ({
    accepted: true,
    update,
    review: input.n,
    kind: input.kind,
    reported: Object.keys(result.reports),
    decision: result.outcome?.decision,
    at: clock.nowIso(),
  });

  setHandler(d.reviewStatus, statusNow);
  setHandler(d.pendingParties, (key: string) => watcher.pendingFor(key));
  setHandler(d.openDeadlines, () => watcher.open());
  watcher.changeNotice = changeNotice(notifier);
  setHandler(d.replanDeadlines, (i) => watcher.replan(i.calendarVersion), {
    validator: (i) => {
      validateText('replanDeadlines', i);
      if (typeof i?.calendarVersion !== 'string' || !/^[0-9a-f]{6,64}$/.test(i.calendarVersion))
        throw new Error(
          'calendarVersion: not a calendar version: give the version printed by regulation calendar diff',
        );
    },
  });
  setHandler(
    d.submitReviewReport,
    (i) => {
      result.reports[i.body] = { at: clock.nowIso(), assessments: i.assessments };
      list();
      return receipt('submitReviewReport');
    },
    {
      validator: (i) => {
        validateText('submitReviewReport', i);
        if (!reg.bodies.some((b) => b.id === i.body))
          throw new Error(`body: unknown body "${i.body}": use one of ${reg.bodies.map((b) => b.id).join(', ')}`);
        if (i.review !== input.n) throw new Error(`review: this is ${step}; send the report for review ${input.n}`);
        if (result.outcome) throw new Error(`review: ${step} is concluded: reports are closed`);
        if (result.reports[i.body]) throw new Error(`body: ${i.body} already sent its report for ${step}`);
        validateReviewReport(reg, i);
      },
    },
  );
  setHandler(
    d.recordReviewOutcome,
    (i) => {
      result.outcome = {
        decision: i.decision,
        notes: i.notes,
        at: clock.nowIso(),
        ...(i.submittedBy ? { submittedBy: i.submittedBy } : {}),
      };
      list();
      return receipt('recordReviewOutcome');
    },
    {
      validator: (i) => {
        validateText('recordReviewOutcome', i);
        if (i.review !== input.n) throw new Error(`review: this is ${step}; record the outcome of review ${input.n}`);
        if (result.outcome) throw new Error(`review: ${step} already has its outcome (${result.outcome.decision})`);
        if (!['continue', 'amend', 'end'].includes(i.decision))
          throw new Error(`decision: "${String(i.decision)}" is not a decision: use continue, amend or end`);
        validateReviewNotes(i);
        if (clock.today(reg.timezone) < input.meetingDate && bodiesPending().length > 0)
          throw new Error(
            `the ${step} meeting is on ${input.meetingDate} and reports are still pending: record the outcome after the meeting`,
          );
      },
    },
  );

  setCurrentDetails(`**${name.en}** (${name.vi}) — meeting ${input.meetingDate}; collecting reports`);
  list();
  const sched = reg.schedule;
  const reportsKey = `${step}/reports`;
  const reportsLabel = LABELS.reviewReports(input.kind, input.n);
  const meeting = { at: meetingAt, uid: `${input.lifecycleId}/${step}/meeting@regulations.local`, sequence: 0 };
  // The tổng kết is answered with --review final: its number (1) would name sơ kết 1.
  const reportCommand = (body: string) => ({
    kind: 'report' as const,
    body,
    review: input.kind === 'tong-ket' ? ('final' as const) : input.n,
  });
  // An overdue review of an adopted regulation asks for no reports for a meeting already past.
  if (!input.overdue)
    await watcher.watch({
      key: reportsKey,
      stage: 'in-force',
      label: reportsLabel,
      rule: { before: input.meetingDate, period: sched.reportsDue },
      pending: bodiesPending,
      cancelled: () => result.outcome !== undefined,
      // Reports stop being chased once the meeting starts.
      until: meetingAt,
      opened: async (e) => {
        await notifier.each(reg.bodies, async (b) => {
          // A body that reported while the deadline was being planned is not asked again.
          if (result.reports[b.id] && isPatched('skipAnsweredRequests')) return;
          // Named after the review itself ("Đề nghị báo cáo — Sơ kết lần 1"), so the subject does not say "report" twice.
          await notifier.send(
            {
              kind: 'review-report-request',
              stepKey: reportsKey,
              stage: 'in-force',
              awaits: 'report',
              review: input.n,
              label: name,
              deadline: e,
              meeting,
              answer: howToAnswer(reportCommand(b.id)),
            },
            { role: 'body', body: b.id },
          );
        });
        await notifier.sendAll(
          {
            kind: 'review-meeting-invitation',
            stepKey: `${step}/meeting`,
            stage: 'in-force',
            review: input.n,
            label: name,
            meeting,
          },
          notifier.everyoneAndLeaders(),
        );
      },
      remind: async (p, slot, e) => {
        await notifier.each(p, (b) =>
          notifier.send(
            {
              kind: 'reminder',
              stepKey: reportsKey,
              stage: 'in-force',
              awaits: 'report',
              review: input.n,
              label: reportsLabel,
              slot: slot.offset,
              deadline: e,
              about: [b],
              answer: howToAnswer(reportCommand(b)),
            },
            { role: 'body', body: b },
          ),
        );
      },
      missed: async () => 'escalate',
      escalate: async (p, n, e) => {
        await notifier.each(p, (b) =>
          notifier.send(
            {
              kind: 'escalation',
              stepKey: reportsKey,
              stage: 'in-force',
              awaits: 'report',
              review: input.n,
              label: reportsLabel,
              slot: `escalation-${n}`,
              deadline: e,
              pendingBodies: [b],
              about: [b],
            },
            { role: 'leaders', body: b },
          ),
        );
      },
    });

  setCurrentDetails(`**${name.en}** (${name.vi}) — meeting ${input.meetingDate}; waiting for the outcome`);
  const outcomeKey = `${step}/outcome`;
  const outcomeLabel = LABELS.reviewOutcome(input.kind, input.n);
  await watcher.watch({
    key: outcomeKey,
    stage: 'in-force',
    label: outcomeLabel,
    rule: { on: input.meetingDate },
    pending: () => (result.outcome ? [] : ['secretariat']),
    cancelled: () => false,
    remind: async () => undefined,
    missed: async () => 'escalate',
    escalate: async (_p, n, e) =>
      notifier.send(
        {
          kind: 'escalation',
          stepKey: outcomeKey,
          stage: 'in-force',
          awaits: 'outcome',
          review: input.n,
          label: outcomeLabel,
          slot: `escalation-${n}`,
          deadline: e,
          about: ['secretariat'],
        },
        { role: 'secretariat' },
      ),
  });
  const outcome = result.outcome!;
  // The compiled report of the bodies' per-area reports goes with the outcome (built from this review's history).
  const documents = { kind: 'review-report' as const, date: clock.localDate(clock.nowMs(), input.regulation.timezone) };
  await notifier.sendAll(
    {
      kind: 'review-outcome',
      stepKey: `${step}/outcome`,
      stage: 'in-force',
      review: input.n,
      label: name,
      outcome: { decision: outcome.decision, notes: outcome.notes },
      documents,
    },
    notifier.everyoneAndLeaders(),
  );
  setCurrentDetails(`**${name.en}** (${name.vi}) — concluded: ${outcome.decision}`);
  await condition(allHandlersFinished);
  // The result is written to the lifecycle's history too: outcome and who reported, no texts or
  // emails (they are in this review's history, where the client reads them).
  return compactReview(result);
}

/** Meeting instant: local date + time in the regulation's zone, via Intl (deterministic here). */
export function localMeeting(date: string, time: string, zone: string): string {
  // Find the UTC offset of the zone on that date by formatting a UTC noon in the zone.
  const probe = new Date(`${date}T12:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(probe);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'));
  const offsetMs = local - probe.getTime();
  const [h, m] = time.split(':').map(Number);
  return new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), h ?? 0, m ?? 0) -
      offsetMs,
  ).toISOString();
}
