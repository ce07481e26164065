import nodemailer from 'nodemailer';
import { calendarFor, CALENDAR_FILENAME } from './ics';
import { keyHash, ledgerKey } from './ledger';
import type { SendLedger } from './ledger';
import { digestOrder, renderDigest, renderMail } from './templates';
import type { MailRequest, Recipient, SendResult } from '../../domain/mail';

// The fields nodemailer attaches to its errors that matter here; declared locally because the
// deep type path differs between nodemailer's bundled types and @types/nodemailer.
interface NodemailerError extends Error {
  code?: string;
  originalCode?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  recipient?: string;
  rejectedErrors?: NodemailerError[];
}

/** Domain of the deterministic Message-IDs; never resolved, only used to recognise our own mail. */
export const MESSAGE_ID_DOMAIN = 'regulations.local';

/** How the mailer reaches the SMTP server and where it records what it sent. */
export interface MailerOptions {
  /** smtp://, smtp://user:pass@host:port or smtps://…; may carry credentials, so it is never printed as is. */
  smtpUrl: string;
  /** From header, e.g. `"Văn phòng giúp việc" <vanphong@example.vn>`. */
  from: string;
  ledger: SendLedger;
  pool?: { maxConnections?: number; rateLimit?: number };
}

/** Options of one Mailer.send call. */
export interface SendOptions {
  /** Asked just before each recipient's message goes out; false drops it (a reminder about a step already done). */
  isStillRelevant?: (recipient: Recipient) => Promise<boolean>;
  /** Layers a ledger over the mailer's own for this call (the attempts of one activity share a HeartbeatLedger). */
  ledger?: (own: SendLedger) => SendLedger;
  /** Files attached to every recipient's message (documents built at send time, never in history). */
  attachments?: MailAttachment[];
}

/** A file attached to a message. */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** Sends mail requests, one message per recipient, at most once per ledger key. */
export interface Mailer {
  /** Sends req to each recipient in to (cc copied), one message each, skipping recipients already in the ledger and (if given) recipients for whom isStillRelevant resolves false. */
  send(req: MailRequest, opts?: SendOptions): Promise<SendResult>;
  /**
   * Sends several reminders to one recipient as one digest message (a single one as itself),
   * skipping those the ledger already holds; every included reminder's ledger key is recorded.
   */
  sendDigest(
    reminders: MailRequest[],
    recipient: Recipient,
    opts?: Pick<SendOptions, 'ledger'>,
  ): Promise<{ sent: MailRequest[]; alreadySent: MailRequest[]; maybeDuplicate?: boolean }>;
  /** Closes pooled SMTP connections. */
  close(): void;
}

/** One permanent rejection by the SMTP server. */
export interface Rejection {
  recipient: string;
  response: string;
}

/**
 * The SMTP server refused a recipient (or the message) for good (5xx): retrying cannot help, so
 * the activity wrapper turns this into a non-retryable ApplicationFailure. Thrown only after every
 * other recipient was attempted; `result` says who did get the message and `rejections` lists all refusals.
 */
export class MailRejectedError extends Error {
  /** Every refusal of this send() call; the first is also in recipient/response. */
  rejections: Rejection[];
  /** What happened to the recipients that were not refused. */
  result?: SendResult;

  constructor(
    public recipient: string,
    public response: string,
  ) {
    super(`Mail to ${recipient} was rejected: ${response}`);
    this.name = 'MailRejectedError';
    this.rejections = [{ recipient, response }];
  }
}

/** A temporary failure (server down, timeout, 4xx): an ordinary Error, so Temporal retries the activity. */
export class MailTransientError extends Error {
  constructor(
    message: string,
    /** nodemailer's error code, e.g. ESOCKET, ETIMEDOUT, EAUTH. */
    public readonly code?: string,
    public readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'MailTransientError';
  }
}

/** The URL without user name and password, safe for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    return u.toString().replace(/\/$/, '');
  } catch {
    // An unparsable URL may still contain a password: print nothing of it.
    return '<invalid SMTP URL>';
  }
}

/** Deterministic Message-ID for a ledger key, so an unavoidable duplicate is recognisable as one. */
export function messageIdFor(key: string): string {
  return `<${keyHash(key).slice(0, 32)}@${MESSAGE_ID_DOMAIN}>`;
}

// An address the server refused for good: 5xx, except 503 (bad command sequence, a session
// problem that a new connection fixes) and failed logins, which an operator fixes in config
// while Temporal keeps retrying.
function isPermanent(err: NodemailerError): boolean {
  if (err.code === 'EAUTH' || err.command === 'AUTH') return false;
  return typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode !== 503;
}

type Outcome =
  | { status: 'sent' | 'alreadySent' | 'skipped'; email: string; rejections?: Rejection[]; maybeDuplicate?: boolean }
  | { status: 'rejected'; email: string; rejections: Rejection[] }
  | { status: 'transient'; email: string; error: MailTransientError; answered: boolean };

