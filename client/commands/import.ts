/**
 * `regulation import REGISTER.xlsx|.csv [--dry-run]`: brings the office's register in. Each valid
 * row becomes an adopted definition (a YAML file the office can review and commit) and a lifecycle
 * started in force; a refused row is named by row and column and starts nothing. The workflow id
 * comes from the row, so importing again starts nothing twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { WorkingCalendar } from '../../domain/schedule/calendar';
import type { Regulation } from '../../config/regulation';
import { adoptedEffective, adoptedStage } from '../../domain/adoption';
import { UserError } from '../errors';
import { parseDateTime, print, withClient } from './common';

export interface ImportOptions {
  dryRun?: boolean;
  /** Where the definitions are written (default config/regulations). */
  out?: string;
  /** Schedule start of the lifecycles and the day the register is checked against (default: now). */
  startAt?: string;
  calendarDir?: string;
}

/** "2025-03-17" → "Mon 17/03/2025": the weekday and the day as the office writes it. */
function day(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  return `${wd} ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** What a valid row would start and its next deadlines, with why each date. */
async function preview(reg: Regulation, cal: WorkingCalendar): Promise<string[]> {
  const { buildTimetable } = await import('../../domain/schedule/timetable');
  const { explainDeadline, explainLines } = await import('../../domain/schedule/explain');
  const { resolveDeadline } = await import('../../domain/schedule/plan');
  const a = reg.adopted!;
  const lines: string[] = [];
  const bodies = reg.bodies.map((b) => `${b.id} (${b.name.vi})`).join(', ');
  lines.push(
    `  bodies: ${bodies}; areas: ${reg.areas.length}; sơ kết ${formatCycle(reg)}; tổng kết ${day(reg.schedule.finalReview)}`,
  );
  if (adoptedStage(a) === 'in-force') {
    const effective = adoptedEffective(a)!;
    lines.push(
      `  adopted in force: signed ${day(a.signedOn!)}${a.number ? `, No. ${a.number}` : ''}, in force since ${day(effective)}; ${a.reviewsHeld.length} sơ kết held${a.reviewsHeld.length ? ` (last ${day(a.reviewsHeld[a.reviewsHeld.length - 1]!.heldOn)})` : ''}`,
    );
  }
  const items = buildTimetable(reg, cal);
  const meeting = items.find((i) => i.kind === 'meeting');
  if (!meeting) return lines;
  const same = (i: (typeof items)[number]) => i.stage === meeting.stage && i.review === meeting.review;
  const reports = items.find((i) => i.kind === 'deadline' && same(i) && i.label.startsWith('Reports'));
  const name = meeting.stage === 'final-review' ? 'tổng kết' : `sơ kết ${meeting.review}`;
  lines.push(`  next: ${name}, meeting ${day(meeting.date)} ${meeting.at.slice(11, 16)}`);
  if (reports) {
    const requested = reports.requested;
    lines.push(
      `    report requests to every body ${requested ? day(requested) : ''}; reports due ${day(reports.date)} (24:00)`,
    );
  }
  const why = (label: string, rule: Parameters<typeof resolveDeadline>[1]) => {
    lines.push(`    why ${label}:`);
    const e = explainDeadline(cal, rule, resolveDeadline(cal, rule, reg.timezone));
    // Counted in calendar days only the last day matters: the years of holidays in between are left out.
    for (const l of explainLines(e)) if (e.workingDays || !/^ {2}\d{4}-/.test(l)) lines.push(`      ${l}`);
  };
  if (meeting.stage === 'review' && adoptedStage(a) === 'in-force') {
    const p = reg.schedule.preliminaryReviews;
    why('the meeting', {
      after: adoptedEffective(a)!,
      period: { amount: p.amount * meeting.review!, unit: p.unit },
    });
  }
  if (reports?.rule) why('the reports', reports.rule);
  return lines;
}

function formatCycle(reg: Regulation): string {
  const p = reg.schedule.preliminaryReviews;
  return `every ${p.amount} ${p.unit}`;
}

/** Runs the import; returns the text to print and whether any row was refused. */
export async function importCommand(
  file: string,
  opts: ImportOptions = {},
): Promise<{ text: string; refused: number }> {
  const { readRegister, checkRows, problemLines } = await import('../register');
  const { todayIn } = await import('../adoption');
  if (!fs.existsSync(file)) throw new UserError(`${file}: no such file: check the path`);
  let rows;
  try {
    rows = await readRegister(file);
  } catch (err) {
    throw new UserError(`${file}: cannot read the register: ${(err as Error).message.split('\n')[0]}`);
  }
  if (rows.length === 0) throw new UserError(`${file}: no rows under the header: nothing to import`);
  const calendars = new Map<string, WorkingCalendar>();
  const startMs = opts.startAt ? Date.parse(opts.startAt) : Date.now();
  // Calendars are loaded once per id, before checking (checkRows is synchronous).
  const { loadCalendar } = await import('../../activities/schedule/calendar-store');
  const { defaultCalendarDir } = await import('./common');
  const calendarDir = opts.calendarDir ?? (await defaultCalendarDir());
  const calendarFor = (reg: Regulation): WorkingCalendar => {
    let cal = calendars.get(reg.calendar);
    if (!cal) {
      try {
        cal = loadCalendar(reg.calendar, calendarDir);
      } catch (err) {
        throw new UserError(`${file}: calendar ${reg.calendar}: ${(err as Error).message}`);
      }
      calendars.set(reg.calendar, cal);
    }
    return cal;
  };
  const checked = checkRows(rows, calendarFor, todayIn('Asia/Ho_Chi_Minh', startMs));
  const valid = checked.filter((r) => r.regulation);
  const refused = checked.length - valid.length;
  const out: string[] = [];
  const outDir = opts.out ?? path.join('config', 'regulations');

  if (opts.dryRun) {
    for (const r of checked) {
      if (!r.regulation) {
        out.push(...problemLines(r));
        continue;
      }
      out.push(`row ${r.row}: ${r.regulation.id}: ${r.regulation.title.vi}`);
      out.push(`  would write ${path.join(outDir, `${r.regulation.id}.yaml`)} and start lifecycle ${r.regulation.id}`);
      out.push(...(await preview(r.regulation, calendarFor(r.regulation))));
    }
    out.push(
      '',
      `${checked.length} rows: ${valid.length} would start, ${refused} refused. Dry run: nothing was written or started.`,
    );
    return { text: out.join('\n'), refused };
  }

  const { default: YAML } = await import('yaml');
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const r of valid) {
    const target = path.join(outDir, `${r.id}.yaml`);
    const text = `# Imported from ${path.basename(file)}, row ${r.row}: review, then commit with the office's definitions.\n${YAML.stringify(r.input)}`;
    const old = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (old !== text) {
      fs.writeFileSync(target, text);
      written.push(target);
    }
  }
  let started = 0;
  let already = 0;
  await withClient(async (api) => {
    for (const r of checked) {
      if (!r.regulation) {
        out.push(...problemLines(r));
        continue;
      }
      const id = r.regulation.id;
      const state = await api.startedAs(id);
      if (state) {
        already += 1;
        out.push(`row ${r.row}: ${id}: already started (${state.toLowerCase()}); nothing started again`);
        continue;
      }
      await api.start(r.regulation, { startAt: opts.startAt ? new Date(opts.startAt).toISOString() : undefined });
      started += 1;
      out.push(`row ${r.row}: ${id}: started in force (${path.join(outDir, `${id}.yaml`)})`);
    }
  });
  out.push(
    '',
    `${checked.length} rows: ${started} started, ${already} already started, ${refused} refused; ${written.length} definition file${written.length === 1 ? '' : 's'} written to ${outDir}.`,
  );
  return { text: out.join('\n'), refused };
}

/** Registers `import`. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .argument('<register>', "the office's register: .xlsx (first sheet) or .csv, one row per regulation")
    .description(
      'adopt the regulations of a register: write each row as a definition file and start it in force (README: Importing a register)',
    )
    .option('--dry-run', 'print what each row would start, its next deadlines and why, or its errors; change nothing')
    .option('--out <dir>', 'where the definition files are written (default config/regulations)')
    .option(
      '--start-at <datetime>',
      'schedule start and the day the register is checked against (default: now)',
      parseDateTime,
    )
    .option('--calendar-dir <dir>', 'directory of working-day calendars (default: $CALENDAR_DIR or config/calendars)')
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  $ regulation import config/registers/so-theo-doi-quy-che.xlsx --dry-run',
        '  $ regulation import config/registers/so-theo-doi-quy-che.xlsx --out config/regulations',
        '',
      ].join('\n'),
    )
    .action(async (file: string, opts: ImportOptions) => {
      const { text, refused } = await importCommand(file, opts);
      print(text);
      if (refused > 0) process.exitCode = 1;
    });
}
