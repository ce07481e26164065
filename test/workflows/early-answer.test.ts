/**
 * A body that answers while its request is still being prepared (the round's deadline being
 * planned, e.g. a slow or retrying activity) is not sent the request: it has nothing left to do.
 * The other bodies get theirs as usual.
 */
import type { PlanDeadlineInput } from '../../domain/schedule/plan';
import { longAn } from '../support/lifecycle-harness';
import { lifecycleTestFile, mail, startLifecycle } from '../support/scenario';

/** Holds planDeadline calls of the consultation while `held` is set, and says when one is waiting. */
class Gate {
  held = false;
  private release?: () => void;
  private entered?: () => void;
  readonly waiting = new Promise<void>((resolve) => (this.entered = resolve));
  async pass(input: PlanDeadlineInput): Promise<void> {
    if (!this.held || !('after' in input.rule) || input.rule.period.amount !== 10) return;
    this.entered?.();
    await new Promise<void>((resolve) => (this.release = resolve));
  }
  open(): void {
    this.held = false;
    this.release?.();
  }
}

const gate = new Gate();
const { h, recorder } = lifecycleTestFile('early-answer', {
  wrapActivities: (a) => ({ ...a, planDeadline: async (input) => (await gate.pass(input), a.planDeadline(input)) }),
});

const ID = 'early-answer';

test('a body that answered before its feedback request went out is not sent one; the other body is', async () => {
  await h.withWorker(async () => {
    const { api, clock, runId } = await startLifecycle(
      h,
      longAn((r) => (r.id = ID)),
    );
    await clock.advanceTo('2022-09-08T09:00');
    gate.held = true;
    await api.submitDraft(ID, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });
    // The consultation run is planning round 1's deadline; the council answers meanwhile.
    await gate.waiting;
    await api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree', reference: '45/CV-HĐND' });
    gate.open();

    const [request] = await h.sink.waitFor(mail(ID, 'feedback-request', 'consultation/round-1'));
    expect(request!.to).toEqual(['vanthu@tand.example.com']);
    await api.submitFeedback(ID, { body: 'tand', round: 1, decision: 'agree' });
    await h.sink.waitFor(mail(ID, 'signing-invitation', 'signing'), { count: 2 });

    expect(h.sink.messages.filter(mail(ID, 'feedback-request')).map((m) => m.to)).toEqual([
      ['vanthu@tand.example.com'],
    ]);
    const s = await api.status(ID);
    expect(s.stage).toBe('signing');
    expect(s.rounds[0]!.answers['hdnd']).toEqual(
      expect.objectContaining({ decision: 'agree', reference: '45/CV-HĐND' }),
    );
    expect(s.mails.filter((m) => m.kind === 'feedback-request').map((m) => m.to)).toEqual([
      ['vanthu@tand.example.com'],
    ]);
    await recorder.add(ID, runId, { runs: [1] }); // the consultation run
  });
});
