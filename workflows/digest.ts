/**
 * The morning digest of one recipient. Real-time reminders are not sent one by one: the worker
 * signals them (with start) into this workflow, which gathers them for a short window after the
 * first arrives, then sends one message listing them all (a single one goes out as itself).
 * Reminders answered meanwhile are dropped at send time. If the address is refused, each
 * lifecycle's secretariat is told, as it would be for a reminder sent on its own.
 */
import { ActivityFailure, ApplicationFailure, condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DigestResult } from '../activities';
import type { DigestItem, MailRequest } from '../domain/mail';
import { addReminder } from './definitions';
import { ErrorTypes, type DigestWorkflowInput } from '../domain/lifecycle';
import { failureSlot } from './notify';
import { activities } from './activities-proxy';

const { sendDigest, sendMail } = activities;

/** What one digest run did, each reminder as "<lifecycle id> <step key>". */
export interface DigestSummary {
  recipient: string;
  messages: number;
  sent: string[];
  dropped: string[];
  refused: string[];
}

/** The same reminder signalled twice (an activity retry) is gathered once. */
function itemKey(r: MailRequest): string {
  return JSON.stringify([r.lifecycleId, r.stepKey, r.slot ?? null, r.deadline?.lastDay ?? null, r.kind]);
}

export async function reminderDigest(input: DigestWorkflowInput): Promise<DigestSummary> {
  const waiting: DigestItem[] = [];
  const seen = new Set<string>();
  setHandler(addReminder, (item) => {
    const key = itemKey(item.request);
    if (seen.has(key)) return;
    seen.add(key);
    waiting.push(item);
  });
  const summary: DigestSummary = { recipient: input.recipient.email, messages: 0, sent: [], dropped: [], refused: [] };
  // Started by a signal, so the first reminder is already on its way.
  if (!(await condition(() => waiting.length > 0, '1 hour'))) return summary;
  while (waiting.length > 0) {
    // Gather what else arrives in the window (reminders of one morning fire within seconds).
    await condition(() => false, `${input.windowSeconds} seconds`, {
      summary: `gathering reminders for ${input.recipient.email}`,
    });
    const batch = waiting.splice(0);
    let result: DigestResult;
    try {
      result = await sendDigest.executeWithOptions(
        { summary: `reminder digest: ${batch.length} item(s) — ${input.recipient.email}` },
        [{ recipient: input.recipient, items: batch }],
      );
    } catch (err) {
      const failure = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : undefined;
      if (failure?.type !== ErrorTypes.MailRejected) throw err;
      log.warn('digest refused', { recipient: input.recipient.email, reason: failure.message });
      await reportRefusal(batch, failure.message);
      summary.refused.push(...batch.map((i) => `${i.request.lifecycleId} ${i.request.stepKey}`).sort());
      continue;
    }
    if (result.sent.length > 0) summary.messages += 1;
    summary.sent.push(...result.sent);
    summary.dropped.push(...result.dropped);
  }
  log.info('digest done', { workflowId: workflowInfo().workflowId, messages: summary.messages });
  return summary;
}

/** Tells the secretariat of each lifecycle in the batch that its reminder could not be delivered. */
async function reportRefusal(batch: DigestItem[], reason: string): Promise<void> {
  for (const item of batch) {
    const r = item.request;
    const notice: MailRequest = {
      ...r,
      kind: 'delivery-failure',
      slot: failureSlot(r.kind, r.slot, r.to),
      locale: item.secretariat.locale,
      to: item.secretariat.contacts,
      cc: undefined,
      audience: { role: 'secretariat' },
      answer: undefined,
      failure: { recipient: r.to.map((t) => t.email).join(', '), reason, kind: r.kind },
    };
    await sendMail.executeWithOptions({ summary: `delivery-failure (${r.kind}): ${r.step.label.en} — secretariat` }, [
      notice,
    ]);
  }
}
