/**
 * The console's action forms over a fake typed client (fastify's inject, no network): which
 * update each form becomes, with submittedBy the signed-in address on every action; who
 * may open which form; a validator's rejection shown on the form. Plus the pure access rules.
 */
import type { FastifyInstance } from 'fastify';
import { UserError, type RegulationsClient } from '../../client/api';
import { accessIn, isKnown, mayAct } from '../../client/console/access';
import { buildConsole } from '../../client/console/app';
import { workingDaysLeft } from '../../client/console/pages';
import { SignInLinks } from '../../client/console/sign-in';
import type { LifecycleStatus, ReviewStatus } from '../../domain/lifecycle';
import { longAn } from '../support/lifecycle-harness';
import { signInVia, Visitor } from './inject-support';

const regulation = longAn();
const id = regulation.id;
const NOW = '2023-09-01T03:00:00.000Z';
const CLOCK = { realStart: new Date().toISOString(), scheduleStart: NOW, speedup: 1 };
let stage: LifecycleStatus['stage'] = 'signing';
const calls: { method: string; input: unknown }[] = [];
let reject: string | undefined;
let noReview = false;

const status = (): LifecycleStatus =>
  ({
    regulationId: id,
    title: regulation.title,
    stage,
    cycle: 1,
    round: 1,
    now: NOW,
    clock: CLOCK,
    parties: [{ body: 'tand', state: 'overdue' }],
    reviews: [],
    exchanges: [],
    extensions: [],
    mails: [],
    run: 0,
    roundsExhausted: false,
    rounds: [{ n: 1, cycle: 1, draftVersion: 'v1', openedAt: NOW, deadlineKey: 'consultation/round-1', answers: {} }],
    drafts: [{ version: 'v1', link: 'https://docs.example.org/v1.pdf', submittedAt: NOW, cycle: 1 }],
    deadlines: [
      {
        key: 'signing',
        label: { vi: 'Ký kết', en: 'Signing' },
        lastDay: '2023-09-15',
        at: '2023-09-15T17:00:00.000Z',
        sequence: 0,
        overdue: false,
        daysOff: [{ from: '2023-09-01', to: '2023-09-04', reason: 'Quốc khánh' }],
      },
    ],
    signatures: {},
    nextReview: noReview
      ? undefined
      : { n: 1, kind: 'so-ket', meetingDate: '2023-10-17', workflowId: `${id}/so-ket-1` },
  }) as LifecycleStatus;
const review = (): ReviewStatus => ({
  lifecycleId: id,
  n: 1,
  kind: 'so-ket',
  meetingDate: '2023-10-17',
  parties: [],
  reports: {},
  mails: [],
  now: NOW,
  clock: CLOCK,
  deadlines: [
    {
      key: 'so-ket-1/reports',
      label: { vi: 'Báo cáo', en: 'Reports' },
      lastDay: '2023-10-03',
      at: '2023-10-03T17:00:00.000Z',
      sequence: 0,
      overdue: false,
    },
  ],
});

const record = (method: string) => async (_id: string, input: unknown) => {
  calls.push({ method, input });
  if (reject) throw new UserError(`rejected: ${reject}`);
  return status();
};
const readStatus = async (w: string): Promise<LifecycleStatus> => {
  if (w === 'broken') throw new Error('query timed out');
  return status();
};
const api = {
  liveStatus: readStatus,
  status: async (w: string) => {
    if (w === 'broken') throw new Error('query timed out');
    return status();
  },
  reviewStatus: async () => review(),
  uiLink: (w: string) => `http://ui.example/${w}`,
  submitDraft: record('submitDraft'),
  submitFeedback: record('submitFeedback'),
  scheduleSigning: record('scheduleSigning'),
  recordSignature: record('recordSignature'),
  extendDeadline: record('extendDeadline'),
  logInformationExchange: record('logInformationExchange'),
  withdraw: record('withdraw'),
  submitReviewReport: record('submitReviewReport'),
  recordReviewOutcome: record('recordReviewOutcome'),
} as unknown as RegulationsClient;

let app: FastifyInstance;
let withBroken = false;
const mailed: { to: string; link: string }[] = [];
beforeAll(async () => {
  ({ app } = await buildConsole({
    port: 0,
    baseUrl: 'http://127.0.0.1:9',
    secret: 's'.repeat(40),
    api,
    regulationOf: async () => regulation,
    running: async () => [
      { lifecycleId: id, regulation },
      ...(withBroken ? [{ lifecycleId: 'broken', regulation: { ...regulation, id: 'broken' } }] : []),
    ],
    mailer: async (to, link) => void mailed.push({ to, link }),
    operators: ['vanhanh@example.org'],
    signInRateLimit: 0,
  }));
});
afterAll(() => app?.close());
beforeEach(() => {
  calls.length = 0;
  reject = undefined;
  stage = 'signing';
});

