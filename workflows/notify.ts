/**
 * Builds and sends the lifecycle's emails. Recipients, languages and "how to answer" come
 * from the definition here, so stage code only says who should hear what.
 */
import { ActivityFailure, ApplicationFailure, log, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { OutgoingMail } from '../activities';
import type { MailKind, MailRequest, Recipient } from '../activities/mail/types';
import type { ScheduleClock } from './clock';
import type { DeadlineEntry, LifecycleState, Localized, Regulation, Stage } from './definitions';
import { ErrorTypes } from './definitions';

type Activities = ReturnType<typeof createActivities>;

/**
 * Options of every mail activity: a temporary SMTP outage is retried with backoff until it passes; a
 * rejected address is not. The activity heartbeats every few seconds, also while it waits on SMTP,
 * so an attempt on a dead worker is retried elsewhere within heartbeatTimeout + initialInterval.
 */
export const MAIL_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', nonRetryableErrorTypes: [ErrorTypes.MailRejected] },
} satisfies ActivityOptions;

const { sendMail } = proxyActivities<Activities>(MAIL_ACTIVITY_OPTIONS);

/** The slot of the delivery-failure notice about one message (its own ledger key). */
export function failureSlot(kind: MailKind, slot: string | undefined): string {
  return `failure:${kind}:${slot ?? ''}`;
}

/** Who a message is for: a body's contacts, a body's leaders, the secretariat, or everyone. */
export type Audience =
  | { role: 'body'; body: string }
  | { role: 'leaders'; body: string }
  | { role: 'signatory'; body: string }
  | { role: 'secretariat' };

export interface Message {
  kind: MailKind;
  stepKey: string;
  stage: Stage;
  label: Localized;
  slot?: string;
  round?: number;
  review?: number;
  deadline?: DeadlineEntry;
  meeting?: MailRequest['meeting'];
  document?: MailRequest['document'];
  answer?: MailRequest['answer'];
  comments?: MailRequest['comments'];
  outcome?: MailRequest['outcome'];
  exchange?: MailRequest['exchange'];
  failure?: MailRequest['failure'];
  summary?: Localized[];
  pendingBodies?: string[];
  /** Parties this message is about: a reminder is dropped at send time if none is still pending. */
  about?: string[];
}

function deadlineUid(lifecycleId: string, key: string): string {
  return `${lifecycleId}/${key}@regulations.local`.replace(/\s+/g, '-');
}

export class Notifier {
  constructor(
    private readonly regulation: Regulation,
    private readonly lifecycleId: string,
    private readonly clock: ScheduleClock,
    private readonly log: LifecycleState['mails'],
  ) {}

  bodyName(id: string): Localized {
    const body = this.regulation.bodies.find((b) => b.id === id);
    return body ? body.name : { vi: id, en: id };
  }

  private resolve(audience: Audience): { to: Recipient[]; cc?: Recipient[]; locale: 'vi' | 'en'; role: MailRequest['audience']['role']; body?: string } {
    const sec = this.regulation.secretariat;
    if (audience.role === 'secretariat') return { to: sec.contacts, locale: sec.locale, role: 'secretariat' };
    const body = this.regulation.bodies.find((b) => b.id === audience.body);
    if (!body) throw ApplicationFailure.create({ type: 'UnknownBody', message: `unknown body ${audience.body}`, nonRetryable: true });
    if (audience.role === 'leaders') return { to: body.leaders, cc: sec.contacts, locale: body.locale, role: 'leaders', body: body.id };
    if (audience.role === 'signatory') return { to: [...body.leaders, ...body.contacts], locale: body.locale, role: 'signatory', body: body.id };
    return { to: body.contacts, locale: body.locale, role: 'body', body: body.id };
  }

  /** A short line for the Temporal UI: "reminder: 3 working days — Comments on draft 1 — tand". */
  static summary(m: Message, audience: Audience): string {
    const who = audience.role === 'secretariat' ? 'secretariat' : `${audience.body}${audience.role === 'leaders' ? ' leaders' : ''}`;
    return `${m.kind}${m.slot ? ` (${m.slot})` : ''}: ${m.label.en} — ${who}`;
  }

