/**
 * The stages on their own, with stubbed activities (as samples-typescript tests workflows): the
 * planning activity answers a fixed plan relative to "now" (a reminder after one day, the
 * deadline after two, escalations after three and six), and the mail activity only records
 * what it was asked to send. Fast, and independent of the calendar and of SMTP; the end-to-end
 * scenarios (source-scenario, silence, …) keep the real activities.
 */
import type { PlanDeadlineInput, PlannedDeadline } from '../../domain/schedule/plan';
import type { OutgoingMail } from '../../activities';
import { longAn } from '../support/lifecycle-harness';
import { lifecycleTestFile, startLifecycle } from '../support/scenario';

const DAY = 86_400_000;
const sent: { kind: string; stepKey: string; to: string[]; slot?: string }[] = [];

function plan(input: PlanDeadlineInput): PlannedDeadline {
  const now = Date.parse(input.notBefore);
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  return {
    lastDay: at(2).slice(0, 10),
    at: at(2),
    reminders: input.reminders.length ? [{ offset: '1 day', date: at(1).slice(0, 10), at: at(1) }] : [],
    escalations: [at(3), at(6), at(9)].slice(0, input.escalations),
    ...(input.meetingTime ? { meetingAt: at(2) } : {}),
    asOf: input.notBefore,
    calendarVersion: 'stub',
  };
}

const { h } = lifecycleTestFile('stages-stubbed', {
  wrapActivities: (a) => ({
    ...a,
    planDeadline: async (input: PlanDeadlineInput) => plan(input),
    sendMail: async (req: OutgoingMail) => {
      const to = req.to.map((r) => r.email);
      sent.push({ kind: req.kind, stepKey: req.stepKey, to, slot: req.slot });
      return { sent: to, alreadySent: [], skipped: [] };
    },
  }),
});

beforeEach(() => (sent.length = 0));
const kinds = () => sent.map((m) => `${m.kind} ${m.stepKey}${m.slot ? ` [${m.slot}]` : ''} → ${m.to.join(',')}`);
/** What was asked to be sent, one step after another; the messages of one step go out at once, in any order. */
const steps = () => {
  const out: string[][] = [];
  let last = '';
  for (const [i, k] of kinds().entries()) {
    const step = `${sent[i]!.kind} ${sent[i]!.stepKey} ${sent[i]!.slot ?? ''}`;
    if (step !== last) out.push([]);
    out[out.length - 1]!.push(k);
    last = step;
  }
  return out.map((group) => group.sort());
};

test('drafting: the secretariat is reminded, then every body’s leaders are told it is late; a draft opens round 1', async () => {
  await h.withWorker(async () => {
    const { api, id } = await startLifecycle(
      h,
      longAn((r) => (r.id = 'stub-drafting')),
    );
    await h.env.sleep(3.5 * DAY);
    expect(steps()).toEqual([
      ['reminder drafting [1 day] → thuky@vanphong.example.org'],
      // A late secretariat: every body's leaders and the secretariat itself, one message each.
      [
        'escalation drafting [escalation-1] → chanhan@tand.example.com',
        'escalation drafting [escalation-1] → lanhdao@hdnd.example.org',
        'escalation drafting [escalation-1] → thuky@vanphong.example.org',
      ],
    ]);
    sent.length = 0;
    await api.submitDraft(id, { version: 'v1', link: 'https://docs.example.org/v1.pdf' });
    await h.env.sleep(60_000);
    expect(steps()).toEqual([
      [
        'feedback-request consultation/round-1 → lienlac@hdnd.example.org',
        'feedback-request consultation/round-1 → vanthu@tand.example.com',
      ],
    ]);
    expect((await api.status(id)).stage).toBe('consultation');
  });
});

test('consultation with silence as consent: the silent body is reminded, never escalated, and signing opens at the deadline', async () => {
  await h.withWorker(async () => {
    const { api, id } = await startLifecycle(
      h,
      longAn((r) => {
        r.id = 'stub-silence';
        r.schedule.silence = 'consent';
      }),
    );
    await api.submitDraft(id, { version: 'v1', link: 'https://docs.example.org/v1.pdf' });
    await h.env.sleep(60_000);
    await api.submitFeedback(id, { body: 'hdnd', round: 1, decision: 'agree' });
    sent.length = 0;
    await h.env.sleep(2.5 * DAY);
    expect(steps()).toEqual([
      ['reminder consultation/round-1 [1 day] → vanthu@tand.example.com'],
      [
        'signing-invitation signing [invitation-1] → chanhan@tand.example.com,vanthu@tand.example.com',
        'signing-invitation signing [invitation-1] → lanhdao@hdnd.example.org,lienlac@hdnd.example.org',
      ],
    ]);
    const s = await api.status(id);
    expect(s.stage).toBe('signing');
    expect(s.rounds[0]!.answers['tand']).toEqual(expect.objectContaining({ decision: 'consent-by-silence' }));
  });
});
