import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { MailRequest } from './types';

/** What the ledger keeps about one delivered message. */
export interface SendRecord {
  messageId: string;
  sentAt: string;
}

/** Durable record of messages already handed to the SMTP server, so an activity retry does not send twice. */
export interface SendLedger {
  has(key: string): Promise<boolean>;
  record(key: string, info: SendRecord): Promise<void>;
}

/**
 * The identity of one email to one recipient. The deadline's last day is part of it so that a
 * moved deadline re-arms its reminders; the slot separates the 7/3/1-day reminders and the
 * successive escalations of one step.
 */
export function ledgerKey(req: MailRequest, recipientEmail: string): string {
  // JSON keeps the key readable in ledger files and unambiguous whatever characters the parts contain.
  return JSON.stringify([req.lifecycleId, req.stepKey, req.deadline?.lastDay ?? null, req.slot ?? null, req.kind, recipientEmail.trim().toLowerCase()]);
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

/** What HeartbeatLedger needs of an activity's context: its last heartbeat details, and heartbeating. */
export interface HeartbeatChannel {
  /** The details of the last heartbeat of an earlier attempt (undefined on the first). */
  readonly details: unknown;
  heartbeat(details: unknown): void;
}

/** The heartbeat details a HeartbeatLedger writes: the key hashes of the messages sent so far. */
export interface SentMailDetails {
  sentMail: string[];
}

/**
 * A ledger layered over the worker's own, for the attempts of one activity: every message sent
 * is also heartbeated (as its key hash), and the Temporal server hands the last heartbeat details
 * to the next attempt. So a retry that lands on another worker machine, whose ledger directory
 * never saw the first attempt, still skips the recipients that attempt reached.
 */
export class HeartbeatLedger implements SendLedger {
  private readonly sent: Set<string>;

  constructor(
    private readonly inner: SendLedger,
    private readonly channel: HeartbeatChannel,
  ) {
    const earlier = (channel.details as Partial<SentMailDetails> | undefined)?.sentMail;
    this.sent = new Set(Array.isArray(earlier) ? earlier.filter((h): h is string => typeof h === 'string') : []);
  }

  /** True when an earlier attempt of this activity, or the inner ledger, recorded key. */
  async has(key: string): Promise<boolean> {
    return this.sent.has(keyHash(key)) || this.inner.has(key);
  }

  /** Records key in the inner ledger and heartbeats every key hash sent so far. */
  async record(key: string, info: SendRecord): Promise<void> {
    this.sent.add(keyHash(key));
    const details: SentMailDetails = { sentMail: [...this.sent] };
    this.channel.heartbeat(details);
    await this.inner.record(key, info);
  }
}
