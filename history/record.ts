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
import type {
  AnswerCommentsInput,
  ClockAnchor,
  CommentResponse,
  ExchangeRecord,
  FeedbackComment,
  LifecycleInput,
  LifecycleStatus,
  LogExchangeInput,
  MailLogEntry,
  RecordReviewOutcomeInput,
  ReviewInput,
  ReviewResult,
  Round,
  SubmitFeedbackInput,
  SubmitReviewReportInput,
} from '../domain/lifecycle';
import type { Regulation } from '../domain/regulation';
import { commentTableEntry, mailLogEntries, type SentSummary } from '../domain/mail-log';

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
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instantMs),
  );
}

/** Notes an answerComments update's explanations by "<round>/<comment id>"; a comment answered again takes the later answer, as the workflow does. */
function noteExplanations(explanations: Map<string, string>, i: AnswerCommentsInput): void {
  for (const x of i.responses) {
    if (x.explanation?.trim()) explanations.set(`${i.round}/${x.comment}`, x.explanation);
    else explanations.delete(`${i.round}/${x.comment}`);
  }
}

/** Reads one run (of a lifecycle or a review): its emails and its accepted updates. */
export function readRun(history: History, clock: ClockAnchor): RunFacts {
  const facts: RunFacts = { mails: [], updates: [] };
  const schedule = (realMs: number) =>
    Date.parse(clock.scheduleStart) + (realMs - Date.parse(clock.realStart)) * clock.speedup;
  let zone = 'Asia/Ho_Chi_Minh';
  // The workflow's time in a task is the time its task started.
  let taskTime = 0;
  const scheduled = new Map<string, { type: string; input: unknown; at: number }>();
  // Emails are listed in the order their activities were scheduled (messages sent at once
  // complete in any order), as the workflow's own log lists them.
  const mails: { order: number; entries: MailLogEntry[] }[] = [];
  const add = (scheduledEventId: unknown, entries: MailLogEntry[]) =>
    mails.push({ order: Number(scheduledEventId), entries });
  for (const e of history.events ?? []) {
    if (e.workflowExecutionStartedEventAttributes) {
      const input = first(e.workflowExecutionStartedEventAttributes.input) as
        { regulation?: { timezone?: string } } | undefined;
      zone = input?.regulation?.timezone ?? zone;
      taskTime = ms(e.eventTime);
    } else if (e.workflowTaskStartedEventAttributes) taskTime = ms(e.eventTime);
    else if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      scheduled.set(String(e.eventId), {
        type: a.activityType?.name ?? '',
        input: first(a.input),
        at: schedule(taskTime),
      });
    } else if (e.activityTaskCompletedEventAttributes) {
      const a = e.activityTaskCompletedEventAttributes;
      const s = scheduled.get(String(a.scheduledEventId));
      if (!s) continue;
      const at = new Date(s.at).toISOString();
      const date = localDate(s.at, zone);
      if (s.type === 'sendMail') {
        const req = s.input as { kind: string; stepKey: string; slot?: string };
        add(a.scheduledEventId, mailLogEntries(req, first(a.result) as SentSummary, at, date));
      } else if (s.type === 'compileCommentTable') {
        const input = s.input as { round: { deadlineKey: string }; secretariat: { contacts: { email: string }[] } };
        add(a.scheduledEventId, [
          commentTableEntry(
            input.round.deadlineKey,
            input.secretariat.contacts.map((c) => c.email),
            at,
            date,
          ),
        ]);
      }
    } else if (e.activityTaskFailedEventAttributes) {
      // A refused address: the failure's details name those who did get the message.
      const a = e.activityTaskFailedEventAttributes;
      const s = scheduled.get(String(a.scheduledEventId));
      const delivered = first(a.failure?.applicationFailureInfo?.details) as SentSummary | undefined;
      if (!s || !delivered) continue;
      const at = new Date(s.at).toISOString();
      const date = localDate(s.at, zone);
      if (s.type === 'sendMail')
        add(
          a.scheduledEventId,
          mailLogEntries(s.input as { kind: string; stepKey: string; slot?: string }, delivered, at, date),
        );
      else if (s.type === 'compileCommentTable') {
        const to = [...delivered.sent, ...delivered.alreadySent];
        if (to.length > 0)
          add(a.scheduledEventId, [
            commentTableEntry((s.input as { round: { deadlineKey: string } }).round.deadlineKey, to, at, date),
          ]);
      }
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const req = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input;
      if (req?.name)
        facts.updates.push({ name: req.name, input: first(req.args), at: new Date(schedule(taskTime)).toISOString() });
    }
  }
  facts.mails = mails.sort((a, b) => a.order - b.order).flatMap((m) => m.entries);
  return facts;
}

