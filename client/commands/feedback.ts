/** `regulation feedback ID`: records one body's answer to a consultation round. */
import { Option, type Command } from 'commander';
import { UserError } from '../errors';
import { collect, example, lifecycleCommand, parseAreaText, parsePositiveInt, parseText } from './common';
import { DECISION } from '../../domain/words';
import { updateLifecycle } from './update';

interface FeedbackOptions {
  body: string;
  agree?: boolean;
  requestChanges?: boolean;
  comment?: { area?: string; text: string }[];
  reference?: string;
  round?: number;
  by?: string;
}

/** Registers `feedback`. */
export function registerFeedback(program: Command): void {
  const cmd = lifecycleCommand(
    program,
    'feedback',
    "record a body's answer to the current consultation round (e.g. from its official letter)",
  )
    .requiredOption('--body <id>', 'the answering body, e.g. tand', parseText)
    .addOption(new Option('--agree', 'the body agrees with the draft').conflicts('requestChanges'))
    .addOption(
      new Option('--request-changes', 'the body asks for changes (give at least one --comment)').conflicts('agree'),
    )
    .option(
      '--comment <area=text>',
      'a comment on an area (AREA=TEXT), or a general comment (TEXT); repeatable',
      collect(parseAreaText),
    )
    .option('--reference <text>', 'the letter it came in, e.g. "123/CV-TAND, 2022-09-20"', parseText)
    .option('--round <n>', 'the round answered (default: the current round)', parsePositiveInt)
    .option('--by <name>', 'who recorded or sent the answer', parseText)
    .action(async (id: string, opts: FeedbackOptions) => {
      if (!opts.agree && !opts.requestChanges) throw new UserError('feedback: choose --agree or --request-changes');
      const decision = opts.agree ? 'agree' : 'request-changes';
      const n = opts.comment?.length ?? 0;
      await updateLifecycle(
        id,
        async (api) => {
          // Default to the current round; fetching it also reports an unknown id before anything else.
          const round = opts.round ?? (await api.status(id)).round ?? 1;
          const { body, reference, by: submittedBy } = opts;
          await api.submitFeedback(id, { body, round, decision, comments: opts.comment ?? [], reference, submittedBy });
          return round;
        },
        (round) =>
          `Answer of ${opts.body} to round ${round} recorded: ${DECISION[decision].en}, ${n} comment${n === 1 ? '' : 's'}`,
      );
    });
  example(
    cmd,
    'regulation feedback long-an-hdnd-tand-2022 --body tand --request-changes \\',
    '    --comment supervision="Add a 15-day limit for answering supervision requests" \\',
    '    --comment "Use the 2022 name of the office" --reference "123/CV-TAND, 2022-09-20"',
    'regulation feedback long-an-hdnd-tand-2022 --body hdnd --agree',
  );
}