const signedIn = (email: string): Promise<Visitor> => signInVia(app, mailed, email);

test('the extension form names each deadline with its last day as the reader writes dates, never ISO', async () => {
  const sec = await signedIn('thuky@vanphong.example.org');
  const vi = await sec.get(`/regulations/${id}/do/extend`);
  expect(vi.status).toBe(200);
  expect(vi.body).toContain('>Ký kết (Thứ Sáu, 15/09/2023)</option>');
  const en = await sec.get(`/regulations/${id}/do/extend?lang=en`);
  expect(en.body).toContain('>Signing (Friday 15 September 2023)</option>');
  expect(en.body).not.toContain('(2023-09-15)');
});

test('the secretariat schedules the signing, extends, logs an exchange, records an outcome and withdraws', async () => {
  const sec = await signedIn('ThuKy@vanphong.example.org');
  const base = `/regulations/${id}/do`;
  expect((await sec.submit(`${base}/schedule`, { at: '2023-09-12T09:00', place: 'Hội trường' })).status).toBe(303);
  expect(
    (await sec.submit(`${base}/extend`, { deadline: 'signing', to: '2023-09-29', reason: 'Lãnh đạo đi công tác' }))
      .status,
  ).toBe(303);
  expect(
    (
      await sec.submit(`${base}/exchange`, {
        from: 'hdnd',
        to: ['tand'],
        subject: 'Kế hoạch giám sát',
        summary: 'Gửi kế hoạch năm 2024',
        link: '',
      })
    ).status,
  ).toBe(303);
  expect((await sec.submit(`${base}/outcome`, { decision: 'continue', notes: 'Tiếp tục' })).status).toBe(303);
  expect((await sec.submit(`${base}/withdraw`, { reason: 'Hợp nhất vào quy chế mới' })).status).toBe(303);
  expect(calls).toEqual([
    {
      method: 'scheduleSigning',
      input: { at: '2023-09-12T09:00:00+07:00', place: 'Hội trường', submittedBy: 'thuky@vanphong.example.org' },
    },
    {
      method: 'extendDeadline',
      input: {
        deadline: 'signing',
        to: '2023-09-29',
        reason: 'Lãnh đạo đi công tác',
        submittedBy: 'thuky@vanphong.example.org',
      },
    },
    {
      method: 'logInformationExchange',
      input: {
        from: 'hdnd',
        to: ['tand'],
        subject: 'Kế hoạch giám sát',
        summary: 'Gửi kế hoạch năm 2024',
        link: undefined,
        submittedBy: 'thuky@vanphong.example.org',
      },
    },
    {
      method: 'recordReviewOutcome',
      input: {
        review: 1,
        decision: 'continue',
        notes: 'Tiếp tục',
        final: false,
        submittedBy: 'thuky@vanphong.example.org',
      },
    },
    { method: 'withdraw', input: { reason: 'Hợp nhất vào quy chế mới', submittedBy: 'thuky@vanphong.example.org' } },
  ]);
  // My work: the secretariat schedules the signing and records the outcome; Regulations shows tand late.
  const work = await sec.get('/work');
  expect(work.body).toContain('Ấn định lễ ký');
  expect(work.body).toContain('Ghi kết luận cuộc họp');
  const list = await sec.get('/regulations?late=1');
  expect(list.body).toMatch(/<span class="late">Ban Cán sự Đảng Tòa án nhân dân tỉnh<\/span>/);
  expect(list.body).toContain(`href="http://ui.example/${id}"`);
  expect((await sec.get('/regulations?stage=drafting')).body).not.toContain(`href="/regulations/${id}"`);
  // The full record downloads, for the secretariat only.
  const md = await sec.get(`/regulations/${id}/export/record.md`);
  expect(md.status).toBe(200);
  expect(md.headers['content-disposition']).toBe(`attachment; filename="${id}-record.md"`);
  expect(md.body).toContain('v1');
  expect(JSON.parse((await sec.get(`/regulations/${id}/export/record.json`)).body)).toEqual(
    expect.objectContaining({ regulationId: id }),
  );
  const hdnd = await signedIn('lienlac@hdnd.example.org');
  expect((await hdnd.get(`/regulations/${id}/export/record.md`)).status).toBe(403);
  // Signing out ends the session.
  const page = await sec.get('/work');
  expect((await sec.post('/signout', { csrf: page.csrf })).location).toBe('/');
  expect((await sec.get('/work')).status).toBe(401);
});

