/** Consultation: one round of comments on a draft from every body, reminded and escalated. */
import type { AnswerCommand } from '../../domain/mail';
import { LABELS } from '../../domain/words';
import { howToAnswer } from '../notify';
import { isPatched } from '../patches';
import * as t from '../transitions';
import type { StageContext } from './context';

/** Runs one consultation round: requests, reminders, escalations (or consent by silence), then closes the round. */
export async function consultation(c: StageContext): Promise<void> {
  const { reg, s, clock, notifier, watcher, finished, round, remindBodies, escalateParties } = c;
  const r = round()!;
  const draft = s.drafts.find((x) => x.version === r.draftVersion)!;
  const key = r.deadlineKey;
  const label = LABELS.consultation(draft.version, r.n);
  const document = { version: draft.version, link: draft.link, sha256: draft.sha256 };
  const command = (body: string): AnswerCommand => ({ kind: 'feedback', body, round: r.n });
  const pending = () => reg.bodies.map((b) => b.id).filter((b) => !r.answers[b]);
  // The previous round's comments and their handling go back to the bodies with this draft.
  const prev = s.rounds.find((x) => x.n === r.n - 1 && x.cycle === r.cycle);
  const commented =
    prev && Object.values(prev.answers).some((a) => a.comments.length > 0 || (a.compacted?.count ?? 0) > 0);
  await watcher.watch({
    key,
    stage: 'consultation',
    label,
    // A round adopted under way keeps the last day the office stated.
    rule: r.adopted
      ? { on: r.adopted.deadline }
      : { after: clock.localDate(Date.parse(r.openedAt), reg.timezone), period: reg.schedule.consultation },
    pending,
    cancelled: finished,
    opened: async (e) => {
      await notifier.each(reg.bodies, async (b) => {
        // A body that answered while the deadline was being planned is not asked again.
        if (r.answers[b.id] && isPatched('skipAnsweredRequests')) return;
        const documents =
          prev && commented
            ? {
                kind: 'explanation-table' as const,
                round: prev.n,
                draftVersion: prev.draftVersion,
                nextDraftVersion: draft.version,
                date: clock.localDate(clock.nowMs(), reg.timezone),
              }
            : undefined;
        await notifier.send(
          {
            kind: 'feedback-request',
            stepKey: key,
            stage: 'consultation',
            round: r.n,
            label,
            deadline: e,
            document,
            answer: howToAnswer(command(b.id)),
            documents,
          },
          { role: 'body', body: b.id },
        );
      });
    },
    remind: (p, slot, e) => remindBodies(p, label, key, e, slot.offset, command, { document, round: r.n }),
    missed: async (p, e) => {
      if (reg.schedule.silence !== 'consent') return 'escalate';
      for (const b of p) r.answers[b] = { decision: 'consent-by-silence', comments: [], at: e.at };
      return 'stop';
    },
    escalate: (p, n, e) => escalateParties(p, label, key, e, n),
    extended: async (e, rec) => {
      await notifier.each(pending(), (b) =>
        notifier.send(
          {
            kind: 'deadline-extended',
            stepKey: key,
            slot: `extension-${e.sequence}`,
            stage: 'consultation',
            round: r.n,
            label,
            deadline: e,
            document,
            summary: [{ vi: rec.reason, en: rec.reason }],
          },
          { role: 'body', body: b },
        ),
      );
    },
  });
  if (finished()) return;
  t.closeRound(s, r, reg.schedule.maxRounds, clock.nowIso());
}
