/** `regulation answer-comments ID`: the secretariat answers each comment of the round it revises (tiếp thu, giải trình). */
import { InvalidArgumentError, type Command } from 'commander';
import { answeredCount } from '../../domain/comments';
import type { Handling } from '../../domain/regulation';
import { UserError } from '../errors';
import { collect, example, lifecycleCommand, parsePositiveInt, parseText } from './common';
import { updateLifecycle } from './update';

interface AnswerOptions {
  accepted?: Answer[];
  partly?: Answer[];
  notAccepted?: Answer[];
  round?: number;
  by?: string;
}
interface Answer {
  comment: string;
  explanation?: string;
}

const COMMENT_ID = /^[a-z0-9][a-z0-9-]*-\d+$/;

/** COMMENT[=EXPLANATION] → the comment id and its explanation. */
function parseAnswer(value: string): Answer {
  const eq = value.indexOf('=');
  const comment = (eq >= 0 ? value.slice(0, eq) : value).trim();
  if (!COMMENT_ID.test(comment))
    throw new InvalidArgumentError(
      `"${comment}" is not a comment id: write BODY-N[=EXPLANATION], e.g. tand-2="Đã bổ sung tại Điều 5"; 'regulation status ID' lists the ids`,
    );
  const explanation = eq >= 0 ? value.slice(eq + 1).trim() : undefined;
  if (eq >= 0 && !explanation)
    throw new InvalidArgumentError(`The explanation after "${comment}=" is empty: write it, or leave out "="`);
  return { comment, ...(explanation ? { explanation } : {}) };
}

/** Registers `answer-comments`. */
export function registerAnswerComments(program: Command): void {
  const cmd = lifecycleCommand(
    program,
    'answer-comments',
    'answer comments of the round being revised: accepted, partly accepted or not accepted, with the explanation (bảng tổng hợp, tiếp thu, giải trình)',
  )
    .option(
      '--accepted <comment[=explanation]>',
      'a comment taken in, e.g. tand-1 or tand-1="Đã sửa Điều 3"; repeatable',
      collect(parseAnswer),
    )
    .option(
      '--partly <comment=explanation>',
      'a comment partly taken in, with the explanation; repeatable',
      collect(parseAnswer),
    )
    .option(
      '--not-accepted <comment=explanation>',
      'a comment not taken in, with the reason; repeatable',
      collect(parseAnswer),
    )
    .option('--round <n>', 'the round (default: the round under revision)', parsePositiveInt)
    .option('--by <name>', 'who answers', parseText)
    .action(async (id: string, opts: AnswerOptions) => {
      const responses = [
        ...(opts.accepted ?? []).map((a) => ({ ...a, handling: 'accepted' as Handling })),
        ...(opts.partly ?? []).map((a) => ({ ...a, handling: 'partly-accepted' as Handling })),
        ...(opts.notAccepted ?? []).map((a) => ({ ...a, handling: 'not-accepted' as Handling })),
      ];
      if (responses.length === 0)
        throw new UserError(
          'answer-comments: give at least one --accepted, --partly or --not-accepted COMMENT, e.g. --accepted tand-1',
        );
      await updateLifecycle(
        id,
        async (api) => {
          const round = opts.round ?? (await api.liveStatus(id)).round ?? 1;
          await api.answerComments(id, { round, responses, submittedBy: opts.by });
          return round;
        },
        (round, after) => {
          const r = after.rounds.find((x) => x.n === round);
          const { answered, total } = r ? answeredCount(r) : { answered: 0, total: 0 };
          return `${responses.length} answer${responses.length === 1 ? '' : 's'} to round ${round} recorded: ${answered} of ${total} comments answered${answered < total ? '' : '; the revised draft can go out'}`;
        },
      );
    });
  example(
    cmd,
    'regulation answer-comments long-an-hdnd-tand-2022 --accepted tand-1 \\',
    '    --partly tand-2="Bổ sung thời hạn 15 ngày; giữ nguyên phạm vi" \\',
    '    --not-accepted hdnd-1="Đã quy định tại Quy chế làm việc của Đảng đoàn"',
  );
}
