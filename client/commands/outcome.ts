/** `regulation outcome ID`: records what a review meeting decided. */
import { Option, type Command } from 'commander';
import { UserError } from '../errors';
import type { ReviewDecision } from '../../domain/regulation';
import { example, lifecycleCommand, parseLines, parseReview } from './common';
import { updateReview } from './update';
import { capitalized, LABELS, OUTCOME } from '../../domain/words';

interface OutcomeOptions {
  review: number | 'final';
  continue?: boolean;
  amend?: boolean;
  end?: boolean;
  notes?: string;
}

/** Registers `outcome`. */
export function registerOutcome(program: Command): void {
  const cmd = lifecycleCommand(
    program,
    'outcome',
    'record the outcome of a review meeting: continue, amend (a new drafting cycle) or end',
  )
    .requiredOption('--review <n|final>', 'the review: its number, or "final"', parseReview)
    .addOption(new Option('--continue', 'the regulation continues unchanged').conflicts(['amend', 'end']))
    .addOption(
      new Option('--amend', 'the regulation is amended: a new drafting cycle starts').conflicts(['continue', 'end']),
    )
    .addOption(new Option('--end', 'the regulation ends').conflicts(['continue', 'amend']))
    .option('--notes <text>', "the meeting's conclusions", parseLines)
    .action(async (id: string, opts: OutcomeOptions) => {
      const decision: ReviewDecision | undefined = opts.continue
        ? 'continue'
        : opts.amend
          ? 'amend'
          : opts.end
            ? 'end'
            : undefined;
      if (!decision) throw new UserError('outcome: choose --continue, --amend or --end');
      await updateReview(
        id,
        opts.review,
        (api, review, final) => api.recordReviewOutcome(id, { review, decision, notes: opts.notes, final }),
        (review, final) =>
          `Outcome of the ${LABELS.review(final ? 'tong-ket' : 'so-ket', review).en.toLowerCase()} of ${id} recorded: ${capitalized(OUTCOME[decision]).en}`,
      );
    });
  example(
    cmd,
    'regulation outcome long-an-hdnd-tand-2022 --review 1 --continue --notes "Keep the regulation; meet again next year"',
  );
}
