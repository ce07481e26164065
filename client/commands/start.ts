/** `regulation start FILE`: validates the definition and starts its lifecycle. */
import { InvalidArgumentError, type Command } from 'commander';
import { deadlineAfter } from '../../domain/schedule/deadlines';
import type { Regulation } from '../../config/regulation';
import { UserError } from '../errors';
import { fields, formatDay } from '../format';
import { calendarOf, example, parseDateTime, print, withClient } from './common';

function parseSpeedup(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1)
    throw new InvalidArgumentError(
      'Not a speed-up: give schedule seconds per real second, at least 1, e.g. 86400 for a day per second',
    );
  return n;
}

/**
 * A lifecycle started now whose drafting deadline already passed would send its escalations at
 * once (a past kick-off, usually a wrong year or a scenario meant to be replayed): refuse, naming
 * the ways to replay it or to start it anyway.
 */
async function refuseOverdueStart(regulation: Regulation, file: string, nowMs: number): Promise<void> {
  const deadline = deadlineAfter(
    await calendarOf(regulation, file),
    regulation.kickoff,
    regulation.schedule.drafting,
    regulation.timezone,
  );
  if (Date.parse(deadline.at) > nowMs) return;
  throw new UserError(
    `${file}: kickoff ${regulation.kickoff}: its drafting deadline (${formatDay(deadline.lastDay)}) has passed, so starting now would escalate at once; ` +
      `replay it with --rehearsal 86400 or --start-at "${regulation.kickoff} 14:00", or start it anyway with --allow-overdue; nothing was started`,
  );
}

/** Registers `start`. */
export function registerStart(program: Command): void {
  const cmd = program
    .command('start')
    .description(
      'validate a regulation definition and start its lifecycle; prints the workflow id and its Temporal UI link',
    )
    .argument('<file>', 'the definition file (YAML or JSON)')
    .option(
      '--rehearsal <speedup>',
      'rehearse: play the schedule faster from the kick-off (86400 = a day per second)',
      parseSpeedup,
    )
    .option(
      '--start-at <datetime>',
      'schedule start, e.g. "2022-08-17 14:00" (default: now, or the kick-off in a rehearsal)',
      parseDateTime,
    )
    .option(
      '--allow-overdue',
      'start in real time even though the drafting deadline has already passed (its escalations go out at once)',
    )
    .action(async (file: string, opts: { rehearsal?: number; startAt?: string; allowOverdue?: boolean }) => {
      // Validate before connecting: a bad file never reaches the server.
      const { loadRegulation } = await import('../../config/regulation');
      const regulation = loadRegulation(file);
      if (regulation.adopted) {
        // Adopted under way: only what remains runs, so the check is of what remains, as of the start.
        const { checkAdoption, todayIn } = await import('../adoption');
        const start = opts.startAt ? Date.parse(opts.startAt) : Date.now();
        checkAdoption(regulation, await calendarOf(regulation, file), todayIn(regulation.timezone, start), file);
      } else if (opts.rehearsal === undefined && opts.startAt === undefined && !opts.allowOverdue)
        await refuseOverdueStart(regulation, file, Date.now());
      await withClient(async (api) => {
        const started = await api.start(regulation, {
          rehearsal: opts.rehearsal,
          startAt: opts.startAt ? new Date(opts.startAt).toISOString() : undefined,
        });
        print(
          `Started lifecycle ${started.workflowId}${opts.rehearsal ? ` (rehearsal ×${opts.rehearsal})` : ''}`,
          fields(
            [
              ['Workflow id', started.workflowId],
              ['Run id', started.runId],
              ['Temporal UI', started.uiLink],
            ],
            '  ',
          ),
          `Follow it with: regulation status ${started.workflowId}`,
        );
      });
    });
  example(
    cmd,
    'regulation start config/regulations/my-regulation.yaml',
    '# the source scenario of 2022, replayed a schedule day per second from its kick-off:',
    'regulation start config/regulations/long-an-2022.yaml --rehearsal 86400',
    '# or in real time from its kick-off meeting:',
    'regulation start config/regulations/long-an-2022.yaml --start-at "2022-08-17 14:00"',
  );
}
