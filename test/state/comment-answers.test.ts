/**
 * The explanation table's rules without a server: comment ids, the setting that requires every
 * answer before the next draft (the default) or not, each refusal in one line naming the field,
 * and the explanations dropped from the carried state once the round is over.
 */
import { commentRows } from '../../domain/comments';
import type { LifecycleState, Round } from '../../domain/lifecycle';
import type { Regulation } from '../../domain/regulation';
import { compactRounds } from '../../workflows/state';
import { LIMITS, validateAnswerComments, validateSubmitDraft } from '../../workflows/validators';
import { longAn } from '../support/lifecycle-harness';

const reg = longAn() as unknown as Regulation;
const AT = '2022-09-23T02:00:00.000Z';

function revised(responses?: Round['responses']): LifecycleState {
  const round: Round = {
    n: 1,
    cycle: 1,
    draftVersion: 'v1',
    openedAt: AT,
    deadlineKey: 'consultation/round-1',
    closedAt: AT,
    result: 'changes-requested',
    tableSent: true,
    answers: {
      tand: {
        decision: 'request-changes',
        comments: [{ area: 'personnel', text: 'Bổ sung quy trình.' }, { text: 'Chung.' }],
        at: AT,
      },
      hdnd: { decision: 'agree', comments: [], at: AT },
    },
    ...(responses ? { responses } : {}),
  };
  return {
    version: 2,
    stage: 'revision',
    clock: { realStart: AT, scheduleStart: AT, speedup: 1 },
    cycle: 1,
    cycleStart: '2022-08-17',
    cycleFirstRound: 1,
    extraRounds: 0,
    roundsExhausted: false,
    drafts: [{ version: 'v1', link: 'https://d.example.org/v1', submittedAt: AT, cycle: 1 }],
    rounds: [round],
    deadlines: {},
    extensions: [],
    signing: { signatures: {} },
    reviews: [],
    exchangeCount: 0,
    runs: 3,
  };
}
const v2 = { version: 'v2', link: 'https://d.example.org/v2' };

test('comments are numbered per body in the definition order, agreeing bodies without comments have none', () => {
  expect(
    commentRows(
      revised().rounds[0]!,
      reg.bodies.map((b) => b.id),
    ).map((r) => [r.id, r.area, r.text]),
  ).toEqual([
    ['tand-1', 'personnel', 'Bổ sung quy trình.'],
    ['tand-2', undefined, 'Chung.'],
  ]);
});

test('by default the next draft waits for every answer; commentAnswers: optional lets it go', () => {
  expect(() => validateSubmitDraft(revised(), reg, v2)).toThrow(
    "comments: 2 comments of round 1 have no answer yet (tand-1, tand-2): answer each with 'regulation answer-comments' (accepted, partly-accepted or not-accepted with the explanation) before the next draft goes out, or set commentAnswers: optional in the definition",
  );
  expect(() => validateSubmitDraft(revised(), { ...reg, commentAnswers: 'optional' }, v2)).not.toThrow();
  const all = revised({
    'tand-1': { handling: 'accepted', at: AT },
    'tand-2': { handling: 'partly-accepted', explanation: 'Một phần.', at: AT },
  });
  expect(() => validateSubmitDraft(all, reg, v2)).not.toThrow();
});

test('each refusal names the field and the fix', () => {
  const s = revised();
  const bad: [unknown, string][] = [
    [
      { round: 1, responses: [] },
      'responses: empty: give at least one comment id with accepted, partly-accepted or not-accepted',
    ],
    [
      { round: 1, responses: [{ comment: 'tand-1', handling: 'maybe' }] },
      'responses[0].handling: "maybe" is not a handling: use accepted, partly-accepted or not-accepted',
    ],
    [
      { round: 1, responses: [{ comment: 'tand-1', handling: 'partly-accepted', explanation: '  ' }] },
      'responses[0].explanation: is empty: "partly-accepted" needs the explanation (giải trình) of why tand-1 is only partly taken in',
    ],
    [
      {
        round: 1,
        responses: [
          { comment: 'tand-1', handling: 'accepted' },
          { comment: 'tand-1', handling: 'accepted' },
        ],
      },
      'responses[1].comment: "tand-1" is answered twice in this update: give one answer per comment',
    ],
    [
      {
        round: 1,
        responses: [{ comment: 'tand-1', handling: 'not-accepted', explanation: 'x'.repeat(LIMITS.explanation + 1) }],
      },
      `responses[0].explanation: is longer than ${LIMITS.explanation} characters: shorten it or put it in the revised draft's note`,
    ],
    [
      { round: 1, responses: [{ comment: 'tand-1', handling: 'accepted' }], submittedBy: 'a\nb' },
      // The input rules refuse the line break before the validator's own length rule.
      'submittedBy: "a\\nb" contains a line break (\\n) at character 2: write it on one line',
    ],
  ];
  for (const [input, message] of bad) expect(() => validateAnswerComments(s, reg, input as never)).toThrow(message);
  expect(() =>
    validateAnswerComments({ ...s, stage: 'signing' }, reg, {
      round: 1,
      responses: [{ comment: 'tand-1', handling: 'accepted' }],
    }),
  ).toThrow('comments are answered while the secretariat revises the draft: the lifecycle is in signing');
});

test('the explanations of a round that is over are not carried: a summary stays, the handling too', () => {
  const s = revised({ 'tand-1': { handling: 'not-accepted', explanation: 'Giữ nguyên vì đã có quy định.', at: AT } });
  // While revised (the last round) the explanation stays; once round 2 opens it is compacted.
  expect(compactRounds(s.rounds)[0]!.responses!['tand-1']!.explanation).toBe('Giữ nguyên vì đã có quy định.');
  const [old] = compactRounds([
    ...s.rounds,
    { n: 2, cycle: 1, draftVersion: 'v2', openedAt: AT, deadlineKey: 'consultation/round-2', answers: {} },
  ]);
  expect(old!.responses!['tand-1']).toEqual({
    handling: 'not-accepted',
    at: AT,
    explained: expect.objectContaining({ count: 1, chars: 29 }),
  });
  expect(old!.answers['tand']!.comments).toEqual([]);
});
