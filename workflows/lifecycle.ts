/**
 * The lifecycle of one coordination regulation: drafting → consultation rounds → revision →
 * signing → in force with periodic reviews → final review → closed (or withdrawn).
 * Each run handles one stage (or one review) and continues as new with explicit state, so
 * no history grows without bound over a term of years.
 */
import { allHandlersFinished, condition, makeContinueAsNewFunc, setHandler, workflowInfo } from '@temporalio/workflow';
import { anchorClock, ScheduleClock } from './clock';
import { DeadlineWatcher } from './deadline-watch';
import * as d from './definitions';
import type {
  ExchangeRecord,
  LifecycleInput,
  LifecycleState,
  LifecycleStatus,
  MailLogEntry,
  UpdateReceipt,
} from '../domain/lifecycle';
import { changeNotice, Notifier, type Audience } from './notify';
import { LABELS } from '../domain/words';
import { upgradeState } from './state';
import { buildStatus, stepPrefix } from './status';
import * as t from './transitions';
import { Visibility } from './visibility';
import * as v from './validators';
import { consultation } from './stages/consultation';
import { createStageContext } from './stages/context';
import { drafting } from './stages/drafting';
import { inForce } from './stages/in-force';
import { revision } from './stages/revision';
import { signing } from './stages/signing';
import { isPatched } from './patches';