test("a body's contact signs and reports for its own body only, recorded as the signed-in address", async () => {
  const hdnd = await signedIn('lienlac@hdnd.example.org');
  const base = `/regulations/${id}/do`;
  const sign = await hdnd.get(`${base}/sign?body=hdnd`);
  expect(sign.body).toContain('value="Mai Văn Nhiều"');
  expect((await hdnd.post(`${base}/sign?body=hdnd`, { csrf: sign.csrf, signer: 'Mai Văn Nhiều' })).status).toBe(303);
  expect((await hdnd.submit(`${base}/report?body=hdnd`, { 'area.supervision': 'Tốt' })).status).toBe(303);
  expect(calls).toEqual([
    {
      method: 'recordSignature',
      input: { body: 'hdnd', signer: 'Mai Văn Nhiều', submittedBy: 'lienlac@hdnd.example.org' },
    },
    {
      method: 'submitReviewReport',
      input: {
        body: 'hdnd',
        review: 1,
        assessments: { supervision: 'Tốt' },
        submittedBy: 'lienlac@hdnd.example.org',
        final: false,
      },
    },
  ]);
  calls.length = 0;
  // Another body's forms, the secretariat's, a field the form does not have, a form without its field.
  expect((await hdnd.get(`${base}/sign?body=tand`)).status).toBe(403);
  expect((await hdnd.post(`${base}/sign?body=tand`, { csrf: sign.csrf, signer: 'X' })).status).toBe(403);
  expect((await hdnd.get(`${base}/schedule`)).status).toBe(403);
  expect((await hdnd.get(`${base}/sign`)).status).toBe(403);
  expect((await hdnd.submit(`${base}/sign?body=hdnd`, { signer: 'X', body: 'tand' })).status).toBe(400);
  expect((await hdnd.post(`${base}/sign?body=hdnd`, { signer: 'X' })).status).toBe(403);
  expect((await hdnd.get(`/regulations/other/do/sign?body=hdnd`)).status).toBe(403);
  expect((await hdnd.get(`${base}/nonsense`)).status).toBe(404);
  // No review open: no report form.
  noReview = true;
  expect((await hdnd.get(`${base}/report?body=hdnd`)).status).toBe(410);
  noReview = false;
  expect(calls).toEqual([]);
  // The leader reads but does not act.
  const leader = await signedIn('lanhdao@hdnd.example.org');
  expect((await leader.get(`/regulations/${id}`)).status).toBe(200);
  expect((await leader.get(`${base}/sign?body=hdnd`)).status).toBe(403);
});

test("a validator's rejection is shown next to the form, in the page's language, with what was typed", async () => {
  const sec = await signedIn('thuky@vanphong.example.org');
  reject = 'at: 2020-01-01T09:00:00+07:00 is in the past: choose a future date and time';
  const r = await sec.submit(`/regulations/${id}/do/schedule?lang=en`, { at: '2020-01-01T09:00', place: 'Hall' });
  expect(r.status).toBe(422);
  expect(r.body).toContain(
    '<section class="err" role="alert"><p>Not recorded. Reason: at: 2020-01-01T09:00:00+07:00 is in the past',
  );
  expect(r.body).toContain('value="Hall"');
  expect(r.body).toContain('<html lang="en">');
  // In Vietnamese a known message is translated, the original kept after it.
  const vi = await sec.submit(`/regulations/${id}/do/schedule?lang=vi`, { at: '2020-01-01T09:00' });
  expect(vi.body).toContain(
    'Chưa ghi nhận được. Lý do: Thời gian 2020-01-01T09:00:00+07:00 đã qua: xin chọn một thời điểm trong tương lai. (at: 2020-01-01T09:00:00+07:00 is in the past',
  );
});

