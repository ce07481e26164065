/**
 * The typed API for scripts (and the CLI): start a lifecycle, read its status, and one
 * function per update. Validator rejections and unknown ids come back as UserError with one
 * line that names the problem and the fix.
 */
import {
  isGrpcDeadlineError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { readConsoleEnv } from '../config/console';
import { readEnv } from '../config/env';
import { normaliseInput } from '../domain/inputs';
import { inline } from '../domain/markdown';
import { InputRefusal } from '../domain/text';
import type { Regulation } from '../config/regulation';
import type { regulationLifecycle } from '../workflows';
import * as d from '../workflows/definitions';
import type { LifecycleStatus, ReviewReceipt, ReviewStatus, UpdateReceipt } from '../domain/lifecycle';
import { REGULATION_ID, REGULATION_STAGE } from '../workflows/search-attributes';
import { connectClient, temporalTarget, type TemporalTarget } from './connection';
import { UserError } from './errors';
import { completeStatus } from '../history/record';
import { filterClauses, LIFECYCLES, VisibilityListing, type ListingRow } from './listing';
import { mapLimit } from './limit';
import { queryValue, RUNNING, type ListingFilter } from '../domain/listing';

export { UserError } from './errors';
export { scheduleNow } from './format';

export { lifecycleId, reviewId } from './ids';
import { lifecycleId, reviewId } from './ids';
import type {
  AnswerCommentsInput,
  ExtendDeadlineInput,
  LogExchangeInput,
  RecordReviewOutcomeInput,
  RecordSignatureInput,
  ReplanInput,
  ReplanReport,
  ScheduleSigningInput,
  SubmitDraftInput,
  SubmitFeedbackInput,
  SubmitReviewReportInput,
  WithdrawInput,
} from '../domain/lifecycle';

export interface StartOptions {
  /** Rehearsal: schedule seconds per real second (86400 = a day per second), starting at kick-off. */
  rehearsal?: number;
  /** Schedule start instant (UTC ISO); default: now, or the kick-off morning in a rehearsal. */
  startAt?: string;
  /** The real instant (UTC ISO) at which schedule time is startAt; default: when the lifecycle starts. */
  anchorAt?: string;
}

/** A row of a list as the CLI shows it: the listing's row without its run and memo, with its problem if stuck. */
export interface ListedLifecycle extends Omit<ListingRow, 'runId' | 'memo'> {
  problem?: Problem;
}

/**
 * A lifecycle whose workflow tasks keep failing (e.g. a nondeterminism error after a bad deploy):
 * it is Running but does nothing until a fixed worker is deployed; Temporal retries the task.
 */
export interface Problem {
  /** The failing task's attempt number (Temporal retries it with backoff). */
  attempt: number;
  /** When the first failing attempt was scheduled (UTC ISO). */
  since: string;
  /** The last failure's message, e.g. "[TMPRL1100] Nondeterminism error: …". */
  reason: string;
}

/**
 * An update's input as the workflow should receive it (domain/inputs.ts): texts normalised, links
 * parsed. A refused text or an unknown key is a UserError, and nothing is sent.
 */
function normalised<T>(update: string, input: T): T {
  try {
    return normaliseInput(update, input);
  } catch (err) {
    if (err instanceof InputRefusal) throw new UserError(`rejected: ${err.message}`);
    throw err;
  }
}

/** The clauses that select lifecycles (not reviews), the current run of each, by stage or overdue. */
export function lifecycleClauses(opts: { stage?: string; overdue?: boolean } = {}): string[] {
  // Each stage ends in continue-as-new: list the current run of each lifecycle only.
  const clauses = [LIFECYCLES, 'ExecutionStatus != "ContinuedAsNew"'];
  if (opts.stage) {
    clauses.push(`RegulationStage = ${queryValue(opts.stage)}`);
    // A live stage is a running run's; an ended (failed, terminated) lifecycle is not in it.
    if (opts.stage !== 'closed' && opts.stage !== 'withdrawn') clauses.push(RUNNING);
  }
  if (opts.overdue) clauses.push(`NextDeadline < "${new Date().toISOString()}"`);
  return clauses;
}

function listed(r: ListingRow): ListedLifecycle {
  return {
    workflowId: r.workflowId,
    regulationId: r.regulationId,
    stage: r.stage,
    nextDeadline: r.nextDeadline,
    pendingBodies: r.pendingBodies,
    status: r.status,
    startTime: r.startTime,
  };
}

export class RegulationsClient {
  /** Lists from visibility (client/listing.ts). */
  readonly listing: VisibilityListing;
  #uiUrl: string | undefined;

  constructor(
    readonly client: Client,
    readonly taskQueue: string = readEnv().taskQueue,
    /** Base URL of the Temporal UI, for links printed to people; default TEMPORAL_UI_URL (config/console.ts). */
    uiUrl?: string,
  ) {
    this.listing = new VisibilityListing(client);
    this.#uiUrl = uiUrl;
  }

  /** Base URL of the Temporal UI, for links printed to people. */
  get uiUrl(): string {
    // Read when a link is first made: config/console loads zod, which `status` and `list` never need
    // (a tenth of what loading the client costs the CLI, docs/benchmarks.md).
    if (this.#uiUrl === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const config = require('../config/console') as { readConsoleEnv: typeof readConsoleEnv };
      this.#uiUrl = config.readConsoleEnv().temporalUiUrl;
    }
    return this.#uiUrl;
  }

  /** Connects using the standard Temporal environment configuration. */
  static async connect(target: TemporalTarget = temporalTarget()): Promise<RegulationsClient> {
    return new RegulationsClient(await connectClient(target));
  }

  async close(): Promise<void> {
    await this.client.connection.close();
  }

  /** The UI page of a workflow. */
  uiLink(workflowId: string): string {
    return `${this.uiUrl}/namespaces/${encodeURIComponent(this.client.options.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  }

  /** Starts a lifecycle; starting one that already runs changes nothing and says so. */
  async start(
    regulation: Regulation,
    opts: StartOptions = {},
  ): Promise<{ workflowId: string; runId: string; uiLink: string }> {
    const workflowId = lifecycleId(regulation.id);
    if (opts.rehearsal !== undefined && !(opts.rehearsal >= 1))
      throw new UserError(
        `--rehearsal ${opts.rehearsal}: must be a speed-up of at least 1, e.g. 86400 for a day per second`,
      );
    const startAt = opts.startAt ?? (opts.rehearsal ? `${regulation.kickoff}T01:00:00.000Z` : undefined);
    try {
      // By its type name: the workflow's code (and @temporalio/workflow) stays out of the client.
      const handle = await this.client.workflow.start<typeof regulationLifecycle>('regulationLifecycle', {
        taskQueue: this.taskQueue,
        workflowId,
        args: [{ regulation, clock: { startAt, speedup: opts.rehearsal, anchorAt: opts.anchorAt } }],
        staticSummary: `Coordination regulation ${regulation.id}${opts.rehearsal ? ` (rehearsal ×${opts.rehearsal})` : ''}`,
        // Markdown in the UI: the definition's texts escaped.
        staticDetails: [
          `**${inline(regulation.title.vi)}**`,
          inline(regulation.title.en),
          `Bodies: ${regulation.bodies.map((b) => `${b.id} (${inline(b.name.vi)})`).join(', ')}`,
          `Kick-off ${regulation.kickoff}; final review ${regulation.schedule.finalReview}`,
        ].join('\n\n'),
        typedSearchAttributes: [
          { key: REGULATION_ID, value: regulation.id },
          { key: REGULATION_STAGE, value: 'drafting' },
        ],
      });
      return { workflowId, runId: handle.firstExecutionRunId, uiLink: this.uiLink(workflowId) };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        throw new UserError(
          `lifecycle ${workflowId} is already running: see 'regulation status ${workflowId}'; nothing was started`,
        );
      throw err;
    }
  }

  /** The status of the workflow with this id (running, completed, terminated…), or undefined when none was ever started. */
  async startedAs(workflowId: string): Promise<string | undefined> {
    try {
      return (await this.client.workflow.getHandle(workflowId).describe()).status.name;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  private handle(id: string): WorkflowHandle<typeof regulationLifecycle> {
    return this.client.workflow.getHandle(id);
  }

  /**
   * A query that survives a continue-as-new: a query that reaches a run just as it hands over
   * to the next one may never be answered, so each attempt gets a deadline and a retry goes to
   * the newest run.
   */
  private async query<T>(fn: () => Promise<T>, attempts = 4, perAttemptMs = 5000): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.client.withDeadline(Date.now() + perAttemptMs, fn);
      } catch (err) {
        if (!isGrpcDeadlineError(err) || attempt >= attempts) throw err;
      }
    }
  }

  /**
   * The workflow task problem of a running workflow, if its tasks are failing: from the pending
   * task's attempt count (describe) and the last failure in its history.
   */
  async problem(workflowId: string, runId?: string): Promise<Problem | undefined> {
    const handle = this.client.workflow.getHandle(workflowId, runId);
    const task = (await handle.describe()).raw.pendingWorkflowTask;
    if (!task || (task.attempt ?? 1) < 2) return undefined;
    const events = (await handle.fetchHistory()).events ?? [];
    let reason = 'the workflow task keeps timing out: is a worker polling the task queue?';
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (e.workflowTaskFailedEventAttributes) {
        reason =
          e.workflowTaskFailedEventAttributes.failure?.message ?? String(e.workflowTaskFailedEventAttributes.cause);
        break;
      }
      if (e.workflowTaskTimedOutEventAttributes) break;
    }
    const at = task.originalScheduledTime ?? task.scheduledTime;
    const since = at?.seconds
      ? new Date(Number(at.seconds) * 1000 + Math.floor((at.nanos ?? 0) / 1e6)).toISOString()
      : new Date().toISOString();
    return { attempt: task.attempt ?? 2, since, reason: reason.split('\n')[0]! };
  }

  /**
   * The lifecycle's current status with its full record: the query's answer (the current run)
   * completed from the histories of the earlier runs and the reviews (client/record.ts).
   */
  async status(id: string, attempts?: number): Promise<LifecycleStatus> {
    const live = await this.liveStatus(id, attempts);
    return completeStatus(this.client, id, live);
  }

  /** The status query alone: the current run's state, its own emails and exchanges only. */
  async liveStatus(id: string, attempts?: number): Promise<LifecycleStatus> {
    return this.call(id, () => this.query(() => this.handle(id).query(d.status), attempts));
  }

  /** A review's status (sơ kết N, or 'final' for the tổng kết). */
  async reviewStatus(id: string, review: number | 'final', attempts?: number): Promise<ReviewStatus> {
    const child = reviewId(id, review);
    return this.call(
      child,
      () => this.query(() => this.client.workflow.getHandle(child).query(d.reviewStatus), attempts),
      `review ${review} of ${id} has not started`,
    );
  }

  submitDraft(id: string, input: SubmitDraftInput): Promise<UpdateReceipt> {
    return this.update(id, d.submitDraft, input);
  }
  submitFeedback(id: string, input: SubmitFeedbackInput): Promise<UpdateReceipt> {
    return this.update(id, d.submitFeedback, input);
  }
  scheduleSigning(id: string, input: ScheduleSigningInput): Promise<UpdateReceipt> {
    return this.update(id, d.scheduleSigning, input);
  }
  recordSignature(id: string, input: RecordSignatureInput): Promise<UpdateReceipt> {
    return this.update(id, d.recordSignature, input);
  }
  extendDeadline(id: string, input: ExtendDeadlineInput): Promise<UpdateReceipt> {
    return this.update(id, d.extendDeadline, input);
  }
  logInformationExchange(id: string, input: LogExchangeInput): Promise<UpdateReceipt> {
    return this.update(id, d.logInformationExchange, input);
  }
  /** The secretariat's answers to comments of the round under revision (bảng tổng hợp, tiếp thu, giải trình). */
  answerComments(id: string, input: AnswerCommentsInput): Promise<UpdateReceipt> {
    return this.update(id, d.answerComments, input);
  }
  withdraw(id: string, input: WithdrawInput): Promise<UpdateReceipt> {
    return this.update(id, d.withdraw, input);
  }

  /** Has a lifecycle or review plan its open deadlines again on a calendar version (see calendar-change.ts). */
  async replanDeadlines(workflowId: string, input: ReplanInput): Promise<ReplanReport> {
    const args: [ReplanInput] = [normalised(d.replanDeadlines.name, input)];
    return this.call(workflowId, () =>
      this.client.workflow.getHandle(workflowId).executeUpdate(d.replanDeadlines, { args }),
    );
  }

  /** Sends a review report to the running review (its child workflow). */
  async submitReviewReport(id: string, input: SubmitReviewReportInput & { final?: boolean }): Promise<ReviewReceipt> {
    const { final, ...raw } = input;
    const report = normalised(d.submitReviewReport.name, raw);
    const child = reviewId(id, final ? 'final' : input.review);
    return this.call(
      child,
      () => this.client.workflow.getHandle(child).executeUpdate(d.submitReviewReport, { args: [report] }),
      `review ${final ? 'final' : input.review} of ${id} is not open`,
    );
  }

  /** Records a review meeting's outcome on the running review. */
  async recordReviewOutcome(id: string, input: RecordReviewOutcomeInput & { final?: boolean }): Promise<ReviewReceipt> {
    const { final, ...raw } = input;
    const outcome = normalised(d.recordReviewOutcome.name, raw);
    const child = reviewId(id, final ? 'final' : input.review);
    return this.call(
      child,
      () => this.client.workflow.getHandle(child).executeUpdate(d.recordReviewOutcome, { args: [outcome] }),
      `review ${final ? 'final' : input.review} of ${id} is not open`,
    );
  }

  /** Every lifecycle from visibility, optionally by stage or with a deadline already passed (no per-row reads). */
  async list(opts: { stage?: string; overdue?: boolean } = {}): Promise<ListedLifecycle[]> {
    return (await this.listing.all(lifecycleClauses(opts))).map(listed);
  }

  /**
   * One page of lifecycles sorted by next deadline, with the total: one visibility list (and one
   * round of counts). Stuck rows come from `TemporalReportedProblems` where the server sets it,
   * so only they cost a describe and a history read (for the reason); on a server without it,
   * a describe per running row shown, a few at a time.
   */
  async listPage(
    opts: ListingFilter & { overdue?: boolean; size?: number; cursor?: string } = {},
  ): Promise<{ rows: ListedLifecycle[]; total: number; next?: string }> {
    const where = [
      // The stage once: lifecycleClauses has it, with whether the stage is of running runs.
      ...lifecycleClauses({ stage: opts.stage }),
      ...filterClauses({ ...opts, stage: undefined, late: opts.late || opts.overdue }),
    ];
    const [page, reported] = await Promise.all([
      this.listing.page(where, opts.size ?? 50, opts.cursor),
      this.listing.reportsProblems(),
    ]);
    const rows = page.rows.map(listed);
    await mapLimit(rows, 8, async (row, i) => {
      if (row.status !== 'RUNNING' || (reported && !page.rows[i]!.problems?.length)) return;
      row.problem = await this.problem(row.workflowId, page.rows[i]!.runId).catch(() => undefined);
    });
    return { rows, total: page.total, next: page.next };
  }

  private async update<A, R>(id: string, def: UpdateDefinition<R, [A]>, input: A): Promise<R> {
    const args: [A] = [normalised(def.name, input)];
    return this.call(id, () => this.handle(id).executeUpdate(def, { args }));
  }

  private async call<T>(id: string, fn: () => Promise<T>, notFound?: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || (err as Error)?.name === 'WorkflowNotFoundError') {
        // An update to a workflow that has finished also lands here: say it ended, not that it is unknown.
        const ended = await this.client.workflow
          .getHandle(id)
          .describe()
          .then((w) => (w.status.name === 'RUNNING' ? undefined : w.status.name.toLowerCase().replace('_', ' ')))
          .catch(() => undefined);
        if (ended)
          throw new UserError(
            `${notFound ? notFound.replace(/ is not open| has not started/, '') : `lifecycle ${id}`} has ended (${ended}): nothing more can be recorded; see 'regulation export ${id.split('/')[0]}'`,
          );
        throw new UserError(
          notFound
            ? `${notFound}: no workflow ${id}`
            : `no lifecycle with id ${id}: check the id with 'regulation list'`,
        );
      }
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = err.cause;
        throw new UserError(
          `rejected: ${cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : String(cause)}`,
        );
      }
      throw err;
    }
  }
}