/** The histories of a lifecycle's runs before `untilRunId`, oldest first. */
async function earlierRuns(
  client: Client,
  workflowId: string,
  firstRunId: string,
  untilRunId: string,
): Promise<History[]> {
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
  // A review recorded at adoption was held before the engine: it has no history.
  if (r.recordedAtAdoption) return r;
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
  const explanations = new Map<string, string>();
  for (const history of runs) {
    const facts = readRun(history, s.clock);
    mails.push(...facts.mails);
    for (const u of facts.updates) {
      if (u.name === 'submitFeedback') {
        const i = u.input as SubmitFeedbackInput;
        comments.set(`${i.round}/${i.body}`, i.comments ?? []);
      } else if (u.name === 'answerComments') noteExplanations(explanations, u.input as AnswerCommentsInput);
      else if (u.name === 'logInformationExchange') exchanges.push({ ...(u.input as LogExchangeInput), at: u.at });
    }
  }
  const restore = (n: number, id: string, x: CommentResponse): CommentResponse => {
    if (!x.explained) return x;
    const { explained: _summary, ...rest } = x;
    const text = explanations.get(`${n}/${id}`);
    return text === undefined ? x : { ...rest, explanation: text };
  };
  const rounds = s.rounds.map((r) => ({
    ...r,
    answers: Object.fromEntries(
      Object.entries(r.answers).map(([body, a]) => [
        body,
        a.compacted ? { ...a, comments: comments.get(`${r.n}/${body}`) ?? [] } : a,
      ]),
    ),
    ...(r.responses
      ? { responses: Object.fromEntries(Object.entries(r.responses).map(([id, x]) => [id, restore(r.n, id, x)])) }
      : {}),
  }));
  const reviews = await Promise.all(s.reviews.map((r) => fullReview(client, r, s.clock)));
  return { ...s, rounds, reviews, mails: [...mails, ...s.mails], exchanges: [...exchanges, ...s.exchanges] };
}

/** The accepted updates of one history, in order: name and input. */
function acceptedUpdates(history: History): { name: string; input: unknown }[] {
  const out: { name: string; input: unknown }[] = [];
  for (const e of history.events ?? []) {
    const req = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
    if (req?.name) out.push({ name: req.name, input: first(req.args) });
  }
  return out;
}

function startInput<T>(history: History): T | undefined {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  return started ? (first(started.input) as T) : undefined;
}

/** Every run of a workflow chain, oldest first, ending with the latest. */
async function allRuns(client: Client, workflowId: string): Promise<History[]> {
  const latest = await client.workflow.getHandle(workflowId).fetchHistory();
  const firstRunId = latest.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId;
  const latestRunId = (await client.workflow.getHandle(workflowId).describe()).runId;
  if (!firstRunId || firstRunId === latestRunId) return [latest];
  return [...(await earlierRuns(client, workflowId, firstRunId, latestRunId)), latest];
}

/** One round's comments and the secretariat's answers to them, with their texts, read from the lifecycle's histories. */
export interface RoundTexts {
  regulation: Regulation;
  /** The round as the latest run carries it (decisions, handling), texts restored. */
  round: Round;
}

/**
 * Reads round `n` of a lifecycle with every comment and explanation text, from the histories:
 * the carried state of the latest run, the submitFeedback and answerComments updates of all runs.
 */
export async function readRoundTexts(client: Client, workflowId: string, n: number): Promise<RoundTexts> {
  const runs = await allRuns(client, workflowId);
  const input = startInput<LifecycleInput>(runs[runs.length - 1]!);
  if (!input) throw new Error(`${workflowId}: no start input in its latest run`);
  const carried = input.carried?.rounds.find((r) => r.n === n);
  if (!carried) throw new Error(`${workflowId}: round ${n} is not in the carried state of its latest run`);
  const comments = new Map<string, FeedbackComment[]>();
  const explanations = new Map<string, string>();
  for (const h of runs) {
    for (const u of acceptedUpdates(h)) {
      if (u.name === 'submitFeedback' && (u.input as SubmitFeedbackInput).round === n) {
        const i = u.input as SubmitFeedbackInput;
        comments.set(i.body, i.comments ?? []);
      } else if (u.name === 'answerComments') noteExplanations(explanations, u.input as AnswerCommentsInput);
    }
  }
  const round: Round = {
    ...carried,
    answers: Object.fromEntries(
      Object.entries(carried.answers).map(([b, a]) => [b, a.compacted ? { ...a, comments: comments.get(b) ?? [] } : a]),
    ),
    ...(carried.responses
      ? {
          responses: Object.fromEntries(
            Object.entries(carried.responses).map(([id, x]) => {
              const { explained: _s, ...rest } = x;
              const text = x.explanation ?? explanations.get(`${n}/${id}`);
              return [id, text !== undefined ? { ...rest, explanation: text } : rest];
            }),
          ),
        }
      : {}),
  };
  return { regulation: input.regulation, round };
}

/** A review's input, its reports (the last of each body) and its outcome, from the review's history. */
export async function readReviewTexts(
  client: Client,
  reviewWorkflowId: string,
): Promise<{
  input: ReviewInput;
  reports: Record<string, Record<string, string>>;
  outcome?: RecordReviewOutcomeInput;
}> {
  const history = await client.workflow.getHandle(reviewWorkflowId).fetchHistory();
  const input = startInput<ReviewInput>(history);
  if (!input) throw new Error(`${reviewWorkflowId}: no start input`);
  const reports: Record<string, Record<string, string>> = {};
  let outcome: RecordReviewOutcomeInput | undefined;
  for (const u of acceptedUpdates(history)) {
    if (u.name === 'submitReviewReport') {
      const i = u.input as SubmitReviewReportInput;
      reports[i.body] = i.assessments;
    } else if (u.name === 'recordReviewOutcome') outcome = u.input as RecordReviewOutcomeInput;
  }
  return { input, reports, outcome };
}
