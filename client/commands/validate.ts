/** `regulation validate FILE`: checks a definition and lists every problem, starting nothing. */
import type { Command } from 'commander';
import type { Regulation } from '../../config/regulation';
import { fields, formatDay } from '../format';
import { example, print } from './common';

/** What a valid definition sets up, in a few lines. */
export function describeRegulation(r: Regulation): string {
  return fields(
    [
      ['Id', r.id],
      ['Title', r.title.vi],
      ['Bodies', r.bodies.map((b) => `${b.id} (${b.name.vi})`).join(', ')],
      ['Areas', r.areas.map((a) => a.id).join(', ')],
      ['Kick-off', formatDay(r.kickoff)],
      [
        'Consultation',
        `${r.schedule.consultation.amount} ${r.schedule.consultation.unit.replace('-', ' ')} per round, at most ${r.schedule.maxRounds} rounds`,
      ],
      ['Final review', formatDay(r.schedule.finalReview)],
    ],
    '  ',
  );
}

/** Registers `validate`. */
export function registerValidate(program: Command): void {
  const cmd = program
    .command('validate')
    .description('check a regulation definition file (YAML or JSON) and list every problem')
    .argument('<file>', 'the definition file')
    .action(async (file: string) => {
      const { loadRegulation } = await import('../../config/regulation');
      const r = loadRegulation(file);
      print(`${file}: valid`, describeRegulation(r));
    });
  example(cmd, 'regulation validate config/regulations/long-an-2022.yaml');
}
