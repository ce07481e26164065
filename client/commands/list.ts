/** `regulation list`: lifecycles from visibility, by stage or overdue. */
import { Option, type Command } from 'commander';
import { formatInstant, table } from '../format';
import { example, print, printJson, withClient } from './common';

const STAGES = ['drafting', 'consultation', 'revision', 'signing', 'in-force', 'closed', 'withdrawn'];

/** Registers `list`. */
export function registerList(program: Command): void {
  const cmd = program
    .command('list')
    .description('list lifecycles (from Temporal visibility), optionally by stage or with a passed deadline')
    .addOption(new Option('--stage <stage>', 'only lifecycles in this stage').choices(STAGES))
    .option('--overdue', 'only lifecycles whose next deadline has passed')
    .option('--json', 'print JSON (for scripts)')
    .action(async (opts: { stage?: string; overdue?: boolean; json?: boolean }) => {
      await withClient(async (api) => {
        const rows = await api.list({ stage: opts.stage, overdue: opts.overdue });
        if (opts.json) return printJson(rows);
        if (rows.length === 0)
          return print(
            `No lifecycles${opts.stage ? ` in stage ${opts.stage}` : ''}${opts.overdue ? ' with a passed deadline' : ''}.`,
          );
        print(
          table(
            ['lifecycle', 'stage', 'next deadline', 'pending', 'status', 'started'],
            rows.map((r) => [
              r.workflowId,
              r.stage,
              r.nextDeadline ? formatInstant(r.nextDeadline) : '-',
              r.pendingBodies.join(', ') || '-',
              r.problem ? 'STUCK' : r.status.toLowerCase(),
              formatInstant(r.startTime),
            ]),
            '',
          ),
        );
        // Stuck lifecycles with their reason, below the table: the reason is too long for a column.
        for (const r of rows.filter((x) => x.problem))
          print(
            `STUCK ${r.workflowId}: workflow task failing (attempt ${r.problem!.attempt}) since ${formatInstant(r.problem!.since)}: ${r.problem!.reason}`,
          );
      });
    });
  example(cmd, 'regulation list', 'regulation list --stage consultation --overdue');
}
