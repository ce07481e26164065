/**
 * What the CLI says before it ever talks to a server: help with examples, bad arguments,
 * definition problems, and an unreachable server, each as one line with exit code 1.
 */
import { parseAreaText, parseDateTime, parseUrl } from '../../client/commands/common';
import { parseReportMarkdown } from '../../client/commands/report';
import { LONG_AN } from '../support/lifecycle-harness';
import { definitionFile, runCli } from './cli-support';

const COMMANDS = [
  'plan',
  'validate',
  'start',
  'status',
  'list',
  'draft',
  'feedback',
  'sign',
  'schedule-signing',
  'report',
  'outcome',
  'extend',
  'exchange',
  'withdraw',
  'export',
];
const NOWHERE = { TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_NAMESPACE: 'default' };

test('every command has --help with an example', async () => {
  const top = await runCli(['--help']);
  expect(top.code).toBe(0);
  for (const c of COMMANDS) expect(top.stdout).toContain(c);
  for (const c of COMMANDS) {
    const r = await runCli([c, '--help']);
    expect({ c, code: r.code }).toEqual({ c, code: 0 });
    expect(r.stdout).toMatch(/Example:\n {2}\$ regulation /);
  }
});

test('--version prints the package version', async () => {
  const r = await runCli(['--version']);
  expect(r).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
});

