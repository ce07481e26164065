/**
 * Single sign-on to the console through a real OpenID Connect provider, only through the browser:
 * oidc-provider (its development login form accepts any login; the account's `email` claim comes
 * from findAccount) and the console each run in their own process, since both libraries are ES
 * modules (see client/console/sso.ts); a real dev server, worker and SMTP sink as in
 * console.test.ts. The provider listens on 127.0.0.2, another site than the console's 127.0.0.1,
 * so the return to the console is a cross-site navigation as in production.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/browser';
import { answers200, freePort, spawnService, waitUntilReady, type ChildService } from '../../scripts/child-service';
import { startCliServer, type CliServer } from '../cli/cli-support';
import { KICKOFF_AT, longAn, ROOT } from '../support/lifecycle-harness';

const ARTIFACTS = path.join(ROOT, 'test/artifacts');
const SECRETARIAT = 'thuky@vanphong.example.org';
const STRANGER = 'nguoi-la@example.org';
const IDP_HOST = '127.0.0.2';
const CLIENT_ID = 'regulations-console';
const CLIENT_SECRET = crypto.randomBytes(24).toString('base64url');

let s: CliServer;
let idp: ChildService;
let consoleProcess: ChildService;
let browser: Browser;
let base: string;
let issuer: string;
const logs: string[] = [];
const idpLogs: string[] = [];

const reg = longAn((r) => {
  r.id = 'console-sso';
});

beforeAll(async () => {
  s = await startCliServer();
  const [consolePort, idpPort] = await Promise.all([freePort(), freePort(IDP_HOST)]);
  base = `http://127.0.0.1:${consolePort}`;
  issuer = `http://${IDP_HOST}:${idpPort}`;
  idp = spawnService('oidc-provider', process.execPath, [path.join(__dirname, 'oidc-idp.mjs')], {
    log: (l) => idpLogs.push(l),
    env: {
      ...process.env,
      IDP_HOST,
      IDP_PORT: String(idpPort),
      IDP_CLIENT: JSON.stringify({
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${base}/auth/oidc/callback`],
      }),
      // login → the claims findAccount gives.
      IDP_ACCOUNTS: JSON.stringify({
        thuky: { email: SECRETARIAT, email_verified: true },
        nguoila: { email: STRANGER, email_verified: true },
      }),
    },
  });
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_') && !k.startsWith('OIDC_') && k !== 'DEBUG'),
  );
  consoleProcess = spawnService(
    'console',
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'sso-console.ts')],
    {
      log: (l) => logs.push(l),
      env: {
        ...clean,
        ...s.env,
        PORTAL_PORT: String(consolePort),
        PORTAL_URL: base,
        PORTAL_SECRET: crypto.randomBytes(32).toString('base64url'),
        SMTP_URL: s.sink.url,
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
      },
    },
  );
  await s.api.start(reg, { startAt: KICKOFF_AT });
  await Promise.all([
    waitUntilReady(
      idp,
      'its discovery document',
      () => answers200(`${issuer}/.well-known/openid-configuration`),
      30_000,
    ),
    waitUntilReady(consoleProcess, 'its health check', () => answers200(`${base}/healthz`), 90_000),
    s.until('the lifecycle listed', async () =>
      (await s.api.list()).some((l) => l.workflowId === reg.id) ? true : undefined,
    ),
  ]);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await consoleProcess?.stop();
  await idp?.stop();
  await s?.stop();
});

/** A fresh browser that reaches only this machine (the provider's page imports a web font). */
async function freshContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route('**/*', (route) =>
    /^http:\/\/127\.0\.0\.\d+:\d+\//.test(route.request().url()) ? route.continue() : route.abort(),
  );
  return context;
}

