/**
 * The activities: everything with side effects. The worker builds the dependencies from the
 * environment (SMTP transport, calendar files, a client for re-checks); tests inject fakes.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { DateTime } from 'luxon';
import type { Regulation } from '../domain/regulation';
import type { Round } from '../domain/lifecycle';
import { personalLink, type PortalKey } from '../links/token';
import { AttemptJournal, HeartbeatLedger, type HeartbeatChannel, type SendLedger } from './mail/ledger';
import { MailRejectedError, type MailAttachment, type Mailer } from './mail/mailer';
import type { CommentEntry, DigestItem, DocumentAsk, MailRequest, Recipient, SendResult } from '../domain/mail';
import { commentTableAttachment, type DocumentSource } from './documents/source';
import type { WorkingCalendar } from '../domain/schedule/calendar';
import type { DeadlineRule } from '../domain/schedule/deadlines';
import { planDeadlineOn, resolveDeadline, type PlanDeadlineInput, type PlannedDeadline } from '../domain/schedule/plan';

/**
 * A mail request as the workflows send it: `about` names the parties a reminder is about;
 * `digest` (on real-time reminders) lets the worker gather it into the recipient's digest.
 */
export type OutgoingMail = MailRequest & {
  about?: string[];
  digest?: { secretariat: DigestItem['secretariat'] };
  documents?: DocumentAsk;
};

/** The input of the sendDigest activity: one recipient's gathered reminders. */
export interface DigestInput {
  recipient: Recipient;
  items: DigestItem[];
}

/** What sendDigest did, each reminder as "<lifecycle id> <step key>": sent (in one message, or alone), already sent, dropped. */
export interface DigestResult {
  sent: string[];
  alreadySent: string[];
  /** Answered meanwhile: no longer pending at send time. */
  dropped: string[];
  /** Also in sent: an earlier attempt may have delivered the same message (same Message-ID) before it died. */
  maybeDuplicate?: string[];
}

export interface ActivityDeps {
  mailer: Mailer;
  /** Loads a working-day calendar by id (cached by the caller as it sees fit). */
  /** The calendar by id; `reload` re-reads its file (a newer version was asked for). */
  calendar: (id: string, opts?: { reload?: boolean }) => WorkingCalendar;
  /** Who is still pending on a step of a workflow; used to drop stale reminders at send time. */
  pendingParties?: (workflowId: string, stepKey: string) => Promise<string[]>;
  /**
   * True when nothing that can change who is pending has reached the workflow since it scheduled
   * this activity (read from the end of its history, on the server alone): then the parties it
   * found pending still are, and the re-check query, which waits behind every workflow task of a
   * backlog, is not needed. False (or absent) means ask the lifecycle.
   */
  quietSinceScheduled?: (execution: { workflowId: string; runId: string }, activityId: string) => Promise<boolean>;
  /** Feedback portal: requests, reminders and invitations to a body get a personal signed link (never in history). */
  portal?: PortalKey;
  /** Gathers real-time reminders per recipient into one digest message (the worker signals the recipient's digest workflow). */
  digest?: { enqueue(recipient: Recipient, item: DigestItem): Promise<void> };
  /**
   * Heartbeats an activity attempt and resolves once the Temporal server has stored the details,
   * rejecting if it refuses them (the worker calls RecordActivityTaskHeartbeat through its client).
   * Without it mail activities heartbeat through the SDK, which throttles and confirms nothing.
   */
  ackHeartbeat?: (taskToken: Uint8Array, details: unknown) => Promise<void>;
  /** Builds the documents a mail names (explanation table, review report) from the workflow histories. */
  documents?: DocumentSource;
}

/** Attempts that may fail to build a mail's document before it goes out without it (a document must not hold up a request). */
const DOCUMENT_ATTEMPTS = 3;

/** The longest pause between two heartbeats of a mail activity without a heartbeat timeout. */
const KEEPALIVE_MAX_MS = 10_000;

