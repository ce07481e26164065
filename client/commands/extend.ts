/** `regulation extend ID`: moves a deadline (or grants another round), with the reason kept. */
import type { Command } from 'commander';
import { formatDay } from '../format';
import { example, parseDay, parseLines, parseText, print, withClient } from './common';
import { brief } from './status';

/** Registers `extend`. */
export function registerExtend(program: Command): void {
  const cmd = program
    .command('extend')
    .description(
      'move an open deadline to a new last day (or, with --deadline rounds, grant another consultation round)',
    )
    .argument('<id>', 'lifecycle id')
    .requiredOption(
      '--deadline <key>',
      "the deadline's key as 'regulation status' shows it, e.g. consultation/round-1",
      parseText,
    )
    .requiredOption('--to <date>', 'the new last day, YYYY-MM-DD', parseDay)
    .requiredOption('--reason <text>', 'why; kept for the audit', parseLines)
    .action(async (id: string, opts: { deadline: string; to: string; reason: string }) => {
      await withClient(async (api) => {
        await api.extendDeadline(id, { deadline: opts.deadline, to: opts.to, reason: opts.reason });
        print(`Deadline ${opts.deadline} of ${id} moved to ${formatDay(opts.to)}`, brief(await api.liveStatus(id)));
      });
    });
  example(
    cmd,
    'regulation extend long-an-hdnd-tand-2022 --deadline consultation/round-1 --to 2022-10-05 --reason "Leaders agreed at the 28/9 meeting"',
  );
}
