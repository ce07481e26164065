/**
 * The feedback portal end to end: a lifecycle sends its feedback requests through a real SMTP
 * sink; headless Chromium opens the personal link from the email, fills the form and submits;
 * the workflow's status shows the answer. Then the attacks, each refused with a page that says
 * so and nothing changed in the workflow.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/browser';
import { RegulationsClient } from '../../client/api';
import { startConsole, type Console } from '../../client/console/app';
import { signToken, verifyToken } from '../../links/token';
import { freePort } from '../../scripts/child-service';
import type { ReceivedMail } from '../support/smtp-sink';
import { createHarness, KICKOFF_AT, longAn, ROOT, type Harness } from '../support/lifecycle-harness';
import { mail, openFirstRound, startLifecycle, terminateStarted } from '../support/scenario';

const SECRET = crypto.randomBytes(32).toString('base64url');
const ARTIFACTS = path.join(ROOT, 'test/artifacts');

let h: Harness;
let api: RegulationsClient;
let portal: Console;
let browser: BrowserContext;
let userDataDir: string;
let baseUrl: string;
const logs: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  h = await createHarness({ portal: { baseUrl, secret: SECRET } });
  api = new RegulationsClient(h.env.client, h.taskQueue);
  portal = await startConsole({ port, baseUrl, secret: SECRET, api, log: (l) => logs.push(l), smtpUrl: h.sink.url });
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
});
// A lifecycle left running by one test would stall the time-skipping server for the next.
afterEach(() => terminateStarted(h));
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await h?.teardown();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

/** The personal link in an email: in the HTML part as an href, and the same in the text part. */
function linkIn(mail: ReceivedMail): string {
  const m = /href="(http:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9_.-]+)"/.exec(mail.html);
  if (!m) throw new Error(`no portal link in the email to ${mail.to.join(', ')}`);
  expect(mail.text).toContain(m[1]);
  return m[1]!;
}

const tokenOf = (link: string): string => link.slice(link.lastIndexOf('/') + 1);

/** Submits the page's form by clicking its button; resolves with the POST's response once the result page loaded. */
async function submit(page: Page, button: string | RegExp, url?: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && (!url || r.url() === url)),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState('domcontentloaded');
  return response;
}

