/**
 * What an operator sees in the Temporal Web UI, checked in a real browser: a dev server with
 * its UI, a worker with the real activities, the Long An lifecycle in its first consultation
 * round, and headless Chromium on the workflow's page. Leaves test/artifacts/temporal-ui*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/browser';
import { createActivities } from '../../activities';
import { FileSendLedger } from '../../activities/mail/ledger';
import { createMailer, type Mailer } from '../../activities/mail/mailer';
import { RegulationsClient } from '../../client/api';
import { connectClient } from '../../client/connection';
import type { DevServer } from '../../scripts/dev-server';
import { calendarLoader } from '../../worker/run';
import { pendingParties } from '../../workflows/definitions';
import { longAn, ROOT, workflowBundle } from '../support/lifecycle-harness';
import { SmtpSink } from '../support/smtp-sink';
import { startTestDevServer } from '../support/temporal';

const ARTIFACTS = path.join(ROOT, 'test/artifacts');
// The UI is a single-page app that loads slowly on a small CI machine.
const UI_WAIT_MS = 60_000;

let server: DevServer;
let sink: SmtpSink;
let mailer: Mailer;
let client: Client;
let api: RegulationsClient;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let browser: BrowserContext;
let userDataDir: string;

beforeAll(async () => {
  [server, sink] = await Promise.all([startTestDevServer(), SmtpSink.start()]);
  const taskQueue = `ui-${Math.random().toString(36).slice(2)}`;
  mailer = createMailer({
    smtpUrl: sink.url,
    from: 'Văn phòng giúp việc <secretariat@regulations.local>',
    ledger: new FileSendLedger(fs.mkdtempSync(path.join(os.tmpdir(), 'ui-ledger-'))),
  });
  client = await connectClient({ address: server.address, namespace: server.namespace });
  api = new RegulationsClient(client, taskQueue, server.uiUrl);
  connection = await NativeConnection.connect({ address: server.address });
  worker = await Worker.create({
    connection,
    namespace: server.namespace,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({
      mailer,
      calendar: calendarLoader(path.join(ROOT, 'config/calendars')),
      pendingParties: (workflowId, stepKey) => client.workflow.getHandle(workflowId).query(pendingParties, stepKey),
    }),
  });
  running = worker.run();
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    viewport: { width: 1400, height: 1100 },
    args: CHROMIUM_ARGS,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  if (worker) {
    worker.shutdown();
    await running;
  }
  await connection?.close();
  await api?.close();
  mailer?.close();
  await Promise.all([server?.stop(), sink?.stop()]);
});

/** Waits until the text is visible on the page (or frame); the UI renders and refreshes on its own. */
async function visible(scope: Page | FrameLocator, text: string | RegExp): Promise<void> {
  await scope.getByText(text).first().waitFor({ state: 'visible', timeout: UI_WAIT_MS });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the Temporal UI shows a lifecycle readably', () => {
  test('a lifecycle in consultation: summary, current details, timer and activity summaries', async () => {
    const regulation = longAn();
    // Rehearsal ×1: the schedule starts on the kick-off morning of 17 Aug 2022 and runs in real
    // time, so round 1 stays open (with its reminder timer pending) while the browser looks.
    const started = await api.start(regulation, { rehearsal: 1 });
    await api.submitDraft(started.workflowId, { version: 'v1', link: 'https://vanphong.example.org/quy-che/v1.docx' });
    const status = await until('round 1 to open', async () => {
      const st = await api.status(started.workflowId);
      return st.stage === 'consultation' && st.deadlines.some((d) => d.nextReminder) ? st : undefined;
    });
    expect(status.round).toBe(1);
    await sink.waitFor((m) => m.subject.includes('Góp ý dự thảo v1 (vòng 1)'), { count: 2, timeoutMs: 30_000 });

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const page = await browser.newPage();

    // The current run (the consultation stage after continue-as-new): its timeline names each
    // email and each timer in words, not as "sendMail" and "Timer 3".
    await page.goto(started.uiLink);
    await visible(page, 'regulationLifecycle');
    await visible(page, 'sendMail • feedback-request: Comments on draft v1 (round 1) — hdnd');
    await visible(page, 'sendMail • feedback-request: Comments on draft v1 (round 1) — tand');
    await visible(page, /plan deadline: 10 working-days after 2022-08-17/);
    await visible(page, 'reminder: 7 working days before Comments on draft v1 (round 1) deadline — hdnd, tand');
    await page.screenshot({ path: path.join(ARTIFACTS, 'temporal-ui.png'), fullPage: true });

    // The current details the workflow sets at each stage change; the UI renders their
    // markdown in a sandboxed frame.
    await page.locator('[data-testid="user-metadata-tab"]').click();
    await visible(page, 'Current Details');
    const current = page.frameLocator('iframe#user-metadata-current-details');
    await visible(current, /^Consultation$/);
    await visible(current, /\(Lấy ý kiến\)/);
    await visible(current, 'Round 1, draft v1');
    await page.screenshot({ path: path.join(ARTIFACTS, 'temporal-ui-details.png'), fullPage: true });

    // The static summary and details are set when the lifecycle starts, so they belong to its
    // first run (drafting); continue-as-new in SDK 1.24 cannot carry them to the next run.
    await page.goto(`${started.uiLink}/${started.runId}/user-metadata`);
    await visible(
      page.frameLocator('iframe#user-metadata-summary'),
      'Coordination regulation long-an-hdnd-tand-2022 (rehearsal ×1)',
    );
    const details = page.frameLocator('iframe#user-metadata-details');
    await visible(details, 'Quy chế phối hợp giữa Đảng đoàn HĐND tỉnh và Ban Cán sự Đảng Tòa án nhân dân tỉnh Long An');
    await visible(details, 'Kick-off 2022-08-17; final review 2026-06-30');
    await page.screenshot({ path: path.join(ARTIFACTS, 'temporal-ui-first-run.png'), fullPage: true });
    await page.close();
  }, 180_000);
});
