/**
 * Builds and sends the lifecycle's emails. Recipients, languages and "how to answer" come
 * from the definition here, so stage code only says who should hear what.
 */
import { ActivityFailure, ApplicationFailure, log } from '@temporalio/workflow';
import { activities } from './activities-proxy';
import type { OutgoingMail } from '../activities';
import type { AnswerCommand, MailKind, MailRequest, Recipient } from '../domain/mail';
import type { ScheduleClock } from './clock';
import { isPatched } from './patches';
import type { ChangeNotice } from './deadline-watch';
import type { DeadlineEntry, MailLogEntry } from '../domain/lifecycle';
import type { Localized } from '../domain/locale';
import type { Regulation, Stage } from '../domain/regulation';
import { ErrorTypes } from '../domain/lifecycle';
import { mailLogEntries, type SentSummary } from '../domain/mail-log';

const { sendMail } = activities;

/**
 * The slot of the delivery-failure notice about one message to these addressees: its own ledger
 * key, so two bodies refused in one step are two notices (each with its own Message-ID).
 */
export function failureSlot(kind: MailKind, slot: string | undefined, to: readonly Recipient[]): string {
  return `failure:${kind}:${slot ?? ''}:${to.map((t) => t.email.trim().toLowerCase()).join(',')}`;
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
  /** What the step waits for, when its stage does not say it (a review waits for reports, then for the outcome). */
  awaits?: MailRequest['awaits'];
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
  /** A deadline a new calendar moved: its old last day and the named days off now in its span. */
  change?: MailRequest['change'];
  /** YYYY-MM-DD local; dates travel as data and the mail activity writes them in the reader's language. */
  effectiveDate?: string;
  closing?: MailRequest['closing'];
  pendingBodies?: string[];
  /** Parties this message is about: a reminder is dropped at send time if none is still pending. */
  about?: string[];
  /** A document the mail activity builds from history and attaches (explanation table, review report). */
  documents?: OutgoingMail['documents'];
}

function deadlineUid(lifecycleId: string, key: string): string {
  return `${lifecycleId}/${key}@regulations.local`.replace(/\s+/g, '-');
}

/** An audience's addressees and language. */
interface Resolved {
  to: Recipient[];
  cc?: Recipient[];
  locale: 'vi' | 'en';
  role: MailRequest['audience']['role'];
  body?: string;
}

export class Notifier {
  constructor(
    private readonly regulation: Regulation,
    private readonly lifecycleId: string,
    private readonly clock: ScheduleClock,
    /** This run's emails (not carried: the history is the record). */
    private readonly log: MailLogEntry[],
  ) {}

  /** Sends made so far, and the send each log entry came from: the log lists sends in the order they were made. */
  private sends = 0;
  private readonly sendOf = new WeakMap<MailLogEntry, number>();

  /**
   * Adds the entries of send number `seq` to the log after every entry of an earlier send, so
   * messages sent at once are listed in the order they were asked for, whichever was accepted
   * first. Entries others added (a comment table) stay where they are.
   */
  private record(seq: number, entries: MailLogEntry[]): void {
    let at = this.log.length;
    while (at > 0 && (this.sendOf.get(this.log[at - 1]!) ?? -1) > seq) at--;
    for (const e of entries) this.sendOf.set(e, seq);
    this.log.splice(at, 0, ...entries);
  }

  bodyName(id: string): Localized {
    const body = this.regulation.bodies.find((b) => b.id === id);
    return body ? body.name : { vi: id, en: id };
  }

  private resolve(audience: Audience): Resolved {
    const sec = this.regulation.secretariat;
    if (audience.role === 'secretariat') return { to: sec.contacts, locale: sec.locale, role: 'secretariat' };
    const body = this.regulation.bodies.find((b) => b.id === audience.body);
    if (!body)
      throw ApplicationFailure.create({
        type: 'UnknownBody',
        message: `unknown body ${audience.body}`,
        nonRetryable: true,
      });
    if (audience.role === 'leaders')
      return { to: body.leaders, cc: sec.contacts, locale: body.locale, role: 'leaders', body: body.id };
    if (audience.role === 'signatory')
      return { to: [...body.leaders, ...body.contacts], locale: body.locale, role: 'signatory', body: body.id };
    return { to: body.contacts, locale: body.locale, role: 'body', body: body.id };
  }

