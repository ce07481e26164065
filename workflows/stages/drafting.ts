/** Drafting: the secretariat prepares the draft (of the regulation or of an amendment) by its deadline. */
import { LABELS } from '../../domain/words';
import type { StageContext } from './context';

/** Runs the drafting stage: reminds the secretariat until the draft arrives, then opens round 1. */
export async function drafting(c: StageContext): Promise<void> {
  const { reg, s, watcher, finished, prefix, nextVersion, openRound, remindBodies, escalateParties } = c;
  const key = `${prefix()}drafting`;
  const label = LABELS.drafting(s.cycle);
  const hasDraft = () => s.drafts.some((x) => x.cycle === s.cycle);
  await watcher.watch({
    key,
    stage: 'drafting',
    label,
    rule: { after: s.cycleStart, period: reg.schedule.drafting },
    pending: () => (hasDraft() ? [] : ['secretariat']),
    cancelled: finished,
    remind: (p, slot, e) =>
      remindBodies(p, label, key, e, slot.offset, () => ({ kind: 'draft', version: nextVersion() })),
    missed: async () => 'escalate',
    escalate: (p, n, e) => escalateParties(p, label, key, e, n),
  });
  if (!finished()) openRound();
}