/** From the console's sign-in page through the provider's login and consent pages, as `login`. */
async function throughProvider(page: Page, login: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản cơ quan' }).click();
  await page.waitForURL((u) => u.origin === issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password: the development login takes any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.waitForURL((u) => u.origin === issuer && u.pathname.startsWith('/interaction/'));
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('the secretariat signs in with its organisation account and lands on My work', async () => {
  const context = await freshContext();
  const page = await context.newPage();
  await page.goto(`${base}/`);
  expect(await page.getByRole('button', { name: 'Gửi liên kết đăng nhập' }).isVisible()).toBe(true);
  await page.screenshot({ path: path.join(ARTIFACTS, 'console-sso-signin.png'), fullPage: true });
  // The English page offers it in English.
  await page.goto(`${base}/?lang=en`);
  expect(await page.getByRole('link', { name: 'Sign in with your organisation account' }).isVisible()).toBe(true);
  await page.goto(`${base}/?lang=vi`);

  await throughProvider(page, 'thuky');
  await page.waitForURL(`${base}/work`);
  expect(await page.getByRole('heading', { name: 'Việc của tôi' }).isVisible()).toBe(true);
  expect(await page.getByRole('navigation').innerText()).toContain(`Đăng nhập với ${SECRETARIAT}`);
  // The secretariat's own work, from the definition: draft v1 of this regulation.
  const row = page.getByRole('row', { name: /Nộp dự thảo lần 1/ });
  expect(await row.count()).toBe(1);
  expect(await row.innerText()).toContain(reg.title.vi);
  await page.screenshot({ path: path.join(ARTIFACTS, 'console-sso.png'), fullPage: true });
  // The same session cookie as the email link gives.
  const session = (await context.cookies(base)).find((c) => c.name === 'console_session');
  expect(session).toEqual(expect.objectContaining({ httpOnly: true, sameSite: 'Lax' }));
  expect((await page.goto(`${base}/regulations/${reg.id}`))!.status()).toBe(200);
  expect(await page.getByRole('link', { name: 'Nộp dự thảo' }).count()).toBe(1);

  const log = logs.join('\n');
  expect(log).toContain(`signed in ${SECRETARIAT} (single sign-on)`);
  // Neither the client secret nor the authorization code is ever logged.
  expect(log).not.toContain(CLIENT_SECRET);
  expect(log).not.toMatch(/code=/);
  await context.close();
});

test('an organisation account whose address is in no running regulation is refused', async () => {
  const context = await freshContext();
  const page = await context.newPage();
  const callback = page.waitForResponse((r) => r.url().startsWith(`${base}/auth/oidc/callback`));
  await throughProvider(page, 'nguoila');
  expect((await callback).status()).toBe(403);
  expect(
    await page.getByRole('heading', { name: 'Địa chỉ không có trong quy chế nào đang thực hiện' }).isVisible(),
  ).toBe(true);
  expect(await page.getByRole('heading', { name: 'This address is in no running regulation' }).isVisible()).toBe(true);
  expect((await page.goto(`${base}/work`))!.status()).toBe(401);
  expect(logs.join('\n')).toContain(`single sign-on for an unknown address ${JSON.stringify(STRANGER)}`);
  await context.close();
});

test('a forged or replayed answer, a cancelled sign-in and an unreachable provider each get their page, and nobody is signed in', async () => {
  // A real code from the provider, with the state changed on its way back: refused, the code unused.
  // (Playwright routes no redirect, so the consent answer's redirects are followed here and the last one rewritten.)
  const context = await freshContext();
  const page = await context.newPage();
  let real = '';
  await page.route(
    (u) => u.origin === issuer && u.pathname.startsWith('/interaction/'),
    async (route) => {
      if (route.request().method() !== 'POST' || !route.request().postData()?.includes('prompt=consent'))
        return route.fallback();
      const consented = await route.fetch({ maxRedirects: 0 });
      const resumed = await context.request.get(new URL(consented.headers().location!, issuer).href, {
        maxRedirects: 0,
      });
      real = resumed.headers().location!;
      const tampered = new URL(real);
      expect(tampered.searchParams.get('code')).toBeTruthy();
      tampered.searchParams.set('state', crypto.randomBytes(32).toString('base64url'));
      return route.fulfill({ status: 303, headers: { location: tampered.href } });
    },
  );
  const forged = page.waitForResponse((r) => r.url().startsWith(`${base}/auth/oidc/callback`));
  await throughProvider(page, 'thuky');
  const answer = await forged;
  expect(answer.status()).toBe(400);
  expect(await page.getByRole('heading', { name: 'Phiên đăng nhập không khớp' }).isVisible()).toBe(true);
  expect(await page.getByRole('heading', { name: 'This sign-in does not match' }).isVisible()).toBe(true);
  expect(await page.content()).not.toMatch(/at .*\.(ts|js):\d+/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'console-sso-state.png'), fullPage: true });
  expect((await page.goto(`${base}/work`))!.status()).toBe(401);
  // The flow is used up: the provider's real answer now, or any answer with no flow under way, is refused too.
  expect((await page.goto(real))!.status()).toBe(400);
  expect((await page.goto(`${base}/auth/oidc/callback?code=x&state=y`))!.status()).toBe(400);
  expect((await page.goto(`${base}/work`))!.status()).toBe(401);
  await context.close();

  // Cancelled at the provider.
  const cancelled = await freshContext();
  const p2 = await cancelled.newPage();
  await p2.goto(`${base}/`);
  await p2.getByRole('link', { name: 'Đăng nhập bằng tài khoản cơ quan' }).click();
  await p2.waitForURL((u) => u.origin === issuer);
  const denied = p2.waitForResponse((r) => r.url().startsWith(`${base}/auth/oidc/callback`));
  await p2.getByRole('link', { name: '[ Cancel ]' }).click();
  expect((await denied).status()).toBe(403);
  expect(await p2.getByRole('heading', { name: 'Đăng nhập đã bị hủy' }).isVisible()).toBe(true);
  await cancelled.close();

  // The provider goes down between the person leaving and coming back.
  const down = await freshContext();
  const started = await down.request.get(`${base}/auth/oidc`, { maxRedirects: 0 });
  expect(started.status()).toBe(303);
  const state = new URL(started.headers().location!).searchParams.get('state')!;
  await idp.stop();
  const p3 = await down.newPage();
  const r = await p3.goto(
    `${base}/auth/oidc/callback?code=some-code&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(issuer)}`,
  );
  expect(r!.status()).toBe(502);
  expect(await p3.getByRole('heading', { name: 'Chưa kết nối được hệ thống đăng nhập của cơ quan' }).isVisible()).toBe(
    true,
  );
  expect(await p3.content()).not.toMatch(/ECONNREFUSED|at .*\.(ts|js):\d+/);
  await down.close();
  expect(logs.join('\n')).not.toContain(CLIENT_SECRET);
});
