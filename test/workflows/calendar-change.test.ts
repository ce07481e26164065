/**
 * The official 2027 schedule arrives while a lifecycle runs on the statutory fallback: its round-1
 * deadline, counted across Tết, moves. `calendarDiff` names exactly what moves; `calendarApply`
 * has the lifecycle re-plan through its planning activity: the deadline, its remaining reminders
 * and its timer move, each pending body gets one notice whose calendar entry keeps its UID with
 * SEQUENCE + 1, and doing it again changes and sends nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCalendar } from '../../activities/schedule/calendar-store';
import { calendarApply, calendarDiff } from '../../client/calendar-change';
import { announce2027 } from '../support/calendars';
import { longAn, ROOT } from '../support/lifecycle-harness';
import { invite, lifecycleTestFile, mail, startLifecycle } from '../support/scenario';

const calendarDir = fs.mkdtempSync(path.join(os.tmpdir(), 'calendars-'));
const fallback = fs.readFileSync(path.join(ROOT, 'config/calendars/vn.yaml'), 'utf8');
fs.writeFileSync(path.join(calendarDir, 'vn.yaml'), fallback);

const { h, recorder } = lifecycleTestFile('calendar-change', { calendarDir });

const ID = 'calendar-change';
const HDND = 'lienlac@hdnd.example.org';
const TAND = 'vanthu@tand.example.com';
const KEY = 'consultation/round-1';

test('a new official calendar moves a running deadline: diff names it, apply moves it with its reminders and timer, one notice each, and again changes nothing', async () => {
  const regulation = longAn((r) => {
    r.id = ID;
    r.kickoff = '2027-01-04';
    r.schedule.finalReview = '2030-06-30';
  });
  await h.withWorker(async () => {
    const { api, clock, runId } = await startLifecycle(h, regulation, { startAt: '2027-01-04T02:00:00.000Z' });
    await clock.advanceTo('2027-01-27T09:00');
    await api.submitDraft(ID, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });
    const requests = await h.sink.waitFor(mail(ID, 'feedback-request', KEY), { count: 2 });
    // On the fallback: 10 working days after Wed 27 Jan 2027, across Tết (5–11 Feb), end on Wed 17 Feb.
    expect((await api.status(ID)).deadlines).toEqual([
      expect.objectContaining({
        key: KEY,
        lastDay: '2027-02-17',
        sequence: 0,
        calendarVersion: loadCalendar('vn', calendarDir).version,
      }),
    ]);
    // Why this date, in one line of the request: the Tết days the count went around.
    expect(requests.find((m) => m.to[0] === HDND)!.text).toContain(
      'Ngày nghỉ đã tính: Tết Nguyên đán 05/02/2027 – 09/02/2027; Tết Nguyên đán (nghỉ bù) 10/02/2027 – 11/02/2027',
    );
    await clock.advanceTo('2027-01-28T10:00');

    // The announcement: the file changes under the running lifecycle.
    fs.writeFileSync(path.join(calendarDir, 'vn.yaml'), announce2027(fallback));
    const cal = loadCalendar('vn', calendarDir);
    const diff = await calendarDiff(api, cal, [ID]);
    expect(diff.moves).toEqual([
      {
        workflowId: ID,
        key: KEY,
        label: expect.objectContaining({ en: 'Comments on draft v1 (round 1)' }),
        pending: ['hdnd', 'tand'],
        before: {
          lastDay: '2027-02-17',
          reminders: [
            '2027-02-01T01:00:00.000Z',
            '2027-02-12T01:00:00.000Z',
            '2027-02-16T01:00:00.000Z',
            '2027-02-17T01:00:00.000Z',
          ],
        },
        after: {
          lastDay: '2027-02-18',
          reminders: [
            '2027-01-30T01:00:00.000Z',
            '2027-02-04T01:00:00.000Z',
            '2027-02-17T01:00:00.000Z',
            '2027-02-18T01:00:00.000Z',
          ],
        },
        daysOff: expect.arrayContaining([expect.objectContaining({ reason: 'Tết Nguyên đán (nghỉ thêm)' })]),
      },
    ]);
    expect(h.sink.messages.filter(mail(ID, 'deadline-changed'))).toEqual([]);

    const applied = await calendarApply(api, diff);
    expect(applied).toEqual([
      {
        workflowId: ID,
        report: { moved: [{ key: KEY, from: '2027-02-17', to: '2027-02-18' }], unchanged: [], manual: [] },
      },
    ]);
    const notices = await h.sink.waitFor(mail(ID, 'deadline-changed', KEY), { count: 2 });
    expect(notices.map((m) => m.to).sort()).toEqual([[HDND], [TAND]]);
    const vi = notices.find((m) => m.to[0] === HDND)!;
    expect(vi.subject).toBe(`[${ID}] Thay đổi thời hạn — Góp ý dự thảo v1 (vòng 1) — hạn mới 18/02/2027`);
    expect(vi.text).toContain('từ Thứ Tư, 17/02/2027 thành 24:00 Thứ Năm, 18/02/2027');
    expect(vi.text).toContain('Tết Nguyên đán (nghỉ thêm)');
    // The calendar entry of the request moves in place: same UID, next SEQUENCE.
    const before = invite(requests.find((m) => m.to[0] === HDND)!);
    const after = invite(vi);
    expect(after['UID']).toBe(before['UID']);
    expect(Number(after['SEQUENCE'])).toBe(Number(before['SEQUENCE']) + 1);

    const s = await api.status(ID);
    expect(s.deadlines).toEqual([
      expect.objectContaining({ key: KEY, lastDay: '2027-02-18', sequence: 1, calendarVersion: cal.version }),
    ]);
    expect(s.extensions).toEqual([
      expect.objectContaining({
        deadline: KEY,
        from: '2027-02-17',
        to: '2027-02-18',
        reason: `calendar ${cal.version}`,
      }),
    ]);

    // Again: nothing to move, nothing sent.
    expect((await calendarDiff(api, cal, [ID])).moves).toEqual([]);
    expect(await api.replanDeadlines(ID, { calendarVersion: cal.version })).toEqual({
      moved: [],
      unchanged: [KEY],
      manual: [],
    });

    // The timer moved with the deadline: the reminder on the swapped Saturday goes out; on Thu 18 Feb
    // (the old escalation day) nobody is escalated, the deadline being that day.
    await clock.advanceTo('2027-01-30T09:00');
    await h.sink.waitFor(mail(ID, 'reminder', KEY), { count: 2 });
    await clock.advanceTo('2027-02-18T10:00');
    await h.sink.waitFor(mail(ID, 'reminder', KEY), { count: 8 });
    expect(h.sink.messages.filter(mail(ID, 'escalation'))).toEqual([]);
    expect(h.sink.messages.filter(mail(ID, 'deadline-changed'))).toHaveLength(2);
    const reminderDays = (await api.status(ID)).mails
      .filter((m) => m.kind === 'reminder' && m.stepKey === KEY)
      .map((m) => m.date);
    expect([...new Set(reminderDays)]).toEqual(['2027-01-30', '2027-02-04', '2027-02-17', '2027-02-18']);

    // A deadline set by hand (an extension) is left alone by a calendar change, and reported as such.
    await api.extendDeadline(ID, { deadline: KEY, to: '2027-02-24', reason: 'Chờ ý kiến Thường trực' });
    await h.sink.waitFor(mail(ID, 'deadline-extended', KEY), { count: 2 });
    expect((await calendarDiff(api, cal, [ID])).manual).toEqual([{ workflowId: ID, key: KEY, lastDay: '2027-02-24' }]);
    expect(await api.replanDeadlines(ID, { calendarVersion: cal.version })).toEqual({
      moved: [],
      unchanged: [],
      manual: [KEY],
    });
    expect(h.sink.messages.filter(mail(ID, 'deadline-changed'))).toHaveLength(2);
    await recorder.add(ID, runId, { runs: [1] });
  });
});
