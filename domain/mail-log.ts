/**
 * One email as the record shows it, from what the mail activity was asked and what it answered.
 * Shared by the workflows (each run's log, for the status query) and the client, which rebuilds
 * the full log from the histories: both read the same facts the same way.
 */
import type { MailLogEntry } from './lifecycle';

/** What sendMail answers (activities/index.ts SendResult, as far as the log needs it). */
export interface SentSummary {
  sent: string[];
  alreadySent: string[];
  queued?: string[];
}

/** Log entries for one send: delivered (or already delivered before a retry) and handed to digests. */
export function mailLogEntries(
  m: { kind: string; stepKey: string; slot?: string },
  result: SentSummary,
  at: string,
  date: string,
): MailLogEntry[] {
  const out: MailLogEntry[] = [];
  const delivered = [...result.sent, ...result.alreadySent];
  if (delivered.length > 0) out.push({ kind: m.kind, stepKey: m.stepKey, to: delivered, at, date, slot: m.slot });
  if (result.queued?.length)
    out.push({ kind: m.kind, stepKey: m.stepKey, to: result.queued, at, date, slot: m.slot, via: 'digest' });
  return out;
}

/** The log entry of a round's comment table (sent to every secretariat contact). */
export function commentTableEntry(deadlineKey: string, to: string[], at: string, date: string): MailLogEntry {
  return { kind: 'comment-table', stepKey: `${deadlineKey}/comment-table`, to, at, date };
}
