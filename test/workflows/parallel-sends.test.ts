/**
 * One step's messages go out at once: a body whose mail server defers its message (greylisting,
 * a full queue: a 451, retried with backoff for up to hours) holds up nobody else. Three bodies;
 * the council's server defers its request until the test lets it through.
 */
import { longAn, procuracy } from '../support/lifecycle-harness';
import { lifecycleTestFile, mail, serverCondition, startLifecycle } from '../support/scenario';

const ID = 'parallel-sends';
const HDND = 'lienlac@hdnd.example.org';
const TAND = 'vanthu@tand.example.com';
const VKS = 'vanthu@vks.example.net';

let deferring = true;
const { h, recorder } = lifecycleTestFile('parallel-sends', {
  deferRecipients: (address) => deferring && address === HDND,
});

test('a body whose mail server defers its request holds up nobody else: the other bodies have theirs while it is retried, then it gets one copy', async () => {
  const regulation = longAn((r) => {
    r.id = ID;
    r.bodies.push(procuracy());
  });
  const requests = mail(ID, 'feedback-request', 'consultation/round-1');
  await h.withWorker(async () => {
    const { api, clock, runId } = await startLifecycle(h, regulation);
    await clock.advanceTo('2022-09-08T09:00');
    await api.submitDraft(ID, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });

    // The council comes first in the definition; the court and the procuracy do not wait for it.
    const others = await h.sink.waitFor((m) => requests(m) && m.to[0] !== HDND, { count: 2 });
    expect(others.map((m) => m.to[0]).sort()).toEqual([TAND, VKS]);
    const retried = await serverCondition('the council’s request to be retried', async () => {
      const pending = (await h.env.client.workflow.getHandle(ID).describe()).raw.pendingActivities ?? [];
      return pending.find((a) => (a.attempt ?? 0) >= 2);
    });
    expect(retried.lastFailure?.message).toMatch(/451/);
    expect(h.sink.messages.filter((m) => requests(m) && m.to[0] === HDND)).toHaveLength(0);

    // The council's server takes mail again: its request goes out with the next retry, once.
    deferring = false;
    await clock.advanceTo('2022-09-08T10:00');
    await h.sink.waitFor((m) => requests(m) && m.to[0] === HDND);
    expect(
      h.sink.messages
        .filter(requests)
        .map((m) => m.to[0])
        .sort(),
    ).toEqual([HDND, TAND, VKS]);
    // The record lists the requests in the definition's order, whichever was accepted first.
    const s = await api.status(ID);
    expect(s.mails.filter((m) => m.kind === 'feedback-request').map((m) => m.to.join(','))).toEqual([HDND, TAND, VKS]);
    await recorder.add(ID, runId, { runs: [1] }); // round 1: three requests at once, one of them retried
  });
});

test('a clerk who is the contact of two bodies gets each body’s request, each with its own Message-ID', async () => {
  const SHARED = 'vanthu-chung@noichinh.example.org';
  const id = 'shared-contact';
  const regulation = longAn((r) => {
    r.id = id;
    for (const b of r.bodies) b.contacts = [{ name: 'Văn thư chung', email: SHARED }];
  });
  await h.withWorker(async () => {
    const { api, clock } = await startLifecycle(h, regulation);
    await clock.advanceTo('2022-09-08T09:00');
    await api.submitDraft(id, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });
    const both = await h.sink.waitFor(mail(id, 'feedback-request', 'consultation/round-1'), { count: 2 });
    expect(both.map((m) => m.to)).toEqual([[SHARED], [SHARED]]);
    // One names the council's command, the other the court's.
    expect(both.map((m) => /--body (\w+)/.exec(m.text)?.[1]).sort()).toEqual(['hdnd', 'tand']);
    expect(new Set(both.map((m) => m.messageId)).size).toBe(2);
  });
});