/** Runs a regulation's lifecycle from its definition; the workflow id derives from the regulation id. */
export async function regulationLifecycle(input: LifecycleInput): Promise<LifecycleStatus> {
  const reg = input.regulation;
  const id = workflowInfo().workflowId;
  // Any carried shape, however old, is brought to the current version first.
  const s: LifecycleState = input.carried
    ? upgradeState(input.carried)
    : t.initialState(anchorClock(input.clock), input.regulation.kickoff);
  const clock = new ScheduleClock(s.clock);
  // A regulation adopted under way (read only when present, at its first run): what already happened.
  if (!input.carried && reg.adopted) t.adoptState(s, reg.adopted, id, clock.today(reg.timezone), clock.nowIso());
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
  const visibility = new Visibility(
    reg,
    s,
    () => watcher,
    () => statusNow(),
    id,
  );
  const publish = () => visibility.publish();
  const details = () => visibility.details();
  function statusNow(): LifecycleStatus {
    return {
      ...buildStatus(reg, s, clock, watcher),
      mails: runMails,
      exchanges: runExchanges,
      runId: workflowInfo().runId,
      firstRunId: workflowInfo().firstExecutionRunId,
    };
  }
  /** What an update returns: small, since it is written to history; the state is the status query. */
  function receipt(update: string): UpdateReceipt {
    return {
      accepted: true,
      update,
      stage: s.stage,
      cycle: s.cycle,
      round: round()?.n,
      draftVersion: lastDraft()?.version,
      at: clock.nowIso(),
    };
  }

  // One module per stage (workflows/stages/), all on this run's context.
  const c = createStageContext({ reg, id, s, clock, notifier, watcher, runMails, publish, details });

  // ---- handlers: validators reject before anything is written ----
  setHandler(d.status, statusNow);
  setHandler(d.pendingParties, (key: string) => watcher.pendingFor(key));
  setHandler(d.openDeadlines, () => watcher.open());
  watcher.changeNotice = changeNotice(notifier);
  setHandler(d.replanDeadlines, (i) => watcher.replan(i.calendarVersion), { validator: (i) => v.validateReplan(s, i) });
  setHandler(
    d.submitDraft,
    (i) => {
      s.drafts.push({
        version: i.version,
        link: i.link,
        sha256: i.sha256,
        note: i.note,
        submittedAt: clock.nowIso(),
        cycle: s.cycle,
        submittedBy: i.submittedBy,
      });
      return receipt('submitDraft');
    },
    { validator: (i) => v.validateSubmitDraft(s, reg, i) },
  );
  setHandler(
    d.submitFeedback,
    (i) => {
      const r = round()!;
      r.answers[i.body] = {
        decision: i.decision,
        comments: i.comments ?? [],
        reference: i.reference,
        submittedBy: i.submittedBy,
        at: clock.nowIso(),
      };
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
      if (entry && entry.lastDay !== day)
        entry.requested = { to: day, reason: `signing session scheduled for ${i.at}`, submittedBy: i.submittedBy };
      else await c.sendSigningInvitations(entry);
      return receipt('scheduleSigning');
    },
    { validator: (i) => v.validateScheduleSigning(s, reg, i, clock.nowMs()) },
  );
  setHandler(
    d.recordSignature,
    (i) => {
      s.signing.signatures[i.body] = {
        signer: i.signer,
        signedAt: i.signedAt ? new Date(Date.parse(i.signedAt)).toISOString() : clock.nowIso(),
        submittedBy: i.submittedBy,
      };
      publish();
      return receipt('recordSignature');
    },
    { validator: (i) => v.validateRecordSignature(s, reg, i, clock.nowMs()) },
  );
  setHandler(
    d.extendDeadline,
    (i) => {
      if (i.deadline === 'rounds')
        t.grantRound(s, reg.schedule.maxRounds, i.to, i.reason, clock.nowIso(), i.submittedBy);
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
          exchange: {
            from: notifier.bodyName(i.from),
            to: i.to.map((b) => notifier.bodyName(b)),
            subject: i.subject,
            summary: i.summary,
            link: i.link,
          },
        },
        [...i.to.map((b): Audience => ({ role: 'body', body: b })), { role: 'secretariat' }],
      );
      return receipt('logInformationExchange');
    },
    { validator: (i) => v.validateLogExchange(s, reg, i) },
  );
  setHandler(
    d.answerComments,
    (i) => {
      const r = round()!;
      const at = clock.nowIso();
      const responses = { ...r.responses };
      for (const x of i.responses)
        responses[x.comment] = {
          handling: x.handling,
          ...(x.explanation?.trim() ? { explanation: x.explanation } : {}),
          at,
          ...(i.submittedBy ? { submittedBy: i.submittedBy } : {}),
        };
      r.responses = responses;
      publish();
      return receipt('answerComments');
    },
    { validator: (i) => v.validateAnswerComments(s, reg, i) },
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

  // ---- the run: one stage, then continue as new ----
  publish();
  switch (s.stage) {
    case 'drafting':
      await drafting(c);
      break;
    case 'consultation':
      await consultation(c);
      break;
    case 'revision':
      await revision(c);
      break;
    case 'signing':
      await signing(c);
      break;
    case 'in-force':
      await inForce(c);
      break;
    default:
      break;
  }
  if (s.stage === 'withdrawn') {
    await notifier.sendAll(
      {
        kind: 'stage-notice',
        stepKey: 'withdrawn',
        stage: 'withdrawn',
        label: LABELS.withdrawn,
        summary: [{ vi: `Lý do: ${s.withdrawn?.reason ?? ''}`, en: `Reason: ${s.withdrawn?.reason ?? ''}` }],
      },
      notifier.everyone(),
    );
  }
  // A run that continues as new keeps the stage it ran in visibility; the next run records its own.
  if (finished() || !isPatched('stageOfRun')) publish();
  await condition(allHandlersFinished);
  if (finished()) return statusNow();
  s.runs += 1;
  // The server clears the memo on continue-as-new (search attributes carry over): the next run
  // starts with this run's listing, so lists show the row whole until that run writes its own.
  // No patch: replay compares a continue-as-new command by its kind, not its memo (the replay
  // suite runs every recorded history through this line).
  return makeContinueAsNewFunc<typeof regulationLifecycle>({ memo: workflowInfo().memo })({
    regulation: reg,
    clock: input.clock,
    carried: s,
  });
}
