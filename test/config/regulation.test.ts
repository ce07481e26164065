/**
 * The regulation definition: a bad file lists every problem at once, each naming its path and
 * the fix, and nothing downstream sees it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { DefinitionError, loadRegulation, parseRegulation } from '../../config/regulation';
import { LONG_AN } from '../support/lifecycle-harness';

// Tests break the parsed YAML in arbitrary ways, so it is deliberately untyped here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;
const raw = () => YAML.parse(fs.readFileSync(LONG_AN, 'utf8')) as Raw;

function problems(edit: (r: Raw) => void): string[] {
  const r = raw();
  edit(r);
  try {
    parseRegulation(r, 'test.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(DefinitionError);
    return (err as DefinitionError).problems;
  }
  throw new Error('the definition was accepted');
}

test('the shipped Long An definition is valid and normalised', () => {
  const reg = loadRegulation(LONG_AN);
  expect(reg.id).toBe('long-an-hdnd-tand-2022');
  expect(reg.kickoff).toBe('2022-08-17');
  expect(reg.bodies.map((b) => b.id)).toEqual(['hdnd', 'tand']);
  expect(reg.areas).toHaveLength(4);
  expect(reg.schedule.consultation).toEqual({ amount: 10, unit: 'working-days' });
  expect(reg.schedule.preliminaryReviews).toEqual({ amount: 12, unit: 'months' });
  expect(reg.schedule.escalation).toEqual({
    after: { amount: 1, unit: 'working-days' },
    repeat: { amount: 3, unit: 'working-days' },
    max: 10,
  });
});

test.each<[string, (r: Raw) => void, string]>([
  [
    'a bad email',
    (r) => (r.bodies[1].contacts[0].email = 'x@'),
    'bodies[1].contacts[0].email: "x@" is not an email address',
  ],
  [
    'one body',
    (r) => r.bodies.splice(1),
    'bodies: needs at least two bodies: a coordination regulation is between two or more',
  ],
  [
    'duplicate body ids',
    (r) => (r.bodies[1].id = 'hdnd'),
    'bodies[1].id: "hdnd" is used twice: give each body its own id',
  ],
  [
    'duplicate area ids',
    (r) => (r.areas[2].id = 'personnel'),
    'areas[3].id: "personnel" is used twice: give each area its own id',
  ],
  [
    'an unknown locale',
    (r) => (r.bodies[0].locale = 'fr'),
    'bodies[0].locale: "fr" is not a known locale: use "vi" or "en"',
  ],
  [
    'an unknown time zone',
    (r) => (r.timezone = 'Asia/Hanoi_City'),
    'timezone: "Asia/Hanoi_City" is not a known time zone: use an IANA name such as "Asia/Ho_Chi_Minh"',
  ],
  [
    'an unparseable duration',
    (r) => (r.schedule.consultation = '10 wrking days'),
    'schedule.consultation: "10 wrking days" is not a period',
  ],
  [
    'a final review before kick-off',
    (r) => (r.schedule.finalReview = '2022-01-01'),
    'schedule.finalReview: 2022-01-01 is not after the kick-off 2022-08-17: the final review ends the term',
  ],
  [
    'no room for a sơ kết',
    (r) => (r.schedule.finalReview = '2023-03-01'),
    'schedule.preliminaryReviews: the first sơ kết could come no earlier than 2023-08-17, not before the final review 2023-03-01',
  ],
  ['a missing field', (r) => delete r.kickoff, 'kickoff: is missing: add it'],
  ['a bad date', (r) => (r.kickoff = '17/08/2022'), 'kickoff: "17/08/2022" is not a date: write YYYY-MM-DD'],
  [
    'a bad slug',
    (r) => (r.id = 'Long An!'),
    'id: is not a valid regulation id: use lower-case letters, digits and hyphens',
  ],
  [
    'no documents block',
    (r) => delete r.documents,
    'documents: is missing: say who issues and signs the documents (issuer, place, signer), see config/regulations/long-an-2022.yaml',
  ],
  [
    'documents without a place',
    (r) => delete r.documents.place,
    'documents.place: is missing: write the place of the date line, e.g. { vi: "Long An", en: "Long An" }',
  ],
  [
    'documents without a signer',
    (r) => delete r.documents.signer,
    "documents.signer: is missing: give the signer's capacity (collective or head), title and name",
  ],
  ['a signer without a name', (r) => delete r.documents.signer.name, 'documents.signer.name: is missing: add it'],
  [
    'an issuer that is not a body',
    (r) => (r.documents.issuer.body = 'ubnd'),
    'documents.issuer.body: "ubnd" is not a body of this regulation: use one of hdnd, tand',
  ],
  [
    'an issuer named nowhere',
    (r) => delete r.documents.issuer.body,
    'documents.issuer: names no issuer: give the id of the body that issues the documents (body: hdnd) or its name',
  ],
  [
    'a signing capacity that is not one',
    (r) => (r.documents.signer.capacity = 'TM'),
    'documents.signer.capacity: "TM" is not a capacity: use "collective" (TM./T/M the body) or "head" (the title alone)',
  ],
])('%s is named with its path and the fix', (_what, edit, message) => {
  expect(problems(edit).some((p) => p.startsWith(message))).toBe(true);
});

test('every problem is listed at once', () => {
  const list = problems((r) => {
    r.bodies[1].contacts[0].email = 'x@';
    r.timezone = 'Mars/Olympus';
    r.schedule.reminders = ['7 working days', 'soon'];
  });
  expect(list).toEqual([
    'timezone: "Mars/Olympus" is not a known time zone: use an IANA name such as "Asia/Ho_Chi_Minh"',
    'bodies[1].contacts[0].email: "x@" is not an email address: write it as name@example.gov.vn',
    expect.stringMatching(/^schedule\.reminders\[1\]: "soon" is not a period/),
  ]);
});

test('an unreadable or malformed file is one clear problem', () => {
  expect(() => loadRegulation('/nonexistent/def.yaml')).toThrow(/cannot read the file \(ENOENT\): check the path/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'def-')), 'bad.yaml');
  fs.writeFileSync(file, 'id: [unclosed');
  expect(() => loadRegulation(file)).toThrow(/is not valid YAML/);
});

test('a value of the wrong type says what was expected and what was written', () => {
  expect(problems((r) => (r.schedule.maxRounds = 'three'))).toEqual([
    'schedule.maxRounds: expected number, got "three": write a number',
  ]);
});

test('a mistyped key is refused, not dropped: the refusal names the key and the nearest valid one', () => {
  expect(
    problems((r) => {
      r.schedule.remiders = ['1 day'];
      r.commentAnswer = 'optional';
      r.bodies[0].contacts[0].emial = 'x@example.org';
      r.documents = { style: 'party', isuer: { name: { vi: 'A', en: 'B' } } };
      r.secretariat.whatever = 1;
    }),
  ).toEqual([
    '`whatever`: unknown key (under `secretariat`): remove it, or use one of `name`, `locale`, `contacts`',
    '`emial`: unknown key; did you mean `email` (under `bodies[0].contacts[0]`)?',
    // The typo leaves the documents without an issuer, which is refused on its own line.
    'documents.issuer: is missing: add it',
    '`isuer`: unknown key; did you mean `issuer` (under `documents`)?',
    '`remiders`: unknown key; did you mean `reminders` (under `schedule`)?',
    '`commentAnswer`: unknown key; did you mean `commentAnswers`?',
  ]);
});

test('one-line fields refuse control, bidi and zero-width characters, quoted visibly on one line', () => {
  const list = problems((r) => {
    r.title.vi = 'Quy chế\r\nBcc: x@evil.example';
    r.bodies[0].contacts[0].name = 'Lê Văn \u202Egnp.exe';
    r.bodies[1].signatory.name = 'Tư\u200B';
    r.areas[0].title.en = 'a\u0000b';
    r.bodies[1].contacts[0].email = 'a"b@evil.example';
    r.calendar = '../../etc/passwd';
  });
  expect(list).toEqual([
    'title.vi: "Quy chế\\r\\nBcc: x@evil.example" contains a carriage return (\\r) at character 8: write it on one line',
    'calendar: is not a valid calendar id: use lower-case letters, digits and hyphens, e.g. "hdnd"',
    'bodies[0].contacts[0].name: "Lê Văn \\u202Egnp.exe" contains a bidirectional control (\\u202E) at character 8: retype it without the invisible character',
    'bodies[1].contacts[0].email: "a\\"b@evil.example" is not an email address: write it as name@example.gov.vn',
    'bodies[1].signatory.name: "Tư\\u200B" contains a zero-width character (\\u200B) at character 3: retype it without the invisible character',
    'areas[0].title.en: "a\\0b" contains a control character (\\0) at character 2: remove it',
  ]);
  // eslint-disable-next-line no-control-regex -- the characters that must not be printed raw
  for (const p of list) expect(p).not.toMatch(/[\r\n\u0000\u200B\u202E]/);
});

test('names are trimmed and composed (NFC) as the definition is read', () => {
  const r = raw();
  r.bodies[0].contacts[0].name = '  Nguye\u0302\u0303n Văn A ';
  expect(parseRegulation(r).bodies[0]!.contacts[0]!.name).toBe('Nguyễn Văn A');
});
