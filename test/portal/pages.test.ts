/**
 * The review-report and signature forms over a fake typed client: what the page shows, which
 * update a submission becomes, and a validator's rejection shown in words.
 */
import { UserError, type RegulationsClient } from '../../client/api';
import { startConsole, type Console } from '../../client/console/app';
import { signToken, type TokenClaims } from '../../links/token';
import { freePort } from '../../scripts/child-service';
import type { LifecycleStatus, ReviewStatus } from '../../domain/lifecycle';
import { longAn } from '../support/lifecycle-harness';

const SECRET = 's'.repeat(40);
const regulation = longAn();
const id = regulation.id;
const NOW = '2023-11-20T03:00:00.000Z';
const CLOCK = { realStart: NOW, scheduleStart: NOW, speedup: 1 };

let stage: LifecycleStatus['stage'] = 'in-force';
const calls: { method: string; input: unknown }[] = [];
let reject: string | undefined;

const fakeStatus = (): LifecycleStatus =>
  ({
    regulationId: id,
    title: regulation.title,
    stage,
    cycle: 1,
    now: NOW,
    clock: CLOCK,
    parties: [],
    rounds: [],
    reviews: [],
    exchanges: [],
    extensions: [],
    mails: [],
    run: 0,
    roundsExhausted: false,
    drafts: [{ version: 'v3', link: 'https://docs.example.org/v3.pdf', submittedAt: NOW, cycle: 1 }],
    deadlines:
      stage === 'signing'
        ? [
            {
              key: 'signing',
              label: { vi: 'Ký kết', en: 'Signing' },
              lastDay: '2023-11-30',
              at: '2023-11-30T17:00:00.000Z',
              sequence: 0,
              overdue: false,
            },
          ]
        : [],
    signatures: {},
    signingSession: { at: '2023-11-28T02:00:00.000Z', place: 'Hội trường' },
  }) as LifecycleStatus;

const fakeReview = (review: number | 'final'): ReviewStatus => ({
  lifecycleId: id,
  n: review === 'final' ? 4 : review,
  kind: review === 'final' ? 'tong-ket' : 'so-ket',
  meetingDate: '2023-12-15',
  meetingAt: '2023-12-15T02:00:00.000Z',
  parties: [],
  reports: {},
  mails: [],
  now: NOW,
  clock: CLOCK,
  deadlines: [
    {
      key: review === 'final' ? 'tong-ket/reports' : `so-ket-${review}/reports`,
      label: { vi: 'Báo cáo sơ kết lần 1', en: 'Reports for preliminary review 1' },
      lastDay: '2023-12-01',
      at: '2023-12-01T17:00:00.000Z',
      sequence: 0,
      overdue: false,
    },
  ],
});

const api = {
  status: async () => fakeStatus(),
  reviewStatus: async (_id: string, review: number | 'final') => fakeReview(review),
  submitReviewReport: async (_id: string, input: unknown) => {
    calls.push({ method: 'submitReviewReport', input });
    if (reject) throw new UserError(`rejected: ${reject}`);
    return { ...fakeReview(1), reports: { tand: { at: NOW, assessments: { supervision: 'Tốt' } } } };
  },
  recordSignature: async (_id: string, input: unknown) => {
    calls.push({ method: 'recordSignature', input });
    return { ...fakeStatus(), signatures: { hdnd: { signer: 'Mai Văn Nhiều', signedAt: NOW } } };
  },
} as unknown as RegulationsClient;

let portal: Console;
let base: string;
beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  portal = await startConsole({
    port,
    baseUrl: base,
    secret: SECRET,
    api,
    regulationOf: async (l) => (l === id ? regulation : undefined),
    running: async () => [],
    mailer: async () => undefined,
  });
});
afterAll(() => portal?.close());
beforeEach(() => {
  calls.length = 0;
  reject = undefined;
});

const link = (c: Omit<TokenClaims, 'lifecycleId' | 'exp'>): string =>
  `${base}/r/${signToken({ lifecycleId: id, exp: 2_000_000_000, ...c }, SECRET)}`;

/** Opens the page like a browser, then posts its form with the cookie and anti-forgery field it got. */
async function openAndPost(
  url: string,
  fields: Record<string, string>,
): Promise<{ page: string; status: number; html: string }> {
  const get = await fetch(url);
  const page = await get.text();
  expect(get.status).toBe(200);
  const cookie = get.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
  const post = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: cookie,
      Origin: base,
      'Sec-Fetch-Site': 'same-origin',
    },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
  return { page, status: post.status, html: await post.text() };
}

