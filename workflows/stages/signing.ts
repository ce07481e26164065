/** Signing: invitations, reminders and escalations until every body has signed; then in force. */
import { LABELS } from '../../domain/words';
import * as t from '../transitions';
import type { StageContext } from './context';

/** Runs the signing stage: invitations, reminders and escalations until every body has signed. */
export async function signing(c: StageContext): Promise<void> {
  const {
    reg,
    s,
    clock,
    watcher,
    finished,
    prefix,
    remindBodies,
    escalateParties,
    signCommand,
    sendSigningInvitations,
  } = c;
  const key = `${prefix()}signing`;
  const label = LABELS.signing;
  const session = s.signing.session;
  const agreedDay = clock.localDate(Date.parse(s.signing.agreedAt ?? clock.nowIso()), reg.timezone);
  await watcher.watch({
    key,
    stage: 'signing',
    label,
    rule: session
      ? { on: clock.localDate(Date.parse(session.at), reg.timezone) }
      : { after: agreedDay, period: reg.schedule.signing },
    pending: () => reg.bodies.map((b) => b.id).filter((b) => !s.signing.signatures[b]),
    cancelled: finished,
    opened: (e) => sendSigningInvitations(e),
    remind: (p, slot, e) => remindBodies(p, label, key, e, slot.offset, signCommand),
    missed: async () => 'escalate',
    escalate: (p, n, e) => escalateParties(p, label, key, e, n),
    extended: (e) => sendSigningInvitations(e),
  });
  if (finished()) return;
  const last = Object.values(s.signing.signatures)
    .map((x) => x.signedAt)
    .sort()
    .pop()!;
  t.becomeEffective(s, clock.localDate(Date.parse(last), reg.timezone));
}
