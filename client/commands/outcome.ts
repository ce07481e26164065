/** `regulation outcome ID`: records what a review meeting decided. */
import { Option, type Command } from 'commander';
import { UserError } from '../errors';
import type { ReviewDecision } from '../../domain/regulation';
import { example, parseReview, parseLines, print, withClient } from './common';
import { renderReview } from './status';
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
  const cmd = program
    .command('outcome')
    .description('record the outcome of a review meeting: continue, amend (a new drafting cycle) or end')
    .argument('<id>', 'lifecycle id')
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
      await withClient(async (api) => {
        const final = opts.review === 'final';
        const review = final ? (await api.reviewStatus(id, 'final')).n : (opts.review as number);
        await api.recordReviewOutcome(id, { review, decision, notes: opts.notes, final });
        print(
          `Outcome of the ${LABELS.review(final ? 'tong-ket' : 'so-ket', review).en.toLowerCase()} of ${id} recorded: ${capitalized(OUTCOME[decision]).en}`,
          renderReview(await api.reviewStatus(id, final ? 'final' : review)),
        );
      });
    });
  example(
    cmd,
    'regulation outcome long-an-hdnd-tand-2022 --review 1 --continue --notes "Keep the regulation; meet again next year"',
  );
}
