/**
 * The console end to end, only through the browser: headless Chromium against a real dev server
 * (visibility lists the running lifecycles), a worker and an SMTP sink. The secretariat signs in
 * from the link in its email and submits draft v1; each body's contact signs in and answers per
 * area; the secretariat sees the matrix. Then the attacks, each refused with the workflow's history
 * unchanged. Screenshots of each page go to test/artifacts/console-*.png.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/browser';
import { startConsole, type Console } from '../../client/console/app';
import { freePort } from '../../scripts/child-service';
import type { LifecycleStatus } from '../../domain/lifecycle';
import { startCliServer, type CliServer } from '../cli/cli-support';
import { KICKOFF_AT, longAn, ROOT } from '../support/lifecycle-harness';

const ARTIFACTS = path.join(ROOT, 'test/artifacts');
const SECRETARIAT = 'thuky@vanphong.example.org';
const HDND = 'lienlac@hdnd.example.org';
const TAND = 'vanthu@tand.example.com';
const OPERATOR = 'vanhanh@example.org';
const SIGN_IN_LIMIT = 12;

let s: CliServer;
let consoleApp: Console;
let browser: Browser;
let base: string;
let clockOffset = 0;
/** The signed-in browsers of the first test, used on by the next. */
let people: Record<'sec' | 'hdnd' | 'tand', { context: BrowserContext; page: Page }>;
const logs: string[] = [];

const regA = longAn((r) => {
  r.id = 'console-a';
});
// Another regulation with other contacts: hdnd's contact of A has no part in it.
const regB = longAn((r) => {
  r.id = 'console-b';
  r.secretariat.contacts = [{ name: 'Thư ký B', email: 'thuky-b@example.org' }];
  r.bodies[0]!.contacts = [{ name: 'Liên lạc B', email: 'lienlac-b@example.org' }];
  r.bodies[1]!.contacts = [{ name: 'Văn thư B', email: 'vanthu-b@example.org' }];
});

beforeAll(async () => {
  s = await startCliServer();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  consoleApp = await startConsole({
    port,
    baseUrl: base,
    secret: crypto.randomBytes(32).toString('base64url'),
    api: s.api,
    smtpUrl: s.sink.url,
    signInRateLimit: SIGN_IN_LIMIT,
    operators: [OPERATOR],
    log: (l) => logs.push(l),
    now: () => Date.now() + clockOffset,
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  for (const p of Object.values(people ?? {})) await p.context.close();
  await browser?.close();
  await consoleApp?.close();
  await s?.stop();
});

/** Polls the lifecycle's status until `ok` holds. */
const statusWhere = (id: string, what: string, ok: (st: LifecycleStatus) => boolean): Promise<LifecycleStatus> =>
  s.until(what, async () => {
    const st = await s.api.status(id);
    return ok(st) ? st : undefined;
  });

/** The workflow's history once nothing is running for it: event ids. */
async function settledHistory(id: string): Promise<string[]> {
  const handle = s.api.client.workflow.getHandle(id);
  let last = '';
  return s.until(`${id} to settle`, async () => {
    const { raw } = await handle.describe();
    const ids = ((await handle.fetchHistory()).events ?? []).map((e) => `${e.eventId?.toString()}:${e.eventType}`);
    const key = ids.join(',');
    const quiet = (raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask && key === last;
    last = key;
    return quiet ? ids : undefined;
  });
}

/** Runs `refuse` and checks that the lifecycle's history did not change. */
async function unchanged(id: string, refuse: () => Promise<void>): Promise<void> {
  const before = await settledHistory(id);
  await refuse();
  expect(await settledHistory(id)).toEqual(before);
}

/** The sign-in link in the newest sign-in email to `email`. */
async function signInLink(email: string, count: number): Promise<string> {
  const mails = await s.sink.waitFor((m) => m.to.includes(email) && m.headers['x-mail-kind'] === 'console-sign-in', {
    count,
    timeoutMs: 20_000,
  });
  const m = /(http:\/\/127\.0\.0\.1:\d+\/signin\/[A-Za-z0-9_-]+)/.exec(mails[count - 1]!.text);
  if (!m) throw new Error(`no sign-in link in the email to ${email}`);
  return m[1]!;
}

async function submit(page: Page, button: string | RegExp): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState('domcontentloaded');
  return response;
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** Runs axe-core's WCAG 2.1 A/AA rules on the page (through the debugging protocol, which the page's CSP does not govern). */
async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
  );
  expect(violations).toEqual([]);
}