test('a review report: one field per area, the meeting and deadline shown, sent as submitReviewReport', async () => {
  stage = 'in-force';
  const { page, status, html } = await openAndPost(link({ body: 'tand', purpose: 'review-report', step: 1 }), {
    'area.supervision': 'Tốt',
    'area.personnel': '  ',
    submittedBy: 'Lê Thị Văn Thư',
  });
  for (const a of regulation.areas) expect(page).toContain(`<label for="f-area-${a.id}">${a.title.vi}</label>`);
  expect(page).toContain('Thứ Sáu, 01/12/2023');
  expect(page).toContain('09:00, Thứ Sáu, 15/12/2023');
  expect(status).toBe(200);
  expect(html).toContain('Đã ghi nhận báo cáo của cơ quan');
  expect(calls).toEqual([
    {
      method: 'submitReviewReport',
      input: {
        body: 'tand',
        review: 1,
        assessments: { supervision: 'Tốt' },
        submittedBy: 'Lê Thị Văn Thư',
        final: false,
      },
    },
  ]);
});

test('the final review report goes to the tổng kết', async () => {
  const { status } = await openAndPost(link({ body: 'tand', purpose: 'review-report', step: 'final' }), {
    'area.petitions': 'Đạt',
  });
  expect(status).toBe(200);
  expect(calls).toEqual([
    {
      method: 'submitReviewReport',
      input: expect.objectContaining({ review: 4, final: true, assessments: { petitions: 'Đạt' } }),
    },
  ]);
});

test("a rejected report shows the validator's reason and keeps what was typed", async () => {
  reject = 'body: tand already sent its report for so-ket-1';
  const { status, html } = await openAndPost(link({ body: 'tand', purpose: 'review-report', step: 1 }), {
    'area.supervision': 'Nội dung đã nhập',
  });
  expect(status).toBe(422);
  expect(html).toContain('Chưa ghi nhận được. Lý do: body: tand already sent its report for so-ket-1');
  expect(html).toContain('>Nội dung đã nhập</textarea>');
});

test('a signature: the signatory prefilled, sent as recordSignature; a link for another cycle is closed', async () => {
  stage = 'signing';
  const { page, status, html } = await openAndPost(link({ body: 'hdnd', purpose: 'signature', step: 1 }), {
    signer: 'Mai Văn Nhiều',
  });
  expect(page).toContain('value="Mai Văn Nhiều"');
  expect(page).toContain('<a href="https://docs.example.org/v3.pdf"');
  expect(status).toBe(200);
  expect(html).toContain('Đã ghi nhận chữ ký của cơ quan');
  expect(calls).toEqual([{ method: 'recordSignature', input: { body: 'hdnd', signer: 'Mai Văn Nhiều' } }]);
  const other = await fetch(link({ body: 'hdnd', purpose: 'signature', step: 2 }));
  expect(other.status).toBe(410);
  stage = 'in-force';
  expect((await fetch(link({ body: 'hdnd', purpose: 'signature', step: 1 }))).status).toBe(410);
});

test('an unknown lifecycle, a body not in the regulation, and unknown paths', async () => {
  expect(
    (
      await fetch(
        `${base}/r/${signToken({ lifecycleId: 'gone', body: 'tand', purpose: 'feedback', step: 1, exp: 2_000_000_000 }, SECRET)}`,
      )
    ).status,
  ).toBe(404);
  expect((await fetch(link({ body: 'vks', purpose: 'feedback', step: 1 }))).status).toBe(403);
  expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  // The home page is the console's sign-in.
  expect((await fetch(`${base}/`)).status).toBe(200);
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  // fastify answers a method a route does not have as an unknown page.
  expect((await fetch(link({ body: 'tand', purpose: 'review-report', step: 1 }), { method: 'PUT' })).status).toBe(404);
  expect(calls).toEqual([]);
});

test('one address making too many link requests is told to wait, and nothing reaches Temporal', async () => {
  let lookups = 0;
  const counting = { ...api, status: async () => ((lookups += 1), fakeStatus()) } as unknown as RegulationsClient;
  const port = await freePort();
  const limited = await startConsole({
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    secret: SECRET,
    api: counting,
    rateLimit: 3,
    regulationOf: async () => regulation,
    running: async () => [],
    mailer: async () => undefined,
  });
  try {
    const url = `http://127.0.0.1:${port}/r/${signToken({ lifecycleId: id, body: 'tand', purpose: 'review-report', step: 1, exp: 2_000_000_000 }, SECRET)}`;
    for (let i = 0; i < 3; i += 1) expect((await fetch(url)).status).toBe(200);
    const seen = lookups;
    const refused = await fetch(url);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toContain('Quá nhiều yêu cầu');
    expect(html).toContain('Too many requests');
    // Forged links count too, and are refused the same way.
    expect((await fetch(`http://127.0.0.1:${port}/r/forged.token`)).status).toBe(429);
    expect(lookups).toBe(seen);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  } finally {
    await limited.close();
  }
});