test('a body answers from the link in its email; forged, altered, expired, other-body, repeated and cross-site submissions change nothing', async () => {
  // tand reads English, hdnd Vietnamese: each page comes in its body's language.
  const regulation = longAn((r) => {
    r.bodies[1]!.locale = 'en';
  });
  const id = regulation.id;

  await h.withWorker(async () => {
    await startLifecycle(h, regulation, { startAt: KICKOFF_AT });
    await api.submitDraft(id, { version: 'v1', link: 'https://docs.example.org/quy-che-v1.pdf' });
    const requests = await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'feedback-request', {
      count: 2,
      timeoutMs: 60_000,
    });
    const mailTo = (addr: string): ReceivedMail => requests.find((m) => m.to.includes(addr))!;
    const hdndLink = linkIn(mailTo('lienlac@hdnd.example.org'));
    const tandLink = linkIn(mailTo('vanthu@tand.example.com'));
    expect(verifyToken(tokenOf(hdndLink), SECRET)).toEqual({
      ok: true,
      claims: expect.objectContaining({ lifecycleId: id, body: 'hdnd', purpose: 'feedback', step: 1 }),
    });
    expect(verifyToken(tokenOf(tandLink), SECRET)).toEqual({
      ok: true,
      claims: expect.objectContaining({ body: 'tand' }),
    });

    // The links were added in the activity: no token in workflow history or status.
    const history = await h.env.client.workflow.getHandle(id).fetchHistory();
    // Payload bytes come out base64-encoded: decode them so the search sees the JSON inside.
    const historyText = JSON.stringify(history, (k, v: unknown) =>
      k === 'data' && typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : v,
    );
    expect(historyText).toContain('quy-che-v1.pdf');
    for (const link of [hdndLink, tandLink]) expect(historyText).not.toContain(tokenOf(link).split('.')[1]);
    expect(historyText).not.toContain('/r/');

    // ---- the happy path: hdnd requests changes, per area ----
    const page = await browser.newPage();
    const first = await page.goto(hdndLink);
    expect(first!.status()).toBe(200);
    const headers = first!.headers();
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.locator('h1').innerText()).toBe(regulation.title.vi);
    const facts = await page.locator('dl').first().innerText();
    expect(facts).toContain('Đảng đoàn HĐND tỉnh');
    expect(facts).toContain('v1');
    expect(facts).toMatch(/Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy), \d{2}\/\d{2}\/2022/);
    expect(await page.getByRole('link', { name: 'mở văn bản' }).getAttribute('href')).toBe(
      'https://docs.example.org/quy-che-v1.pdf',
    );
    expect(await page.getByText('Cơ quan chưa trả lời bước này.').isVisible()).toBe(true);

    // A colleague opens the same link in another tab before the answer goes in.
    const secondTab = await browser.newPage();
    await secondTab.goto(hdndLink);

    const supervision = regulation.areas.find((a) => a.id === 'supervision')!;
    const personnel = regulation.areas.find((a) => a.id === 'personnel')!;
    await page.getByLabel(supervision.title.vi).fill('Bổ sung quy định về giám sát chuyên đề hằng năm.');
    await page.getByLabel(personnel.title.vi).fill('Làm rõ quy trình giới thiệu Hội thẩm nhân dân.');
    await page.getByLabel('Ý kiến chung').fill('Đề nghị rà soát lại thời hạn.');
    await page.getByLabel('Đề nghị chỉnh sửa (ghi ít nhất một ý kiến)').check();
    await page.getByLabel('Số công văn (nếu có)').fill('123/ĐĐ-HĐND');
    await page.getByLabel('Người gửi').fill('Trần Văn Liên Lạc');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'portal.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'portal-phone.png'), fullPage: true });

    const posted = await submit(page, 'Gửi ý kiến');
    expect(posted.status()).toBe(200);
    expect(await page.getByRole('status').innerText()).toBe('Đã ghi nhận ý kiến của cơ quan. Xin cảm ơn.');
    expect(await page.getByRole('heading', { name: 'Ý kiến cơ quan đã gửi' }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'portal-recorded.png'), fullPage: true });

    const answered = await api.status(id);
    expect(answered.rounds[0]!.answers.hdnd).toEqual({
      decision: 'request-changes',
      comments: [
        { area: 'supervision', text: 'Bổ sung quy định về giám sát chuyên đề hằng năm.' },
        { area: 'personnel', text: 'Làm rõ quy trình giới thiệu Hội thẩm nhân dân.' },
        { text: 'Đề nghị rà soát lại thời hạn.' },
      ],
      reference: '123/ĐĐ-HĐND',
      submittedBy: 'Trần Văn Liên Lạc',
      at: expect.any(String),
    });
    const answersNow = async (): Promise<unknown> =>
      (await api.status(id)).rounds.map((r) => ({ answers: r.answers, closedAt: r.closedAt }));
    const before = await answersNow();

    // ---- a second submission: the validator's rejection, in words ----
    await secondTab.getByLabel('Nhất trí với dự thảo').check();
    const again = await submit(secondTab, 'Gửi ý kiến');
    expect(again.status()).toBe(422);
    expect(await secondTab.getByRole('alert').innerText()).toContain(
      'Chưa ghi nhận được. Lý do: body: hdnd already answered round 1',
    );
    expect(await answersNow()).toEqual(before);

    // ---- an altered token: another body's claims under hdnd's MAC ----
    const [payload, mac] = tokenOf(hdndLink).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const altered = `${baseUrl}/r/${Buffer.from(JSON.stringify({ ...claims, body: 'tand' })).toString('base64url')}.${mac}`;
    const attack = await browser.newPage();
    expect((await attack.goto(altered))!.status()).toBe(403);
    expect(await attack.getByRole('heading', { name: 'Liên kết không hợp lệ' }).isVisible()).toBe(true);
    // A forged MAC and a truncated link are the same refusal.
    expect((await attack.goto(`${baseUrl}/r/${payload}.${'A'.repeat(43)}`))!.status()).toBe(403);
    expect((await attack.goto(hdndLink.slice(0, -5)))!.status()).toBe(403);

    // ---- an expired token (properly signed, expiry before the lifecycle's current time) ----
    const expired = `${baseUrl}/r/${signToken({ lifecycleId: id, body: 'tand', purpose: 'feedback', step: 1, exp: Date.parse(KICKOFF_AT) / 1000 - 1 }, SECRET)}`;
    expect((await attack.goto(expired))!.status()).toBe(410);
    expect(await attack.locator('html').getAttribute('lang')).toBe('en');
    expect(await attack.getByRole('heading', { name: 'This link has expired' }).isVisible()).toBe(true);

    // ---- a round that is not open (round 2) and a review that has not started ----
    const round2 = `${baseUrl}/r/${signToken({ lifecycleId: id, body: 'tand', purpose: 'feedback', step: 2, exp: 4_000_000_000 }, SECRET)}`;
    expect((await attack.goto(round2))!.status()).toBe(410);
    expect(await attack.getByRole('heading', { name: 'This step is closed' }).isVisible()).toBe(true);
    const review = `${baseUrl}/r/${signToken({ lifecycleId: id, body: 'tand', purpose: 'review-report', step: 1, exp: 4_000_000_000 }, SECRET)}`;
    expect((await attack.goto(review))!.status()).toBe(410);
    expect(await answersNow()).toEqual(before);

    // ---- tand's own page (English), then posting from it as another body ----
    const tand = await browser.newPage();
    expect((await tand.goto(tandLink))!.status()).toBe(200);
    expect(await tand.locator('html').getAttribute('lang')).toBe('en');
    expect(await tand.getByLabel('Agree with the draft').isVisible()).toBe(true);
    const dl = await tand.locator('dl').first().innerText();
    expect(dl).toMatch(/(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ 2022/);
    // The form has no body field: adding one is refused, not obeyed.
    await tand.getByLabel('Agree with the draft').check();
    await tand.evaluate(
      `document.querySelector('form').insertAdjacentHTML('beforeend', '<input type="hidden" name="body" value="hdnd">')`,
    );
    expect((await submit(tand, 'Send the answer')).status()).toBe(400);
    expect(await tand.getByRole('heading', { name: 'Biểu mẫu không hợp lệ' }).isVisible()).toBe(true);
    // tand's form sent to hdnd's link: its anti-forgery field belongs to another link.
    await tand.goto(tandLink);
    await tand.getByLabel('Agree with the draft').check();
    await tand.evaluate(`document.querySelector('form').setAttribute('action', ${JSON.stringify(hdndLink)})`);
    expect((await submit(tand, 'Send the answer', hdndLink)).status()).toBe(403);
    expect(await tand.getByRole('heading', { name: 'Biểu mẫu không được chấp nhận' }).isVisible()).toBe(true);
    expect(await answersNow()).toEqual(before);

    // ---- a cross-site page posting to tand's link without the anti-forgery field ----
    const evil = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><body><form method="post" action="${tandLink}"><input name="decision" value="agree"><button>Win a prize</button></form></body></html>`,
      );
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    try {
      // "localhost" is another site than "127.0.0.1" for the browser.
      await attack.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
      const crossSite = await submit(attack, 'Win a prize', tandLink);
      expect(crossSite.status()).toBe(403);
      expect(await attack.getByRole('heading', { name: 'The form was not accepted' }).isVisible()).toBe(true);
    } finally {
      // Chromium keeps the connection alive: drop it so close() need not wait for its timeout.
      await new Promise<void>((resolve) => {
        evil.close(() => resolve());
        evil.closeAllConnections();
      });
    }
    // The same without a browser: right-looking headers, no anti-forgery field.
    const forged = await fetch(tandLink, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: baseUrl,
        'Sec-Fetch-Site': 'same-origin',
      },
      body: 'decision=agree',
    });
    expect(forged.status).toBe(403);
    // Too much text is refused before it is read to the end.
    const huge = await fetch(tandLink, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
      body: `general=${'x'.repeat(200 * 1024)}`,
    });
    expect(huge.status).toBe(413);
    expect(await answersNow()).toEqual(before);

    // ---- tand agrees from its page; the round closes, and hdnd's link with it ----
    await tand.goto(tandLink);
    await tand.getByLabel('Agree with the draft').check();
    await tand.getByLabel('Submitted by').fill('Lê Thị Văn Thư');
    expect((await submit(tand, 'Send the answer')).status()).toBe(200);
    expect(await tand.getByRole('status').innerText()).toBe("Your body's answer has been recorded. Thank you.");
    await h.sink.waitFor((m) => m.headers['x-mail-kind'] === 'comment-table', { timeoutMs: 60_000 });
    const closed = await api.status(id);
    expect(closed.rounds[0]!.answers.tand).toEqual(
      expect.objectContaining({ decision: 'agree', comments: [], submittedBy: 'Lê Thị Văn Thư' }),
    );
    expect(closed.rounds[0]!.closedAt).toBeDefined();
    expect((await attack.goto(hdndLink))!.status()).toBe(410);
    expect(await attack.getByRole('heading', { name: 'Bước này đã kết thúc' }).isVisible()).toBe(true);
  });

  // The log names lifecycle, body and purpose, never a token or the secret.
  const logText = logs.join('\n');
  expect(logText).toContain('feedback long-an-hdnd-tand-2022 hdnd step 1');
  expect(logText).not.toContain(SECRET);
  expect(logText).not.toContain('/r/');
});

test('signatures and a review report are confirmed from the links in the invitation and request emails', async () => {
  const regulation = longAn((r) => {
    r.id = 'portal-signing-review';
    r.bodies[1]!.locale = 'en';
  });
  const id = regulation.id;
  await h.withWorker(async () => {
    const started = await startLifecycle(h, regulation);
    await openFirstRound(h, started);
    await api.submitFeedback(id, { body: 'hdnd', round: 1, decision: 'agree' });
    await api.submitFeedback(id, { body: 'tand', round: 1, decision: 'agree' });
    // Each body's signatory and contacts get their own invitation.
    const invitations = await h.sink.waitFor(mail(id, 'signing-invitation', 'signing'), { count: 4 });
    const invitationTo = (addr: string): ReceivedMail => invitations.find((m) => m.to.includes(addr))!;
    const hdndSign = linkIn(invitationTo('lanhdao@hdnd.example.org'));
    const tandSign = linkIn(invitationTo('chanhan@tand.example.com'));
    expect(verifyToken(tokenOf(hdndSign), SECRET)).toEqual({
      ok: true,
      claims: expect.objectContaining({ lifecycleId: id, body: 'hdnd', purpose: 'signature', step: 1 }),
    });
    await started.clock.advanceTo('2022-09-20T10:00');

    // hdnd's clerk confirms the signature: the signatory from the definition is prefilled.
    const page = await browser.newPage();
    expect((await page.goto(hdndSign))!.status()).toBe(200);
    expect(await page.getByLabel('Họ tên người ký').inputValue()).toBe(regulation.bodies[0]!.signatory.name);
    expect(await page.getByRole('link', { name: 'mở văn bản' }).getAttribute('href')).toBe(
      'https://docs.example.org/quy-che/v1.pdf',
    );
    expect((await submit(page, 'Xác nhận đã ký')).status()).toBe(200);
    expect(await page.getByRole('status').innerText()).toBe('Đã ghi nhận chữ ký của cơ quan. Xin cảm ơn.');
    let s = await api.status(id);
    expect(s.stage).toBe('signing');
    expect(s.signatures).toEqual({
      hdnd: { signer: regulation.bodies[0]!.signatory.name, signedAt: expect.any(String) },
    });

    // tand's page is in English; its signer typed by hand; the regulation takes effect.
    expect((await page.goto(tandSign))!.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel('Name of the signer').fill('Lê Quốc Dũng');
    expect((await submit(page, 'Confirm the signature')).status()).toBe(200);
    expect(await page.getByRole('status').innerText()).toBe("Your body's signature has been recorded. Thank you.");
    await h.sink.waitFor(mail(id, 'stage-notice', 'effective'), { count: 3 });
    s = await api.status(id);
    expect(s.stage).toBe('in-force');
    expect(s.signatures.tand).toEqual({ signer: 'Lê Quốc Dũng', signedAt: expect.any(String) });
    // The signing step is over: its links are closed.
    expect((await page.goto(hdndSign))!.status()).toBe(410);
    expect(await page.getByRole('heading', { name: 'Bước này đã kết thúc' }).isVisible()).toBe(true);

    // Sơ kết 1 (Wed 20 Sep 2023): the report requests of 21 Aug carry a link per body.
    await started.clock.advanceTo('2023-08-22T09:00');
    const requests = await h.sink.waitFor(mail(id, 'review-report-request', 'so-ket-1/reports'), { count: 2 });
    const hdndReport = linkIn(requests.find((m) => m.to.includes('lienlac@hdnd.example.org'))!);
    expect(verifyToken(tokenOf(hdndReport), SECRET)).toEqual({
      ok: true,
      claims: expect.objectContaining({ body: 'hdnd', purpose: 'review-report', step: 1 }),
    });
    expect((await page.goto(hdndReport))!.status()).toBe(200);
    const facts = await page.locator('dl').first().innerText();
    expect(facts).toContain('Thứ Tư, 20/09/2023');
    const supervision = regulation.areas.find((a) => a.id === 'supervision')!;
    await page.getByLabel(supervision.title.vi).fill('Phối hợp giám sát chuyên đề đạt kết quả tốt.');
    await page.getByLabel('Người gửi').fill('Trần Văn Liên Lạc');
    expect((await submit(page, 'Gửi báo cáo')).status()).toBe(200);
    expect(await page.getByRole('status').innerText()).toBe('Đã ghi nhận báo cáo của cơ quan. Xin cảm ơn.');
    const review = await api.reviewStatus(id, 1);
    expect(review.reports.hdnd).toEqual(
      expect.objectContaining({ assessments: { supervision: 'Phối hợp giám sát chuyên đề đạt kết quả tốt.' } }),
    );
    expect(review.reports.tand).toBeUndefined();
    // Opening the link again shows the report sent instead of a form.
    await page.goto(hdndReport);
    expect(await page.getByRole('heading', { name: 'Ý kiến cơ quan đã gửi' }).isVisible()).toBe(true);
    expect(await page.getByRole('button').count()).toBe(0);
  });
});
