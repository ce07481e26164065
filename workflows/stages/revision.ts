/** Revision: the comment table to the secretariat, and the revised draft by its deadline. */
import { ActivityFailure, ApplicationFailure, condition, log } from '@temporalio/workflow';
import { LABELS } from '../../domain/words';
import { commentTableEntry, type SentSummary } from '../../domain/mail-log';
import type { Audience } from '../notify';
import { compactRound } from '../state';
import { activities } from '../activities-proxy';
import type { StageContext } from './context';
import { ErrorTypes, type Round } from '../../domain/lifecycle';

const { compileCommentTable } = activities;

/** The round's comment table to the secretariat, and if rounds ran out, escalation to the leaders. */
async function openRevision(c: StageContext, r: Round): Promise<void> {
  const { reg, s, clock, notifier, runMails } = c;
  const key = r.deadlineKey;
  // Logged at the time it was asked for, as every email is, so the record rebuilt from history agrees.
  const at = clock.nowIso();
  try {
    await sendCommentTable(c, r);
    runMails.push(
      commentTableEntry(
        key,
        reg.secretariat.contacts.map((c) => c.email),
        at,
        clock.localDate(Date.parse(at), reg.timezone),
      ),
    );
  } catch (err) {
    // A refused secretariat address must not fail the lifecycle: the round's answers stay in the
    // record (status, export) and the revision goes on; the secretariat cannot be told by email.
    const failure = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : undefined;
    if (failure?.type !== ErrorTypes.MailRejected) throw err;
    log.warn('comment table refused', { round: r.n, reason: failure.message });
    const delivered = failure.details?.[0] as SentSummary | undefined;
    const to = delivered ? [...delivered.sent, ...delivered.alreadySent] : [];
    if (to.length > 0) runMails.push(commentTableEntry(key, to, at, clock.localDate(Date.parse(at), reg.timezone)));
  }
  if (!s.roundsExhausted) return;
  const used = r.n - s.cycleFirstRound + 1;
  const maxLabel = LABELS.roundsUsed(used);
  // One message to every body's leaders; the secretariat is cc'd on one copy only.
  await notifier.sendAll(
    {
      kind: 'escalation',
      stepKey: `${key}/max-rounds`,
      stage: 'revision',
      label: maxLabel,
      summary: [LABELS.grantRound],
    },
    reg.bodies.map((b): Audience => ({ role: 'leaders', body: b.id })),
  );
}

function sendCommentTable(c: StageContext, r: Round): Promise<unknown> {
  const { reg, id, s, clock, prefix } = c;
  return compileCommentTable.executeWithOptions({ summary: `comment table: round ${r.n} — secretariat` }, [
    {
      regulation: {
        id: reg.id,
        title: reg.title,
        areas: reg.areas,
        bodies: reg.bodies.map((b) => ({ id: b.id, name: b.name })),
        ...(reg.documents ? { documents: reg.documents } : {}),
      },
      lifecycleId: id,
      round: r,
      secretariat: reg.secretariat,
      zone: reg.timezone,
      // The same rule revision() plans with, so the table can say when the revised draft is due.
      revision: {
        key: `${prefix()}revision/round-${r.n}`,
        calendar: reg.calendar,
        rule: s.revisionDue
          ? { on: s.revisionDue }
          : { after: clock.localDate(Date.parse(r.closedAt!), reg.timezone), period: reg.schedule.revision },
      },
      roundsExhausted: s.roundsExhausted,
    },
  ]);
}

/** Runs the revision stage: the comment table, then the revised draft by its deadline, then the next round. */
export async function revision(c: StageContext): Promise<void> {
  const {
    reg,
    s,
    clock,
    watcher,
    finished,
    prefix,
    round,
    details,
    nextVersion,
    openRound,
    remindBodies,
    escalateParties,
  } = c;
  const r = round()!;
  // Entry actions run at the start of the stage's own run, so each email marks the new run as live.
  if (!r.tableSent) {
    r.tableSent = true;
    await openRevision(c, r);
    // The table is out: the comment texts need not be carried any more (the history keeps them).
    s.rounds[s.rounds.length - 1] = compactRound(r);
  }
  if (s.roundsExhausted) {
    details();
    await condition(() => !s.roundsExhausted || finished());
    if (finished()) return;
  }
  const key = `${prefix()}revision/round-${r.n}`;
  const label = LABELS.revision(r.n);
  const hasNext = () =>
    s.drafts.some((x) => Date.parse(x.submittedAt) >= Date.parse(r.closedAt!) && x.version !== r.draftVersion);
  const due = s.revisionDue;
  s.revisionDue = undefined;
  await watcher.watch({
    key,
    stage: 'revision',
    label,
    rule: due
      ? { on: due }
      : { after: clock.localDate(Date.parse(r.closedAt!), reg.timezone), period: reg.schedule.revision },
    pending: () => (hasNext() ? [] : ['secretariat']),
    cancelled: finished,
    remind: (p, slot, e) =>
      remindBodies(p, label, key, e, slot.offset, () => ({ kind: 'draft', version: nextVersion() })),
    missed: async () => 'escalate',
    escalate: (p, n, e) => escalateParties(p, label, key, e, n),
  });
  if (!finished()) openRound();
}