const sent = new Map<string, number>();
/** Signs `email` in through the sign-in page and the emailed link; returns its page (own context). */
async function signIn(email: string, shot?: string): Promise<{ context: BrowserContext; page: Page; link: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/`);
  expect(await page.locator('html').getAttribute('lang')).toBe('vi');
  await page.getByLabel('Địa chỉ thư điện tử').fill(email);
  if (shot) {
    await page.screenshot({ path: path.join(ARTIFACTS, `console-${shot}.png`), fullPage: true });
    await expectAccessible(page);
  }
  await submit(page, 'Gửi liên kết đăng nhập');
  expect(await page.getByRole('status').innerText()).toContain('liên kết đăng nhập vừa được gửi');
  sent.set(email, (sent.get(email) ?? 0) + 1);
  const link = await signInLink(email, sent.get(email)!);
  await page.goto(link);
  await submit(page, 'Đăng nhập');
  expect(new URL(page.url()).pathname).toBe('/work');
  return { context, page, link };
}

test('a consultation round only in the browser, and every refusal leaves the workflow unchanged', async () => {
  await s.api.start(regA, { startAt: KICKOFF_AT });
  await s.api.start(regB, { startAt: KICKOFF_AT });
  // Visibility lists both before anyone signs in.
  await s.until('both lifecycles listed', async () =>
    (await s.api.list()).filter((l) => l.workflowId.startsWith('console-')).length === 2 ? true : undefined,
  );

  // ---- the secretariat signs in from its email and submits draft v1 ----
  const sec = await signIn(SECRETARIAT, 'signin');
  const work = sec.page;
  expect(await work.getByRole('heading', { name: 'Việc của tôi' }).isVisible()).toBe(true);
  const row = work.getByRole('row', { name: /Nộp dự thảo lần 1/ });
  expect(await row.count()).toBe(1);
  expect(await row.innerText()).toContain(regA.title.vi);
  await work.screenshot({ path: path.join(ARTIFACTS, 'console-work.png'), fullPage: true });
  await expectAccessible(work);
  await row.getByRole('link', { name: 'Thực hiện' }).click();
  await work.getByLabel('Phiên bản (ví dụ v1)').fill('v1');
  await work.getByLabel('Đường dẫn văn bản').fill('https://docs.example.org/console/v1.pdf');
  await work.screenshot({ path: path.join(ARTIFACTS, 'console-draft-form.png'), fullPage: true });
  await expectAccessible(work);
  expect((await submit(work, 'Nộp dự thảo')).status()).toBe(303);
  expect(new URL(work.url()).pathname).toBe('/regulations/console-a');
  await statusWhere('console-a', 'round 1 open', (st) => st.stage === 'consultation' && st.round === 1);

  // ---- hdnd's contact asks for changes, per area ----
  const hdnd = await signIn(HDND);
  const feedbackRow = hdnd.page.getByRole('row', { name: /Góp ý dự thảo v1/ });
  await feedbackRow.getByRole('link', { name: 'Thực hiện' }).click();
  expect(new URL(hdnd.page.url()).search).toBe('?body=hdnd');
  const supervision = regA.areas.find((a) => a.id === 'supervision')!;
  const personnel = regA.areas.find((a) => a.id === 'personnel')!;
  await hdnd.page.getByLabel(supervision.title.vi).fill('Bổ sung giám sát chuyên đề hằng năm.');
  await hdnd.page.getByLabel(personnel.title.vi).fill('Làm rõ quy trình giới thiệu Hội thẩm nhân dân.');
  await hdnd.page.getByLabel('Đề nghị chỉnh sửa').check();
  await hdnd.page.getByLabel('Số công văn (nếu có)').fill('45/ĐĐ-HĐND');
  await hdnd.page.screenshot({ path: path.join(ARTIFACTS, 'console-feedback-form.png'), fullPage: true });
  await expectAccessible(hdnd.page);
  await hdnd.page.setViewportSize({ width: 390, height: 844 });
  await hdnd.page.screenshot({ path: path.join(ARTIFACTS, 'console-feedback-phone.png'), fullPage: true });
  expect((await submit(hdnd.page, 'Góp ý dự thảo')).status()).toBe(303);
  let st = await statusWhere('console-a', 'hdnd answered', (x) => x.rounds[0]?.answers.hdnd !== undefined);
  expect(st.rounds[0]!.answers.hdnd).toEqual({
    decision: 'request-changes',
    comments: [
      { area: 'supervision', text: 'Bổ sung giám sát chuyên đề hằng năm.' },
      { area: 'personnel', text: 'Làm rõ quy trình giới thiệu Hội thẩm nhân dân.' },
    ],
    reference: '45/ĐĐ-HĐND',
    submittedBy: HDND,
    at: expect.any(String),
  });

  // ---- hdnd cannot see or act on tand's form, nor on regulation B ----
  await unchanged('console-a', async () => {
    const other = await hdnd.page.goto(`${base}/regulations/console-a/do/feedback?body=tand`);
    expect(other!.status()).toBe(403);
    expect(await hdnd.page.getByRole('heading', { name: 'Không có quyền' }).isVisible()).toBe(true);
    // Its own form, re-aimed at tand: refused, not obeyed.
    await hdnd.page.goto(`${base}/regulations/console-a/do/exchange?body=hdnd`);
    await hdnd.page.getByLabel('Nội dung').fill('Thông tin');
    await hdnd.page.getByLabel('Tóm tắt').fill('Tóm tắt');
    await hdnd.page.evaluate(
      `document.querySelector('main form').setAttribute('action', '/regulations/console-a/do/feedback?body=tand')`,
    );
    expect((await submit(hdnd.page, 'Ghi trao đổi thông tin')).status()).toBe(403);
    // The secretariat's actions are not a body's.
    expect((await hdnd.page.goto(`${base}/regulations/console-a/do/withdraw`))!.status()).toBe(403);
    expect((await hdnd.page.goto(`${base}/regulations/console-b`))!.status()).toBe(403);
    expect((await hdnd.page.goto(`${base}/regulations/console-b/do/feedback?body=hdnd`))!.status()).toBe(403);
    expect((await hdnd.page.goto(`${base}/regulations/nope/do/draft`))!.status()).toBe(403);
  });
  // hdnd's view of A shows its own answers only, and no secretariat action.
  await hdnd.page.goto(`${base}/regulations/console-a`);
  expect(await hdnd.page.getByRole('link', { name: 'Nộp dự thảo' }).count()).toBe(0);

  // ---- tand's contact switches to English and agrees ----
  const tand = await signIn(TAND);
  await tand.page.getByRole('link', { name: 'English' }).click();
  expect(await tand.page.locator('html').getAttribute('lang')).toBe('en');
  await tand.page
    .getByRole('row', { name: /Comment on draft v1/ })
    .getByRole('link', { name: 'Open' })
    .click();
  await tand.page.getByLabel('Agree with the draft').check();
  await tand.page.screenshot({ path: path.join(ARTIFACTS, 'console-feedback-en.png'), fullPage: true });
  expect((await submit(tand.page, 'Comment on the draft')).status()).toBe(303);
  st = await statusWhere('console-a', 'round 1 closed', (x) => x.rounds[0]?.closedAt !== undefined);
  expect(st.rounds[0]!.answers.tand).toEqual(expect.objectContaining({ decision: 'agree', submittedBy: TAND }));
  await tand.page.goto(`${base}/regulations/console-a`);
  // tand reads its own row, not hdnd's comments.
  expect(await tand.page.locator('main').innerText()).not.toContain('Bổ sung giám sát chuyên đề hằng năm.');

  // ---- the secretariat sees the matrix: the closed round's texts are in the record, on the history page ----
  await work.goto(`${base}/regulations/console-a`);
  await work.getByRole('link', { name: /Xem toàn bộ hồ sơ/ }).click();
  const matrix = work.getByRole('table', { name: 'Bảng ý kiến (cơ quan × lĩnh vực × vòng)' });
  const supervisionRow = matrix.getByRole('row', {
    name: new RegExp(`Đảng đoàn HĐND tỉnh ${supervision.title.vi.slice(0, 20)}`),
  });
  expect(await supervisionRow.innerText()).toContain('Bổ sung giám sát chuyên đề hằng năm.');
  const generalRow = matrix.getByRole('row', { name: /Ban Cán sự Đảng Tòa án nhân dân tỉnh Ý kiến chung/ });
  expect(await generalRow.innerText()).toContain('Nhất trí');
  expect(await matrix.innerText()).toContain('45/ĐĐ-HĐND');
  await work.screenshot({ path: path.join(ARTIFACTS, 'console-regulation.png'), fullPage: true });
  await expectAccessible(work);
  await work.goto(`${base}/regulations`);
  expect(await work.getByRole('row', { name: /console-a/ }).innerText()).toContain('Tiếp thu, chỉnh lý');
  await work.screenshot({ path: path.join(ARTIFACTS, 'console-regulations.png'), fullPage: true });
  await expectAccessible(work);
  await statusWhere('console-a', 'revision', (x) => x.stage === 'revision');

  // ---- a validator's rejection, shown on the form; nothing recorded ----
  await unchanged('console-a', async () => {
    await work.goto(`${base}/regulations/console-a/do/draft`);
    await work.getByLabel('Phiên bản (ví dụ v1)').fill('v1');
    await work.getByLabel('Đường dẫn văn bản').fill('https://docs.example.org/console/v1-again.pdf');
    expect((await submit(work, 'Nộp dự thảo')).status()).toBe(422);
    expect(await work.getByRole('alert').innerText()).toBe(
      'Chưa ghi nhận được. Lý do: Phiên bản "v1" đã được nộp trước đây: hãy dùng nhãn mới (ví dụ v2). (version: "v1" was already submitted: use a new label)',
    );
    expect(await work.getByLabel('Đường dẫn văn bản').inputValue()).toBe(
      'https://docs.example.org/console/v1-again.pdf',
    );
    await work.screenshot({ path: path.join(ARTIFACTS, 'console-rejected.png'), fullPage: true });
    await expectAccessible(work);
  });

  // ---- a used and an expired sign-in link ----
  const used = await browser.newPage();
  expect((await used.goto(hdnd.link))!.status()).toBe(410);
  expect(await used.getByRole('heading', { name: 'Liên kết đăng nhập không còn hiệu lực' }).isVisible()).toBe(true);
  await used.goto(`${base}/signin`);
  await used.getByLabel('Địa chỉ thư điện tử').fill(TAND);
  await submit(used, 'Gửi liên kết đăng nhập');
  sent.set(TAND, sent.get(TAND)! + 1);
  const late = await signInLink(TAND, sent.get(TAND)!);
  expect((await used.goto(late))!.status()).toBe(200);
  clockOffset = 16 * 60_000;
  expect((await submit(used, 'Đăng nhập')).status()).toBe(410);
  clockOffset = 0;
  expect((await used.goto(late))!.status()).toBe(410);
  // An unknown address is told the same as a known one, and gets nothing.
  await used.goto(`${base}/signin`);
  await used.getByLabel('Địa chỉ thư điện tử').fill('nguoi-la@example.org');
  await submit(used, 'Gửi liên kết đăng nhập');
  expect(await used.getByRole('status').innerText()).toContain('liên kết đăng nhập vừa được gửi');

  // ---- a forged and a tampered session cookie ----
  const cookies = await sec.context.cookies();
  const session = cookies.find((c) => c.name === 'console_session')!;
  expect(session).toEqual(expect.objectContaining({ httpOnly: true, sameSite: 'Lax' }));
  for (const value of ['forged-value', `${session.value.slice(0, -4)}AAAA`]) {
    const ctx = await browser.newContext();
    await ctx.addCookies([{ ...session, value }]);
    const p = await ctx.newPage();
    expect((await p.goto(`${base}/work`))!.status()).toBe(401);
    expect(await p.getByRole('heading', { name: 'Đăng nhập' }).isVisible()).toBe(true);
    expect((await p.goto(`${base}/regulations/console-a`))!.status()).toBe(401);
    await ctx.close();
  }

  // ---- a cross-site form post in the signed-in secretariat's browser ----
  const evil = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><body><form method="post" action="${base}/regulations/console-a/do/withdraw"><input name="reason" value="x"><button>Win a prize</button></form></body></html>`,
    );
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  try {
    await unchanged('console-a', async () => {
      const p = await sec.context.newPage();
      // "localhost" is another site than "127.0.0.1" for the browser.
      await p.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
      expect((await submit(p, 'Win a prize')).status()).toBe(403);
      expect(await p.getByRole('heading', { name: 'Biểu mẫu không được chấp nhận' }).isVisible()).toBe(true);
      // The same from a script that has the cookie but no anti-forgery field.
      const cookie = `console_session=${session.value}`;
      const forged = await fetch(`${base}/regulations/console-a/do/withdraw`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: 'reason=x',
      });
      expect(forged.status).toBe(403);
    });
  } finally {
    await new Promise<void>((resolve) => {
      evil.close(() => resolve());
      evil.closeAllConnections();
    });
  }
  expect((await s.api.status('console-a')).stage).toBe('revision');

  // ---- an operator reads everything and acts on nothing ----
  const op = await signIn(OPERATOR);
  await op.page.goto(`${base}/regulations`);
  expect(await op.page.getByRole('row', { name: /console-b/ }).count()).toBe(1);
  expect((await op.page.goto(`${base}/regulations/console-b`))!.status()).toBe(200);
  expect((await op.page.goto(`${base}/regulations/console-a/do/withdraw`))!.status()).toBe(403);

  people = { sec, hdnd, tand };
  await op.context.close();
}, 300_000);