  /** A short line for the Temporal UI: "reminder: 3 working days — Comments on draft 1 — tand". */
  static summary(m: Message, audience: Audience): string {
    const who =
      audience.role === 'secretariat'
        ? 'secretariat'
        : `${audience.body}${audience.role === 'leaders' ? ' leaders' : ''}`;
    return `${m.kind}${m.slot ? ` (${m.slot})` : ''}: ${m.label.en} — ${who}`;
  }

  /**
   * Sends one message to one audience; a permanently rejected address is reported to the secretariat.
   * `copy` narrows the addressees (sendAll leaves out those who get another copy).
   */
  async send(m: Message, audience: Audience, copy?: Pick<Resolved, 'to' | 'cc'>): Promise<void> {
    const r = { ...this.resolve(audience), ...copy };
    // Per-area answers name the areas by id, so the areas travel with the request.
    const perArea = m.answer?.command?.kind === 'feedback' || m.answer?.command?.kind === 'report';
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
      ledgerKey: 2,
      step: { stage: m.stage, round: m.round, review: m.review, label: m.label },
      awaits: m.awaits,
      secretariat: { name: this.regulation.secretariat.name },
      deadline: m.deadline
        ? {
            lastDay: m.deadline.lastDay,
            at: m.deadline.at,
            uid: deadlineUid(this.lifecycleId, m.deadline.key),
            sequence: m.deadline.sequence,
            ...(m.deadline.daysOff ? { daysOff: m.deadline.daysOff } : {}),
          }
        : undefined,
      meeting: m.meeting,
      document: m.document,
      answer: m.answer,
      areas: perArea ? this.regulation.areas.map((a) => ({ id: a.id, title: a.title })) : undefined,
      effectiveDate: m.effectiveDate,
      closing: m.closing,
      comments: m.comments,
      outcome: m.outcome,
      exchange: m.exchange,
      failure: m.failure,
      summary: m.summary,
      change: m.change,
      pendingBodies: m.pendingBodies?.map((b) => this.bodyName(b)),
      zone: this.regulation.timezone,
      about: m.about,
      ...(m.documents ? { documents: m.documents } : {}),
      // Real-time reminders may be gathered into each recipient's digest (a rehearsal's would pile up).
      ...(m.kind === 'reminder' && this.clock.anchor.speedup === 1
        ? {
            digest: {
              secretariat: {
                locale: this.regulation.secretariat.locale,
                contacts: this.regulation.secretariat.contacts,
              },
            },
          }
        : {}),
    };
    const at = this.clock.nowIso();
    const seq = this.sends++;
    try {
      const result = await sendMail.executeWithOptions({ summary: Notifier.summary(m, audience) }, [req]);
      this.record(seq, mailLogEntries(m, result, at, this.clock.localDate(Date.parse(at), this.regulation.timezone)));
    } catch (err) {
      const failure = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : undefined;
      if (failure?.type !== ErrorTypes.MailRejected) throw err;
      log.warn('mail rejected', { kind: m.kind, stepKey: m.stepKey, reason: failure.message });
      // Those who did get it (the activity names them in the failure's details) are in the record.
      const delivered = failure.details?.[0] as SentSummary | undefined;
      if (delivered)
        this.record(
          seq,
          mailLogEntries(m, delivered, at, this.clock.localDate(Date.parse(at), this.regulation.timezone)),
        );
      if (audience.role === 'secretariat' || m.kind === 'delivery-failure') return;
      await this.send(
        {
          ...m,
          kind: 'delivery-failure',
          slot: failureSlot(m.kind, m.slot, r.to),
          answer: undefined,
          failure: { recipient: r.to.map((t) => t.email).join(', '), reason: failure.message, kind: m.kind },
        },
        { role: 'secretariat' },
      );
    }
  }

  /**
   * Sends the same message to several audiences in turn, one copy per person: whoever an earlier
   * audience already reached is left out of a later one, and a cc (the secretariat on the leaders'
   * copies) goes only to people who get no copy of their own, on one copy, in their language if
   * one is. Every audience still gets its send, even when nobody is left in it, so the workflow
   * schedules the same activities in the same order as before.
   */
  async sendAll(m: Message, audiences: Audience[]): Promise<void> {
    const resolved = audiences.map((a) => this.resolve(a));
    const key = (p: Recipient) => p.email.trim().toLowerCase();
    const direct = new Set(resolved.flatMap((r) => r.to.map(key)));
    // The cc'd are the secretariat's contacts: prefer a copy in the secretariat's language.
    const ccLocale = this.regulation.secretariat.locale;
    const ccCopy = new Map<string, number>();
    resolved.forEach((r, i) => {
      for (const c of r.cc ?? []) {
        const k = key(c);
        if (direct.has(k)) continue;
        const chosen = ccCopy.get(k);
        if (chosen === undefined || (resolved[chosen]!.locale !== ccLocale && r.locale === ccLocale)) ccCopy.set(k, i);
      }
    });
    const reached = new Set<string>();
    const copies = audiences.map((a, i) => {
      const r = resolved[i]!;
      const to = r.to.filter((p) => !reached.has(key(p)));
      for (const p of to) reached.add(key(p));
      const cc = (r.cc ?? []).filter((c) => ccCopy.get(key(c)) === i);
      return { a, copy: { to, cc: cc.length ? cc : undefined } };
    });
    await this.each(copies, ({ a, copy }) => this.send(m, a, copy));
  }

  /**
   * One send per item: all at once, or one after another in runs recorded before the parallelSends patch.
   * Each send's own checks (has this body answered meanwhile?) run as it starts. All sends are
   * settled before the first failure, if any, is thrown.
   */
  async each<T>(items: readonly T[], send: (item: T) => Promise<void>): Promise<void> {
    if (items.length < 2 || !isPatched('parallelSends')) {
      for (const item of items) await send(item);
      return;
    }
    const outcomes = await Promise.allSettled(items.map((item) => send(item)));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  everyone(): Audience[] {
    return [{ role: 'secretariat' }, ...this.regulation.bodies.map((b): Audience => ({ role: 'body', body: b.id }))];
  }

  /** Everyone and every body's leaders: broadcasts such as a review's invitation and outcome, and the closing summary. */
  everyoneAndLeaders(): Audience[] {
    return [...this.everyone(), ...this.regulation.bodies.map((b): Audience => ({ role: 'leaders', body: b.id }))];
  }
}

/**
 * The "deadline changed" notice of a watcher: one message to each party still pending (a body's
 * contacts, or the secretariat), with the new date, the old one and the days off that moved it.
 */
export function changeNotice(notifier: Notifier): ChangeNotice {
  return async (parties, entry, from, o) => {
    await notifier.each(parties, async (p) => {
      const audience: Audience = p === 'secretariat' ? { role: 'secretariat' } : { role: 'body', body: p };
      await notifier.send(
        {
          kind: 'deadline-changed',
          stepKey: o.key,
          slot: `calendar-${entry.sequence}`,
          stage: entry.stage,
          label: o.label,
          deadline: entry,
          change: { from, daysOff: entry.daysOff ?? [] },
        },
        audience,
      );
    });
  };
}

/** The "how to answer" of a request: the command, as data; the mail activity writes it out with the real ids (the portal adds a link). */
export function howToAnswer(command: AnswerCommand): MailRequest['answer'] {
  return { command };
}
