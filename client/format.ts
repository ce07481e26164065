/**
 * Shared output formatting for the CLI: aligned tables and dates as people in the bodies read
 * them, in Vietnam's time zone with the weekday (deadlines are about working days).
 */
import { oneLineMessage } from '../domain/text';
import { DateTime } from 'luxon';
import type { ClockAnchor } from '../domain/lifecycle';

/**
 * The CLI writes English ("Fri 16 Sep 2022"), whatever the machine's locale: the same output for
 * scripts everywhere, and luxon then needs no Intl lookup of the system locale (some 15 ms a run).
 */
const CLI_LOCALE = 'en';

/** The zone dates are shown in: every regulation so far is between Vietnamese bodies. */
export const DISPLAY_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Current schedule time of a lifecycle or review: `status.now` is the time of the workflow's last
 * activation, while this follows the clock (real time, or a rehearsal's speed-up).
 */
export function scheduleNow(s: { now: string; clock: ClockAnchor }, realNowMs: number = Date.now()): string {
  const c = s.clock;
  const ms = Date.parse(c.scheduleStart) + (realNowMs - Date.parse(c.realStart)) * c.speedup;
  return new Date(Math.max(ms, Date.parse(s.now))).toISOString();
}

/** An instant (ISO) as local date and time with weekday, e.g. "Fri 16 Sep 2022 17:00". */
export function formatInstant(iso: string | undefined): string {
  if (!iso) return '-';
  // From the instant straight into the zone: half the work of parsing in UTC and converting (a
  // table of 50 rows formats 100 of them).
  const ms = Date.parse(iso);
  return Number.isNaN(ms)
    ? iso
    : DateTime.fromMillis(ms, { zone: DISPLAY_ZONE, locale: CLI_LOCALE }).toFormat('ccc d LLL yyyy HH:mm');
}

/** A calendar day (YYYY-MM-DD) with its weekday, e.g. "Fri 16 Sep 2022". */
export function formatDay(day: string | undefined): string {
  if (!day) return '-';
  const t = DateTime.fromISO(day, { zone: DISPLAY_ZONE, locale: CLI_LOCALE });
  return t.isValid ? t.toFormat('ccc d LLL yyyy') : day;
}

/** Renders rows as an aligned table under upper-case headers, indented by `indent`; no rows → ''. */
export function table(headers: string[], rows: (string | undefined)[][], indent = '  '): string {
  if (rows.length === 0) return '';
  const cells = [headers.map((h) => h.toUpperCase()), ...rows.map((r) => headers.map((_, i) => oneLine(r[i] ?? '-')))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  return cells
    .map(
      (r) =>
        indent +
        r
          .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c))))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}

/** Label/value lines with the values aligned. */
export function fields(pairs: [string, string | undefined][], indent = ''): string {
  const shown = pairs.filter((p): p is [string, string] => p[1] !== undefined);
  const w = Math.max(0, ...shown.map(([k]) => width(k)));
  return shown.map(([k, v]) => `${indent}${k}:${' '.repeat(w - width(k) + 1)}${v}`).join('\n');
}

/** A titled section; an empty body prints "(none)". */
export function section(title: string, body: string): string {
  return `\n${title}\n${body.trim() === '' ? '  (none)' : body}`;
}

/** Cuts a text to one line of at most `max` characters, for table cells. */
export function truncate(text: string, max = 60): string {
  const flat = oneLine(text);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// Line breaks become spaces; any other invisible character (a terminal escape, a bidi override) is
// written out as in a refusal, so a cell can neither move the cursor nor reorder what follows it.
function oneLine(text: string): string {
  return oneLineMessage(text.replace(/\s+/g, ' ').trim().normalize('NFC'));
}

// Vietnamese text may arrive decomposed (NFD); count what the terminal shows, not code units.
function width(text: string): number {
  return [...text.normalize('NFC')].length;
}