export interface CommentTableInput {
  regulation: {
    id: string;
    title: MailRequest['regulation']['title'];
    areas: { id: string; title: MailRequest['regulation']['title'] }[];
    bodies: { id: string; name: MailRequest['regulation']['title'] }[];
    documents?: Regulation['documents'];
  };
  lifecycleId: string;
  /** The round as the workflow carries it (comments and answers; texts of older rounds may be compacted). */
  round: Round;
  secretariat: { locale: 'vi' | 'en'; contacts: Recipient[]; name?: MailRequest['regulation']['title'] };
  zone: string;
  /**
   * When the revised draft is due, as the revision stage will plan it: planned here on the same
   * calendar so the table can say so (the workflow plans it only after the table has gone out).
   */
  revision?: { key: string; calendar: string; rule: DeadlineRule };
  /** Every consultation round is used: the revised draft waits for the leaders to grant another. */
  roundsExhausted?: boolean;
}

/** How a digest result names one reminder: "<lifecycle id> <step key>". */
const itemName = (r: MailRequest): string => `${r.lifecycleId} ${r.stepKey}`;

/** Builds the activity implementations over their dependencies. */
/** A reminder that starts sending later than this after the workflow scheduled it re-checks who is still pending. */
export const RECHECK_AFTER_MS = 2000;

