/**
 * `regulation plan FILE`: validates a definition and prints its timetable (every deadline,
 * reminder, escalation and meeting with its recipients) without starting anything.
 */
import { timetableToIcs } from '../../activities/schedule/timetable-ics';
import fs from 'node:fs';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../../domain/schedule/calendar';
import { buildTimetable, type TimetableItem } from '../../domain/schedule/timetable';
import { DefinitionError } from '../../config/definition-error';
import type { Regulation } from '../../config/regulation';
import { UserError } from '../errors';
import { calendarOf } from './common';

/** Options of `regulation plan`. */
export interface PlanOptions {
  json?: boolean;
  /** Also print how each deadline was computed: rule, days off skipped and why, Art. 148.5 moves. */
  explain?: boolean;
  ics?: string;
  calendarDir?: string;
}

/** Validates `file`, builds its timetable, writes `--ics` if asked, and returns the text to print; user mistakes throw UserError. */
export async function planCommand(file: string, opts: PlanOptions = {}): Promise<string> {
  const { loadRegulation } = await import('../../config/regulation');
  let reg: Regulation;
  try {
    reg = loadRegulation(file);
  } catch (err) {
    if (err instanceof DefinitionError) throw new UserError(err.message);
    throw err;
  }
  const cal = await calendarOf(reg, file, opts.calendarDir);
  let items: TimetableItem[];
  try {
    items = buildTimetable(reg, cal);
  } catch (err) {
    // The only expected failures are definition values the schema lets through (signing.at).
    throw new UserError(`${file}: ${(err as Error).message}`);
  }
  let written: string | undefined;
  if (opts.ics !== undefined) {
    const events = items.filter((i) => i.kind === 'deadline' || i.kind === 'meeting').length;
    try {
      fs.writeFileSync(opts.ics, timetableToIcs(items, reg));
    } catch (err) {
      throw new UserError(
        `--ics ${opts.ics}: cannot write the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): check the path`,
      );
    }
    written = `Wrote ${events} deadlines and meetings to ${opts.ics}.`;
  }
  if (opts.json) return JSON.stringify(items, null, 2);
  const explained = opts.explain ? ['', 'Why these dates:', ...(await explainItems(reg, cal, items))] : [];
  return [renderTable(reg, cal, items), ...explained, ...(written ? ['', written] : [])].join('\n');
}

/** The full "why this date" trace of every deadline in the timetable. */
async function explainItems(reg: Regulation, cal: WorkingCalendar, items: TimetableItem[]): Promise<string[]> {
  const { explainDeadline, explainLines } = await import('../../domain/schedule/explain');
  const { resolveDeadline } = await import('../../domain/schedule/plan');
  return items.flatMap((i) =>
    i.kind === 'deadline' && i.rule
      ? [
          '',
          `${i.date}  ${i.label}`,
          ...explainLines(explainDeadline(cal, i.rule, resolveDeadline(cal, i.rule, reg.timezone))).map(
            (l) => `  ${l}`,
          ),
        ]
      : [],
  );
}

function renderTable(reg: Regulation, cal: WorkingCalendar, items: TimetableItem[]): string {
  const rows = items.map((i) => [
    DateTime.fromISO(i.date, { zone: 'utc' }).toFormat('ccc d LLL yyyy'),
    // A deadline ends at 24:00 of its date (Civil Code Art. 148).
    i.kind === 'deadline' ? '24:00' : i.at.slice(11, 16),
    i.kind,
    i.review !== undefined ? `${i.stage} ${i.review}` : i.stage,
    i.to.join(', '),
    i.label,
  ]);
  const headers = ['DATE', 'TIME', 'KIND', 'STAGE', 'TO', 'LABEL'];
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();

  const first = items[0]?.date ?? reg.kickoff;
  const last = items[items.length - 1]?.date ?? reg.schedule.finalReview;
  const fromYear = Number(reg.kickoff.slice(0, 4));
  const toYear = Number(last.slice(0, 4));
  const missing = cal.unannouncedYears(fromYear, toYear);
  const note =
    missing.length === 0
      ? `Calendar ${cal.id}: every year ${fromYear}–${toYear} follows the officially announced holiday schedule.`
      : `Calendar ${cal.id}: ${missing.join(', ')} not officially announced yet: statutory holidays only (Tết and make-up days may be missing); dates in ${missing.length === 1 ? 'that year' : 'those years'} may still move.`;
  const counts = (['deadline', 'reminder', 'escalation', 'meeting'] as const)
    .map((k) => `${items.filter((i) => i.kind === k).length} ${k}s`)
    .join(', ');

  return [
    `${reg.id}: ${reg.title.en}`,
    `Kick-off ${reg.kickoff}; timetable ${first} to ${last} (${counts}), times in ${reg.timezone}.`,
    'Assumes every step is done on its deadline and the first consultation round is agreed; escalations are listed once, as they happen only if a step is late.',
    '',
    line(headers),
    ...rows.map(line),
    '',
    note,
  ].join('\n');
}

/** Adds `plan <file>` (with --json, --ics FILE, --calendar-dir DIR) to the CLI. */
export function registerPlan(program: Command): void {
  program
    .command('plan')
    .argument('<file>', 'regulation definition (YAML or JSON)')
    .description(
      'validate a definition and print its timetable (deadlines, reminders, escalations, meetings) without starting anything',
    )
    .option('--json', 'print the timetable as a JSON array sorted by time')
    .option('--ics <file>', 'also write every deadline and meeting to this iCalendar file')
    .option(
      '--explain',
      'also show how each deadline was computed: the rule, the days off skipped and why, moves to the next working day',
    )
    .option('--calendar-dir <dir>', 'directory of working-day calendars (default: $CALENDAR_DIR or config/calendars)')
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  $ regulation plan config/regulations/long-an-2022.yaml',
        '  $ regulation plan config/regulations/long-an-2022.yaml --json --ics long-an.ics',
        '  $ regulation plan config/regulations/long-an-2022.yaml --explain',
        '',
      ].join('\n'),
    )
    .action(async (file: string, opts: PlanOptions) => {
      process.stdout.write(`${await planCommand(file, opts)}\n`);
    });
}
