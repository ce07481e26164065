/**
 * The lifecycle of one coordination regulation: drafting → consultation rounds → revision →
 * signing → in force with periodic reviews → final review → closed (or withdrawn).
 * Each run handles one stage (or one review) and continues as new with explicit state, so
 * no history grows without bound over a term of years.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { anchorClock, ScheduleClock } from './clock';
import { DeadlineWatcher } from './deadline-watch';
import * as d from './definitions';
import type { DeadlineEntry, ExchangeRecord, LifecycleInput, LifecycleState, LifecycleStatus, Localized, MailLogEntry, ReviewResult, UpdateReceipt } from './definitions';
import type { AnswerCommand } from '../activities/mail/types';
import { changeNotice, howToAnswer, Notifier, SKIP_ANSWERED_REQUESTS, type Audience } from './notify';
import { reviewWorkflow } from './review';
import { commentTableEntry, type SentSummary } from './mail-log';
import { LABELS } from './labels';
import { compactRound, upgradeState } from './state';
import { buildStatus, stepPrefix } from './status';
import * as t from './transitions';
import { Visibility } from './visibility';
import * as v from './validators';

/**
 * Patch id: a run that continues as new no longer records the next stage in its search
 * attributes just before it ends, so a stage query does not list ended runs as in that stage.
 */
export const STAGE_OF_RUN = 'stage-of-run';

type Activities = ReturnType<typeof createActivities>;
const { compileCommentTable, planDeadline } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // As MAIL_ACTIVITY_OPTIONS: compileCommentTable heartbeats while it sends; planning finishes well within it.
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', nonRetryableErrorTypes: [d.ErrorTypes.MailRejected] },
});

function initialState(input: LifecycleInput): LifecycleState {
  return {
    version: d.STATE_VERSION,
    stage: 'drafting',
    clock: anchorClock(input.clock),
    cycle: 1,
    cycleStart: input.regulation.kickoff,
    cycleFirstRound: 1,
    extraRounds: 0,
    roundsExhausted: false,
    drafts: [],
    rounds: [],
    deadlines: {},
    extensions: [],
    signing: { signatures: {} },
    reviews: [],
    exchangeCount: 0,
    runs: 1,
  };
}

