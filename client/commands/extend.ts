/** `regulation extend ID`: moves a deadline (or grants another round), with the reason kept. */
import type { Command } from 'commander';
import { formatDay } from '../format';
import { example, lifecycleCommand, parseDay, parseLines, parseText } from './common';
import { updateLifecycle } from './update';

/** Registers `extend`. */
export function registerExtend(program: Command): void {
  const cmd = lifecycleCommand(
    program,
    'extend',
    'move an open deadline to a new last day (or, with --deadline rounds, grant another consultation round)',
  )
    .requiredOption(
      '--deadline <key>',
      "the deadline's key as 'regulation status' shows it, e.g. consultation/round-1",
      parseText,
    )
    .requiredOption('--to <date>', 'the new last day, YYYY-MM-DD', parseDay)
    .requiredOption('--reason <text>', 'why; kept for the audit', parseLines)
    .action(async (id: string, opts: { deadline: string; to: string; reason: string }) => {
      await updateLifecycle(
        id,
        (api) => api.extendDeadline(id, { deadline: opts.deadline, to: opts.to, reason: opts.reason }),
        () => `Deadline ${opts.deadline} of ${id} moved to ${formatDay(opts.to)}`,
      );
    });
  example(
    cmd,
    'regulation extend long-an-hdnd-tand-2022 --deadline consultation/round-1 --to 2022-10-05 --reason "Leaders agreed at the 28/9 meeting"',
  );
}
