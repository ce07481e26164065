/** `regulation schedule-signing ID`: sets the signing session; invitations go out. */
import type { Command } from 'commander';
import { formatInstant } from '../format';
import { example, parseDateTime, parseText, print, withClient } from './common';
import { brief } from './status';

/** Registers `schedule-signing`. */
export function registerScheduleSigning(program: Command): void {
  const cmd = program
    .command('schedule-signing')
    .description('schedule the signing session once every body agreed (sends calendar invitations)')
    .argument('<id>', 'lifecycle id')
    .requiredOption(
      '--at <datetime>',
      'date and time, Vietnam time unless an offset is given, e.g. "2022-11-10 09:00"',
      parseDateTime,
    )
    .option('--place <text>', 'where, e.g. "Hội trường HĐND tỉnh"', parseText)
    .action(async (id: string, opts: { at: string; place?: string }) => {
      await withClient(async (api) => {
        await api.scheduleSigning(id, { at: opts.at, place: opts.place });
        print(
          `Signing session of ${id} set for ${formatInstant(opts.at)}${opts.place ? ` at ${opts.place}` : ''}`,
          brief(await api.liveStatus(id)),
        );
      });
    });
  example(
    cmd,
    'regulation schedule-signing long-an-hdnd-tand-2022 --at "2022-11-10 09:00" --place "Hội trường HĐND tỉnh"',
  );
}
