/**
 * The working-day calendar, built from data (config/calendars/<id>.yaml).
 *
 * Pure: it never reads files or the clock. Holiday schedules are announced by the government
 * year by year (and late), so they are data with a source, not rules; only dates outside the
 * data fall back to the fixed-date statutory holidays.
 */

/** One dated entry of a year's schedule (a day off or a swapped-in working day). */
export interface CalendarDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  name: string;
}

/** One year's official (or fallback) schedule. */
export interface CalendarYear {
  /** The document the schedule comes from, for auditors. */
  source: string;
  /** false when the government has not announced the year yet and the entries are a statutory guess. */
  announced: boolean;
  /** Days off beyond the weekend: holidays, make-up days, bridge days (weekend holidays may be listed for their name). */
  daysOff: CalendarDay[];
  /** Weekend days that are working days because of a swap (làm bù). */
  workingDays: CalendarDay[];
}

/** A fixed solar-calendar holiday (1 Jan, 30 Apr, 1 May, 2 Sep). */
export interface StatutoryHoliday {
  month: number;
  day: number;
  name: string;
}

/** Rules applied to years that have no entry in `years`. */
export interface StatutoryRules {
  source: string;
  fixed: StatutoryHoliday[];
  /** A fixed holiday on a weekend gives the next working day off (Labour Code 2019, Art. 111(3)). */
  makeUpDays: boolean;
}

/** Everything a WorkingCalendar is built from. */
export interface CalendarData {
  id: string;
  name: string;
  /** ISO weekdays of the weekly rest days (1 = Monday … 7 = Sunday). */
  weekend: number[];
  /** Fixed-date holidays used for years absent from `years` (lunar holidays cannot be derived safely). */
  statutory: StatutoryRules;
  /** Per-year schedules keyed by the year, e.g. "2026". */
  years: Record<string, CalendarYear>;
  /** Content hash of the file it was read from (calendar-store), recorded with every planned deadline. */
  version?: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Throws unless `date` is a real calendar date written YYYY-MM-DD. */
export function assertIsoDate(date: string, what = 'date'): void {
  const m = DATE_RE.exec(date);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.toISOString().slice(0, 10) === date) return;
  }
  throw new Error(`${what} ${JSON.stringify(date)} is not a date: write YYYY-MM-DD, e.g. "2026-02-16"`);
}

