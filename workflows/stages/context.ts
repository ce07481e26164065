/**
 * What every stage of a lifecycle run works with: the definition, the carried state, the clock,
 * the notifier and the deadline watcher, and the pieces the stages share (reminding, escalating,
 * inviting to sign). Built once per run by regulationLifecycle (lifecycle.ts).
 */
import type { AnswerCommand } from '../../domain/mail';
import type { ScheduleClock } from '../clock';
import type { DeadlineWatcher } from '../deadline-watch';
import type { DeadlineEntry, LifecycleState, MailLogEntry } from '../../domain/lifecycle';
import type { Localized } from '../../domain/locale';
import { LABELS } from '../../domain/words';
import { howToAnswer, type Audience, type Notifier } from '../notify';
import { stepPrefix } from '../status';
import * as t from '../transitions';
import * as v from '../validators';
import type { DraftVersion, Round } from '../../domain/lifecycle';
import type { Regulation } from '../../domain/regulation';

export interface StageContext {
  reg: Regulation;
  /** The lifecycle's workflow id. */
  id: string;
  s: LifecycleState;
  clock: ScheduleClock;
  notifier: Notifier;
  watcher: DeadlineWatcher;
  /** This run's emails (not carried). */
  runMails: MailLogEntry[];
  finished(): boolean;
  prefix(): string;
  lastDraft(): DraftVersion | undefined;
  round(): Round | undefined;
  publish(): void;
  details(): void;
  nextVersion(): string;
  openRound(): void;
  remindBodies(
    parties: string[],
    label: Localized,
    stepKey: string,
    entry: DeadlineEntry,
    slot: string,
    command: (party: string) => AnswerCommand,
    extra?: Partial<Parameters<Notifier['send']>[0]>,
  ): Promise<void>;
  escalateParties(parties: string[], label: Localized, stepKey: string, entry: DeadlineEntry, n: number): Promise<void>;
  signCommand(body: string): AnswerCommand;
  sendSigningInvitations(entry: DeadlineEntry | undefined): Promise<void>;
}

/** Builds the context of one run. */
export function createStageContext(
  base: Pick<StageContext, 'reg' | 'id' | 's' | 'clock' | 'notifier' | 'watcher' | 'runMails' | 'publish' | 'details'>,
): StageContext {
  const { reg, id, s, clock, notifier } = base;
  const finished = () => s.stage === 'closed' || s.stage === 'withdrawn';
  const lastDraft = () => s.drafts[s.drafts.length - 1];
  const round = () => v.currentRound(s);
  const prefix = () => stepPrefix(s.cycle);
  // ---- shared pieces of the stages ----
  const remindBodies: StageContext['remindBodies'] = async (
    parties,
    label,
    stepKey,
    entry,
    slot,
    command,
    extra = {},
  ) => {
    await notifier.each(parties, async (p) => {
      const audience: Audience = p === 'secretariat' ? { role: 'secretariat' } : { role: 'body', body: p };
      await notifier.send(
        {
          kind: 'reminder',
          stepKey,
          stage: entry.stage,
          label,
          slot,
          deadline: entry,
          answer: howToAnswer(command(p)),
          about: [p],
          ...extra,
        },
        audience,
      );
    });
  };
  async function escalateParties(
    parties: string[],
    label: Localized,
    stepKey: string,
    entry: DeadlineEntry,
    n: number,
  ): Promise<void> {
    const bodies = parties.filter((p) => p !== 'secretariat');
    // A late secretariat is escalated to every body's leaders and to itself; a late body to its own
    // leaders (cc the secretariat). One message, so each person gets one copy of it.
    const targets = bodies.length > 0 ? bodies : reg.bodies.map((b) => b.id);
    const audiences: Audience[] = [
      ...targets.map((b): Audience => ({ role: 'leaders', body: b })),
      ...(bodies.length === 0 ? [{ role: 'secretariat' } as const] : []),
    ];
    await notifier.sendAll(
      {
        kind: 'escalation',
        stepKey,
        stage: entry.stage,
        label,
        slot: `escalation-${n}`,
        deadline: entry,
        pendingBodies: bodies,
        about: parties,
      },
      audiences,
    );
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
    await notifier.each(reg.bodies, async (b) => {
      if (s.signing.signatures[b.id]) return;
      await notifier.send(
        {
          kind: 'signing-invitation',
          stepKey: `${prefix()}signing`,
          slot: `invitation-${seq}`,
          stage: 'signing',
          label: LABELS.signing,
          deadline: entry,
          document: lastDraft()
            ? { version: lastDraft()!.version, link: lastDraft()!.link, sha256: lastDraft()!.sha256 }
            : undefined,
          meeting: session
            ? {
                at: session.at,
                place: session.place,
                uid: `${id}/signing-session@regulations.local`,
                sequence: seq - 1,
              }
            : undefined,
          answer: howToAnswer(signCommand(b.id)),
        },
        { role: 'signatory', body: b.id },
      );
    });
  }
  const openRound = () => t.openRound(s, clock.nowIso());
  return {
    ...base,
    finished,
    prefix,
    lastDraft,
    round,
    nextVersion,
    openRound,
    remindBodies,
    escalateParties,
    signCommand,
    sendSigningInvitations,
  };
}