/** Creates a pooled SMTP mailer; call close() when done. */
export function createMailer(opts: MailerOptions): Mailer {
  const safeUrl = redactUrl(opts.smtpUrl);
  // The URL goes in `url` (not as the first argument with options second): nodemailer treats a
  // second argument as message defaults, which would silently disable the pool settings.
  const transport = nodemailer.createTransport({
    url: opts.smtpUrl,
    pool: true,
    maxConnections: opts.pool?.maxConnections ?? 2,
    rateDelta: 1000,
    rateLimit: opts.pool?.rateLimit,
  });

  /** One message to one address (cc copied); the outcome, with a permanent refusal or a temporary failure told apart. */
  async function transmit(
    what: string,
    recipient: Recipient,
    message: {
      subject: string;
      text: string;
      html: string;
      messageId: string;
      cc?: Recipient[];
      headers: Record<string, string>;
      ics?: string;
      attachments?: MailAttachment[];
    },
  ): Promise<
    { status: 'sent'; partial: Rejection[] } | Exclude<Outcome, { status: 'sent' | 'alreadySent' | 'skipped' }>
  > {
    const email = recipient.email.trim();
    const cc = (message.cc ?? []).filter((c) => c.email.trim().toLowerCase() !== email.toLowerCase());
    let info: { rejected?: unknown[]; rejectedErrors?: NodemailerError[] };
    try {
      info = await transport.sendMail({
        from: opts.from,
        to: { name: recipient.name, address: email },
        cc: cc.map((c) => ({ name: c.name, address: c.email.trim() })),
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        // RFC 3834: out-of-office robots must not answer, or the secretariat inbox fills with them.
        headers: { 'Auto-Submitted': 'auto-generated', ...message.headers },
        ...(message.ics ? { icalEvent: { filename: CALENDAR_FILENAME, method: 'REQUEST', content: message.ics } } : {}),
        ...(message.attachments?.length ? { attachments: message.attachments } : {}),
      });
    } catch (e) {
      const err = e as NodemailerError;
      if (isPermanent(err)) {
        const response = err.response ?? err.message;
        const rejected = err.rejectedErrors?.length
          ? err.rejectedErrors.map((r) => ({ recipient: r.recipient ?? email, response: r.response ?? r.message }))
          : [{ recipient: email, response }];
        return { status: 'rejected', email, rejections: rejected };
      }
      const code = err.originalCode ?? err.code;
      return {
        status: 'transient',
        email,
        error: new MailTransientError(
          `Sending "${what}" to ${email} via ${safeUrl} failed${code ? ` (${code})` : ''}: ${err.message}`,
          code,
          err.responseCode,
        ),
        // A reply such as 451 means the server kept nothing; a dropped connection or a timeout may
        // have come after it accepted the message.
        answered: typeof err.responseCode === 'number',
      };
    }
    // The server may accept the message for some envelope addresses and refuse others (a bad cc,
    // or the main recipient while a cc went through); those refusals are reported, not retried.
    return {
      status: 'sent',
      partial: (info.rejectedErrors ?? []).map((r) => ({
        recipient: r.recipient ?? '',
        response: r.response ?? r.message,
      })),
    };
  }

  async function sendOne(
    req: MailRequest,
    recipient: Recipient,
    ledger: SendLedger,
    isStillRelevant: ((r: Recipient) => Promise<boolean>) | undefined,
    last: boolean,
    attachments?: MailAttachment[],
  ): Promise<Outcome> {
    const email = recipient.email.trim();
    const key = ledgerKey(req, email);
    if (await ledger.has(key)) return { status: 'alreadySent', email };
    // Asked just before sending, so a body that answered a minute ago gets no reminder.
    if (isStillRelevant && !(await isStillRelevant(recipient))) return { status: 'skipped', email };

    const mail = renderMail(req, recipient);
    const messageId = messageIdFor(key);
    const maybeDuplicate = ledger.maybeSent?.(key) ?? false;
    // Stored before the message goes out, so a retry knows it may have been delivered.
    await ledger.intend?.([key]);
    const outcome = await transmit(req.kind, recipient, {
      ...mail,
      messageId,
      cc: req.cc,
      headers: {
        'X-Regulation-Id': req.regulation.id,
        'X-Lifecycle-Id': req.lifecycleId,
        'X-Step-Key': req.stepKey,
        'X-Mail-Kind': req.kind,
        // Threads every mail about one step for one recipient together in their client.
        References: messageIdFor(JSON.stringify([req.lifecycleId, req.stepKey, email.toLowerCase()])),
      },
      ics: calendarFor(req, { organizer: parseFrom(opts.from) }),
      attachments,
    });
    if (outcome.status !== 'sent') {
      if (outcome.status === 'rejected' || outcome.answered) await ledger.refused?.([key]);
      return outcome;
    }
    // Recorded right away: from here on a retry must not send this message again. The last one is
    // stored by the activity's completion, the very next thing the attempt tells the server.
    const record = { messageId, sentAt: new Date().toISOString() };
    await (last && ledger.recordLast ? ledger.recordLast(key, record) : ledger.record(key, record));
    const partial = outcome.partial;
    if (partial.some((r) => r.recipient.toLowerCase() === email.toLowerCase()))
      return { status: 'rejected', email, rejections: partial };
    return { status: 'sent', email, rejections: partial.length ? partial : undefined, maybeDuplicate };
  }

  const mailer: Mailer = {
    async send(req, sendOpts = {}) {
      // One message per distinct address, even if the workflow listed someone twice.
      const seen = new Set<string>();
      const recipients = req.to.filter((r) => {
        const k = r.email.trim().toLowerCase();
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      // One recipient after the other, so each message is recorded before the next goes out and a
      // crash leaves at most one in doubt; errors are decided only after every recipient was
      // attempted, so one bad address never blocks the others.
      const ledger = sendOpts.ledger ? sendOpts.ledger(opts.ledger) : opts.ledger;
      const outcomes: Outcome[] = [];
      for (const [i, r] of recipients.entries())
        outcomes.push(
          await sendOne(req, r, ledger, sendOpts.isStillRelevant, i === recipients.length - 1, sendOpts.attachments),
        );
      const maybeDuplicate = outcomes.filter((o) => o.status === 'sent' && o.maybeDuplicate).map((o) => o.email);
      const result: SendResult = {
        sent: outcomes.filter((o) => o.status === 'sent').map((o) => o.email),
        alreadySent: outcomes.filter((o) => o.status === 'alreadySent').map((o) => o.email),
        skipped: outcomes.filter((o) => o.status === 'skipped').map((o) => o.email),
        ...(maybeDuplicate.length ? { maybeDuplicate } : {}),
      };
      // A transient failure wins over a rejection: the retry will meet the rejection again, whereas a
      // non-retryable failure now would leave the transiently failed recipients without their mail.
      const transient = outcomes.find((o) => o.status === 'transient');
      if (transient?.status === 'transient') throw transient.error;
      const rejections = outcomes.flatMap((o) => (o.status !== 'transient' && o.rejections ? o.rejections : []));
      const first = rejections[0];
      if (first) {
        const err = new MailRejectedError(first.recipient, first.response);
        err.rejections = rejections;
        err.result = result;
        if (rejections.length > 1)
          err.message = `Mail was rejected for ${rejections.map((r) => r.recipient).join(', ')}: ${first.response}`;
        throw err;
      }
      return result;
    },
    async sendDigest(reminders, recipient, sendOpts = {}) {
      const email = recipient.email.trim();
      const ledger = sendOpts.ledger ? sendOpts.ledger(opts.ledger) : opts.ledger;
      const fresh: MailRequest[] = [];
      const alreadySent: MailRequest[] = [];
      for (const r of digestOrder(reminders)) ((await ledger.has(ledgerKey(r, email))) ? alreadySent : fresh).push(r);
      // A digest of one is just that reminder, as it would have gone out on its own.
      if (fresh.length === 1) {
        const [only] = fresh as [MailRequest];
        const single = await mailer.send({ ...only, to: [recipient] }, { ledger: () => ledger });
        return { sent: [only], alreadySent, ...(single.maybeDuplicate ? { maybeDuplicate: true } : {}) };
      }
      if (fresh.length === 0) return { sent: [], alreadySent };
      const keys = fresh.map((r) => ledgerKey(r, email));
      const messageId = messageIdFor(JSON.stringify(['digest', ...[...keys].sort()]));
      const maybeDuplicate = keys.some((k) => ledger.maybeSent?.(k));
      await ledger.intend?.(keys);
      const outcome = await transmit('reminder digest', recipient, {
        ...renderDigest(fresh, recipient),
        messageId,
        headers: {
          'X-Mail-Kind': 'reminder-digest',
          'X-Digest-Items': fresh.map((r) => `${r.lifecycleId} ${r.stepKey}`).join(', '),
        },
      });
      if (outcome.status === 'rejected' || (outcome.status === 'transient' && outcome.answered))
        await ledger.refused?.(keys);
      if (outcome.status === 'transient') throw outcome.error;
      if (outcome.status === 'rejected') {
        const [first, ...more] = outcome.rejections as [Rejection, ...Rejection[]];
        const err = new MailRejectedError(first.recipient, first.response);
        err.rejections = [first, ...more];
        throw err;
      }
      const sentAt = new Date().toISOString();
      // All at once: a heartbeating ledger stores them in one round trip.
      await Promise.all(keys.map((key) => ledger.record(key, { messageId, sentAt })));
      return { sent: fresh, alreadySent, ...(maybeDuplicate ? { maybeDuplicate: true } : {}) };
    },
    close() {
      transport.close();
    },
  };
  return mailer;
}

/** Splits `"Name" <addr>` so the calendar ORGANIZER matches the sender. */
function parseFrom(from: string): Recipient | undefined {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (m?.[2]) return { name: (m[1] ?? '').trim() || m[2], email: m[2].trim() };
  if (/^[^\s@]+@[^\s@]+$/.test(from.trim())) return { name: from.trim(), email: from.trim() };
  return undefined;
}
