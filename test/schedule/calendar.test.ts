import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { addDays, isoWeekday, WorkingCalendar, type CalendarData } from '../../domain/schedule/calendar';
import { loadCalendar, loadCalendarData } from '../../activities/schedule/calendar-store';

const vn = loadCalendar('vn');

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

describe('vn calendar: days off and working days', () => {
  test('Tết 2026: civil servants off Sat 14 – Sun 22 Feb, back on Mon 23 Feb', () => {
    for (const d of range('2026-02-14', '2026-02-22')) {
      expect(vn.isWorkingDay(d)).toBe(false);
      expect(vn.dayOffReason(d)).toBe('Tết Nguyên đán');
    }
    expect(vn.isWorkingDay('2026-02-13')).toBe(true);
    expect(vn.isWorkingDay('2026-02-23')).toBe(true);
    expect(vn.nextWorkingDay('2026-02-13')).toBe('2026-02-23');
    expect(vn.previousWorkingDay('2026-02-23')).toBe('2026-02-13');
  });

  test.each([
    ['2022-02-02', 'Tết Nguyên đán'],
    ['2022-04-11', 'Giỗ Tổ Hùng Vương (nghỉ bù)'],
    ['2022-05-03', 'Ngày Quốc tế Lao động (nghỉ bù)'],
    ['2022-09-01', 'Quốc khánh (ngày liền kề)'],
    ['2023-05-03', 'Ngày Chiến thắng (nghỉ bù)'],
    ['2024-04-29', 'Nghỉ hoán đổi (làm bù thứ Bảy 04/5)'],
    ['2025-05-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)'],
    ['2026-01-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01)'],
    ['2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)'],
    ['2026-08-31', 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8)'],
    ['2026-03-07', 'weekend'],
    ['2026-03-08', 'weekend'],
  ])('%s is off: %s', (date, reason) => {
    expect(vn.isWorkingDay(date)).toBe(false);
    expect(vn.dayOffReason(date)).toBe(reason);
  });

  test.each(['2024-05-04', '2025-04-26', '2026-01-10', '2026-08-22', '2026-03-09'])('%s is a working day', (date) => {
    expect(vn.isWorkingDay(date)).toBe(true);
    expect(vn.dayOffReason(date)).toBeUndefined();
  });

  test('a swapped Saturday is reached by nextWorkingDay', () => {
    expect(vn.nextWorkingDay('2026-08-21')).toBe('2026-08-22');
    expect(vn.nextWorkingDay('2026-08-28')).toBe('2026-09-03');
    expect(vn.previousWorkingDay('2026-09-03')).toBe('2026-08-28');
  });

  test('each year 2022–2030 gives the 11 statutory days off net of swaps (Labour Code 2019, Art. 112)', () => {
    const data = loadCalendarData('vn');
    for (let y = 2022; y <= 2030; y++) {
      const year = data.years[String(y)];
      expect(year).toBeDefined();
      if (!year) continue;
      const weekdaysOff = year.daysOff.filter((d) => isoWeekday(d.date) <= 5).length;
      expect({ y, net: weekdaysOff - year.workingDays.length }).toEqual({ y, net: 11 });
      // The fixed-date holidays are always listed, whatever weekday they fall on.
      for (const md of ['01-01', '04-30', '05-01', '09-02']) {
        expect(year.daysOff.map((d) => d.date)).toContain(`${y}-${md}`);
      }
      expect(year.daysOff.filter((d) => d.name.startsWith('Tết Nguyên đán')).length).toBeGreaterThanOrEqual(5);
    }
  });

  test('2027–2030 are flagged as not announced; unlisted years too', () => {
    expect(vn.unannouncedYears(2022, 2026)).toEqual([]);
    expect(vn.unannouncedYears(2020, 2032)).toEqual([2020, 2021, 2027, 2028, 2029, 2030, 2031, 2032]);
  });

  test('outside the data, weekends and fixed-date statutory holidays apply, with make-up days', () => {
    expect(vn.dayOffReason('2031-01-01')).toBe('Tết Dương lịch'); // Wednesday
    expect(vn.dayOffReason('2031-09-02')).toBe('Quốc khánh (2/9)'); // Tuesday
    // 2033-01-01 is a Saturday: made up on Monday 3 Jan.
    expect(vn.dayOffReason('2033-01-03')).toBe('Tết Dương lịch (nghỉ bù)');
    // 2032-05-01 is a Saturday, 30/4 a Friday: make-up on Monday 3 May.
    expect(vn.isWorkingDay('2032-04-30')).toBe(false);
    expect(vn.dayOffReason('2032-05-03')).toBe('Ngày Quốc tế Lao động (1/5) (nghỉ bù)');
    expect(vn.isWorkingDay('2031-02-03')).toBe(true); // no lunar holidays can be derived
  });

  test('rejects malformed dates', () => {
    expect(() => vn.isWorkingDay('2026-02-30')).toThrow('is not a date');
    expect(() => vn.nextWorkingDay('16/02/2026')).toThrow('is not a date');
  });
});

