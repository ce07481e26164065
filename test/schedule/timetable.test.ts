import { DateTime } from 'luxon';
import { timetableToIcs } from '../../activities/schedule/timetable-ics';
import { loadCalendar } from '../../activities/schedule/calendar-store';
import { addDays, isoWeekday } from '../../domain/schedule/calendar';
import { resolveDeadline } from '../../domain/schedule/plan';
import { buildTimetable, timetableUid, type TimetableItem } from '../../domain/schedule/timetable';
import { loadRegulation, type Regulation } from '../../config/regulation';

const reg = loadRegulation('config/regulations/long-an-2022.yaml');
const cal = loadCalendar(reg.calendar);
const items = buildTimetable(reg, cal);

const KINDS = ['deadline', 'reminder', 'escalation', 'meeting'];
const STAGES = ['drafting', 'consultation', 'revision', 'signing', 'review', 'final-review'];
const of = (kind: string, stage?: string, list: TimetableItem[] = items) =>
  list.filter((i) => i.kind === kind && (stage === undefined || i.stage === stage));
/** Step name: the label before " — ". */
const step = (i: TimetableItem) => i.label.split(' — ')[0];
const deadlineOf = (i: TimetableItem, list: TimetableItem[] = items) =>
  list.find((d) => d.kind === 'deadline' && step(d) === step(i));

function withSchedule(patch: Partial<Regulation['schedule']>, top: Partial<Regulation> = {}): Regulation {
  return { ...reg, ...top, schedule: { ...reg.schedule, ...patch } };
}

