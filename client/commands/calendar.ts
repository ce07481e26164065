/**
 * `regulation calendar diff [FILE]` and `regulation calendar apply [FILE]`: when the official
 * holiday schedule changes, see which open deadlines of running lifecycles (and their reviews)
 * would move, then have them re-plan on the new calendar file, each notifying who is affected.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { CalendarDiff } from '../calendar-change';
import { formatDay, formatInstant, table } from '../format';
import { UserError } from '../errors';
import { defaultCalendarDir, example, print, printJson, withClient } from './common';

async function readCalendar(file: string | undefined) {
  const { loadCalendar } = await import('../../activities/schedule/calendar-store');
  const target = file ?? path.join(await defaultCalendarDir(), 'vn.yaml');
  try {
    return loadCalendar(target);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}

/** The diff as a table: one row per moved deadline, then what is left alone. */
export function renderDiff(diff: CalendarDiff): string {
  const lines = [`Calendar ${diff.calendar}, version ${diff.version}.`];
  if (diff.moves.length === 0) lines.push('No open deadline, reminder or meeting would move.');
  else {
    lines.push(
      table(
        ['workflow', 'deadline', 'last day', 'reminders', 'pending', 'why'],
        diff.moves.map((m) => {
          const days = (reminders: string[]) => reminders.map((r) => formatInstant(r)).join(', ') || '-';
          return [
            m.workflowId,
            m.key,
            m.before.lastDay === m.after.lastDay
              ? `${formatDay(m.after.lastDay)} (same)`
              : `${formatDay(m.before.lastDay)} → ${formatDay(m.after.lastDay)}`,
            days(m.before.reminders) === days(m.after.reminders)
              ? 'same'
              : `${days(m.before.reminders)} → ${days(m.after.reminders)}`,
            m.pending.join(', ') || '-',
            m.daysOff
              .map((d) =>
                d.from === d.to
                  ? `${d.reason} ${formatDay(d.from)}`
                  : `${d.reason} ${formatDay(d.from)}–${formatDay(d.to)}`,
              )
              .join('; ') || '-',
          ];
        }),
        '',
      ),
    );
  }
  for (const m of diff.manual)
    lines.push(`Left alone (set by hand): ${m.workflowId} ${m.key}, last day ${formatDay(m.lastDay)}.`);
  for (const u of diff.unreadable) lines.push(`Not read: ${u.workflowId}: ${u.reason}`);
  return lines.join('\n');
}

/** Registers `calendar diff` and `calendar apply`. */
export function registerCalendar(program: Command): void {
  const calendar = program
    .command('calendar')
    .description('when the official holiday schedule changes: what would move, and moving it');
  const diff = calendar
    .command('diff')
    .description(
      'list the open deadlines and reminders of running lifecycles that the calendar file would move (changes nothing)',
    )
    .argument('[file]', 'the new calendar file (default: config/calendars/vn.yaml, or $CALENDAR_DIR)')
    .option('--json', 'print JSON (for scripts)')
    .action(async (file: string | undefined, opts: { json?: boolean }) => {
      const cal = await readCalendar(file);
      await withClient(async (api) => {
        const { calendarDiff } = await import('../calendar-change');
        const d = await calendarDiff(api, cal);
        if (opts.json) printJson(d);
        else print(renderDiff(d));
      });
    });
  example(diff, 'regulation calendar diff config/calendars/vn.yaml', 'regulation calendar diff new-vn.yaml --json');
  const apply = calendar
    .command('apply')
    .description(
      'have every affected lifecycle re-plan on the calendar file its workers read; each pending party gets one notice',
    )
    .argument('[file]', 'the calendar file, as deployed to every worker (default: config/calendars/vn.yaml)')
    .action(async (file: string | undefined) => {
      const cal = await readCalendar(file);
      await withClient(async (api) => {
        const { calendarApply, calendarDiff } = await import('../calendar-change');
        const d = await calendarDiff(api, cal);
        if (d.moves.length === 0) return print(renderDiff(d));
        const done = await calendarApply(api, d);
        print(
          `Re-planned on calendar ${cal.id} version ${cal.version}:`,
          ...done.flatMap(({ workflowId, report }) => [
            ...report.moved.map((m) => `  ${workflowId} ${m.key}: ${m.from} → ${m.to} (pending parties notified)`),
            ...report.unchanged.map((k) => `  ${workflowId} ${k}: last day unchanged (reminders re-planned)`),
            ...report.manual.map((k) => `  ${workflowId} ${k}: set by hand, left alone`),
          ]),
        );
      });
    });
  example(apply, 'regulation calendar apply');
}
