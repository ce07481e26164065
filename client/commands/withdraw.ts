/** `regulation withdraw ID`: ends a lifecycle without a regulation in force. */
import type { Command } from 'commander';
import { example, lifecycleCommand, parseLines } from './common';
import { updateLifecycle } from './update';

/** Registers `withdraw`. */
export function registerWithdraw(program: Command): void {
  const cmd = lifecycleCommand(
    program,
    'withdraw',
    'withdraw the regulation: reminders stop and every party is told why',
  )
    .requiredOption('--reason <text>', 'why; kept for the audit and sent to everyone', parseLines)
    .action(async (id: string, opts: { reason: string }) => {
      await updateLifecycle(
        id,
        (api) => api.withdraw(id, { reason: opts.reason }),
        () => `Lifecycle ${id} withdrawn: ${opts.reason}`,
      );
    });
  example(cmd, 'regulation withdraw long-an-hdnd-tand-2022 --reason "Replaced by the 2023 province-wide regulation"');
}