export function createActivities(deps: ActivityDeps) {
  /**
   * Runs a mail activity's body with its attempt journal: what its attempts sent travels in the
   * heartbeat details, so a retry on another machine sends nothing twice. The journal heartbeats
   * a few times per heartbeat timeout all along (SMTP, queries), so a dead worker is noticed in seconds.
   */
  async function withJournal<T>(body: (ledger: (own: SendLedger) => SendLedger) => Promise<T>): Promise<T> {
    const ctx = Context.current();
    const ack = deps.ackHeartbeat;
    const channel: HeartbeatChannel = {
      details: ctx.info.heartbeatDetails,
      heartbeat: ack ? (d) => ack(ctx.info.taskToken, d) : (d) => ctx.heartbeat(d),
    };
    const journal = new AttemptJournal(channel);
    const every = Math.min(KEEPALIVE_MAX_MS, (ctx.info.heartbeatTimeoutMs || 3 * KEEPALIVE_MAX_MS) / 3);
    // A failed keepalive needs no handling here: the next intent heartbeat meets the same refusal and stops the send.
    const timer = setInterval(() => void journal.keepalive().catch(() => undefined), every);
    try {
      return await body((own) => new HeartbeatLedger(own, journal));
    } finally {
      clearInterval(timer);
    }
  }

  /** A permanent refusal becomes a non-retryable MailRejected failure; anything else is retried. */
  async function orRejected<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      if (err instanceof MailRejectedError) {
        // The details say who did get the message (one refused address does not stop the others),
        // so the record in history lists every copy that went out.
        const delivered = err.result ? { sent: err.result.sent, alreadySent: err.result.alreadySent } : undefined;
        throw ApplicationFailure.create({
          type: 'MailRejected',
          message: err.rejections.map((r) => `${r.recipient}: ${r.response}`).join('; '),
          nonRetryable: true,
          details: delivered ? [delivered] : undefined,
        });
      }
      throw err;
    }
  }

  async function deliver(
    req: MailRequest,
    ledger: (own: SendLedger) => SendLedger,
    check?: () => Promise<boolean>,
    attachments?: MailAttachment[],
  ): Promise<SendResult> {
    let relevant: Promise<boolean> | undefined;
    return orRejected(() =>
      deps.mailer.send(req, {
        ...(check ? { isStillRelevant: () => (relevant ??= check()) } : {}),
        ledger,
        ...(attachments?.length ? { attachments } : {}),
      }),
    );
  }

  /** The request with the documents it names, read and rendered now; after a few failed attempts it goes without them. */
  async function withDocuments(
    workflowId: string,
    req: MailRequest,
    ask: DocumentAsk | undefined,
  ): Promise<{ req: MailRequest; attachments?: MailAttachment[] }> {
    if (!ask || !deps.documents) return { req };
    try {
      const docs = await deps.documents.forMail(workflowId, req, ask);
      return {
        req: {
          ...req,
          ...(docs.handled ? { handled: docs.handled } : {}),
          attached: docs.attachments.map((a) => a.filename),
        },
        attachments: docs.attachments,
      };
    } catch (err) {
      const ctx = Context.current();
      if (ctx.info.attempt < DOCUMENT_ATTEMPTS) throw err;
      ctx.log.warn('document not built: the mail goes without it', { kind: ask.kind, error: (err as Error).message });
      return { req };
    }
  }

  /** The request with the recipient body's personal portal link, signed here so it never enters history. */
  function withPortalLink<T extends MailRequest>(req: T): T {
    const link = deps.portal && personalLink(req, deps.portal, Date.now());
    return link ? { ...req, answer: { ...req.answer, link } } : req;
  }

  /** True while at least one of the parties a reminder is about is still pending on its step. */
  async function stillPending(workflowId: string, stepKey: string, about: string[] | undefined): Promise<boolean> {
    if (!about || !deps.pendingParties) return true;
    const pending = await deps.pendingParties(workflowId, stepKey);
    return about.some((p) => pending.includes(p));
  }

  return {
    /** Plans a deadline with its reminders and escalations on the regulation's working-day calendar. */
    async planDeadline(input: PlanDeadlineInput): Promise<PlannedDeadline> {
      let cal = deps.calendar(input.calendar);
      if (input.calendarVersion && cal.version !== input.calendarVersion)
        cal = deps.calendar(input.calendar, { reload: true });
      if (input.calendarVersion && cal.version !== input.calendarVersion) {
        // Retried until every worker has the new file: planning on another version would undo the change.
        throw ApplicationFailure.create({
          type: 'CalendarVersion',
          message: `calendar ${input.calendar} on this worker is version ${cal.version}, the lifecycle asks for ${input.calendarVersion}: deploy the new calendar file to every worker`,
        });
      }
      return planDeadlineOn(cal, input);
    },

    /** Sends one email per recipient, once; a reminder whose parties are no longer pending is dropped. */
    async sendMail(req: OutgoingMail): Promise<SendResult> {
      const { about, digest, documents, ...mail } = req;
      const workflowId = Context.current().info.workflowExecution?.workflowId ?? req.lifecycleId;
      if (digest && deps.digest && req.kind === 'reminder') {
        // Into each recipient's digest; the link is signed and the party re-checked when it goes out.
        for (const r of req.to)
          await deps.digest.enqueue(r, {
            request: { ...mail, to: [r] },
            workflowId,
            about,
            secretariat: digest.secretariat,
          });
        return { sent: [], alreadySent: [], skipped: [], queued: req.to.map((r) => r.email.trim()) };
      }
      // The workflow schedules a reminder only for parties pending at that moment: the lifecycle is
      // asked again only when the reminder has waited since (a retry, a backlog), where an answer
      // may have come in. Asking costs a query per reminder, the largest part of a reminder herd.
      // A reminder that waited in a backlog first reads the end of the history (server only): if
      // nothing came in since it was scheduled, the parties are as the workflow found them.
      const info = Context.current().info;
      const waited = info.attempt > 1 || Date.now() - info.scheduledTimestampMs > RECHECK_AFTER_MS;
      const execution = info.workflowExecution;
      const quiet = (): Promise<boolean> =>
        info.attempt === 1 && execution && deps.quietSinceScheduled
          ? deps.quietSinceScheduled(execution, info.activityId).catch(() => false)
          : Promise.resolve(false);
      const check =
        waited && about && deps.pendingParties && (req.kind === 'reminder' || req.kind === 'escalation')
          ? async () => (await quiet()) || stillPending(workflowId, req.stepKey, about)
          : undefined;
      // Inside the journal: its keepalive heartbeats cover reading the histories and rendering a document.
      return withJournal(async (ledger) => {
        const built = await withDocuments(workflowId, mail, documents);
        return deliver(withPortalLink(built.req), ledger, check, built.attachments);
      });
    },

    /** Sends one recipient's gathered reminders as one message, dropping those answered meanwhile. */
    async sendDigest(input: DigestInput): Promise<DigestResult> {
      return withJournal(async (ledger) => {
        const keep: MailRequest[] = [];
        const dropped: string[] = [];
        for (const item of input.items) {
          if (await stillPending(item.workflowId, item.request.stepKey, item.about))
            keep.push(withPortalLink(item.request));
          else dropped.push(itemName(item.request));
        }
        const result = await orRejected(() => deps.mailer.sendDigest(keep, input.recipient, { ledger }));
        const sent = result.sent.map(itemName);
        return {
          sent,
          alreadySent: result.alreadySent.map(itemName),
          dropped,
          ...(result.maybeDuplicate ? { maybeDuplicate: sent } : {}),
        };
      });
    },

    /** Compiles a round's comment table (bảng tổng hợp ý kiến: every comment by body and area) and sends it to the secretariat. */
    async compileCommentTable(input: CommentTableInput): Promise<{ rows: number }> {
      const { regulation, round } = input;
      const comments: CommentEntry[] = [];
      for (const body of regulation.bodies) {
        const answer = round.answers[body.id];
        if (!answer) continue;
        const base = { body, decision: answer.decision, reference: answer.reference, submittedBy: answer.submittedBy };
        if (answer.comments.length === 0) comments.push({ ...base, text: answer.decision === 'agree' ? '—' : '' });
        // Numbered as the workflow numbers them (workflows/comments.ts), so answer-comments can name each.
        for (const [k, c] of answer.comments.entries()) {
          const area = regulation.areas.find((a) => a.id === c.area);
          comments.push({ ...base, id: `${body.id}-${k + 1}`, area, text: c.text });
        }
      }
      await withJournal(async (ledger) => {
        const closed = DateTime.fromISO(round.closedAt ?? new Date().toISOString(), { zone: 'utc' })
          .setZone(input.zone)
          .toISODate()!;
        const table = await commentTableAttachment(
          {
            ...regulation,
            timezone: input.zone,
            secretariat: { name: input.secretariat.name ?? { vi: 'Văn phòng giúp việc', en: 'The joint secretariat' } },
          },
          round,
          closed,
          input.secretariat.locale,
        );
        const due =
          input.revision && !input.roundsExhausted
            ? resolveDeadline(deps.calendar(input.revision.calendar), input.revision.rule, input.zone)
            : undefined;
        return deliver(
          {
            kind: 'comment-table',
            lifecycleId: input.lifecycleId,
            stepKey: `${round.deadlineKey}/comment-table`,
            locale: input.secretariat.locale,
            to: input.secretariat.contacts,
            regulation: { id: regulation.id, title: regulation.title },
            audience: { role: 'secretariat' },
            // The round as the bodies knew it; the kind word already says "table of comments".
            step: {
              stage: 'revision',
              round: round.n,
              label: {
                vi: `Góp ý dự thảo ${round.draftVersion} (vòng ${round.n})`,
                en: `Comments on draft ${round.draftVersion} (round ${round.n})`,
              },
            },
            awaits: 'revised-draft',
            secretariat: input.secretariat.name ? { name: input.secretariat.name } : undefined,
            deadline:
              due && input.revision
                ? {
                    lastDay: due.lastDay,
                    at: due.at,
                    uid: `${input.lifecycleId}/${input.revision.key}@regulations.local`.replace(/\s+/g, '-'),
                    sequence: 0,
                  }
                : undefined,
            summary: input.roundsExhausted
              ? [
                  {
                    vi: 'Đã hết số vòng góp ý: thời hạn gửi dự thảo chỉnh lý được ấn định khi lãnh đạo các cơ quan đồng ý cho thêm một vòng.',
                    en: 'Every consultation round is used: the revised draft gets its deadline when the leaders grant another round.',
                  },
                ]
              : undefined,
            comments,
            attached: [table.filename],
            zone: input.zone,
          },
          ledger,
          undefined,
          [table],
        );
      });
      return { rows: comments.length };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
