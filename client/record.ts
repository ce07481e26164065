/**
 * The lifecycle's full record, rebuilt from history. The workflow carries only what it needs to
 * run (README: Bounded state); the emails, the exchanges and the texts of earlier rounds and
 * reviews are read here from the histories of the lifecycle's runs and of its reviews: the
 * sendMail and compileCommentTable activities (what was asked, what was sent) and the accepted
 * updates (what people recorded). Times are the workflow's own: the schedule time of the
 * workflow task that did it.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { ClockAnchor, ExchangeRecord, FeedbackComment, LifecycleStatus, LogExchangeInput, MailLogEntry, ReviewResult, SubmitFeedbackInput, SubmitReviewReportInput } from '../workflows/definitions';
import { commentTableEntry, mailLogEntries, type SentSummary } from '../workflows/mail-log';

type History = temporal.api.history.v1.IHistory;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

/** What one run's history says happened. */
export interface RunFacts {
  mails: MailLogEntry[];
  /** Accepted updates in order, with their input and the schedule time they were handled at. */
  updates: { name: string; input: unknown; at: string }[];
}

function first(p: Payloads): unknown {
  const payload = p?.payloads?.[0];
  return payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
}

function ms(t: temporal.api.history.v1.IHistoryEvent['eventTime']): number {
  return Number(String(t?.seconds ?? 0)) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
}

function localDate(instantMs: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instantMs));
}

/** Reads one run (of a lifecycle or a review): its emails and its accepted updates. */
export function readRun(history: History, clock: ClockAnchor): RunFacts {
  const facts: RunFacts = { mails: [], updates: [] };
  const schedule = (realMs: number) => Date.parse(clock.scheduleStart) + (realMs - Date.parse(clock.realStart)) * clock.speedup;
  let zone = 'Asia/Ho_Chi_Minh';
  // The workflow's time in a task is the time its task started.
  let taskTime = 0;
  const scheduled = new Map<string, { type: string; input: unknown; at: number }>();
  for (const e of history.events ?? []) {
    if (e.workflowExecutionStartedEventAttributes) {
      const input = first(e.workflowExecutionStartedEventAttributes.input) as { regulation?: { timezone?: string } } | undefined;
      zone = input?.regulation?.timezone ?? zone;
      taskTime = ms(e.eventTime);
    } else if (e.workflowTaskStartedEventAttributes) taskTime = ms(e.eventTime);
    else if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      scheduled.set(String(e.eventId), { type: a.activityType?.name ?? '', input: first(a.input), at: schedule(taskTime) });
    } else if (e.activityTaskCompletedEventAttributes) {
      const a = e.activityTaskCompletedEventAttributes;
      const s = scheduled.get(String(a.scheduledEventId));
      if (!s) continue;
      const at = new Date(s.at).toISOString();
      const date = localDate(s.at, zone);
      if (s.type === 'sendMail') {
        const req = s.input as { kind: string; stepKey: string; slot?: string };
        facts.mails.push(...mailLogEntries(req, first(a.result) as SentSummary, at, date));
      } else if (s.type === 'compileCommentTable') {
        const input = s.input as { round: { deadlineKey: string }; secretariat: { contacts: { email: string }[] } };
        facts.mails.push(commentTableEntry(input.round.deadlineKey, input.secretariat.contacts.map((c) => c.email), at, date));
      }
    } else if (e.activityTaskFailedEventAttributes) {
      // A refused address: the failure's details name those who did get the message.
      const a = e.activityTaskFailedEventAttributes;
      const s = scheduled.get(String(a.scheduledEventId));
      const delivered = first(a.failure?.applicationFailureInfo?.details) as SentSummary | undefined;
      if (!s || !delivered) continue;
      const at = new Date(s.at).toISOString();
      const date = localDate(s.at, zone);
      if (s.type === 'sendMail') facts.mails.push(...mailLogEntries(s.input as { kind: string; stepKey: string; slot?: string }, delivered, at, date));
      else if (s.type === 'compileCommentTable') {
        const to = [...delivered.sent, ...delivered.alreadySent];
        if (to.length > 0) facts.mails.push(commentTableEntry((s.input as { round: { deadlineKey: string } }).round.deadlineKey, to, at, date));
      }
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const req = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input;
      if (req?.name) facts.updates.push({ name: req.name, input: first(req.args), at: new Date(schedule(taskTime)).toISOString() });
    }
  }
  return facts;
}

/** The histories of a lifecycle's runs before `untilRunId`, oldest first. */
async function earlierRuns(client: Client, workflowId: string, firstRunId: string, untilRunId: string): Promise<History[]> {
  const out: History[] = [];
  let runId: string | undefined = firstRunId;
  while (runId && runId !== untilRunId) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    out.push(history);
    const last = history.events?.[history.events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return out;
}

/** A review with its reports' texts and its emails, from the review's own history. */
async function fullReview(client: Client, r: ReviewResult, clock: ClockAnchor): Promise<ReviewResult> {
  const history = await client.workflow.getHandle(r.workflowId).fetchHistory();
  const facts = readRun(history, clock);
  const reports = { ...r.reports };
  for (const u of facts.updates) {
    if (u.name !== 'submitReviewReport') continue;
    const i = u.input as SubmitReviewReportInput;
    const known = reports[i.body];
    reports[i.body] = { at: known?.at ?? u.at, assessments: i.assessments };
  }
  return { ...r, reports, mails: facts.mails };
}

/**
 * The status query's answer completed from history: every email (earlier runs' and each
 * review's), every exchange, and the comment and report texts the workflow no longer carries.
 */
export async function completeStatus(client: Client, workflowId: string, s: LifecycleStatus): Promise<LifecycleStatus> {
  if (!s.firstRunId || !s.runId) return s;
  const runs = await earlierRuns(client, workflowId, s.firstRunId, s.runId);
  const mails: MailLogEntry[] = [];
  const exchanges: ExchangeRecord[] = [];
  const comments = new Map<string, FeedbackComment[]>();
  for (const history of runs) {
    const facts = readRun(history, s.clock);
    mails.push(...facts.mails);
    for (const u of facts.updates) {
      if (u.name === 'submitFeedback') {
        const i = u.input as SubmitFeedbackInput;
        comments.set(`${i.round}/${i.body}`, i.comments ?? []);
      } else if (u.name === 'logInformationExchange') exchanges.push({ ...(u.input as LogExchangeInput), at: u.at });
    }
  }
  const rounds = s.rounds.map((r) => ({
    ...r,
    answers: Object.fromEntries(Object.entries(r.answers).map(([body, a]) => [body, a.compacted ? { ...a, comments: comments.get(`${r.n}/${body}`) ?? [] } : a])),
  }));
  const reviews = await Promise.all(s.reviews.map((r) => fullReview(client, r, s.clock)));
  return { ...s, rounds, reviews, mails: [...mails, ...s.mails], exchanges: [...exchanges, ...s.exchanges] };
}