  /** Sends one message to one audience; a permanently rejected address is reported to the secretariat. */
  async send(m: Message, audience: Audience): Promise<void> {
    const r = this.resolve(audience);
    const req: OutgoingMail = {
      kind: m.kind,
      lifecycleId: this.lifecycleId,
      stepKey: m.stepKey,
      slot: m.slot,
      locale: r.locale,
      to: r.to,
      cc: r.cc,
      regulation: { id: this.regulation.id, title: this.regulation.title },
      audience: { role: r.role, body: r.body ? { id: r.body, name: this.bodyName(r.body) } : undefined },
      step: { stage: m.stage, round: m.round, review: m.review, label: m.label },
      deadline: m.deadline
        ? { lastDay: m.deadline.lastDay, at: m.deadline.at, uid: deadlineUid(this.lifecycleId, m.deadline.key), sequence: m.deadline.sequence }
        : undefined,
      meeting: m.meeting,
      document: m.document,
      answer: m.answer,
      comments: m.comments,
      outcome: m.outcome,
      exchange: m.exchange,
      failure: m.failure,
      summary: m.summary,
      pendingBodies: m.pendingBodies?.map((b) => this.bodyName(b)),
      zone: this.regulation.timezone,
      about: m.about,
      // Real-time reminders may be gathered into each recipient's digest (a rehearsal's would pile up).
      ...(m.kind === 'reminder' && this.clock.anchor.speedup === 1
        ? { digest: { secretariat: { locale: this.regulation.secretariat.locale, contacts: this.regulation.secretariat.contacts } } }
        : {}),
    };
    const at = this.clock.nowIso();
    try {
      const result = await sendMail.executeWithOptions({ summary: Notifier.summary(m, audience) }, [req]);
      if (result.sent.length > 0 || result.alreadySent.length > 0) {
        this.log.push({ kind: m.kind, stepKey: m.stepKey, to: [...result.sent, ...result.alreadySent], at, date: this.clock.localDate(Date.parse(at), this.regulation.timezone), slot: m.slot });
      }
      if (result.queued?.length) {
        this.log.push({ kind: m.kind, stepKey: m.stepKey, to: result.queued, at, date: this.clock.localDate(Date.parse(at), this.regulation.timezone), slot: m.slot, via: 'digest' });
      }
    } catch (err) {
      const failure = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : undefined;
      if (failure?.type !== ErrorTypes.MailRejected) throw err;
      log.warn('mail rejected', { kind: m.kind, stepKey: m.stepKey, reason: failure.message });
      if (audience.role === 'secretariat' || m.kind === 'delivery-failure') return;
      await this.send(
        { ...m, kind: 'delivery-failure', slot: failureSlot(m.kind, m.slot), failure: { recipient: r.to.map((t) => t.email).join(', '), reason: failure.message, kind: m.kind } },
        { role: 'secretariat' },
      );
    }
  }

  /** Sends the same message to several audiences in turn. */
  async sendAll(m: Message, audiences: Audience[]): Promise<void> {
    for (const a of audiences) await this.send(m, a);
  }

  everyone(): Audience[] {
    return [{ role: 'secretariat' }, ...this.regulation.bodies.map((b): Audience => ({ role: 'body', body: b.id }))];
  }
}

/** The "how to answer" block for a body: the CLI command (and the portal link once there is one). */
export function howToAnswer(lifecycleId: string, command: string): MailRequest['answer'] {
  return {
    instructions: {
      vi: `Trả lời bằng lệnh: npx regulation ${command.replace('{id}', lifecycleId)} (hoặc nhờ Văn phòng giúp việc ghi nhận văn bản trả lời).`,
      en: `Answer with: npx regulation ${command.replace('{id}', lifecycleId)} (or send your letter to the secretariat, who records it).`,
    },
  };
}
