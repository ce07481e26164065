/** `regulation start FILE`: validates the definition and starts its lifecycle. */
import { InvalidArgumentError, type Command } from 'commander';
import { loadRegulation } from '../../config/regulation';
import { fields } from '../format';
import { example, parseDateTime, print, withClient } from './common';

function parseSpeedup(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1) throw new InvalidArgumentError('Not a speed-up: give schedule seconds per real second, at least 1, e.g. 86400 for a day per second');
  return n;
}

/** Registers `start`. */
export function registerStart(program: Command): void {
  const cmd = program
    .command('start')
    .description('validate a regulation definition and start its lifecycle; prints the workflow id and its Temporal UI link')
    .argument('<file>', 'the definition file (YAML or JSON)')
    .option('--rehearsal <speedup>', 'rehearse: play the schedule faster from the kick-off (86400 = a day per second)', parseSpeedup)
    .option('--start-at <datetime>', 'schedule start, e.g. "2022-08-17 14:00" (default: now, or the kick-off in a rehearsal)', parseDateTime)
    .action(async (file: string, opts: { rehearsal?: number; startAt?: string }) => {
      // Validate before connecting: a bad file never reaches the server.
      const regulation = loadRegulation(file);
      await withClient(async (api) => {
        const started = await api.start(regulation, { rehearsal: opts.rehearsal, startAt: opts.startAt ? new Date(opts.startAt).toISOString() : undefined });
        print(
          `Started lifecycle ${started.workflowId}${opts.rehearsal ? ` (rehearsal ×${opts.rehearsal})` : ''}`,
          fields([
            ['Workflow id', started.workflowId],
            ['Run id', started.runId],
            ['Temporal UI', started.uiLink],
          ], '  '),
          `Follow it with: regulation status ${started.workflowId}`,
        );
      });
    });
  example(cmd, 'regulation start config/regulations/long-an-2022.yaml', '# a rehearsal, one day per second from the kick-off:', 'regulation start config/regulations/long-an-2022.yaml --rehearsal 86400');
}
