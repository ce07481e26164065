/**
 * What every command shares: the connection (unreachable server = a user-facing error),
 * option parsers that reject bad values with one line naming the fix, and help examples.
 *
 * The Temporal client, the definition schema (zod) and the YAML parser take longer to load than
 * `--help` takes to run: commands import them (`await import`) in the action that needs them,
 * so each command loads only its own.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../../domain/schedule/calendar';
import { checkLine, checkLines, checkLink } from '../../domain/text';
import type { Regulation } from '../../config/regulation';
import type { RegulationsClient } from '../api';
import { UserError } from '../errors';
import { DISPLAY_ZONE } from '../format';

/** As the worker: CALENDAR_DIR, else this installation's config/calendars (not the cwd's); loads zod only when asked. */
export async function defaultCalendarDir(): Promise<string> {
  const { readConsoleEnv } = await import('../../config/console');
  return readConsoleEnv().calendarDir;
}

/** The working-day calendar a definition names, from defaultCalendarDir(); a missing or bad file is a user error naming `file`. */
export async function calendarOf(regulation: Regulation, file: string, dir?: string): Promise<WorkingCalendar> {
  const { loadCalendar } = await import('../../activities/schedule/calendar-store');
  const from = dir ?? (await defaultCalendarDir());
  try {
    return loadCalendar(regulation.calendar, from);
  } catch (err) {
    throw new UserError(`${file}: calendar: ${(err as Error).message}`);
  }
}

/** Connects from the environment, runs fn, and always closes the connection. */
export async function withClient<T>(fn: (api: RegulationsClient) => Promise<T>): Promise<T> {
  const { RegulationsClient } = await import('../api');
  let api: RegulationsClient;
  try {
    api = await RegulationsClient.connect();
  } catch (err) {
    // connectClient's message names the address tried and how to fix it.
    throw new UserError((err as Error).message);
  }
  try {
    return await fn(api);
  } finally {
    await api.close();
  }
}

/** `regulation NAME <id>`: a command on one lifecycle. */
export function lifecycleCommand(
  program: Command,
  name: string,
  description: string,
  idHelp = 'lifecycle id',
): Command {
  return program.command(name).description(description).argument('<id>', idHelp);
}

/** Appends an `Example:` block to a command's --help. */
export function example(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText(
    'after',
    `\nExample:\n${lines.map((l) => (l.startsWith('#') ? `  ${l}` : `  $ ${l}`)).join('\n')}\n`,
  );
}

/** Prints a value as pretty JSON for scripts. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints lines of human output. */
export function print(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** --to 2022-10-05: a real calendar day. */
export function parseDay(value: string): string {
  if (!DAY.test(value) || !DateTime.fromISO(value).isValid)
    throw new InvalidArgumentError('Not a date: write YYYY-MM-DD, e.g. 2022-10-05');
  return value;
}

/**
 * --at "2022-11-10 09:00": a local date and time (Vietnam unless an offset is given), returned
 * as ISO with its offset so the validator and the invitations agree on the instant.
 */
export function parseDateTime(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m)
    throw new InvalidArgumentError(
      'Not a date and time: write "YYYY-MM-DD HH:mm" (Vietnam time), e.g. "2022-11-10 09:00"',
    );
  const t = m[3]
    ? DateTime.fromISO(`${m[1]}T${m[2]}${m[3]}`, { setZone: true })
    : DateTime.fromISO(`${m[1]}T${m[2]}`, { zone: DISPLAY_ZONE });
  if (!t.isValid)
    throw new InvalidArgumentError('Not a valid date and time: check the day and the hour, e.g. "2022-11-10 09:00"');
  return t.toISO({ suppressMilliseconds: true })!;
}

/** --link https://…: an http(s) URL, returned as its parsed href (domain/text.ts). */
export function parseUrl(value: string): string {
  const checked = checkLink(value);
  if (!checked.ok) throw new InvalidArgumentError(checked.problem);
  return checked.value;
}

/** A whole number of at least 1. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('Not a whole number of at least 1, e.g. 2');
  return n;
}

/** --review 1 or --review final (the tổng kết). */
export function parseReview(value: string): number | 'final' {
  if (value === 'final') return 'final';
  try {
    return parsePositiveInt(value);
  } catch {
    throw new InvalidArgumentError(
      'Not a review: give its number (1 for the first sơ kết) or "final" for the tổng kết',
    );
  }
}

/** A non-empty text on one line (a label, a name, a reference), trimmed. */
export function parseText(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('Empty: write the text in quotes');
  const checked = checkLine(value);
  if (!checked.ok) throw new InvalidArgumentError(checked.problem);
  return checked.value;
}

/** A non-empty text that may run over several lines (a note, a reason): line breaks become \n. */
export function parseLines(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('Empty: write the text in quotes');
  const checked = checkLines(value);
  if (!checked.ok) throw new InvalidArgumentError(checked.problem);
  return checked.value;
}

/** Collects a repeatable option (each value checked by `parse`). */
export function collect<T>(parse: (value: string) => T): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => [...(previous ?? []), parse(value)];
}

const AREA_KEY = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * AREA=TEXT → a comment on that area; TEXT without "=", or whose key does not look like an
 * area id ("Điều 3 = …"), is a general comment kept whole.
 */
export function parseAreaText(value: string): { area?: string; text: string } {
  const eq = value.indexOf('=');
  const key = eq > 0 ? value.slice(0, eq).trim() : '';
  if (AREA_KEY.test(key)) {
    const text = value.slice(eq + 1).trim();
    if (text === '')
      throw new InvalidArgumentError(
        `The text after "${key}=" is empty: write AREA=TEXT, e.g. supervision="Add a time limit"`,
      );
    return { area: key, text: parseLines(text) };
  }
  if (value.trim() === '') throw new InvalidArgumentError('Empty: write AREA=TEXT or a general comment in quotes');
  return { text: parseLines(value.trim()) };
}
