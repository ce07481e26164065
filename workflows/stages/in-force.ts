/** In force: the effective notice, then each review (a child workflow) in turn, and the close. */
import { CancellationScope, condition, executeChild, isCancellation } from '@temporalio/workflow';
import type { LifecycleState, ReviewResult } from '../../domain/lifecycle';
import { LABELS } from '../../domain/words';
import { localMeeting, reviewWorkflow } from '../review';
import * as t from '../transitions';
import { activities } from '../activities-proxy';
import type { StageContext } from './context';

const { planDeadline } = activities;

/** Tells everyone the regulation (or its amendment) is in force; once per cycle. */
async function announceEffective(c: StageContext): Promise<void> {
  const { reg, s, clock, notifier, prefix, finished } = c;
  if (s.signing.announced) return;
  const effective = s.signing.effectiveDate;
  // Adopted signed but not yet in force: the notice goes out on the effective day, in office hours.
  if (reg.adopted && effective && effective > clock.today(reg.timezone)) {
    const at = localMeeting(effective, reg.schedule.reminderTime, reg.timezone);
    await clock.waitUntil(finished, at, `in force on ${effective}: effective notice`);
    if (finished()) return;
  }
  s.signing.announced = true;
  await notifier.sendAll(
    {
      kind: 'stage-notice',
      stepKey: `${prefix()}effective`,
      stage: 'in-force',
      label: LABELS.inForce,
      effectiveDate: s.signing.effectiveDate,
    },
    notifier.everyone(),
  );
}

async function planNextReview(c: StageContext): Promise<NonNullable<LifecycleState['nextReview']>> {
  const { reg, id, s, clock } = c;
  const sched = reg.schedule;
  const n = s.reviews.filter((r) => r.kind === 'so-ket').length + 1;
  const base = {
    calendar: reg.calendar,
    zone: reg.timezone,
    reminders: [],
    reminderTime: sched.reminderTime,
    escalation: sched.escalation,
    escalations: 0,
    notBefore: clock.nowIso(),
  };
  const period = { amount: sched.preliminaryReviews.amount * n, unit: sched.preliminaryReviews.unit };
  const soKet = await planDeadline.executeWithOptions({ summary: `plan sơ kết ${n}` }, [
    { ...base, rule: { after: s.reviewBase!, period } },
  ]);
  if (soKet.lastDay < sched.finalReview)
    return { n, kind: 'so-ket', meetingDate: soKet.lastDay, workflowId: `${id}/so-ket-${n}` };
  const final = await planDeadline.executeWithOptions({ summary: 'plan tổng kết' }, [
    { ...base, rule: { on: sched.finalReview } },
  ]);
  return { n: 1, kind: 'tong-ket', meetingDate: final.lastDay, workflowId: `${id}/tong-ket` };
}

/** Runs the in-force stage: the effective notice, then the next review as a child workflow, and the close after the last. */
export async function inForce(c: StageContext): Promise<void> {
  const { reg, id, s, clock, finished, publish } = c;
  await announceEffective(c);
  const next = (s.nextReview ??= await planNextReview(c));
  publish();
  const sched = reg.schedule;
  const notice = await planDeadline.executeWithOptions({ summary: `plan report requests for ${next.kind} ${next.n}` }, [
    {
      calendar: reg.calendar,
      zone: reg.timezone,
      rule: { before: next.meetingDate, period: sched.reviewNotice },
      reminders: [],
      reminderTime: sched.reminderTime,
      escalation: sched.escalation,
      escalations: 0,
      notBefore: clock.nowIso(),
      meetingTime: sched.reminderTime,
    },
  ]);
  const label = next.kind === 'so-ket' ? `sơ kết ${next.n}` : 'tổng kết';
  await clock.waitUntil(
    finished,
    notice.meetingAt!,
    `next review: ${label} report requests on ${notice.lastDay}, meeting ${next.meetingDate}`,
  );
  if (finished()) return;
  let result: ReviewResult | undefined;
  // A withdrawal cancels a running review.
  const scope = new CancellationScope();
  void condition(finished).then(() => scope.cancel());
  try {
    result = await scope.run(() =>
      executeChild(reviewWorkflow, {
        workflowId: next.workflowId,
        args: [
          {
            regulation: reg,
            lifecycleId: id,
            n: next.n,
            kind: next.kind,
            meetingDate: next.meetingDate,
            clock: s.clock,
            // Adopted with its next review overdue (said explicitly): the review starts with the escalation.
            ...(reg.adopted?.overdue === 'escalate' && next.meetingDate < clock.today(reg.timezone)
              ? { overdue: true }
              : {}),
          },
        ],
        staticSummary: `${label} of ${reg.id}: meeting ${next.meetingDate}`,
      }),
    );
  } catch (err) {
    if (!(finished() && isCancellation(err))) throw err;
  }
  if (!result) return;
  // The review's texts and emails stay in its own history; the lifecycle carries a summary.
  if (t.recordReview(s, result, clock.today(reg.timezone)) === 'close') await close(c, result);
}

async function close(c: StageContext, last: ReviewResult): Promise<void> {
  const { s, clock, notifier } = c;
  t.closeLifecycle(s, clock.nowIso());
  // Facts, not sentences: the mail activity words the decision and writes the date in each reader's language.
  const closing = {
    effectiveDate: s.signing.effectiveDate,
    rounds: s.rounds.length,
    preliminaryReviews: s.reviews.filter((r) => r.kind === 'so-ket').length,
    lastReview: { kind: last.kind, n: last.n, decision: last.outcome?.decision, notes: last.outcome?.notes },
  };
  const audiences = notifier.everyoneAndLeaders();
  await notifier.sendAll(
    { kind: 'closing-summary', stepKey: 'closed', stage: 'closed', label: LABELS.closing, closing },
    audiences,
  );
}
