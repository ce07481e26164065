/**
 * The activities: everything with side effects. The worker builds the dependencies from the
 * environment (SMTP transport, calendar files, a client for re-checks); tests inject fakes.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { personalLink, type PortalKey } from '../client/portal/token';
import { HeartbeatLedger } from './mail/ledger';
import { MailRejectedError, type Mailer } from './mail/mailer';
import type { CommentEntry, MailRequest, Recipient, SendResult } from './mail/types';
import type { WorkingCalendar } from './schedule/calendar';
import { planDeadlineOn, type PlanDeadlineInput, type PlannedDeadline } from './schedule-activities';

/** A mail request as the workflows send it: `about` names the parties a reminder is about. */
export type OutgoingMail = MailRequest & { about?: string[] };

export interface ActivityDeps {
  mailer: Mailer;
  /** Loads a working-day calendar by id (cached by the caller as it sees fit). */
  calendar: (id: string) => WorkingCalendar;
  /** Who is still pending on a step of a workflow; used to drop stale reminders at send time. */
  pendingParties?: (workflowId: string, stepKey: string) => Promise<string[]>;
  /** Feedback portal: requests, reminders and invitations to a body get a personal signed link (never in history). */
  portal?: PortalKey;
}

export interface CommentTableInput {
  regulation: { id: string; title: MailRequest['regulation']['title']; areas: { id: string; title: MailRequest['regulation']['title'] }[]; bodies: { id: string; name: MailRequest['regulation']['title'] }[] };
  lifecycleId: string;
  round: { n: number; draftVersion: string; deadlineKey: string; answers: Record<string, { decision: CommentEntry['decision']; comments: { area?: string; text: string }[]; reference?: string; submittedBy?: string }> };
  secretariat: { locale: 'vi' | 'en'; contacts: Recipient[] };
  zone: string;
}

/** Builds the activity implementations over their dependencies. */
export function createActivities(deps: ActivityDeps) {
  async function deliver(req: MailRequest, check?: () => Promise<boolean>): Promise<SendResult> {
    let relevant: Promise<boolean> | undefined;
    const ctx = Context.current();
    // What this activity's attempts sent travels in its heartbeat details, so a retry on another machine sends nothing twice.
    const channel = { details: ctx.info.heartbeatDetails, heartbeat: (d: unknown) => ctx.heartbeat(d) };
    try {
      return await deps.mailer.send(req, {
        ...(check ? { isStillRelevant: () => (relevant ??= check()) } : {}),
        ledger: (own) => new HeartbeatLedger(own, channel),
      });
    } catch (err) {
      if (err instanceof MailRejectedError) {
        throw ApplicationFailure.create({ type: 'MailRejected', message: err.rejections.map((r) => `${r.recipient}: ${r.response}`).join('; '), nonRetryable: true });
      }
      throw err;
    }
  }

  return {
    /** Plans a deadline with its reminders and escalations on the regulation's working-day calendar. */
    async planDeadline(input: PlanDeadlineInput): Promise<PlannedDeadline> {
      return planDeadlineOn(deps.calendar(input.calendar), input);
    },

    /** Sends one email per recipient, once; a reminder whose parties are no longer pending is dropped. */
    async sendMail(req: OutgoingMail): Promise<SendResult> {
      const { about, ...mail } = req;
      const link = deps.portal && personalLink(mail, deps.portal, Date.now());
      if (link) mail.answer = { ...mail.answer, link };
      const lookup = deps.pendingParties;
      const workflowId = Context.current().info.workflowExecution?.workflowId ?? req.lifecycleId;
      const check =
        about && lookup && (req.kind === 'reminder' || req.kind === 'escalation')
          ? async () => {
              const pending = await lookup(workflowId, req.stepKey);
              return about.some((p) => pending.includes(p));
            }
          : undefined;
      return deliver(mail, check);
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
        for (const c of answer.comments) {
          const area = regulation.areas.find((a) => a.id === c.area);
          comments.push({ ...base, area, text: c.text });
        }
      }
      await deliver({
        kind: 'comment-table',
        lifecycleId: input.lifecycleId,
        stepKey: `${round.deadlineKey}/comment-table`,
        locale: input.secretariat.locale,
        to: input.secretariat.contacts,
        regulation: { id: regulation.id, title: regulation.title },
        audience: { role: 'secretariat' },
        step: { stage: 'revision', round: round.n, label: { vi: `Bảng tổng hợp ý kiến vòng ${round.n} (dự thảo ${round.draftVersion})`, en: `Comment table, round ${round.n} (draft ${round.draftVersion})` } },
        comments,
        zone: input.zone,
      });
      return { rows: comments.length };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
