/** `regulation schedule-signing ID`: sets the signing session; invitations go out. */
import type { Command } from 'commander';
import { formatInstant } from '../format';
import { example, lifecycleCommand, parseDateTime, parseText } from './common';
import { updateLifecycle } from './update';

/** Registers `schedule-signing`. */
export function registerScheduleSigning(program: Command): void {
  const cmd = lifecycleCommand(
    program,
    'schedule-signing',
    'schedule the signing session once every body agreed (sends calendar invitations)',
  )
    .requiredOption(
      '--at <datetime>',
      'date and time, Vietnam time unless an offset is given, e.g. "2022-11-10 09:00"',
      parseDateTime,
    )
    .option('--place <text>', 'where, e.g. "Hội trường HĐND tỉnh"', parseText)
    .action(async (id: string, opts: { at: string; place?: string }) => {
      await updateLifecycle(
        id,
        (api) => api.scheduleSigning(id, { at: opts.at, place: opts.place }),
        () => `Signing session of ${id} set for ${formatInstant(opts.at)}${opts.place ? ` at ${opts.place}` : ''}`,
      );
    });
  example(
    cmd,
    'regulation schedule-signing long-an-hdnd-tand-2022 --at "2022-11-10 09:00" --place "Hội trường HĐND tỉnh"',
  );
}
