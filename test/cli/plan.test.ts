/**
 * `regulation plan`: the real binary against the committed expected timetable.
 *
 * test/fixtures/long-an-2022.plan.json was generated once from
 * config/regulations/long-an-2022.yaml and then checked by hand against the Vietnamese
 * calendar (Mon–Fri week; 2022–2026 schedules as announced, see config/calendars/vn.yaml):
 * - drafting: kick-off Wed 17 Aug 2022 + 30 days = Fri 16 Sep 2022 (24:00, written
 *   2022-09-17T00:00:00+07:00); reminders 7/3/1/0 working days before = Wed 7, Tue 13,
 *   Thu 15, Fri 16 Sep at 08:00; first escalation Mon 19 Sep 08:00 (1 working day after).
 *   The Quốc khánh break (Thu 1 – Fri 2 Sep 2022) lies before the first reminder.
 * - consultation: 10 working days after Fri 16 Sep = Fri 30 Sep 2022 (19–23, 26–30 Sep).
 * - signing: 15 days after Fri 30 Sep = Sat 15 Oct 2022, a rest day, so Mon 17 Oct
 *   (Art. 148.5); that is the effective date.
 * - sơ kết 1–3: 12/24/36 months after 17 Oct 2022 = Tue 17 Oct 2023, Thu 17 Oct 2024,
 *   Fri 17 Oct 2025, meetings at 09:00; a 4th (17 Oct 2026) would fall after the tổng kết.
 *   Reports 10 working days before: Tue 3 Oct 2023, Thu 3 Oct 2024, Fri 3 Oct 2025; report
 *   requests 30 days before: Sun 17 Sep 2023 → Fri 15 Sep (moved back), Tue 17 Sep 2024,
 *   Wed 17 Sep 2025. The escalation after Fri 3 Oct 2025 is Mon 6 Oct (skips the weekend).
 * - tổng kết: Tue 30 Jun 2026 09:00; reports due Tue 16 Jun 2026; requests Sun 31 May →
 *   Fri 29 May 2026.
 * - every item is on a working day (meetings included); every reminder is at 08:00+07:00
 *   on a working day and before its deadline; no reminder precedes the step it belongs to.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { planCommand } from '../../client/commands/plan';
import { UserError } from '../../client/api';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const DEFINITION = 'config/regulations/long-an-2022.yaml';
const expected: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/long-an-2022.plan.json'), 'utf8'));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/regulation.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, DEBUG: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let tmp: string;
let broken: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-test-'));
  // Two mistakes: an impossible kick-off date and a contact without a valid address.
  const text = fs
    .readFileSync(path.join(ROOT, DEFINITION), 'utf8')
    .replace('kickoff: 2022-08-17', 'kickoff: 2022-13-45')
    .replace('vanthu@tand.example.com', 'vanthu-at-tand');
  broken = path.join(tmp, 'broken.yaml');
  fs.writeFileSync(broken, text);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const PROBLEMS = [
  // Each problem on its own line of the message; the CLI prints the message as one line (\n written out).
  /(?:^|\\n)\s*kickoff: "2022-13-45" is not a date/m,
  /(?:^|\\n)\s*bodies\[1\]\.contacts\[0\]\.email: "vanthu-at-tand" is not an email address/m,
];

describe('planCommand', () => {
  it('returns the committed timetable as JSON', async () => {
    expect(JSON.parse(await planCommand(DEFINITION, { json: true }))).toEqual(expected);
  });

  it('prints a readable table with weekdays and the calendar note', async () => {
    const text = await planCommand(DEFINITION);
    expect(text).toMatch(/^DATE\s+TIME\s+KIND\s+STAGE\s+TO\s+LABEL$/m);
    expect(text).toMatch(/^Fri 16 Sep 2022\s+24:00\s+deadline\s+drafting\s+secretariat\s+Drafting the regulation/m);
    expect(text).toMatch(
      /^Tue 30 Jun 2026\s+09:00\s+meeting\s+final-review\s+secretariat, hdnd, tand\s+Final review \(tổng kết\)/m,
    );
    expect(text).toContain('Calendar vn: every year 2022–2026 follows the officially announced holiday schedule.');
  });

  it('throws a UserError listing every problem of a broken definition', async () => {
    await expect(planCommand(broken)).rejects.toThrow(UserError);
    let message = '';
    try {
      await planCommand(broken);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`${broken}: 2 problems`);
    for (const p of PROBLEMS) expect(message).toMatch(p);
  });
});

describe('regulation plan (the binary)', () => {
  it('--json prints the committed timetable', async () => {
    const r = await cli('plan', DEFINITION, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('exits 1 on a broken definition, naming both problems with their paths', async () => {
    const r = await cli('plan', broken);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const p of PROBLEMS) expect(r.stderr).toMatch(p);
  });

  it('--ics writes a calendar with the drafting deadline', async () => {
    const file = path.join(tmp, 'long-an.ics');
    const r = await cli('plan', DEFINITION, '--ics', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`to ${file}`);
    // Unfold (RFC 5545 §3.1) and read the events back.
    const lines = fs
      .readFileSync(file, 'utf8')
      .replace(/\r\n[ \t]/g, '')
      .split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.filter((l) => l === 'END:VCALENDAR')).toHaveLength(1);
    const events: Record<string, string>[] = [];
    for (const line of lines) {
      if (line === 'BEGIN:VEVENT') events.push({});
      const m = /^([A-Z-]+)(?:;[^:]*)?:(.*)$/.exec(line);
      const current = events[events.length - 1];
      if (m && current && line !== 'BEGIN:VEVENT') current[m[1]!] ??= m[2]!;
    }
    // 11 deadlines and 4 meetings in the committed timetable.
    expect(events).toHaveLength(15);
    const drafting = events.find(
      (e) => e.UID === 'long-an-hdnd-tand-2022/drafting/drafting-the-regulation-draft-v1-deadline@regulations.local',
    );
    expect(drafting).toMatchObject({ DTSTART: '20220916', DTEND: '20220917' });
    expect(drafting?.SUMMARY).toContain('Drafting the regulation (draft v1)');
    const final = events.find(
      (e) => e.UID === 'long-an-hdnd-tand-2022/final-review/final-review-tong-ket-meeting@regulations.local',
    );
    // 09:00 in Hanoi is 02:00 UTC.
    expect(final?.DTSTART).toBe('20260630T020000Z');
  });
});
