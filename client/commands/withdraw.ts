/** `regulation withdraw ID`: ends a lifecycle without a regulation in force. */
import type { Command } from 'commander';
import { example, parseLines, print, withClient } from './common';
import { brief } from './status';

/** Registers `withdraw`. */
export function registerWithdraw(program: Command): void {
  const cmd = program
    .command('withdraw')
    .description('withdraw the regulation: reminders stop and every party is told why')
    .argument('<id>', 'lifecycle id')
    .requiredOption('--reason <text>', 'why; kept for the audit and sent to everyone', parseLines)
    .action(async (id: string, opts: { reason: string }) => {
      await withClient(async (api) => {
        await api.withdraw(id, { reason: opts.reason });
        print(`Lifecycle ${id} withdrawn: ${opts.reason}`, brief(await api.liveStatus(id)));
      });
    });
  example(cmd, 'regulation withdraw long-an-hdnd-tand-2022 --reason "Replaced by the 2023 province-wide regulation"');
}
