import { formatPeriod, parsePeriod, type Period } from '../../domain/schedule/period';

describe('parsePeriod', () => {
  test.each<[string, Period]>([
    ['30 days', { amount: 30, unit: 'days' }],
    ['10 working days', { amount: 10, unit: 'working-days' }],
    ['1 working day', { amount: 1, unit: 'working-days' }],
    ['0 days', { amount: 0, unit: 'days' }],
    ['2 weeks', { amount: 2, unit: 'weeks' }],
    ['12 months', { amount: 12, unit: 'months' }],
    ['1 year', { amount: 1, unit: 'years' }],
    ['every 12 months', { amount: 12, unit: 'months' }],
    ['  5  Working   Days ', { amount: 5, unit: 'working-days' }],
    ['3 working-days', { amount: 3, unit: 'working-days' }],
  ])('%j', (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });

  test.each(['10 wrking days', '', 'days', '-1 days', '1.5 days', 'ten days', '10', '10 days later', 'every'])(
    'rejects %j with a one-line message naming the text and the fix',
    (text) => {
      expect(() => parsePeriod(text)).toThrow(`${JSON.stringify(text)} is not a period: write e.g. "10 days"`);
      try {
        parsePeriod(text);
      } catch (err) {
        expect((err as Error).message).not.toContain('\n');
      }
    },
  );
});

describe('formatPeriod', () => {
  test.each<[Period, string, string]>([
    [{ amount: 10, unit: 'working-days' }, '10 working days', '10 ngày làm việc'],
    [{ amount: 1, unit: 'working-days' }, '1 working day', '1 ngày làm việc'],
    [{ amount: 30, unit: 'days' }, '30 days', '30 ngày'],
    [{ amount: 0, unit: 'days' }, '0 days', '0 ngày'],
    [{ amount: 12, unit: 'months' }, '12 months', '12 tháng'],
    [{ amount: 1, unit: 'years' }, '1 year', '1 năm'],
    [{ amount: 2, unit: 'weeks' }, '2 weeks', '2 tuần'],
  ])('%j', (p, en, vi) => {
    expect(formatPeriod(p)).toBe(en);
    expect(formatPeriod(p, 'en')).toBe(en);
    expect(formatPeriod(p, 'vi')).toBe(vi);
    // English output parses back to the same period.
    expect(parsePeriod(en)).toEqual(p);
  });
});
