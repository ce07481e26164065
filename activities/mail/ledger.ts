import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { MailRequest } from '../../domain/mail';

/** What the ledger keeps about one delivered message. */
export interface SendRecord {
  messageId: string;
  sentAt: string;
}

/** Durable record of messages already handed to the SMTP server, so an activity retry does not send twice. */
export interface SendLedger {
  has(key: string): Promise<boolean>;
  record(key: string, info: SendRecord): Promise<void>;
  /**
   * Called just before the message for keys goes out; resolves once a retry on any worker would
   * know that it may have been sent. Rejects when this attempt must not send (the server has
   * given it up): the message then does not go out.
   */
  intend?(keys: string[]): Promise<void>;
  /** The SMTP server answered the message for keys with a refusal: it certainly was not delivered. */
  refused?(keys: string[]): Promise<void>;
  /** True when an earlier attempt began sending key and never recorded it: it may have been delivered. */
  maybeSent?(key: string): boolean;
  /**
   * Records the attempt's last message: the activity's completion, which follows at once, stores
   * it on the server, so no round trip of its own is spent on it.
   */
  recordLast?(key: string, info: SendRecord): Promise<void>;
}

/**
 * The identity of one email to one recipient. The deadline's last day is part of it so that a
 * moved deadline re-arms its reminders; the slot separates the 7/3/1-day reminders and the
 * successive escalations of one step; the body (requests with `ledgerKey: 2`) separates the
 * messages of two bodies that share a contact.
 */
export function ledgerKey(req: MailRequest, recipientEmail: string): string {
  const parts = [
    req.lifecycleId,
    req.stepKey,
    req.deadline?.lastDay ?? null,
    req.slot ?? null,
    req.kind,
    recipientEmail.trim().toLowerCase(),
  ];
  const body = req.ledgerKey === 2 ? req.audience?.body?.id : undefined;
  // JSON keeps the key readable in ledger files and unambiguous whatever characters the parts contain.
  return JSON.stringify(body === undefined ? parts : [...parts, body]);
}

/** sha256 of a ledger key, hex; also the basis of the deterministic Message-ID. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A ledger with one JSON file per key in dir; survives worker restarts. */
export class FileSendLedger implements SendLedger {
  private ready: Promise<void> | undefined;

  constructor(private readonly dir: string) {}

  /** True when a message for key was recorded. */
  async has(key: string): Promise<boolean> {
    try {
      const stored = JSON.parse(await fs.readFile(this.fileFor(key), 'utf8')) as { key?: unknown };
      // A hash collision is practically impossible, but comparing the key costs nothing.
      return stored.key === key;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** Records that the message for key was sent; atomic (temp file + rename), so a crash never leaves half a record. */
  async record(key: string, info: SendRecord): Promise<void> {
    this.ready ??= fs.mkdir(this.dir, { recursive: true }).then(() => undefined);
    await this.ready;
    const target = this.fileFor(key);
    const tmp = `${target}.${process.pid}.${randomUUID()}.tmp`;
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify({ key, ...info }, null, 2) + '\n', 'utf8');
      // Flush before the rename: otherwise a power cut can leave an empty file under the final name.
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, target);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  private fileFor(key: string): string {
    return path.join(this.dir, `${keyHash(key)}.json`);
  }
}

/** An in-process ledger for tests and one-off tools; forgets everything on restart. */
export class MemorySendLedger implements SendLedger {
  private readonly entries = new Map<string, SendRecord>();

  /** True when a message for key was recorded. */
  async has(key: string): Promise<boolean> {
    return this.entries.has(key);
  }

  /** Records that the message for key was sent. */
  async record(key: string, info: SendRecord): Promise<void> {
    this.entries.set(key, { ...info });
  }
}

/** What an AttemptJournal needs of an activity's context: its last heartbeat details, and heartbeating. */
export interface HeartbeatChannel {
  /** The details of the last heartbeat of an earlier attempt (undefined on the first). */
  readonly details: unknown;
  /**
   * Sends details. A promise means an acknowledged heartbeat: it resolves once the Temporal server
   * has stored the details and rejects when the server refuses them (this attempt timed out, was
   * cancelled, or the server is unreachable). void means the SDK's heartbeat, throttled and unconfirmed.
   */
  heartbeat(details: unknown): void | Promise<void>;
}

/** The heartbeat details of a mail activity: key hashes of the messages sent, and of those being sent. */
export interface SentMailDetails {
  sentMail: string[];
  /** Messages whose sending began and was not recorded: if the attempt died, they may have been delivered. */
  sendingMail?: string[];
}

const hashes = (v: unknown): string[] => (Array.isArray(v) ? v.filter((h): h is string => typeof h === 'string') : []);

/**
 * What the attempts of one activity sent, kept on the Temporal server as heartbeat details, which
 * the server hands to the next attempt on whatever worker it lands. Before a message goes out its
 * key hash is heartbeated as "sending", after the SMTP server accepted it as "sent"; over an
 * acknowledged channel each of these is stored before the mailer goes on. Heartbeats are sent one
 * at a time and always carry the whole state, so a later one never undoes an earlier one.
 */
export class AttemptJournal {
  private readonly sent: Set<string>;
  private readonly sending: Set<string>;
  /** Key hashes an earlier attempt began sending and did not record. */
  private readonly uncertain: Set<string>;
  private queued: Promise<void> | undefined;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly channel: HeartbeatChannel) {
    const earlier = (channel.details ?? {}) as Partial<Record<keyof SentMailDetails, unknown>>;
    this.sent = new Set(hashes(earlier.sentMail));
    this.uncertain = new Set(hashes(earlier.sendingMail).filter((h) => !this.sent.has(h)));
    // Carried on: if this attempt dies too, the next one must still know these may have gone out.
    this.sending = new Set(this.uncertain);
  }

