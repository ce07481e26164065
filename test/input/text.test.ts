/** The input rules for text (domain/text.ts) and the nearest-key suggestion (domain/keys.ts). */
import { formatInstant, table } from '../../client/format';
import { nearest, unknownKeyProblem } from '../../domain/keys';
import { byCodeUnits, checkEmail, checkLine, checkLines, checkLink, oneLineMessage, visible } from '../../domain/text';

test('a one-line field is trimmed and composed; control, bidi and zero-width characters refuse it', () => {
  expect(checkLine('  Nguye\u0302\u0303n  ')).toEqual({ ok: true, value: 'Nguyễn' });
  for (const bad of [
    'a\rb',
    'a\nb',
    'a\tb',
    'a\u0000b',
    'a\u0085b',
    'a\u2028b',
    'a\u202Eb',
    'a\u2067b',
    'a\u200Bb',
    'a\uFEFFb',
  ])
    expect(checkLine(bad).ok).toBe(false);
  expect(checkLine('v2\r\nBcc: x')).toEqual({
    ok: false,
    problem: '"v2\\r\\nBcc: x" contains a carriage return (\\r) at character 3: write it on one line',
  });
});

test('a multi-line field keeps \\n only: CR LF and lone CR become \\n, a tab a space; NUL refuses it', () => {
  expect(checkLines('a\r\nb\rc\u2028d\te')).toEqual({ ok: true, value: 'a\nb\nc\nd e' });
  expect(checkLines('a\u0000b')).toEqual({
    ok: false,
    problem: '"a\\0b" contains a control character (\\0) at character 2: remove it',
  });
  // What the boundary normalised is all the validators accept.
  expect(checkLines('a\r\nb', { canonical: true }).ok).toBe(false);
  expect(checkLines('a\nb', { canonical: true }).ok).toBe(true);
});

test('a link is kept as its parsed href, http(s) only, without credentials', () => {
  expect(checkLink('https://Docs.Example.org/quy chế.pdf')).toEqual({
    ok: true,
    value: 'https://docs.example.org/quy%20ch%E1%BA%BF.pdf',
  });
  expect(checkLink('javascript:alert(1)').ok).toBe(false);
  expect(checkLink('data:text/html,<b>').ok).toBe(false);
  expect(checkLink('https://gov.vn@evil.example/').ok).toBe(false);
  // The URL parser would silently drop CR/LF and tabs: they are refused before it sees them.
  expect(checkLink('https://ok.example/\r\nX: y').ok).toBe(false);
});

test('an email address is plain local@domain', () => {
  expect(checkEmail(' vanthu@tand.example.vn ')).toEqual({ ok: true, value: 'vanthu@tand.example.vn' });
  for (const bad of [
    'a"b@x.org',
    'a;b@x.org',
    'a@x.org>',
    '"A" <a@x.org>',
    'a@x',
    'a b@x.org',
    'a@x.org\r\nBcc: y@z.org',
  ])
    expect(checkEmail(bad).ok).toBe(false);
});

test('a refusal shows invisible characters and stays on one line', () => {
  expect(visible('a\r\n\u202E\u200B"\\')).toBe('"a\\r\\n\\u202E\\u200B\\"\\\\"');
  expect(visible('x'.repeat(100), 10)).toBe(`"${'x'.repeat(10)}…"`);
  expect(oneLineMessage('a\r\nb\u2028c')).toBe('a\\r\\nb\\u2028c');
});

test('an unknown key names the nearest valid one, if any is near', () => {
  expect(nearest('remiders', ['reminders', 'reminderTime'])).toBe('reminders');
  expect(nearest('commentAnswer', ['commentAnswers', 'documents'])).toBe('commentAnswers');
  expect(nearest('zzz', ['reminders'])).toBeUndefined();
  expect(unknownKeyProblem('remiders', ['reminders'], 'schedule')).toBe(
    '`remiders`: unknown key; did you mean `reminders` (under `schedule`)?',
  );
  expect(unknownKeyProblem('x\ny', ['a', 'b'])).toBe('`x\\ny`: unknown key: remove it, or use one of `a`, `b`');
});

test('a CLI table cell shows a terminal escape or a bidi override written out, on one line', () => {
  const out = table(['Who', 'Note'], [['Lê\u001b[2J', 'a\r\nb\u202Ec']]);
  expect(out).toBe('  WHO          NOTE\n  Lê\\u001B[2J  a b\\u202Ec');
});

test('ids order as visibility compares keywords (a page ends where `WorkflowId > last` resumes), not by a collation', () => {
  const ids = ['b-2', 'a-10', 'B-1', 'a-9', 'đ-1', 'd-1'];
  expect(ids.slice().sort(byCodeUnits)).toEqual(['B-1', 'a-10', 'a-9', 'b-2', 'd-1', 'đ-1']);
  // A collation puts the upper-case id after the lower-case ones: the next page would show it again.
  expect(ids.slice().sort((x, y) => x.localeCompare(y))[0]).not.toBe('B-1');
  expect(byCodeUnits('2027-01-04T10:00:00.000Z', '2027-01-04T09:59:59.000Z')).toBe(1);
  expect(byCodeUnits('x', 'x')).toBe(0);
});

test("the CLI writes an instant in Vietnam's time with its weekday, in English; what is not one, as it came", () => {
  expect(formatInstant('2022-09-16T10:00:00.000Z')).toBe('Fri 16 Sep 2022 17:00');
  // Past midnight in Vietnam: the next day.
  expect(formatInstant('2027-01-26T17:30:00Z')).toBe('Wed 27 Jan 2027 00:30');
  expect(formatInstant(undefined)).toBe('-');
  expect(formatInstant('not a date')).toBe('not a date');
});
