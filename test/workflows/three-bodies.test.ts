/**
 * A regulation between three bodies, one of which reads English: requests go to all three in
 * their own language, a round closes only when all three answered, and signing needs three
 * signatures.
 */
import { longAn, procuracy } from '../support/lifecycle-harness';
import { lifecycleTestFile, mail, startLifecycle } from '../support/scenario';

const { h, recorder } = lifecycleTestFile('three-bodies');

const ID = 'three-bodies';
const VKS = 'vanthu@vks.example.net';
const VKS_LEADER = 'vientruong@vks.example.net';

test('three bodies: requests in each body’s language, a round closes when all three answered, three signatures', async () => {
  const regulation = longAn((r) => {
    r.id = ID;
    r.bodies.push(procuracy());
  });
  await h.withWorker(async () => {
    const { api, clock, runId } = await startLifecycle(h, regulation);
    await clock.advanceTo('2022-09-08T09:00');
    await api.submitDraft(ID, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });

    // One request per body, each in its language.
    const requests = await h.sink.waitFor(mail(ID, 'feedback-request', 'consultation/round-1'), { count: 3 });
    expect(requests.map((m) => m.to[0]).sort()).toEqual(['lienlac@hdnd.example.org', 'vanthu@tand.example.com', VKS]);
    const en = requests.find((m) => m.to[0] === VKS)!;
    expect(en.subject).toBe(`[${ID}] Request for comments — Comments on draft v1 (round 1) — due 22 Sep 2022`);
    expect(en.text).toContain("We send the Party Affairs Committee of the Provincial People's Procuracy draft v1 of");
    // The English copy names the areas by id, with a command that pastes as it is.
    expect(en.text).toContain("personnel — Personnel: people's jurors");
    expect(en.text).toContain(`    npx regulation feedback ${ID} --round 1 --body vks --agree`);
    expect(en.text).toContain(
      "Joint secretariat (Office of the Provincial People's Council; Office of the Provincial People's Court)",
    );
    expect(en.text).toContain('24:00 (end of day) on Thursday, 22 September 2022');
    const vi = requests.find((m) => m.to[0] === 'lienlac@hdnd.example.org')!;
    expect(vi.subject).toBe(`[${ID}] Đề nghị góp ý — Góp ý dự thảo v1 (vòng 1) — hạn 22/09/2022`);

    // Two of three answers leave the round open; the procuracy is reminded in English.
    await clock.advanceTo('2022-09-12T10:00');
    await api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree' });
    await api.submitFeedback(ID, { body: 'tand', round: 1, decision: 'agree' });
    await clock.advanceTo('2022-09-13T09:00');
    const [reminder] = await h.sink.waitFor(mail(ID, 'reminder', 'consultation/round-1'));
    expect(reminder!.to).toEqual([VKS]);
    expect(reminder!.subject).toBe(`[${ID}] Reminder — Comments on draft v1 (round 1) — due 22 Sep 2022`);
    let s = await api.status(ID);
    expect(s.stage).toBe('consultation');
    expect(s.parties).toEqual([
      { body: 'hdnd', state: 'answered', decision: 'agree' },
      { body: 'tand', state: 'answered', decision: 'agree' },
      { body: 'vks', state: 'pending' },
    ]);

    // The third answer closes the round: signing invitations to each body's signatory and contacts.
    await api.submitFeedback(ID, { body: 'vks', round: 1, decision: 'agree', reference: 'No. 45/VKS, 2022-09-13' });
    const invitations = await h.sink.waitFor(mail(ID, 'signing-invitation', 'signing'), { count: 6 });
    expect(invitations.map((m) => m.to[0]).sort()).toEqual(
      [
        'chanhan@tand.example.com',
        'lanhdao@hdnd.example.org',
        'lienlac@hdnd.example.org',
        VKS,
        'vanthu@tand.example.com',
        VKS_LEADER,
      ].sort(),
    );
    expect(invitations.find((m) => m.to[0] === VKS_LEADER)!.subject).toMatch(
      new RegExp(`^\\[${ID}\\] Invitation to sign — Signing of the coordination regulation`),
    );

    // Two signatures are not enough.
    await clock.advanceTo('2022-09-20T10:00');
    await api.recordSignature(ID, { body: 'hdnd', signer: 'Mai Văn Nhiều' });
    await api.recordSignature(ID, { body: 'tand', signer: 'Lê Quốc Dũng' });
    await clock.advanceTo('2022-09-21T10:00');
    s = await api.status(ID);
    expect(s.stage).toBe('signing');
    expect(s.parties).toEqual([
      { body: 'hdnd', state: 'signed' },
      { body: 'tand', state: 'signed' },
      { body: 'vks', state: 'pending' },
    ]);

    // The third makes it effective; the notice reaches the secretariat and all three bodies.
    await api.recordSignature(ID, { body: 'vks', signer: 'Pham Van Vien' });
    const notices = await h.sink.waitFor(mail(ID, 'stage-notice', 'effective'), { count: 4 });
    expect(notices.find((m) => m.to[0] === VKS)!.text).toContain(
      'The regulation is in force from Wednesday, 21 September 2022.',
    );
    expect(notices.find((m) => m.to[0] === 'lienlac@hdnd.example.org')!.text).toContain(
      'Quy chế có hiệu lực kể từ Thứ Tư, 21/09/2022.',
    );
    await clock.advanceTo('2022-09-22T10:00');
    s = await api.status(ID);
    expect(s).toEqual(expect.objectContaining({ stage: 'in-force', effectiveDate: '2022-09-21' }));
    expect(Object.keys(s.signatures).sort()).toEqual(['hdnd', 'tand', 'vks']);
    expect(s.rounds).toEqual([expect.objectContaining({ n: 1, result: 'agreed' })]);
    expect(Object.keys(s.rounds[0]!.answers).sort()).toEqual(['hdnd', 'tand', 'vks']);
    await recorder.add(ID, runId, { runs: [1] }); // round 1 with three bodies
  });
});