  /** True when an attempt of this activity recorded the message with this key hash. */
  isSent(hash: string): boolean {
    return this.sent.has(hash);
  }

  /** True when an earlier attempt began sending this message and never recorded it. */
  isUncertain(hash: string): boolean {
    return this.uncertain.has(hash);
  }

  /** Marks the messages as being sent; resolves once that is stored (acknowledged channel). */
  intend(keyHashes: string[]): Promise<void> {
    for (const h of keyHashes) this.sending.add(h);
    return this.flush();
  }

  /** Marks the messages as sent; resolves once that is stored (acknowledged channel). */
  recordSent(keyHashes: string[]): Promise<void> {
    for (const h of keyHashes) {
      this.sent.add(h);
      this.sending.delete(h);
    }
    return this.flush();
  }

  /** Marks the messages as sent for the heartbeats to come, without one of its own. */
  markSent(keyHashes: string[]): void {
    for (const h of keyHashes) {
      this.sent.add(h);
      this.sending.delete(h);
    }
  }

  /** The SMTP server refused the messages: they were not delivered. */
  refused(keyHashes: string[]): Promise<void> {
    for (const h of keyHashes) this.sending.delete(h);
    return this.flush();
  }

  /** Heartbeats the current state again, so the server sees the attempt alive while it waits (on SMTP, a query). */
  keepalive(): Promise<void> {
    return this.flush();
  }

  /** The details the next heartbeat carries. */
  details(): SentMailDetails {
    return { sentMail: [...this.sent], ...(this.sending.size ? { sendingMail: [...this.sending] } : {}) };
  }

  // One heartbeat at a time, each with the state as it is when it starts; callers that arrive while
  // one waits to start share it, so a burst of records costs one round trip after the current one.
  private flush(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.last
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.channel.heartbeat(this.details());
      });
    this.queued = next;
    this.last = next;
    return next;
  }
}

/**
 * A ledger layered over the worker's own, for one attempt of an activity: what it sends is also
 * kept in the activity's AttemptJournal (heartbeat details). So a retry that lands on another
 * worker machine, whose ledger directory never saw the first attempt, still skips the recipients
 * that attempt reached, and knows which message it may have sent when it died.
 */
export class HeartbeatLedger implements SendLedger {
  private readonly journal: AttemptJournal;

  constructor(
    private readonly inner: SendLedger,
    journal: AttemptJournal | HeartbeatChannel,
  ) {
    this.journal = journal instanceof AttemptJournal ? journal : new AttemptJournal(journal);
  }

  /** True when an attempt of this activity, or the inner ledger, recorded key. */
  async has(key: string): Promise<boolean> {
    return this.journal.isSent(keyHash(key)) || this.inner.has(key);
  }

  /** Records key in the journal (heartbeat) and the inner ledger at once; resolves when both hold it. */
  async record(key: string, info: SendRecord): Promise<void> {
    const results = await Promise.allSettled([this.journal.recordSent([keyHash(key)]), this.inner.record(key, info)]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The attempt's last message: written to the inner ledger; the activity's completion stores it on the server. */
  async recordLast(key: string, info: SendRecord): Promise<void> {
    this.journal.markSent([keyHash(key)]);
    await this.inner.record(key, info);
  }

  /** Heartbeats the keys as being sent; resolves once the server holds that. */
  async intend(keys: string[]): Promise<void> {
    await this.journal.intend(keys.map(keyHash));
  }

  /** The SMTP server refused these messages. */
  async refused(keys: string[]): Promise<void> {
    await this.journal.refused(keys.map(keyHash));
  }

  /** True when an earlier attempt began sending key and never recorded it. */
  maybeSent(key: string): boolean {
    return this.journal.isUncertain(keyHash(key));
  }
}