/** Runs a regulation's lifecycle from its definition; the workflow id derives from the regulation id. */
export async function regulationLifecycle(input: LifecycleInput): Promise<LifecycleStatus> {
  const reg = input.regulation;
  const id = workflowInfo().workflowId;
  // Any carried shape, however old, is brought to the current version first.
  const s: LifecycleState = input.carried ? upgradeState(input.carried) : initialState(input);
  const clock = new ScheduleClock(s.clock);
  // This run's emails and exchanges, for the status query; not carried (the history keeps them).
  const runMails: MailLogEntry[] = [];
  const runExchanges: ExchangeRecord[] = [];
  const notifier = new Notifier(reg, id, clock, runMails);
  const finished = () => s.stage === 'closed' || s.stage === 'withdrawn';
  const watcher: DeadlineWatcher = new DeadlineWatcher(reg, clock, s.deadlines, s.extensions, () => publish());
  const lastDraft = () => s.drafts[s.drafts.length - 1];
  const round = () => v.currentRound(s);
  const prefix = () => stepPrefix(s.cycle);

  // ---- what operators and search see (visibility.ts) ----
  const visibility = new Visibility(reg, s, () => watcher);
  const publish = () => visibility.publish();
  const details = () => visibility.details();
  function statusNow(): LifecycleStatus {
    return { ...buildStatus(reg, s, clock, watcher), mails: runMails, exchanges: runExchanges, runId: workflowInfo().runId, firstRunId: workflowInfo().firstExecutionRunId };
  }
  /** What an update returns: small, since it is written to history; the state is the status query. */
  function receipt(update: string): UpdateReceipt {
    return { accepted: true, update, stage: s.stage, cycle: s.cycle, round: round()?.n, draftVersion: lastDraft()?.version, at: clock.nowIso() };
  }

  // ---- handlers: validators reject before anything is written ----
  setHandler(d.status, statusNow);
  setHandler(d.pendingParties, (key: string) => watcher.pendingFor(key));
  setHandler(d.openDeadlines, () => watcher.open());
  watcher.changeNotice = changeNotice(notifier);
  setHandler(d.replanDeadlines, (i) => watcher.replan(i.calendarVersion), { validator: (i) => v.validateReplan(s, i) });
  setHandler(
    d.submitDraft,
    (i) => {
      s.drafts.push({ version: i.version, link: i.link, sha256: i.sha256, note: i.note, submittedAt: clock.nowIso(), cycle: s.cycle, submittedBy: i.submittedBy });
      return receipt('submitDraft');
    },
    { validator: (i) => v.validateSubmitDraft(s, reg, i) },
  );
  setHandler(
    d.submitFeedback,
    (i) => {
      const r = round()!;
      r.answers[i.body] = { decision: i.decision, comments: i.comments ?? [], reference: i.reference, submittedBy: i.submittedBy, at: clock.nowIso() };
      publish();
      return receipt('submitFeedback');
    },
    { validator: (i) => v.validateSubmitFeedback(s, reg, i) },
  );
  setHandler(
    d.scheduleSigning,
    async (i) => {
      s.signing.session = { at: new Date(Date.parse(i.at)).toISOString(), place: i.place, submittedBy: i.submittedBy };
      const entry = s.deadlines[`${prefix()}signing`];
      const day = clock.localDate(Date.parse(i.at), reg.timezone);
      if (entry && entry.lastDay !== day) entry.requested = { to: day, reason: `signing session scheduled for ${i.at}`, submittedBy: i.submittedBy };
      else await sendSigningInvitations(entry);
      return receipt('scheduleSigning');
    },
    { validator: (i) => v.validateScheduleSigning(s, reg, i, clock.nowMs()) },
  );
  setHandler(
    d.recordSignature,
    (i) => {
      s.signing.signatures[i.body] = { signer: i.signer, signedAt: i.signedAt ? new Date(Date.parse(i.signedAt)).toISOString() : clock.nowIso(), submittedBy: i.submittedBy };
      publish();
      return receipt('recordSignature');
    },
    { validator: (i) => v.validateRecordSignature(s, reg, i, clock.nowMs()) },
  );
  setHandler(
    d.extendDeadline,
    (i) => {
      if (i.deadline === 'rounds') t.grantRound(s, reg.schedule.maxRounds, i.to, i.reason, clock.nowIso(), i.submittedBy);
      else s.deadlines[i.deadline]!.requested = { to: i.to, reason: i.reason, submittedBy: i.submittedBy };
      return receipt('extendDeadline');
    },
    { validator: (i) => v.validateExtendDeadline(s, reg, i, clock.today(reg.timezone)) },
  );
  setHandler(
    d.logInformationExchange,
    async (i) => {
      const record = { ...i, at: clock.nowIso() };
      runExchanges.push(record);
      s.exchangeCount += 1;
      const n = s.exchangeCount;
      await notifier.sendAll(
        {
          kind: 'information-exchange',
          stepKey: `exchange-${n}`,
          stage: s.stage,
          label: LABELS.exchange(i.subject),
          exchange: { from: notifier.bodyName(i.from), to: i.to.map((b) => notifier.bodyName(b)), subject: i.subject, summary: i.summary, link: i.link },
        },
        [...i.to.map((b): Audience => ({ role: 'body', body: b })), { role: 'secretariat' }],
      );
      return receipt('logInformationExchange');
    },
    { validator: (i) => v.validateLogExchange(s, reg, i) },
  );
  setHandler(
    d.withdraw,
    (i) => {
      t.withdrawLifecycle(s, i.reason, clock.nowIso(), i.submittedBy);
      publish();
      return receipt('withdraw');
    },
    { validator: (i) => v.validateWithdraw(s, reg, i) },
  );

  // ---- shared pieces of the stages ----
  async function remindBodies(parties: string[], label: Localized, stepKey: string, entry: DeadlineEntry, slot: string, command: (party: string) => AnswerCommand, extra: Partial<Parameters<Notifier['send']>[0]> = {}): Promise<void> {
    for (const p of parties) {
      const audience: Audience = p === 'secretariat' ? { role: 'secretariat' } : { role: 'body', body: p };
      await notifier.send({ kind: 'reminder', stepKey, stage: entry.stage, label, slot, deadline: entry, answer: howToAnswer(command(p)), about: [p], ...extra }, audience);
    }
  }
  async function escalateParties(parties: string[], label: Localized, stepKey: string, entry: DeadlineEntry, n: number): Promise<void> {
    const bodies = parties.filter((p) => p !== 'secretariat');
    // A late secretariat is escalated to every body's leaders and to itself; a late body to its own
    // leaders (cc the secretariat). One message, so each person gets one copy of it.
    const targets = bodies.length > 0 ? bodies : reg.bodies.map((b) => b.id);
    const audiences: Audience[] = [...targets.map((b): Audience => ({ role: 'leaders', body: b })), ...(bodies.length === 0 ? [{ role: 'secretariat' } as const] : [])];
    await notifier.sendAll({ kind: 'escalation', stepKey, stage: entry.stage, label, slot: `escalation-${n}`, deadline: entry, pendingBodies: bodies, about: parties }, audiences);
  }
  /** The signatory named in the definition, so the command in the invitation is complete. */
  function signCommand(body: string): AnswerCommand {
    return { kind: 'sign', body, signer: reg.bodies.find((b) => b.id === body)?.signatory.name ?? body };
  }
  /** The next draft's version label, as the secretariat is asked to record it. */
  const nextVersion = () => `v${s.drafts.length + 1}`;
  async function sendSigningInvitations(entry: DeadlineEntry | undefined): Promise<void> {
    const session = s.signing.session;
    const seq = (s.signing.invitations ?? 0) + 1;
    s.signing.invitations = seq;
    for (const b of reg.bodies) {
      if (s.signing.signatures[b.id]) continue;
      await notifier.send(
        {
          kind: 'signing-invitation',
          stepKey: `${prefix()}signing`,
          slot: `invitation-${seq}`,
          stage: 'signing',
          label: LABELS.signing,
          deadline: entry,
          document: lastDraft() ? { version: lastDraft()!.version, link: lastDraft()!.link, sha256: lastDraft()!.sha256 } : undefined,
          meeting: session ? { at: session.at, place: session.place, uid: `${id}/signing-session@regulations.local`, sequence: seq - 1 } : undefined,
          answer: howToAnswer(signCommand(b.id)),
        },
        { role: 'signatory', body: b.id },
      );
    }
  }

  // ---- stages ----
  async function drafting(): Promise<void> {
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
      remind: (p, slot, e) => remindBodies(p, label, key, e, slot.offset, () => ({ kind: 'draft', version: nextVersion() })),
      missed: async () => 'escalate',
      escalate: (p, n, e) => escalateParties(p, label, key, e, n),
    });
    if (!finished()) openRound();
  }

  const openRound = () => t.openRound(s, clock.nowIso());

  async function consultation(): Promise<void> {
    const r = round()!;
    const draft = s.drafts.find((x) => x.version === r.draftVersion)!;
    const key = r.deadlineKey;
    const label = LABELS.consultation(draft.version, r.n);
    const document = { version: draft.version, link: draft.link, sha256: draft.sha256 };
    const command = (body: string): AnswerCommand => ({ kind: 'feedback', body, round: r.n });
    const pending = () => reg.bodies.map((b) => b.id).filter((b) => !r.answers[b]);
    await watcher.watch({
      key,
      stage: 'consultation',
      label,
      rule: { after: clock.localDate(Date.parse(r.openedAt), reg.timezone), period: reg.schedule.consultation },
      pending,
      cancelled: finished,
      opened: async (e) => {
        for (const b of reg.bodies) {
          // A body that answered while the deadline was being planned is not asked again.
          if (r.answers[b.id] && patched(SKIP_ANSWERED_REQUESTS)) continue;
          await notifier.send({ kind: 'feedback-request', stepKey: key, stage: 'consultation', round: r.n, label, deadline: e, document, answer: howToAnswer(command(b.id)) }, { role: 'body', body: b.id });
        }
      },
      remind: (p, slot, e) => remindBodies(p, label, key, e, slot.offset, command, { document, round: r.n }),
      missed: async (p, e) => {
        if (reg.schedule.silence !== 'consent') return 'escalate';
        for (const b of p) r.answers[b] = { decision: 'consent-by-silence', comments: [], at: e.at };
        return 'stop';
      },
      escalate: (p, n, e) => escalateParties(p, label, key, e, n),
      extended: async (e, rec) => {
        for (const b of pending()) await notifier.send({ kind: 'deadline-extended', stepKey: key, slot: `extension-${e.sequence}`, stage: 'consultation', round: r.n, label, deadline: e, document, summary: [{ vi: rec.reason, en: rec.reason }] }, { role: 'body', body: b });
      },
    });
    if (finished()) return;
    t.closeRound(s, r, reg.schedule.maxRounds, clock.nowIso());
  }

  /** The round's comment table to the secretariat, and if rounds ran out, escalation to the leaders. */
  async function openRevision(r: d.Round): Promise<void> {
    const key = r.deadlineKey;
    // Logged at the time it was asked for, as every email is, so the record rebuilt from history agrees.
    const at = clock.nowIso();
    try {
      await sendCommentTable(r);
      runMails.push(commentTableEntry(key, reg.secretariat.contacts.map((c) => c.email), at, clock.localDate(Date.parse(at), reg.timezone)));
    } catch (err) {
      // A refused secretariat address must not fail the lifecycle: the round's answers stay in the
      // record (status, export) and the revision goes on; the secretariat cannot be told by email.
      const failure = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : undefined;
      if (failure?.type !== d.ErrorTypes.MailRejected) throw err;
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
      { kind: 'escalation', stepKey: `${key}/max-rounds`, stage: 'revision', label: maxLabel, summary: [LABELS.grantRound] },
      reg.bodies.map((b): Audience => ({ role: 'leaders', body: b.id })),
    );
  }

  function sendCommentTable(r: d.Round): Promise<unknown> {
    return compileCommentTable.executeWithOptions({ summary: `comment table: round ${r.n} — secretariat` }, [
      {
        regulation: { id: reg.id, title: reg.title, areas: reg.areas, bodies: reg.bodies.map((b) => ({ id: b.id, name: b.name })) },
        lifecycleId: id,
        round: r,
        secretariat: reg.secretariat,
        zone: reg.timezone,
        // The same rule revision() plans with, so the table can say when the revised draft is due.
        revision: { key: `${prefix()}revision/round-${r.n}`, calendar: reg.calendar, rule: s.revisionDue ? { on: s.revisionDue } : { after: clock.localDate(Date.parse(r.closedAt!), reg.timezone), period: reg.schedule.revision } },
        roundsExhausted: s.roundsExhausted,
      },
    ]);
  }

  async function revision(): Promise<void> {
    const r = round()!;
    // Entry actions run at the start of the stage's own run, so each email marks the new run as live.
    if (!r.tableSent) {
      r.tableSent = true;
      await openRevision(r);
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
    const hasNext = () => s.drafts.some((x) => Date.parse(x.submittedAt) >= Date.parse(r.closedAt!) && x.version !== r.draftVersion);
    const due = s.revisionDue;
    s.revisionDue = undefined;
    await watcher.watch({
      key,
      stage: 'revision',
      label,
      rule: due ? { on: due } : { after: clock.localDate(Date.parse(r.closedAt!), reg.timezone), period: reg.schedule.revision },
      pending: () => (hasNext() ? [] : ['secretariat']),
      cancelled: finished,
      remind: (p, slot, e) => remindBodies(p, label, key, e, slot.offset, () => ({ kind: 'draft', version: nextVersion() })),
      missed: async () => 'escalate',
      escalate: (p, n, e) => escalateParties(p, label, key, e, n),
    });
    if (!finished()) openRound();
  }

  async function signing(): Promise<void> {
    const key = `${prefix()}signing`;
    const label = LABELS.signing;
    const session = s.signing.session;
    const agreedDay = clock.localDate(Date.parse(s.signing.agreedAt ?? clock.nowIso()), reg.timezone);
    await watcher.watch({
      key,
      stage: 'signing',
      label,
      rule: session ? { on: clock.localDate(Date.parse(session.at), reg.timezone) } : { after: agreedDay, period: reg.schedule.signing },
      pending: () => reg.bodies.map((b) => b.id).filter((b) => !s.signing.signatures[b]),
      cancelled: finished,
      opened: (e) => sendSigningInvitations(e),
      remind: (p, slot, e) => remindBodies(p, label, key, e, slot.offset, signCommand),
      missed: async () => 'escalate',
      escalate: (p, n, e) => escalateParties(p, label, key, e, n),
      extended: (e) => sendSigningInvitations(e),
    });
    if (finished()) return;
    const last = Object.values(s.signing.signatures).map((x) => x.signedAt).sort().pop()!;
    t.becomeEffective(s, clock.localDate(Date.parse(last), reg.timezone));
  }

  /** Tells everyone the regulation (or its amendment) is in force; once per cycle. */
  async function announceEffective(): Promise<void> {
    if (s.signing.announced) return;
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

  async function planNextReview(): Promise<NonNullable<LifecycleState['nextReview']>> {
    const sched = reg.schedule;
    const n = s.reviews.filter((r) => r.kind === 'so-ket').length + 1;
    const base = { calendar: reg.calendar, zone: reg.timezone, reminders: [], reminderTime: sched.reminderTime, escalation: sched.escalation, escalations: 0, notBefore: clock.nowIso() };
    const period = { amount: sched.preliminaryReviews.amount * n, unit: sched.preliminaryReviews.unit };
    const soKet = await planDeadline.executeWithOptions({ summary: `plan sơ kết ${n}` }, [{ ...base, rule: { after: s.reviewBase!, period } }]);
    if (soKet.lastDay < sched.finalReview) return { n, kind: 'so-ket', meetingDate: soKet.lastDay, workflowId: `${id}/so-ket-${n}` };
    const final = await planDeadline.executeWithOptions({ summary: 'plan tổng kết' }, [{ ...base, rule: { on: sched.finalReview } }]);
    return { n: 1, kind: 'tong-ket', meetingDate: final.lastDay, workflowId: `${id}/tong-ket` };
  }

  async function inForce(): Promise<void> {
    await announceEffective();
    const next = (s.nextReview ??= await planNextReview());
    publish();
    const sched = reg.schedule;
    const notice = await planDeadline.executeWithOptions({ summary: `plan report requests for ${next.kind} ${next.n}` }, [
      { calendar: reg.calendar, zone: reg.timezone, rule: { before: next.meetingDate, period: sched.reviewNotice }, reminders: [], reminderTime: sched.reminderTime, escalation: sched.escalation, escalations: 0, notBefore: clock.nowIso(), meetingTime: sched.reminderTime },
    ]);
    const label = next.kind === 'so-ket' ? `sơ kết ${next.n}` : 'tổng kết';
    await clock.waitUntil(finished, notice.meetingAt!, `next review: ${label} report requests on ${notice.lastDay}, meeting ${next.meetingDate}`);
    if (finished()) return;
    let result: ReviewResult | undefined;
    // A withdrawal cancels a running review.
    const scope = new CancellationScope();
    void condition(finished).then(() => scope.cancel());
    try {
      result = await scope.run(() =>
        executeChild(reviewWorkflow, {
          workflowId: next.workflowId,
          args: [{ regulation: reg, lifecycleId: id, n: next.n, kind: next.kind, meetingDate: next.meetingDate, clock: s.clock }],
          staticSummary: `${label} of ${reg.id}: meeting ${next.meetingDate}`,
        }),
      );
    } catch (err) {
      if (!(finished() && isCancellation(err))) throw err;
    }
    if (!result) return;
    // The review's texts and emails stay in its own history; the lifecycle carries a summary.
    if (t.recordReview(s, result, clock.today(reg.timezone)) === 'close') await close(result);
  }

  async function close(last: ReviewResult): Promise<void> {
    t.closeLifecycle(s, clock.nowIso());
    // Facts, not sentences: the mail activity words the decision and writes the date in each reader's language.
    const closing = {
      effectiveDate: s.signing.effectiveDate,
      rounds: s.rounds.length,
      preliminaryReviews: s.reviews.filter((r) => r.kind === 'so-ket').length,
      lastReview: { kind: last.kind, n: last.n, decision: last.outcome?.decision, notes: last.outcome?.notes },
    };
    const audiences = notifier.everyoneAndLeaders();
    await notifier.sendAll({ kind: 'closing-summary', stepKey: 'closed', stage: 'closed', label: LABELS.closing, closing }, audiences);
  }

  // ---- the run: one stage, then continue as new ----
  publish();
  switch (s.stage) {
    case 'drafting':
      await drafting();
      break;
    case 'consultation':
      await consultation();
      break;
    case 'revision':
      await revision();
      break;
    case 'signing':
      await signing();
      break;
    case 'in-force':
      await inForce();
      break;
    default:
      break;
  }
  if (s.stage === 'withdrawn') {
    await notifier.sendAll(
      { kind: 'stage-notice', stepKey: 'withdrawn', stage: 'withdrawn', label: LABELS.withdrawn, summary: [{ vi: `Lý do: ${s.withdrawn?.reason ?? ''}`, en: `Reason: ${s.withdrawn?.reason ?? ''}` }] },
      notifier.everyone(),
    );
  }
  // A run that continues as new keeps the stage it ran in visibility; the next run records its own.
  if (finished() || !patched(STAGE_OF_RUN)) publish();
  await condition(allHandlersFinished);
  if (finished()) return statusNow();
  s.runs += 1;
  return continueAsNew<typeof regulationLifecycle>({ regulation: reg, clock: input.clock, carried: s });
}
