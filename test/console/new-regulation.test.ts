/**
 * The console's New regulation page in the browser (headless Chromium, a real dev server and
 * worker): an operator fills in a regulation already in force as a register row, sees the error
 * next to the field (and nothing starts), corrects it, previews the planned deadlines, starts it,
 * and finds it on Regulations with its adopted history.
 */
import crypto from 'node:crypto';
import { type Browser, type Page, type Response } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startConsole, type Console } from '../../client/console/app';
import { freePort } from '../../scripts/child-service';
import { startCliServer, type CliServer } from '../cli/cli-support';

const OPERATOR = 'vanhanh@example.org';
/** The console's "today": Tue 1 Dec 2026, 09:00 in Vietnam, moving on in real time. */
const NOW = Date.parse('2026-12-01T02:00:00Z');
const T0 = Date.now();

let s: CliServer;
let consoleApp: Console;
let browser: Browser;
let base: string;

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
    operators: [OPERATOR],
    now: () => NOW + (Date.now() - T0),
  });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await consoleApp?.close();
  await s?.stop();
});

async function submit(page: Page, button: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await page.waitForLoadState('domcontentloaded');
  return response;
}

test('New regulation: form, error by the field (nothing started), preview, start, then on Regulations', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/`);
  await page.getByLabel('Địa chỉ thư điện tử').fill(OPERATOR);
  await submit(page, 'Gửi liên kết đăng nhập');
  const [mail] = await s.sink.waitFor((m) => m.to.includes(OPERATOR), { timeoutMs: 20_000 });
  await page.goto(/(http:\/\/127\.0\.0\.1:\d+\/signin\/[A-Za-z0-9_-]+)/.exec(mail!.text)![1]!);
  await submit(page, 'Đăng nhập');

  await page.goto(`${base}/regulations`);
  await page.getByRole('link', { name: 'Quy chế mới' }).click();
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Quy chế mới');
  const fill = async (label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
  await fill('Số', '07/QCPH-HĐND-TAND');
  await fill('Tên quy chế', 'Quy chế phối hợp giữa Thường trực HĐND tỉnh và Tòa án nhân dân tỉnh');
  await fill('Ngày ký', '15/03/2023');
  await fill('Chu kỳ sơ kết', '12 tháng');
  await fill('Ngày tổng kết', '30/06/2031');
  await fill('Cơ quan 1', 'Thường trực HĐND tỉnh');
  await fill('Liên hệ 1', 'Trần Văn Liên Lạc <lienlac@hdnd.example.org>');
  await fill('Lãnh đạo 1', 'Mai Văn Nhiều <lanhdao@hdnd.example.org>');
  await fill('Cơ quan 2', 'Tòa án nhân dân tỉnh');
  await fill('Liên hệ 2', 'Nguyễn Văn Thư <vanthu@tand.example.com>');
  await fill('Lãnh đạo 2', 'Lê Quốc Dũng <chanhan@tand.example.com>');
  await fill('Lĩnh vực phối hợp', 'Giám sát xét xử; Tiếp công dân; Hội thẩm nhân dân');
  await fill('Văn phòng giúp việc', 'Văn phòng Đoàn ĐBQH và HĐND tỉnh');
  await fill('Liên hệ văn phòng', 'Nguyễn Thị Thư Ký <thuky@vanphong.example.org>');
  // Only sơ kết 1 listed: sơ kết 2 (17/03/2025) is overdue, so the form is refused by that field.
  await fill('Sơ kết đã tổ chức', '1: 20/03/2024 tiếp tục');
  let response = await submit(page, 'Xem trước');
  expect(response.status()).toBe(422);
  expect(await page.getByRole('alert').innerText()).toContain('Chưa bắt đầu: sửa các ô được đánh dấu.');
  const reviews = page.getByLabel('Sơ kết đã tổ chức', { exact: true });
  expect(await reviews.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#f-reviews-err').innerText()).toBe(
    'sơ kết 2 is already overdue (reports due 03/03/2025, meeting 17/03/2025): add it to "Sơ kết đã tổ chức" if it was held, or write "báo lãnh đạo" in column "Khi quá hạn" to start with the escalation',
  );
  expect(await page.getByRole('button', { name: 'Bắt đầu' }).count()).toBe(0);
  const id = '07-qcph-hdnd-tand-2023';
  expect(await s.api.startedAs(id)).toBeUndefined();

  // Corrected: the three sơ kết held; the preview shows sơ kết 4, a year on.
  await reviews.fill('1: 20/03/2024 tiếp tục; 2: 18/03/2025 tiếp tục; 3: 17/03/2026 tiếp tục');
  response = await submit(page, 'Xem trước');
  expect(response.status()).toBe(200);
  const planned = await page.getByRole('table', { name: 'Các thời hạn dự kiến' }).innerText();
  expect(planned).toMatch(/15\/03\/2027 09:00\s+Hội nghị sơ kết lần 4/);
  expect(await s.api.startedAs(id)).toBeUndefined();

  await submit(page, 'Bắt đầu');
  expect(await page.getByRole('status').innerText()).toContain(`Đã bắt đầu: ${id}`);
  const st = await s.api.status(id);
  expect(st.stage).toBe('in-force');
  expect(st.reviews.map((r) => [r.n, r.meetingDate, r.recordedAtAdoption !== undefined])).toEqual([
    [1, '2024-03-20', true],
    [2, '2025-03-18', true],
    [3, '2026-03-17', true],
  ]);

  // On Regulations (visibility catches up within seconds), and its page shows the adopted history.
  await s.until('the new regulation on Regulations', async () => {
    await page.goto(`${base}/regulations`);
    return (await page.getByRole('link', { name: /Thường trực HĐND tỉnh và Tòa án/ }).count()) > 0 ? true : undefined;
  });
  await page.getByRole('link', { name: /Thường trực HĐND tỉnh và Tòa án/ }).click();
  const body = await page.locator('main').innerText();
  expect(body).toContain('Ghi nhận khi tiếp nhận: ký ngày');
  expect(body).toMatch(/Sơ kết lần 3 \(.*17\/03\/2026\)/);
  expect(body).toContain('ghi nhận khi tiếp nhận');
});