describe('buildTimetable (Long An 2022)', () => {
  it('is sorted by instant, and uses only the kinds and stages of the --json contract', () => {
    const ms = items.map((i) => Date.parse(i.at));
    expect(ms).toEqual([...ms].sort((a, b) => a - b));
    for (const i of items) {
      expect(KINDS).toContain(i.kind);
      expect(STAGES).toContain(i.stage);
      expect(i.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(i.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      expect(i.to.length).toBeGreaterThan(0);
      for (const t of i.to) expect(['secretariat', 'hdnd', 'tand']).toContain(t);
    }
  });

  it('writes a deadline as 24:00 of its last day, and every other item on its local date', () => {
    for (const i of items) {
      if (i.kind === 'deadline') expect(i.at).toBe(`${addDays(i.date, 1)}T00:00:00+07:00`);
      else expect(i.at.slice(0, 10)).toBe(i.date);
    }
  });

  it('puts no deadline, reminder or escalation on a day off, and meetings on working days too', () => {
    for (const i of items) expect([i.date, cal.dayOffReason(i.date)]).toEqual([i.date, undefined]);
  });

  it('sends reminders at 08:00 before their deadline and after the step opened', () => {
    const reminders = of('reminder');
    expect(reminders.length).toBeGreaterThan(0);
    for (const r of reminders) {
      const d = deadlineOf(r);
      expect(d).toBeDefined();
      expect(r.at.slice(11, 16)).toBe('08:00');
      expect(Date.parse(r.at)).toBeLessThan(Date.parse(d!.at));
      expect(r.label).toContain(`(due ${d!.date})`);
    }
    // A step opens when the one before it is done (on its deadline): no reminder before that.
    const due = (stage: string) => Date.parse(of('deadline', stage)[0]!.at);
    for (const r of of('reminder', 'consultation')) expect(Date.parse(r.at)).toBeGreaterThan(due('drafting'));
    for (const r of of('reminder', 'signing')) expect(Date.parse(r.at)).toBeGreaterThan(due('consultation'));
    for (const r of reminders.filter((x) => x.label.startsWith('Reports'))) {
      const shown = /with the meeting invitation on \w{3} (\d{1,2} \w{3} \d{4})/.exec(deadlineOf(r)!.label)?.[1];
      const requested = shown && DateTime.fromFormat(shown, 'd LLL yyyy').toISODate();
      expect(requested).toBeDefined();
      expect(r.date >= requested!).toBe(true);
    }
  });

  it('lists exactly one escalation per deadline that escalates, after the deadline', () => {
    for (const e of of('escalation')) {
      const d = deadlineOf(e)!;
      expect(Date.parse(e.at)).toBeGreaterThan(Date.parse(d.at));
      expect(e.label).toContain('escalation if late');
      expect(of('escalation').filter((x) => step(x) === step(e))).toHaveLength(1);
    }
  });

  it('dates drafting, consultation and signing as the workflow would, with the recipients it uses', () => {
    // 17 Aug 2022 + 30 days = Fri 16 Sep 2022 (a working day: 1–2 Sep, the Quốc khánh break, are earlier).
    const drafting = of('deadline', 'drafting');
    expect(drafting).toHaveLength(1);
    expect(drafting[0]).toMatchObject({ date: '2022-09-16', at: '2022-09-17T00:00:00+07:00', to: ['secretariat'] });
    expect(of('reminder', 'drafting').map((r) => r.date)).toEqual([
      '2022-09-07',
      '2022-09-13',
      '2022-09-15',
      '2022-09-16',
    ]);
    expect(of('escalation', 'drafting')).toEqual([
      expect.objectContaining({
        date: '2022-09-19',
        at: '2022-09-19T08:00:00+07:00',
        to: ['hdnd', 'tand', 'secretariat'],
      }),
    ]);
    // 10 working days after Fri 16 Sep: Fri 30 Sep.
    expect(of('deadline', 'consultation')).toEqual([
      expect.objectContaining({ date: '2022-09-30', to: ['hdnd', 'tand'] }),
    ]);
    // 15 days after Fri 30 Sep is Sat 15 Oct: moved to Mon 17 Oct (Art. 148.5).
    expect(of('deadline', 'signing')).toEqual([expect.objectContaining({ date: '2022-10-17', to: ['hdnd', 'tand'] })]);
  });

  it('holds a sơ kết every 12 months from the effective date, then the tổng kết on Tue 30 Jun 2026', () => {
    const effective = of('deadline', 'signing')[0]!.date;
    const meetings = of('meeting', 'review');
    expect(meetings.map((m) => [m.review, m.date])).toEqual([
      [1, '2023-10-17'],
      [2, '2024-10-17'],
      [3, '2025-10-17'],
    ]);
    meetings.forEach((m, k) => {
      const n = k + 1;
      expect(m.date).toBe(
        resolveDeadline(cal, { after: effective, period: { amount: 12 * n, unit: 'months' } }, reg.timezone).lastDay,
      );
      expect(m.at).toBe(`${m.date}T09:00:00+07:00`);
      expect(m.to).toEqual(['secretariat', 'hdnd', 'tand']);
      // Every item of review n carries n.
      for (const i of items.filter((x) => x.stage === 'review' && x.date.startsWith(m.date.slice(0, 4))))
        expect(i.review).toBe(n);
    });
    const final = of('meeting', 'final-review');
    expect(final).toEqual([expect.objectContaining({ date: '2026-06-30', at: '2026-06-30T09:00:00+07:00' })]);
    expect(isoWeekday('2026-06-30')).toBe(2);
    expect(final[0]!.review).toBeUndefined();
  });

  it('asks for review reports before the meeting, folding the request date into the deadline label', () => {
    // Tổng kết Tue 30 Jun 2026: reports 10 working days before = Tue 16 Jun; requests 30 days
    // before = Sun 31 May, moved back to Fri 29 May.
    const reports = of('deadline', 'final-review').find((d) => d.label.startsWith('Reports'))!;
    expect(reports).toMatchObject({ date: '2026-06-16', to: ['hdnd', 'tand'] });
    expect(reports.label).toContain('Fri 29 May 2026 08:00');
    const meeting = of('meeting', 'final-review')[0]!;
    for (const i of items.filter((x) => x.stage === 'final-review' && step(x) === step(reports))) {
      expect(Date.parse(i.at)).toBeLessThan(Date.parse(meeting.at));
      expect(i.date >= '2026-05-29').toBe(true);
    }
  });

  it('lists the last item after the tổng kết and nothing from a revision (the first round is agreed)', () => {
    expect(items.filter((i) => i.stage === 'revision')).toEqual([]);
    expect(items[items.length - 1]!.date >= '2026-06-30').toBe(true);
  });
});

describe('buildTimetable on other settings', () => {
  it('moves a deadline past the Tết 2026 break (Sat 14 Feb → Mon 23 Feb) and keeps reminders on working days', () => {
    // Kick-off Thu 15 Jan 2026 + 30 days = Sat 14 Feb 2026, inside the break 14–22 Feb.
    const t = buildTimetable(withSchedule({}, { kickoff: '2026-01-15' }), cal);
    expect(of('deadline', 'drafting', t)[0]).toMatchObject({ date: '2026-02-23' });
    for (const i of t) expect(cal.isWorkingDay(i.date)).toBe(true);
    for (const r of of('reminder', undefined, t))
      expect(Date.parse(r.at)).toBeLessThan(Date.parse(deadlineOf(r, t)!.at));
  });

  it('does not escalate a silent consultation when silence counts as consent', () => {
    const t = buildTimetable(withSchedule({ silence: 'consent' }), cal);
    expect(of('escalation', 'consultation', t)).toEqual([]);
    expect(of('deadline', 'consultation', t)[0]!.label).toContain('silence counts as consent');
  });

  it('uses a stated signing day, with the signing session as a meeting', () => {
    const t = buildTimetable({ ...reg, signing: { at: '2022-10-14T14:00', place: 'Hội trường HĐND tỉnh' } }, cal);
    expect(of('deadline', 'signing', t)[0]).toMatchObject({ date: '2022-10-14' });
    expect(of('meeting', 'signing', t)[0]).toMatchObject({ date: '2022-10-14', at: '2022-10-14T14:00:00+07:00' });
    // The first sơ kết counts from the new effective date.
    expect(of('meeting', 'review', t)[0]!.date).toBe('2023-10-16');
  });
});

describe('timetableToIcs', () => {
  it('has one event per deadline and meeting with a stable UID', () => {
    const ics = timetableToIcs(items, reg);
    const unfolded = ics.replace(/\r?\n[ \t]/g, '');
    const uids = [...unfolded.matchAll(/^UID:(.*)$/gm)].map((m) => m[1]!.trim());
    const events = items.filter((i) => i.kind === 'deadline' || i.kind === 'meeting');
    expect(uids).toEqual(events.map((e) => timetableUid(e, reg)));
    expect(new Set(uids).size).toBe(uids.length);
    expect(uids).toContain(
      'long-an-hdnd-tand-2022/drafting/drafting-the-regulation-draft-v1-deadline@regulations.local',
    );
    expect(unfolded).toMatch(/^DTSTART;VALUE=DATE:20220916\r?$/m);
    expect(timetableToIcs(buildTimetable(reg, cal), reg).replace(/DTSTAMP:.*/g, '')).toBe(
      ics.replace(/DTSTAMP:.*/g, ''),
    );
  });
});
