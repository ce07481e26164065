/**
 * What a running lifecycle writes for the lists (patch listing-memo): at each step its listing
 * memo and the RegulationPeople / OpenWork / RegulationText search attributes say who has open
 * work, so the console's My work and Regulations pages and `regulation list` are one visibility
 * call. The runs are recorded (RECORD_HISTORIES=1) as the replay contract of the patch's new branch.
 */
import type { ListingMemo } from '../../domain/listing';
import { LISTING_MEMO_KEY } from '../../workflows/visibility';
import { OPEN_WORK, REGULATION_PEOPLE, REGULATION_TEXT } from '../../workflows/search-attributes';
import { longAn } from '../support/lifecycle-harness';
import {
  answerAllComments,
  lifecycleTestFile,
  mail,
  openFirstRound,
  serverCondition,
  startLifecycle,
} from '../support/scenario';

const { h, recorder } = lifecycleTestFile('listing-memo');

const ID = 'listing-memo-long-an';

async function listed(id: string, stage: string) {
  let seen = '';
  return serverCondition(
    `the listing memo of ${id}'s latest run at stage ${stage}`,
    async () => {
      const l = await describeListing(id);
      seen = l.memo?.stage ?? 'no memo';
      return l.memo?.stage === stage ? l : undefined;
    },
    () => `it shows ${seen}`,
  );
}

/** A run that continued as new writes its listing on its first task; until then its memo is empty. */
async function describeListing(id: string) {
  const d = await h.env.client.workflow.getHandle(id).describe();
  const memo = d.memo?.[LISTING_MEMO_KEY] as ListingMemo;
  const attr = (k: { name: string }) => (d.searchAttributes as Record<string, unknown[]>)[k.name];
  return { memo, people: attr(REGULATION_PEOPLE), openWork: attr(OPEN_WORK), text: attr(REGULATION_TEXT) };
}

test('the memo and search attributes follow the lifecycle from drafting to in force, each run handing its memo to the next', async () => {
  await h.withWorker(async () => {
    const started = await startLifecycle(
      h,
      longAn((r) => (r.id = ID)),
    );
    const { api, clock, runId } = started;

    // Drafting: the secretariat owes the draft; everyone who takes part is listed as a participant.
    let l = await listed(ID, 'drafting');
    expect(l.memo).toEqual(
      expect.objectContaining({ v: 1, lifecycleId: ID, stage: 'drafting', title: longAn().title, late: [] }),
    );
    expect(l.memo.open).toEqual([expect.objectContaining({ who: 'secretariat', action: 'draft' })]);
    expect(l.people).toEqual(
      expect.arrayContaining([
        'thuky@vanphong.example.org',
        'lienlac@hdnd.example.org',
        'vanthu@tand.example.com',
        'body:hdnd',
        'body:tand',
      ]),
    );
    expect(l.openWork).toEqual(expect.arrayContaining(['secretariat', 'thuky@vanphong.example.org']));
    expect(l.openWork).not.toContain('body:tand');
    expect(String(l.text)).toContain(ID);

    // Round 1 open: each body owes its feedback on v1, the secretariat nothing.
    await openFirstRound(h, started);
    l = await listed(ID, 'consultation');
    expect(l.memo.stage).toBe('consultation');
    expect(l.memo.round).toBe(1);
    expect(l.memo.next?.lastDay).toMatch(/^2022-09-\d\d$/);
    expect(l.memo.open.map((o) => `${o.who}:${o.action}`).sort()).toEqual(['hdnd:feedback', 'tand:feedback']);
    expect(l.openWork).toEqual(expect.arrayContaining(['body:hdnd', 'body:tand', 'vanthu@tand.example.com']));
    expect(l.openWork).not.toContain('secretariat');

    // One body agrees, the other asks for changes: the secretariat now owes the answers to the comments.
    await api.submitFeedback(ID, { body: 'hdnd', round: 1, decision: 'agree' });
    await api.submitFeedback(ID, {
      body: 'tand',
      round: 1,
      decision: 'request-changes',
      comments: [{ text: 'Bổ sung quy định về thời hạn cung cấp hồ sơ' }],
    });
    l = await listed(ID, 'revision');
    expect(l.memo.stage).toBe('revision');
    expect(l.memo.open.map((o) => `${o.who}:${o.action}`)).toEqual(expect.arrayContaining(['secretariat:answers']));
    expect(l.openWork).not.toContain('body:hdnd');

    // Revision answered, v2 agreed by both, signed: in force, nobody owes anything until the first review.
    await answerAllComments(api, ID);
    await api.submitDraft(ID, { version: 'v2', link: 'https://docs.example.org/quy-che/v2.pdf' });
    await h.sink.waitFor(mail(ID, 'feedback-request', 'consultation/round-2'), { count: 2 });
    await api.submitFeedback(ID, { body: 'hdnd', round: 2, decision: 'agree' });
    await api.submitFeedback(ID, { body: 'tand', round: 2, decision: 'agree' });
    l = await listed(ID, 'signing');
    expect(l.memo.stage).toBe('signing');
    expect(l.memo.open.map((o) => `${o.who}:${o.action}`).sort()).toEqual([
      'hdnd:sign',
      'secretariat:schedule',
      'tand:sign',
    ]);
    await clock.advanceTo('2022-09-30T10:00');
    await api.recordSignature(ID, { body: 'hdnd', signer: 'Mai Văn Nhiều' });
    await api.recordSignature(ID, { body: 'tand', signer: 'Lê Quốc Dũng' });
    await h.sink.waitFor(mail(ID, 'stage-notice', 'effective'), { count: 3 });
    l = await listed(ID, 'in-force');
    expect(l.memo.stage).toBe('in-force');
    expect(l.memo.open).toEqual([]);
    expect(l.openWork ?? []).toEqual([]);

    // Each run hands its listing to the next (the server would clear the memo): the drafting run's
    // continue-as-new carries its memo, and the next run starts with it.
    const first = await h.env.client.workflow.getHandle(ID, runId).fetchHistory();
    const events = first.events ?? [];
    const can = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes;
    const carried = can?.memo?.fields?.[LISTING_MEMO_KEY]?.data;
    expect(carried && JSON.parse(Buffer.from(carried).toString('utf8'))).toEqual(
      expect.objectContaining({ lifecycleId: ID, stage: 'drafting', title: longAn().title }),
    );
    const second = await h.env.client.workflow.getHandle(ID, can?.newExecutionRunId ?? undefined).fetchHistory();
    const startedMemo = second.events?.[0]?.workflowExecutionStartedEventAttributes?.memo?.fields?.[LISTING_MEMO_KEY];
    expect(startedMemo?.data && JSON.parse(Buffer.from(startedMemo.data).toString('utf8')).lifecycleId).toBe(ID);

    await recorder.add(ID, runId);
  });
});
