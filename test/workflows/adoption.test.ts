/**
 * Adopting regulations already under way (README: Adopting a regulation already in force): the
 * lifecycle starts where the office is, runs only what remains, and sends nothing for the past.
 */
import { loadCalendar } from '../../activities/schedule/calendar-store';
import { buildTimetable } from '../../domain/schedule/timetable';
import { recordDocument } from '../../activities/documents/builders';
import { exportMarkdown } from '../../client/commands/export';
import { renderStatus } from '../../client/commands/status';
import type { Regulation } from '../../config/regulation';
import { longAn, ROOT } from '../support/lifecycle-harness';
import { lifecycleTestFile, mail, startLifecycle } from '../support/scenario';
import path from 'node:path';

const { h, recorder } = lifecycleTestFile('adoption');

const HDND = 'lienlac@hdnd.example.org';
const TAND = 'vanthu@tand.example.com';
/** "Today" of the adoption: Tue 1 Oct 2024, 09:00 local. */
const ADOPTED_AT = '2024-10-01T02:00:00.000Z';

function adopted(id: string, adoption: Regulation['adopted']): Regulation {
  return longAn((r) => {
    r.id = id;
    r.adopted = adoption;
  });
}

const ofLifecycle = (id: string) => (m: { headers: Record<string, string> }) => m.headers['x-lifecycle-id'] === id;

test('signed 15/03/2023, sơ kết 1 held 20/03/2024, adopted today: sơ kết 2 on the calendar, nothing for the past, the report requests when due', async () => {
  const ID = 'adopted-2023';
  const regulation = adopted(ID, {
    signedOn: '2023-03-15',
    number: '05/QCPH-HĐND-TAND',
    link: 'https://docs.example.org/quy-che/05-qcph.pdf',
    reviewsHeld: [
      {
        n: 1,
        heldOn: '2024-03-20',
        outcome: 'continue',
        notes: 'Tiếp tục thực hiện',
        link: 'https://docs.example.org/so-ket-1.pdf',
      },
    ],
  });
  // The plan (`regulation plan`, the console preview) says what the running lifecycle will do.
  const plan = buildTimetable(regulation, loadCalendar('vn', path.join(ROOT, 'config/calendars')));
  expect(plan.filter((i) => i.kind === 'meeting').map((i) => [i.stage, i.review, i.date])).toEqual([
    ['review', 2, '2025-03-17'],
    ['review', 3, '2026-03-16'],
    ['final-review', undefined, '2026-06-30'],
  ]);
  await h.withWorker(async () => {
    const { api, clock, runId } = await startLifecycle(h, regulation, { startAt: ADOPTED_AT });
    await clock.advanceTo('2024-10-02T09:00');
    let s = await api.status(ID);
    expect(s).toEqual(expect.objectContaining({ stage: 'in-force', cycle: 1, effectiveDate: '2023-03-15' }));
    // Sơ kết 2: 24 months from 15/03/2023 is Saturday 15/03/2025, so Monday 17/03/2025 (Art. 148.5).
    expect(s.nextReview).toEqual({ n: 2, kind: 'so-ket', meetingDate: '2025-03-17', workflowId: `${ID}/so-ket-2` });
    expect(s.reviews).toEqual([
      expect.objectContaining({
        n: 1,
        kind: 'so-ket',
        meetingDate: '2024-03-20',
        outcome: expect.objectContaining({ decision: 'continue', notes: 'Tiếp tục thực hiện' }),
        recordedAtAdoption: { link: 'https://docs.example.org/so-ket-1.pdf' },
      }),
    ]);
    // No email for the past: no effective notice, no request for sơ kết 1, nothing until sơ kết 2 is due.
    await clock.advanceTo('2025-02-13T09:00');
    expect(h.sink.messages.filter(ofLifecycle(ID))).toEqual([]);

    // Fri 14/02/2025 08:00: the report requests reach every body, due Mon 03/03/2025, meeting 17/03/2025.
    await clock.advanceTo('2025-02-14T09:00');
    const requests = await h.sink.waitFor(mail(ID, 'review-report-request', 'so-ket-2/reports'), { count: 2 });
    expect(requests.flatMap((m) => m.to).sort()).toEqual([HDND, TAND].sort());
    expect(requests[0]!.text).toContain('03/03/2025');
    expect(h.sink.messages.filter(ofLifecycle(ID)).map((m) => m.headers['x-mail-kind'])).not.toContain('stage-notice');

    // What people read: the adopted past beside what the engine ran.
    s = await api.status(ID);
    const status = renderStatus(s);
    expect(status).toContain('recorded at adoption: signed Wed 15 Mar 2023 (No. 05/QCPH-HĐND-TAND)');
    expect(status).toMatch(
      /Preliminary review 1\s+Wed 20 Mar 2024.*Continue the regulation as it is \(recorded at adoption\)/,
    );
    const exported = exportMarkdown(s);
    expect(exported).toContain(
      'Recorded at adoption: held Wed 20 Mar 2024, outcome **continue**: Tiếp tục thực hiện. Report: https://docs.example.org/so-ket-1.pdf',
    );
    const record = JSON.stringify(recordDocument(s, regulation, undefined, 'vi'));
    expect(record).toContain('Ghi nhận khi tiếp nhận vào hệ thống: quy chế số 05/QCPH-HĐND-TAND ký ngày 15/3/2023');
    expect(record).toContain(
      'Ghi nhận khi tiếp nhận vào hệ thống (tổ chức trước khi hệ thống theo dõi): tiếp tục thực hiện Quy chế. Tiếp tục thực hiện. Báo cáo: https://docs.example.org/so-ket-1.pdf',
    );
    await recorder.add(ID, runId, { children: [`${ID}/so-ket-2`] });
    // A review left running past its worker would stall the time-skipping server for the next test.
    await h.env.client.workflow.getHandle(`${ID}/so-ket-2`).terminate('test over');
  });
});

