/** `regulation list`: one page of lifecycles from visibility, sorted by next deadline, with filters and the total. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatInstant, table } from '../format';
import { hintsFile, hintsText, loadHints, saveHints } from '../listing-hints';
import { example, print, printJson, withClient } from './common';

const STAGES = ['drafting', 'consultation', 'revision', 'signing', 'in-force', 'closed', 'withdrawn'];

/** Registers `list`. */
export function registerList(program: Command): void {
  const cmd = program
    .command('list')
    .description('list lifecycles (from Temporal visibility), a page at a time, sorted by next deadline')
    .addOption(new Option('--stage <stage>', 'only lifecycles in this stage').choices(STAGES))
    .option('--overdue', 'only lifecycles whose next deadline has passed (in real time, a rehearsal too)')
    .option('--body <id>', 'only lifecycles this body takes part in')
    .option('--text <words>', 'only lifecycles whose id, title or body names contain these words')
    .option('--size <n>', 'rows per page (1-500, default 50)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 500)
        throw new InvalidArgumentError(`--size ${v}: give a whole number of rows from 1 to 500, e.g. --size 100`);
      return n;
    })
    .option('--page <cursor>', 'the next page: the cursor printed under the previous page')
    .option('--json', 'print the rows as JSON (for scripts)')
    .action(
      async (opts: {
        stage?: string;
        overdue?: boolean;
        body?: string;
        text?: string;
        size?: number;
        page?: string;
        json?: boolean;
      }) => {
        await withClient(async (api) => {
          // Where this page ended last time: the list up to it is the check, instead of a search.
          const { temporalTarget } = await import('../connection');
          const file = hintsFile(temporalTarget().address, api.client.options.namespace);
          loadHints(file, api.listing);
          const known = hintsText(api.listing);
          const page = api.listPage({
            stage: opts.stage,
            overdue: opts.overdue,
            body: opts.body,
            text: opts.text,
            size: opts.size,
            cursor: opts.page,
          });
          // The display zone's first use loads ICU's time-zone data (some 20 ms): done while the
          // server answers, once the first request is out.
          if (!opts.json) setImmediate(() => formatInstant(new Date().toISOString()));
          const { rows, total, next } = await page;
          if (hintsText(api.listing) !== known) saveHints(file, api.listing);
          if (opts.json) return printJson(rows);
          if (rows.length === 0)
            return print(
              `No lifecycles${opts.stage ? ` in stage ${opts.stage}` : ''}${opts.overdue ? ' with a passed deadline' : ''}${opts.body ? ` of body ${opts.body}` : ''}${opts.text ? ` matching "${opts.text}"` : ''}.`,
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
          print(`${rows.length} of ${total}, sorted by next deadline.${next ? ` Next page: --page ${next}` : ''}`);
        });
      },
    );
  example(cmd, 'regulation list', 'regulation list --stage consultation --overdue');
}
