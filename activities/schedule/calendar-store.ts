/**
 * The only I/O of the schedule modules: reads config/calendars/<id>.yaml and validates it.
 * Call it from an activity, never from a workflow: the file changes as holidays are announced,
 * and a replayed workflow must see the calendar recorded in its history.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../config/paths';
import { WorkingCalendar, type CalendarData } from '../../domain/schedule/calendar';

const DEFAULT_BASE_DIR = path.join(PROJECT_ROOT, 'config', 'calendars');

// YAML leaves unquoted 2026-02-16 as a string with the default (core) schema; the regex keeps it so.
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');

const calendarDay = z.object({ date: isoDate, name: z.string().min(1) }).strict();

const calendarYear = z
  .object({
    source: z.string().min(1),
    announced: z.boolean(),
    daysOff: z.array(calendarDay),
    workingDays: z.array(calendarDay).default([]),
  })
  .strict();

const calendarSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'must be letters, digits, "-" or "_"'),
    name: z.string().min(1),
    weekend: z.array(z.number().int().min(1).max(7)),
    statutory: z
      .object({
        source: z.string().min(1),
        makeUpDays: z.boolean(),
        fixed: z.array(
          z
            .object({
              month: z.number().int().min(1).max(12),
              day: z.number().int().min(1).max(31),
              name: z.string().min(1),
            })
            .strict(),
        ),
      })
      .strict(),
    years: z.record(z.string().regex(/^\d{4}$/, 'year keys must be four digits'), calendarYear),
  })
  .strict();

/** Resolves an id ("vn") or an explicit .yaml/.yml path to a file path. */
function resolveCalendarFile(idOrPath: string, baseDir: string): { file: string; expectedId?: string } {
  if (/\.ya?ml$/i.test(idOrPath)) return { file: path.resolve(idOrPath) };
  // Ids only: this keeps "../" and absolute paths out of the id form.
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(idOrPath)) {
    throw new Error(
      `calendar ${JSON.stringify(idOrPath)} is neither a calendar id (e.g. "vn") nor a path ending in .yaml`,
    );
  }
  return { file: path.join(baseDir, `${idOrPath}.yaml`), expectedId: idOrPath };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Loads and validates config/calendars/<id>.yaml (or a .yaml/.yml path); throws a one-line Error naming the file. */
export function loadCalendarData(idOrPath: string, baseDir: string = DEFAULT_BASE_DIR): CalendarData {
  const { file, expectedId } = resolveCalendarFile(idOrPath, baseDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      `calendar file ${file} cannot be read (${code ?? oneLine(String(err))}): check the calendar id and config/calendars/`,
      {
        cause: err,
      },
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new Error(`calendar file ${file} is not valid YAML: ${oneLine((err as Error).message)}`, { cause: err });
  }
  const parsed = calendarSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    throw new Error(
      `calendar file ${file} is invalid at ${where}: ${oneLine(issue?.message ?? 'unknown problem')}${more}`,
    );
  }
  // The version is the file's content: any edit, even of a source line, is a new version.
  const data: CalendarData = { ...parsed.data, version: createHash('sha256').update(text).digest('hex').slice(0, 12) };
  if (expectedId !== undefined && data.id !== expectedId) {
    throw new Error(
      `calendar file ${file} has id ${JSON.stringify(data.id)}: it must match the file name ${JSON.stringify(expectedId)}`,
    );
  }
  try {
    // The constructor checks what the schema cannot (real dates, year keys, swaps on weekends).
    new WorkingCalendar(data);
  } catch (err) {
    throw new Error(`calendar file ${file} is invalid: ${oneLine((err as Error).message)}`, { cause: err });
  }
  return data;
}

/** Loads, validates and builds the WorkingCalendar for an id or .yaml path. */
export function loadCalendar(idOrPath: string, baseDir: string = DEFAULT_BASE_DIR): WorkingCalendar {
  return new WorkingCalendar(loadCalendarData(idOrPath, baseDir));
}