test('the rest of the lifecycle through the forms: comments answered, draft v2, agreement, the signing scheduled and signed, an exchange logged', async () => {
  const { sec, hdnd, tand } = people;
  // ---- the draft waits for the bảng tổng hợp, tiếp thu, giải trình: refused, nothing recorded ----
  await unchanged('console-a', async () => {
    await sec.page.goto(`${base}/regulations/console-a/do/draft`);
    await sec.page.getByLabel('Phiên bản (ví dụ v1)').fill('v2');
    await sec.page.getByLabel('Đường dẫn văn bản').fill('https://docs.example.org/console/v2.pdf');
    expect((await submit(sec.page, 'Nộp dự thảo')).status()).toBe(422);
    expect(await sec.page.getByRole('alert').innerText()).toMatch(
      /^Chưa ghi nhận được\. Lý do: Còn 2 ý kiến góp ý vòng 1 chưa được tiếp thu, giải trình \(hdnd-1, hdnd-2\)/,
    );
  });
  // ---- each comment answered in the browser; "not accepted" without a reason is refused ----
  await sec.page.goto(`${base}/work`);
  await sec.page
    .getByRole('row', { name: /Tiếp thu, giải trình 2 ý kiến góp ý vòng 1/ })
    .getByRole('link', { name: 'Thực hiện' })
    .click();
  await unchanged('console-a', async () => {
    await sec.page
      .getByRole('group', { name: /^hdnd-1 — / })
      .getByLabel('Không tiếp thu')
      .check();
    expect((await submit(sec.page, 'Tiếp thu, giải trình ý kiến')).status()).toBe(422);
    expect(await sec.page.getByRole('alert').innerText()).toContain(
      'Ý kiến hdnd-1: không tiếp thu cần có nội dung giải trình.',
    );
  });
  await sec.page
    .getByRole('group', { name: /^hdnd-1 — / })
    .getByLabel('Tiếp thu', { exact: true })
    .check();
  await sec.page
    .getByRole('group', { name: /^hdnd-2 — / })
    .getByLabel('Tiếp thu một phần')
    .check();
  await sec.page
    .getByLabel('Giải trình (hdnd-2)')
    .fill('Quy trình giới thiệu Hội thẩm theo Nghị quyết của HĐND; bổ sung thời hạn 15 ngày.');
  await sec.page.screenshot({ path: path.join(ARTIFACTS, 'console-answers-form.png'), fullPage: true });
  await expectAccessible(sec.page);
  expect((await submit(sec.page, 'Tiếp thu, giải trình ý kiến')).status()).toBe(303);
  const answered = await statusWhere(
    'console-a',
    'the comments answered',
    (x) => Object.keys(x.rounds[0]?.responses ?? {}).length === 2,
  );
  expect(answered.rounds[0]!.responses).toEqual({
    'hdnd-1': { handling: 'accepted', at: expect.any(String), submittedBy: SECRETARIAT },
    'hdnd-2': {
      handling: 'partly-accepted',
      explanation: 'Quy trình giới thiệu Hội thẩm theo Nghị quyết của HĐND; bổ sung thời hạn 15 ngày.',
      at: expect.any(String),
      submittedBy: SECRETARIAT,
    },
  });
  await sec.page.goto(`${base}/regulations/console-a`);
  const explained = await sec.page.getByRole('region', { name: 'Tiếp thu, giải trình ý kiến' }).innerText();
  expect(explained).toContain('Tiếp thu một phần: Quy trình giới thiệu Hội thẩm theo Nghị quyết của HĐND');
  await sec.page.goto(`${base}/work`);
  await sec.page
    .getByRole('row', { name: /Nộp dự thảo tiếp theo/ })
    .getByRole('link', { name: 'Thực hiện' })
    .click();
  await sec.page.getByLabel('Phiên bản (ví dụ v1)').fill('v2');
  await sec.page.getByLabel('Đường dẫn văn bản').fill('https://docs.example.org/console/v2.pdf');
  await sec.page.getByLabel('Ghi chú').fill('Tiếp thu ý kiến của HĐND về giám sát và nhân sự.');
  expect((await submit(sec.page, 'Nộp dự thảo')).status()).toBe(303);
  await statusWhere('console-a', 'round 2 open', (x) => x.stage === 'consultation' && x.round === 2);

  for (const [who, body, agree, send] of [
    [hdnd, 'hdnd', 'Nhất trí với dự thảo', 'Góp ý dự thảo'],
    [tand, 'tand', 'Agree with the draft', 'Comment on the draft'],
  ] as const) {
    await who.page.goto(`${base}/regulations/console-a/do/feedback?body=${body}`);
    await who.page.getByLabel(agree).check();
    expect((await submit(who.page, send)).status()).toBe(303);
  }
  await statusWhere('console-a', 'signing', (x) => x.stage === 'signing');

  await sec.page.goto(`${base}/work`);
  await sec.page
    .getByRole('row', { name: /Ấn định lễ ký/ })
    .getByRole('link', { name: 'Thực hiện' })
    .click();
  await sec.page.getByLabel('Thời gian (giờ địa phương)').fill('2022-10-05T09:00');
  await sec.page.getByLabel('Địa điểm').fill('Hội trường HĐND tỉnh');
  await sec.page.screenshot({ path: path.join(ARTIFACTS, 'console-schedule-form.png'), fullPage: true });
  expect((await submit(sec.page, 'Ấn định lễ ký')).status()).toBe(303);
  let st = await statusWhere('console-a', 'signing scheduled', (x) => x.signingSession !== undefined);
  // The local time of the form is the regulation's zone (UTC+7).
  expect(Date.parse(st.signingSession!.at)).toBe(Date.parse('2022-10-05T02:00:00Z'));
  expect(st.signingSession!.place).toBe('Hội trường HĐND tỉnh');

  await hdnd.page.goto(`${base}/work`);
  await hdnd.page
    .getByRole('row', { name: /Ký quy chế/ })
    .getByRole('link', { name: 'Thực hiện' })
    .click();
  expect(await hdnd.page.getByLabel('Họ tên người ký').inputValue()).toBe(regA.bodies[0]!.signatory.name);
  await hdnd.page.screenshot({ path: path.join(ARTIFACTS, 'console-sign-form.png'), fullPage: true });
  expect((await submit(hdnd.page, 'Xác nhận đã ký')).status()).toBe(303);
  await tand.page.goto(`${base}/regulations/console-a/do/sign?body=tand`);
  expect((await submit(tand.page, 'Confirm the signature')).status()).toBe(303);
  st = await statusWhere('console-a', 'in force', (x) => x.stage === 'in-force');
  expect(Object.keys(st.signatures).sort()).toEqual(['hdnd', 'tand']);

  await sec.page.goto(`${base}/regulations/console-a/do/exchange`);
  await sec.page.getByLabel('Cơ quan cung cấp').selectOption('tand');
  await sec.page.getByLabel('Đảng đoàn HĐND tỉnh').check();
  await sec.page.getByLabel('Nội dung').fill('Kết quả xét xử 6 tháng');
  await sec.page.getByLabel('Tóm tắt').fill('TAND gửi báo cáo kết quả xét xử 6 tháng đầu năm.');
  expect((await submit(sec.page, 'Ghi trao đổi thông tin')).status()).toBe(303);
  await statusWhere('console-a', 'exchange logged', (x) => x.exchanges.length === 1);
  const page = await sec.page.innerText('main');
  expect(page).toContain('Kết quả xét xử 6 tháng');
  expect(page).toContain('Mai Văn Nhiều');
  await sec.page.screenshot({ path: path.join(ARTIFACTS, 'console-regulation-in-force.png'), fullPage: true });

  // The calendar: the month of the schedule time, and a feed a calendar app can poll without a session.
  await sec.page.getByRole('link', { name: 'Lịch' }).click();
  const meeting = (await statusWhere('console-a', 'review 1 planned', (x) => x.nextReview !== undefined)).nextReview!
    .meetingDate;
  await sec.page.goto(`${base}/calendar?month=${meeting.slice(0, 7)}`);
  expect(await sec.page.getByRole('table', { name: new RegExp(meeting.slice(0, 4)) }).innerText()).toContain(
    'Hội nghị sơ kết lần 1',
  );
  await sec.page.screenshot({ path: path.join(ARTIFACTS, 'console-calendar.png'), fullPage: true });
  await expectAccessible(sec.page);
  const feed = await sec.page.getByLabel('Địa chỉ đăng ký').inputValue();
  const ics = await fetch(feed);
  expect(ics.headers.get('content-type')).toContain('text/calendar');
  expect(await ics.text()).toContain('Hội nghị sơ kết lần 1');
}, 300_000);

test('sign-in requests beyond the limit get 429, and the log names who did what, never a token', async () => {
  // ---- too many sign-in requests from one address ----
  const statuses: number[] = [];
  for (let i = 0; i < SIGN_IN_LIMIT + 1; i += 1)
    statuses.push(
      (
        await fetch(`${base}/signin`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'email=x%40example.org',
        })
      ).status,
    );
  expect(statuses).toContain(429);
  const refused = await fetch(`${base}/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'email=x%40example.org',
  });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await refused.text()).toContain('Quá nhiều yêu cầu');

  // The log names who did what, never a token.
  const logText = logs.join('\n');
  expect(logText).toContain(`feedback console-a hdnd by ${HDND}`);
  expect(logText).not.toMatch(/\/signin\/[A-Za-z0-9_-]{20,}/);
});