describe('WorkingCalendar data checks', () => {
  const base = (): CalendarData => ({
    id: 't',
    name: 'test',
    weekend: [6, 7],
    statutory: { source: 's', makeUpDays: false, fixed: [] },
    years: { '2026': { source: 's', announced: true, daysOff: [], workingDays: [] } },
  });

  test.each<[string, (d: CalendarData) => void, string]>([
    [
      'a date under the wrong year',
      (d) => d.years['2026']?.daysOff.push({ date: '2025-01-01', name: 'x' }),
      'listed under year 2026',
    ],
    [
      'a swap on a weekday',
      (d) => d.years['2026']?.workingDays.push({ date: '2026-03-09', name: 'x' }),
      'is not a weekend day',
    ],
    ['an impossible date', (d) => d.years['2026']?.daysOff.push({ date: '2026-02-30', name: 'x' }), 'is not a date'],
    [
      'a duplicate day off',
      (d) => d.years['2026']?.daysOff.push({ date: '2026-03-09', name: 'x' }, { date: '2026-03-09', name: 'y' }),
      'listed twice',
    ],
    ['a week without working days', (d) => (d.weekend = [1, 2, 3, 4, 5, 6, 7]), 'at least one working weekday'],
  ])('rejects %s', (_label, mutate, message) => {
    const data = base();
    mutate(data);
    expect(() => new WorkingCalendar(data)).toThrow(message);
  });
});

describe('calendar-store', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'calendars-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const valid = (id: string, extra = ''): string =>
    `id: ${id}\nname: Test\nweekend: [6, 7]\nstatutory: { source: s, makeUpDays: true, fixed: [{ month: 1, day: 1, name: NY }] }\nyears:\n  "2026":\n    source: s\n    announced: true\n    daysOff: [{ date: 2026-03-09, name: Test day }]\n    workingDays: []\n${extra}`;

  function expectOneLineError(fn: () => unknown, ...parts: string[]): void {
    let message = '';
    try {
      fn();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain('\n');
    for (const p of parts) expect(message).toContain(p);
  }

  test('loads by id from a base dir and by explicit path', () => {
    const file = write('demo.yaml', valid('demo'));
    expect(loadCalendar('demo', dir).isWorkingDay('2026-03-09')).toBe(false);
    expect(loadCalendar(file).dayOffReason('2026-03-09')).toBe('Test day');
    expect(loadCalendar(file).dayOffReason('2027-01-01')).toBe('NY');
  });

  test('the default base dir is config/calendars', () => {
    expect(loadCalendar('vn').id).toBe('vn');
  });

  test('missing file', () => {
    expectOneLineError(() => loadCalendar('nope', dir), path.join(dir, 'nope.yaml'), 'cannot be read');
  });

  test('id that is not an id', () => {
    expectOneLineError(() => loadCalendar('../etc/passwd', dir), 'neither a calendar id');
  });

  test('invalid YAML', () => {
    const file = write('broken.yaml', 'id: [unclosed\n  name: x\n');
    expectOneLineError(() => loadCalendar(file), file, 'not valid YAML');
  });

  test('schema violations name the field', () => {
    const file = write('bad-date.yaml', valid('bad').replace('2026-03-09', '9 March 2026'));
    expectOneLineError(() => loadCalendar(file), file, 'years.2026.daysOff.0.date', 'YYYY-MM-DD');
    const file2 = write('extra.yaml', valid('extra', 'colour: red\n'));
    expectOneLineError(() => loadCalendar(file2), file2, 'invalid');
  });

  test('semantic problems found by the calendar are reported with the file', () => {
    const file = write('impossible.yaml', valid('impossible').replace('2026-03-09', '2026-02-30'));
    expectOneLineError(() => loadCalendar(file), file, '2026-02-30');
  });

  test('id must match the file name', () => {
    write('other.yaml', valid('something-else'));
    expectOneLineError(() => loadCalendar('other', dir), 'must match the file name');
  });
});