test('a regulation page says why each deadline falls where it does: the days off its period counted around', async () => {
  const sec = await signedIn('thuky@vanphong.example.org');
  const page = await sec.get(`/regulations/${id}`);
  expect(page.status).toBe(200);
  expect(page.body).toMatch(/Ngày nghỉ đã tính: Quốc khánh [^<]*01\/09\/2023 – [^<]*04\/09\/2023/);
  // The timeline follows the page language: Vietnamese by default, with no English label left …
  const timeline = (body: string): string => body.slice(body.indexOf('id="h-timeline"'));
  const vi = timeline(page.body);
  for (const label of [
    'Soạn thảo dự thảo quy chế — hạn chót',
    'Góp ý dự thảo v1 (vòng 1) — hạn chót',
    'Ký kết quy chế phối hợp — hạn chót',
    'Báo cáo sơ kết lần 1 — hạn chót',
    'Hội nghị sơ kết lần 1',
    'Ghi nhận kết luận sơ kết lần 1 — hạn chót',
    'Hội nghị tổng kết',
  ])
    expect(vi).toContain(label);
  expect(vi).not.toMatch(/deadline|meeting|Drafting|Comments|Signing|Reports|Outcome|review/i);
  // … and English on the English page, with no Vietnamese label left.
  const en = timeline((await sec.get(`/regulations/${id}?lang=en`)).body);
  for (const label of [
    'Drafting the regulation — deadline',
    'Comments on draft v1 (round 1) — deadline',
    'Signing of the coordination regulation — deadline',
    'Reports for the preliminary review 1 — deadline',
    'Preliminary review 1 meeting',
    'Record the outcome of the preliminary review 1 — deadline',
    'Final review meeting',
  ])
    expect(en).toContain(label);
  expect(en).not.toMatch(/hạn chót|Hội nghị|Soạn thảo|Góp ý|Ký kết|Báo cáo|sơ kết|tổng kết/i);
});

test('a lifecycle whose status cannot be read is marked, and the pages still work', async () => {
  withBroken = true;
  try {
    const sec = await signedIn('thuky@vanphong.example.org');
    const work = await sec.get('/work');
    expect(work.status).toBe(200);
    expect(work.body).toContain('tạm thời không đọc được trạng thái');
    expect(work.body).toContain('Ấn định lễ ký');
    const list = await sec.get('/regulations');
    expect(list.status).toBe(200);
    expect(list.body).toContain('href="/regulations/broken"');
  } finally {
    withBroken = false;
  }
});

test('not signed in: the sign-in page instead of any console page; sign-in links work once within 15 minutes', async () => {
  const v = new Visitor(app);
  for (const url of ['/work', '/regulations', `/regulations/${id}`, `/regulations/${id}/do/draft`])
    expect((await v.get(url)).status).toBe(401);
  const links = new SignInLinks(15 * 60_000);
  const t = links.issue('a@example.org', 0);
  expect(links.peek(t, 15 * 60_000 - 1)).toBe(true);
  expect(links.redeem(t, 15 * 60_000)).toBeUndefined();
  const u = links.issue('a@example.org', 0);
  expect(links.redeem(u, 1)).toBe('a@example.org');
  expect(links.redeem(u, 2)).toBeUndefined();
});

test('roles come from where the address stands in the definition', () => {
  expect(accessIn(regulation, ' LienLac@hdnd.example.org ')).toEqual({
    email: 'lienlac@hdnd.example.org',
    operator: false,
    secretariat: false,
    answers: ['hdnd'],
    reads: ['hdnd'],
  });
  expect(accessIn(regulation, 'lanhdao@hdnd.example.org')).toEqual(
    expect.objectContaining({ answers: [], reads: ['hdnd'] }),
  );
  const sec = accessIn(regulation, 'thuky@vanphong.example.org');
  expect([mayAct(sec, 'draft'), mayAct(sec, 'feedback', 'hdnd'), mayAct(sec, 'exchange')]).toEqual([true, false, true]);
  const op = accessIn(regulation, 'vanhanh@example.org', ['vanhanh@example.org']);
  expect([op.operator, mayAct(op, 'draft'), mayAct(op, 'sign', 'hdnd')]).toEqual([true, false, false]);
  expect(isKnown([regulation], 'chanhan@tand.example.com', [])).toBe(true);
  expect(isKnown([regulation], 'someone@example.org', [])).toBe(false);
});

test('days left count working days on the regulation calendar', () => {
  const holiday = {
    isWorkingDay: (d: string) => !['2022-09-03', '2022-09-04', '2022-09-01', '2022-09-02'].includes(d),
  } as never;
  expect(workingDaysLeft(holiday, '2022-08-31', '2022-09-05')).toBe(1);
  expect(workingDaysLeft(holiday, '2022-09-06', '2022-09-05')).toBe(-1);
  expect(workingDaysLeft(undefined, '2022-09-01', '2022-09-01')).toBe(0);
});