test('signed but not yet in force: the effective notice goes out on the effective day, not before', async () => {
  const ID = 'adopted-pending';
  const regulation = adopted(ID, { signedOn: '2024-09-25', effectiveOn: '2024-10-15', reviewsHeld: [] });
  await h.withWorker(async () => {
    const { api, clock } = await startLifecycle(h, regulation, { startAt: ADOPTED_AT });
    await clock.advanceTo('2024-10-14T09:00');
    expect(h.sink.messages.filter(ofLifecycle(ID))).toEqual([]);
    await clock.advanceTo('2024-10-15T09:00');
    await h.sink.waitFor(mail(ID, 'stage-notice', 'effective'), { count: 3 });
    const s = await api.status(ID);
    // Sơ kết 1 counts from the effective date: 12 months from 15/10/2024.
    expect(s.nextReview).toEqual(expect.objectContaining({ n: 1, kind: 'so-ket', meetingDate: '2025-10-15' }));
  });
});

test('a draft out for comments in round 2: the requests go out at once with the stated deadline', async () => {
  const ID = 'adopted-draft';
  const regulation = adopted(ID, {
    reviewsHeld: [],
    draft: { version: 'v2', link: 'https://docs.example.org/quy-che/v2.pdf', round: 2, deadline: '2024-10-11' },
  });
  await h.withWorker(async () => {
    const { api, clock, runId } = await startLifecycle(h, regulation, { startAt: ADOPTED_AT });
    const requests = await h.sink.waitFor(mail(ID, 'feedback-request', 'consultation/round-2'), { count: 2 });
    expect(requests[0]!.text).toContain('v2');
    expect(requests[0]!.text).toContain('11/10/2024');
    const s = await api.status(ID);
    expect(s).toEqual(expect.objectContaining({ stage: 'consultation', round: 2, draftVersion: 'v2' }));
    expect(s.deadlines).toEqual([expect.objectContaining({ key: 'consultation/round-2', lastDay: '2024-10-11' })]);
    // Both agree: signing follows as for any regulation.
    await clock.advanceTo('2024-10-02T10:00');
    await api.submitFeedback(ID, { body: 'hdnd', round: 2, decision: 'agree' });
    await api.submitFeedback(ID, { body: 'tand', round: 2, decision: 'agree' });
    await h.sink.waitFor(mail(ID, 'signing-invitation', 'signing'), { count: 2 });
    await recorder.add(ID, runId, { runs: [0] });
  });
});

test('next review overdue, said explicitly: the first email is the escalation, no request for a past meeting', async () => {
  const ID = 'adopted-overdue';
  // In force since 20/09/2022 with no sơ kết held: sơ kết 1 (20/09/2023) is long past.
  const regulation = adopted(ID, { signedOn: '2022-09-20', reviewsHeld: [], overdue: 'escalate' });
  await h.withWorker(async () => {
    const { api, runId } = await startLifecycle(h, regulation, { startAt: ADOPTED_AT });
    const [escalation] = await h.sink.waitFor(mail(ID, 'escalation', 'so-ket-1/outcome'));
    expect(escalation!.to).toEqual(['thuky@vanphong.example.org']);
    const sent = h.sink.messages.filter(ofLifecycle(ID));
    expect(sent[0]!.headers['x-mail-kind']).toBe('escalation');
    expect(sent.map((m) => m.headers['x-mail-kind'])).not.toContain('review-report-request');
    expect(sent.map((m) => m.headers['x-mail-kind'])).not.toContain('review-meeting-invitation');
    // The secretariat records what was decided; the engine goes on with sơ kết 2.
    await api.recordReviewOutcome(ID, { review: 1, decision: 'continue', notes: 'Sơ kết muộn' });
    await h.sink.waitFor(mail(ID, 'review-outcome', 'so-ket-1/outcome'), { count: 5 });
    await recorder.add(ID, runId, { runs: [0], children: [`${ID}/so-ket-1`] });
  });
});