// Local dates are handled as UTC midnights: a date has no zone, and UTC has no DST gaps.
function toMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Adds `days` (may be negative) to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return fromMs(toMs(date) + days * DAY_MS);
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(toMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

// A run of days off longer than this means broken data (e.g. a whole year listed as off).
const MAX_SCAN_DAYS = 60;

/** Answers "is this a working day?" for one organisation's calendar. */
export class WorkingCalendar {
  /** Calendar id, e.g. "vn". */
  readonly id: string;
  /** Human-readable name. */
  readonly name: string;
  /** Content hash of the calendar file ("unversioned" when built from data in code). */
  readonly version: string;
  /** Where each year's schedule comes from (document and date where announced). */
  readonly sources: ReadonlyMap<string, string>;
  private readonly weekend: ReadonlySet<number>;
  private readonly daysOff = new Map<string, string>();
  private readonly workingDays = new Map<string, string>();
  private readonly listedYears = new Map<number, boolean>();
  private readonly statutory: StatutoryRules;
  // Statutory fallback days off, computed once per unlisted year.
  private readonly fallbackCache = new Map<number, Map<string, string>>();

  /** Builds and checks a calendar; throws a one-line Error if the data contradicts itself. */
  constructor(data: CalendarData) {
    this.id = data.id;
    this.name = data.name;
    this.version = data.version ?? 'unversioned';
    this.sources = new Map(Object.entries(data.years).map(([y, v]) => [y, v.source]));
    if (data.weekend.some((d) => !Number.isInteger(d) || d < 1 || d > 7) || new Set(data.weekend).size >= 7) {
      throw new Error(`calendar ${data.id}: weekend must list ISO weekdays 1-7 and leave at least one working weekday`);
    }
    this.weekend = new Set(data.weekend);
    this.statutory = data.statutory;
    for (const h of data.statutory.fixed) {
      const probe = `2024-${String(h.month).padStart(2, '0')}-${String(h.day).padStart(2, '0')}`;
      assertIsoDate(probe, `calendar ${data.id}: statutory holiday ${JSON.stringify(h.name)}`);
    }
    for (const [key, year] of Object.entries(data.years)) {
      if (!/^\d{4}$/.test(key)) throw new Error(`calendar ${data.id}: year key ${JSON.stringify(key)} is not a year`);
      this.listedYears.set(Number(key), year.announced);
      for (const day of year.daysOff) {
        this.checkEntry(key, day, 'daysOff');
        if (this.daysOff.has(day.date)) throw new Error(`calendar ${data.id}: ${day.date} is listed twice in daysOff`);
        this.daysOff.set(day.date, day.name);
      }
      for (const day of year.workingDays) {
        this.checkEntry(key, day, 'workingDays');
        // A swap only makes sense for a weekly rest day; a weekday is already a working day.
        if (!this.weekend.has(isoWeekday(day.date))) {
          throw new Error(`calendar ${data.id}: workingDays ${day.date} is not a weekend day`);
        }
        if (this.daysOff.has(day.date)) {
          throw new Error(`calendar ${data.id}: ${day.date} is listed both in daysOff and in workingDays`);
        }
        this.workingDays.set(day.date, day.name);
      }
    }
  }

  private checkEntry(yearKey: string, day: CalendarDay, list: string): void {
    assertIsoDate(day.date, `calendar ${this.id}: years.${yearKey}.${list}`);
    if (!day.date.startsWith(`${yearKey}-`)) {
      throw new Error(`calendar ${this.id}: ${day.date} is listed under year ${yearKey}`);
    }
  }

  /** True if `date` (YYYY-MM-DD, local) is a working day. */
  isWorkingDay(date: string): boolean {
    return this.dayOffReason(date) === undefined;
  }

  /** Why `date` is not a working day ("Tết Nguyên đán", "weekend", …), or undefined if it is one. */
  dayOffReason(date: string): string | undefined {
    assertIsoDate(date);
    const year = Number(date.slice(0, 4));
    if (this.listedYears.has(year)) {
      const off = this.daysOff.get(date);
      if (off !== undefined) return off;
      if (this.workingDays.has(date)) return undefined;
    } else {
      const off = this.fallbackDaysOff(year).get(date);
      if (off !== undefined) return off;
    }
    return this.weekend.has(isoWeekday(date)) ? 'weekend' : undefined;
  }

  /** First working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return this.scan(date, 1);
  }

  /** Last working day strictly before `date`. */
  previousWorkingDay(date: string): string {
    return this.scan(date, -1);
  }

  /** Years in [fromYear, toYear] without an officially announced schedule (statutory fallback applies). */
  unannouncedYears(fromYear: number, toYear: number): number[] {
    const out: number[] = [];
    for (let y = fromYear; y <= toYear; y++) {
      if (this.listedYears.get(y) !== true) out.push(y);
    }
    return out;
  }

  private scan(date: string, step: 1 | -1): string {
    assertIsoDate(date);
    let d = date;
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) return d;
    }
    throw new Error(
      `calendar ${this.id}: no working day within ${MAX_SCAN_DAYS} days ${step > 0 ? 'after' : 'before'} ${date}`,
    );
  }

  private fallbackDaysOff(year: number): Map<string, string> {
    const cached = this.fallbackCache.get(year);
    if (cached) return cached;
    const off = new Map<string, string>();
    const pad = (n: number) => String(n).padStart(2, '0');
    const fixed = this.statutory.fixed
      .map((h) => ({ date: `${year}-${pad(h.month)}-${pad(h.day)}`, name: h.name }))
      .sort((a, b) => a.date.localeCompare(b.date));
    for (const h of fixed) off.set(h.date, h.name);
    if (this.statutory.makeUpDays) {
      for (const h of fixed) {
        if (!this.weekend.has(isoWeekday(h.date))) continue;
        // The make-up day is the next day that is neither a rest day nor already off.
        let d = addDays(h.date, 1);
        while (this.weekend.has(isoWeekday(d)) || off.has(d)) d = addDays(d, 1);
        off.set(d, `${h.name} (nghỉ bù)`);
      }
    }
    this.fallbackCache.set(year, off);
    return off;
  }
}
