/**
 * Dates as the reader's language writes them in official documents: never ISO in document text.
 * Pure functions (luxon only, for instants in the regulation's time zone).
 */
import { DateTime } from 'luxon';
import type { Locale } from '../../domain/locale';

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The zone instants are shown in when none is given: every regulation so far is between Vietnamese bodies. */
export const DOCUMENT_ZONE = 'Asia/Ho_Chi_Minh';

function parts(day: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!match) throw new Error(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/**
 * The date of the date line. Vietnamese as Decree 30/2020/NĐ-CP (Appendix I, II.4) and the Party's
 * guidance write it: days below 10 and the months 1 and 2 take a leading 0 ("ngày 05 tháng 02 năm
 * 2022", "ngày 17 tháng 8 năm 2022"); English: "17 August 2022".
 */
export function longDate(day: string, locale: Locale): string {
  const { y, m, d } = parts(day);
  if (locale === 'en') return `${d} ${MONTHS_EN[m - 1]} ${y}`;
  return `ngày ${d < 10 ? `0${d}` : d} tháng ${m <= 2 ? `0${m}` : m} năm ${y}`;
}

/** A day in running text: "17/8/2022" (vi), "17 August 2022" (en). */
export function shortDate(day: string, locale: Locale): string {
  const { y, m, d } = parts(day);
  return locale === 'en' ? `${d} ${MONTHS_EN[m - 1]} ${y}` : `${d}/${m}/${y}`;
}

/** An instant (ISO) in running text, local time: "09:30 ngày 17/8/2022" (vi), "17 August 2022, 09:30" (en). */
export function instantText(iso: string, locale: Locale, zone: string = DOCUMENT_ZONE): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  if (!t.isValid) return iso;
  const day = t.toFormat('yyyy-LL-dd');
  const time = t.toFormat('HH:mm');
  return locale === 'en' ? `${shortDate(day, locale)}, ${time}` : `${time} ngày ${shortDate(day, locale)}`;
}

/** The local calendar day (YYYY-MM-DD) of an instant. */
export function localDay(iso: string, zone: string = DOCUMENT_ZONE): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return t.isValid ? t.toFormat('yyyy-LL-dd') : iso.slice(0, 10);
}
