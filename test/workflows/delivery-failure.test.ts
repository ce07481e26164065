/**
 * A mistyped address: the SMTP server refuses it for good. The send is not retried forever;
 * the secretariat is told which address failed, the other bodies still get their mail, and the
 * lifecycle goes on.
 */
import { RegulationsClient } from '../../client/api';
import { createHarness, KICKOFF_AT, longAn, type Harness } from '../support/lifecycle-harness';
import { serverCondition } from '../support/scenario';

const BOUNCE = 'van-thu@tand.example.con';
const BOUNCE_HDND = 'lien-lac@hdnd.example.con';
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ rejectRecipients: (a) => a === BOUNCE || a === BOUNCE_HDND });
});
afterAll(async () => {
  await h?.teardown();
});

test('a refused address is reported to the secretariat and the round still opens', async () => {
  const regulation = longAn((r) => {
    r.id = 'delivery-failure';
    r.bodies[1]!.contacts = [{ name: 'Lê Thị Văn Thư', email: BOUNCE }];
  });
  await h.withWorker(async () => {
    const api = new RegulationsClient(h.env.client, h.taskQueue);
    await api.start(regulation, { startAt: KICKOFF_AT });
    await api.submitDraft(regulation.id, { version: 'v1', link: 'https://docs.example.org/v1.pdf' });

    const [report] = await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'delivery-failure');
    expect(report!.to).toEqual(['thuky@vanphong.example.org']);
    expect(report!.text).toContain(BOUNCE);
    const [request] = await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'feedback-request');
    expect(request!.to).toEqual(['lienlac@hdnd.example.org']);

    // The requests go out at once: the council's is in the record once its activity completed.
    const s = await serverCondition('the council’s request in the record', async () => {
      const status = await api.status(regulation.id);
      return status.mails.some((m) => m.kind === 'feedback-request') ? status : undefined;
    });
    expect(s.stage).toBe('consultation');
    // The refused request is not logged as sent (the report itself may still be completing).
    expect(s.mails.filter((m) => m.kind === 'feedback-request').map((m) => m.to.join(','))).toEqual([
      'lienlac@hdnd.example.org',
    ]);
    // Nothing was ever accepted for the refused address.
    expect(h.sink.messages.filter((m) => m.envelopeTo.includes(BOUNCE))).toEqual([]);
  });
});

test('two refused addresses in one step: the secretariat is told of each', async () => {
  const regulation = longAn((r) => {
    r.id = 'delivery-failure-two';
    r.bodies[0]!.contacts = [{ name: 'Nguyễn Văn Liên Lạc', email: BOUNCE_HDND }];
    r.bodies[1]!.contacts = [{ name: 'Lê Thị Văn Thư', email: BOUNCE }];
  });
  await h.withWorker(async () => {
    const api = new RegulationsClient(h.env.client, h.taskQueue);
    await api.start(regulation, { startAt: KICKOFF_AT });
    await api.submitDraft(regulation.id, { version: 'v1', link: 'https://docs.example.org/v1.pdf' });

    const ofThis = (m: { headers: Record<string, string> }) =>
      m.headers['x-lifecycle-id'] === regulation.id && m.headers['x-mail-kind'] === 'delivery-failure';
    const reports = await h.sink.waitFor(ofThis, { count: 2 });
    expect(reports.map((m) => m.to)).toEqual([['thuky@vanphong.example.org'], ['thuky@vanphong.example.org']]);
    expect(
      reports
        .map((m) => (m.text.includes(BOUNCE) ? BOUNCE : m.text.includes(BOUNCE_HDND) ? BOUNCE_HDND : m.text))
        .sort(),
    ).toEqual([BOUNCE_HDND, BOUNCE].sort());
    expect(new Set(reports.map((m) => m.messageId)).size).toBe(2);
  });
});