test('validate accepts the Long An definition and summarises it', async () => {
  const r = await runCli(['validate', LONG_AN]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('valid');
  expect(r.stdout).toMatch(/Bodies: +hdnd \(Đảng đoàn HĐND tỉnh\), tand/);
  expect(r.stdout).toContain('Kick-off:     Wed 17 Aug 2022');
});

test('validate and start list every problem of an invalid definition and exit 1', async () => {
  const file = definitionFile('cli-bad', (y) =>
    y
      .replace('kickoff: 2022-08-17', 'kickoff: 17/08/2022')
      .replace('email: "vanthu@tand.example.com"', 'email: "vanthu"'),
  );
  for (const cmd of ['validate', 'start']) {
    const r = await runCli([cmd, file], NOWHERE);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`regulation: ${file}: 2 problems`);
    expect(r.stderr).toContain('kickoff: "17/08/2022" is not a date: write YYYY-MM-DD');
    expect(r.stderr).toContain('bodies[1].contacts[0].email: "vanthu" is not an email address');
    // start validated before connecting: the unreachable server was never mentioned.
    expect(r.stderr).not.toContain('cannot reach');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }
  const missing = await runCli(['validate', '/nonexistent/def.yaml']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toBe(
    'regulation: /nonexistent/def.yaml: 1 problem\n  cannot read the file (ENOENT): check the path\n',
  );
});

test('start refuses a lifecycle whose drafting deadline has passed, before connecting, unless told to replay it or start anyway', async () => {
  const r = await runCli(['start', LONG_AN], NOWHERE);
  expect(r).toEqual({
    code: 1,
    stdout: '',
    stderr:
      `regulation: ${LONG_AN}: kickoff 2022-08-17: its drafting deadline (Fri 16 Sep 2022) has passed, so starting now would escalate at once; ` +
      'replay it with --rehearsal 86400 or --start-at "2022-08-17 14:00", or start it anyway with --allow-overdue; nothing was started\n',
  });
  // Each way out gets past the check, to the (unreachable) server.
  for (const extra of [['--allow-overdue'], ['--rehearsal', '86400'], ['--start-at', '2022-08-17 14:00']]) {
    const out = await runCli(['start', LONG_AN, ...extra], NOWHERE);
    expect({ extra, code: out.code }).toEqual({ extra, code: 1 });
    expect(out.stderr).toMatch(/^regulation: cannot reach Temporal at 127\.0\.0\.1:1 /);
  }
  // A kick-off today is not overdue.
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
  const fresh = await runCli(
    [
      'start',
      definitionFile('cli-today', (y) =>
        y
          .replace('kickoff: 2022-08-17', `kickoff: ${today}`)
          .replace('finalReview: 2026-06-30', 'finalReview: 2031-06-30'),
      ),
    ],
    NOWHERE,
  );
  expect(fresh.stderr).toMatch(/^regulation: cannot reach Temporal at 127\.0\.0\.1:1 /);
});

test('an unreachable server is named in one line', async () => {
  const r = await runCli(['status', 'long-an-hdnd-tand-2022'], NOWHERE);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(
    /^regulation: cannot reach Temporal at 127\.0\.0\.1:1 \(.*\): start it with 'npm start' or set TEMPORAL_ADDRESS\n$/,
  );
});

test.each([
  [['feedback', 'x', '--agree'], "regulation: required option '--body <id>' not specified\n"],
  [['feedback', 'x', '--body', 'tand'], 'regulation: feedback: choose --agree or --request-changes\n'],
  [
    ['feedback', 'x', '--body', 'tand', '--agree', '--request-changes'],
    "regulation: option '--agree' cannot be used with option '--request-changes'\n",
  ],
  [
    ['extend', 'x', '--deadline', 'drafting', '--to', '2022-13-01', '--reason', 'r'],
    "regulation: option '--to <date>' argument '2022-13-01' is invalid. Not a date: write YYYY-MM-DD, e.g. 2022-10-05\n",
  ],
  [
    ['extend', 'x', '--deadline', 'drafting', '--to', '5/10/2022', '--reason', 'r'],
    "regulation: option '--to <date>' argument '5/10/2022' is invalid. Not a date: write YYYY-MM-DD, e.g. 2022-10-05\n",
  ],
  [
    ['draft', 'x', '--version', 'v2', '--link', 'ftp://x/y'],
    "regulation: option '--link <url>' argument 'ftp://x/y' is invalid. \"ftp:\" links are not allowed: give an http(s) URL, e.g. https://docs.example.org/draft-v2.pdf\n",
  ],
  [
    ['draft', 'x', '--version', 'v2', '--link', 'https://d.example.org/v2.pdf', '--file', '/nonexistent.pdf'],
    'regulation: --file /nonexistent.pdf: cannot read it (ENOENT): check the path\n',
  ],
  [
    ['schedule-signing', 'x', '--at', 'tomorrow'],
    'regulation: option \'--at <datetime>\' argument \'tomorrow\' is invalid. Not a date and time: write "YYYY-MM-DD HH:mm" (Vietnam time), e.g. "2022-11-10 09:00"\n',
  ],
  [['outcome', 'x', '--review', '1'], 'regulation: outcome: choose --continue, --amend or --end\n'],
  [
    ['outcome', 'x', '--review', 'first', '--continue'],
    "regulation: option '--review <n|final>' argument 'first' is invalid. Not a review: give its number (1 for the first sơ kết) or \"final\" for the tổng kết\n",
  ],
  [
    ['report', 'x', '--review', '1', '--body', 'tand'],
    'regulation: report: give --file report.md or at least one --assessment AREA=TEXT\n',
  ],
  [
    ['answer-comments', 'x'],
    'regulation: answer-comments: give at least one --accepted, --partly or --not-accepted COMMENT, e.g. --accepted tand-1\n',
  ],
  [
    ['answer-comments', 'x', '--accepted', 'Điều 3'],
    "regulation: option '--accepted <comment[=explanation]>' argument 'Điều 3' is invalid. \"Điều 3\" is not a comment id: write BODY-N[=EXPLANATION], e.g. tand-2=\"Đã bổ sung tại Điều 5\"; 'regulation status ID' lists the ids\n",
  ],
  [
    ['answer-comments', 'x', '--not-accepted', 'tand-2='],
    'regulation: option \'--not-accepted <comment=explanation>\' argument \'tand-2=\' is invalid. The explanation after "tand-2=" is empty: write it, or leave out "="\n',
  ],
  [
    ['list', '--stage', 'done'],
    "regulation: option '--stage <stage>' argument 'done' is invalid. Allowed choices are drafting, consultation, revision, signing, in-force, closed, withdrawn.\n",
  ],
  [['statsu', 'x'], "regulation: unknown command 'statsu'\n(Did you mean status?)\n"],
  [
    ['calendar', 'diff', '/nonexistent.yaml'],
    'regulation: calendar file /nonexistent.yaml cannot be read (ENOENT): check the calendar id and config/calendars/\n',
  ],
])('bad arguments: regulation %j', async (args, stderr) => {
  const r = await runCli(args, NOWHERE);
  expect(r).toEqual({ code: 1, stdout: '', stderr });
});

test('plan --explain says why each deadline falls where it does: the rule, the days off and the Art. 148.5 move', async () => {
  const r = await runCli(['plan', 'config/regulations/long-an-2022.yaml', '--explain'], NOWHERE);
  expect(r.code).toBe(0);
  const why = r.stdout.slice(r.stdout.indexOf('Why these dates:'));
  expect(why).toContain(
    '2022-09-16  Drafting the regulation (draft v1) — deadline\n  rule: 30 days after 2022-08-17 (counting from the next day, Civil Code Art. 147)',
  );
  expect(why).toContain('    2022-09-02  Quốc khánh (2/9)');
  expect(why).toContain('  2022-10-15 is a day off (weekend): moved later to 2022-10-17 (Civil Code Art. 148.5)');
  expect(why).toMatch(/calendar vn version [0-9a-f]{12}; 2022: Ministry of Labour/);
});

describe('parsing what clerks type', () => {
  test('--comment AREA=TEXT is an area comment; other text is a general comment', () => {
    expect(parseAreaText('supervision=Add a 15-day limit')).toEqual({
      area: 'supervision',
      text: 'Add a 15-day limit',
    });
    expect(parseAreaText('Use the 2022 name of the office')).toEqual({ text: 'Use the 2022 name of the office' });
    expect(parseAreaText('Điều 3 = khoản 2 cần sửa')).toEqual({ text: 'Điều 3 = khoản 2 cần sửa' });
    expect(parseAreaText('a=b=c')).toEqual({ text: 'a=b=c' });
    expect(() => parseAreaText('supervision=')).toThrow('The text after "supervision=" is empty');
  });

  test('dates and times are Vietnam time unless an offset is given', () => {
    expect(parseDateTime('2022-11-10 09:00')).toBe('2022-11-10T09:00:00+07:00');
    expect(parseDateTime('2022-11-10T02:00Z')).toBe('2022-11-10T02:00:00Z');
    expect(() => parseDateTime('2022-02-30 09:00')).toThrow('Not a valid date and time');
  });

  test('a Markdown report becomes one assessment per "## area" section', () => {
    const md =
      '# Báo cáo sơ kết\nPreamble is not an area.\n\n## supervision — Giám sát\nAnswered on time.\n\n### Details\n12 requests.\n\n## petitions\nAll handled.\n';
    expect(parseReportMarkdown(md)).toEqual({
      supervision: 'Answered on time.\n\n### Details\n12 requests.',
      petitions: 'All handled.',
    });
    expect(() => parseReportMarkdown('# Title\nno sections')).toThrow('no "## <area-id>" headings');
    expect(() => parseReportMarkdown('## supervision\n\n## petitions\nok')).toThrow(
      'section "## supervision" is empty',
    );
  });
});

describe('hostile input at the command line', () => {
  test('a link with CR/LF is refused in one line that shows them, and no server is contacted', async () => {
    const r = await runCli(['draft', 'x', '--version', 'v2', '--link', 'https://ok.example/\r\nX: y'], NOWHERE);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `regulation: option '--link <url>' argument 'https://ok.example/\\r\\nX: y' is invalid. "https://ok.example/\\r\\nX: y" contains a carriage return (\\r) at character 20: write it on one line\n`,
    );
  });

  test('a version with a line break, or a javascript: link, is refused on one line', async () => {
    const version = await runCli(
      ['draft', 'x', '--version', 'v2\nBcc: attacker@evil.example', '--link', 'https://ok.example/'],
      NOWHERE,
    );
    expect(version.code).toBe(1);
    expect(version.stderr.split('\n')).toEqual([
      `regulation: option '--version <label>' argument 'v2\\nBcc: attacker@evil.example' is invalid. "v2\\nBcc: attacker@evil.example" contains a line break (\\n) at character 3: write it on one line`,
      '',
    ]);
    const script = await runCli(['draft', 'x', '--version', 'v2', '--link', 'javascript:alert(1)'], NOWHERE);
    expect(script.code).toBe(1);
    expect(script.stderr).toContain('"javascript:" links are not allowed: give an http(s) URL');
  });

  test('the link is sent as its parsed href', () => {
    expect(parseUrl(' https://Docs.Example.org/a b.pdf ')).toBe('https://docs.example.org/a%20b.pdf');
    expect(() => parseUrl('https://gov.vn@evil.example/')).toThrow('carries a user name or password');
  });

  test('validate refuses a mistyped key, naming the nearest valid one, and exits 1', async () => {
    const file = definitionFile('cli-typo', (y) =>
      y.replace(/^ {2}reminders:/m, '  remiders:').replace(/^schedule:/m, 'commentAnswer: optional\nschedule:'),
    );
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('  `remiders`: unknown key; did you mean `reminders` (under `schedule`)?\n');
    expect(r.stderr).toContain('  `commentAnswer`: unknown key; did you mean `commentAnswers`?\n');
  });
});
