/**
 * Periods as written in regulations and settings ("10 working days", "12 months").
 * Pure: no I/O, no clock. Deadline arithmetic lives in deadlines.ts.
 */

/** Unit of a period: calendar days, working days (per a WorkingCalendar), weeks, months or years. */
export type PeriodUnit = 'days' | 'working-days' | 'weeks' | 'months' | 'years';

/** A length of time: a non-negative integer amount of one unit. */
export interface Period {
  amount: number;
  unit: PeriodUnit;
}

const UNIT_WORDS: Record<string, PeriodUnit> = {
  day: 'days',
  days: 'days',
  'working day': 'working-days',
  'working days': 'working-days',
  'working-day': 'working-days',
  'working-days': 'working-days',
  week: 'weeks',
  weeks: 'weeks',
  month: 'months',
  months: 'months',
  year: 'years',
  years: 'years',
};

// "every " is accepted so that review cadences ("every 12 months") parse with the same function.
const PERIOD_RE = /^(?:every\s+)?(\d+)\s+([a-z][a-z\s-]*?)$/;

/** Parses "30 days", "10 working days", "2 weeks", "12 months", "1 year" (optionally prefixed by "every "). */
export function parsePeriod(text: string): Period {
  const normalized = String(text).trim().toLowerCase().replace(/\s+/g, ' ');
  const match = PERIOD_RE.exec(normalized);
  const amountText = match?.[1];
  const unit = match?.[2] !== undefined ? UNIT_WORDS[match[2]] : undefined;
  const amount = amountText !== undefined ? Number(amountText) : NaN;
  if (unit === undefined || !Number.isSafeInteger(amount)) {
    // One line, naming the bad text and showing the accepted shapes: this surfaces in config errors.
    throw new Error(
      `${JSON.stringify(String(text))} is not a period: write e.g. "10 days", "5 working days", "2 weeks" or "12 months"`,
    );
  }
  return { amount, unit };
}

const EN: Record<PeriodUnit, [string, string]> = {
  days: ['day', 'days'],
  'working-days': ['working day', 'working days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
  years: ['year', 'years'],
};

// Vietnamese nouns do not inflect for number.
const VI: Record<PeriodUnit, string> = {
  days: 'ngày',
  'working-days': 'ngày làm việc',
  weeks: 'tuần',
  months: 'tháng',
  years: 'năm',
};

/** Formats a period for people: en "10 working days" / "1 day", vi "10 ngày làm việc" / "12 tháng". */
export function formatPeriod(p: Period, locale: 'vi' | 'en' = 'en'): string {
  if (locale === 'vi') return `${p.amount} ${VI[p.unit]}`;
  const [one, many] = EN[p.unit];
  return `${p.amount} ${p.amount === 1 ? one : many}`;
}
