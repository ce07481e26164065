/**
 * CALENDAR_AUTO_APPLY: a worker started after the calendar file changed has the running
 * lifecycles re-plan on it, as `regulation calendar apply` would; the affected bodies are told.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegulationsClient } from '../../client/api';
import { connectClient } from '../../client/connection';
import { readEnv } from '../../config/env';
import type { DevServer } from '../../scripts/dev-server';
import { runWorker } from '../../worker/run';
import { announce2027 } from '../support/calendars';
import { longAn, ROOT } from '../support/lifecycle-harness';
import { mail } from '../support/scenario';
import { SmtpSink } from '../support/smtp-sink';
import { startTestDevServer } from '../support/temporal';

const ID = 'calendar-auto-apply';
let server: DevServer;
let sink: SmtpSink;
let api: RegulationsClient;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auto-apply-'));
const taskQueue = 'auto-apply';
const fallback = fs.readFileSync(path.join(ROOT, 'config/calendars/vn.yaml'), 'utf8');

beforeAll(async () => {
  [server, sink] = await Promise.all([startTestDevServer(), SmtpSink.start()]);
  api = new RegulationsClient(
    await connectClient({ address: server.address, namespace: server.namespace }),
    taskQueue,
    server.uiUrl,
  );
  fs.mkdirSync(path.join(dir, 'calendars'));
  fs.writeFileSync(path.join(dir, 'calendars', 'vn.yaml'), fallback);
}, 60_000);

afterAll(async () => {
  await api?.client.workflow
    .getHandle(ID)
    .terminate('test over')
    .catch(() => undefined);
  await api?.close();
  await Promise.all([server?.stop(), sink?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the real worker in this process until `fn` is done. */
async function withWorker<T>(autoApply: boolean, fn: (log: string[]) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const log: string[] = [];
  const env = readEnv({
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: sink.url,
    MAIL_LEDGER_DIR: path.join(dir, 'ledger'),
    CALENDAR_DIR: path.join(dir, 'calendars'),
    REMINDER_DIGEST_MINUTES: '0',
    ...(autoApply ? { CALENDAR_AUTO_APPLY: '1' } : {}),
  });
  const running = runWorker({
    address: server.address,
    namespace: server.namespace,
    env,
    signal: controller.signal,
    log: (l) => log.push(l),
    warn: (l) => log.push(l),
  });
  try {
    return await fn(log);
  } finally {
    controller.abort();
    await running;
  }
}

test('a worker started on a changed calendar file moves the deadlines it changes and tells the bodies', async () => {
  await withWorker(false, async () => {
    await api.start(
      longAn((r) => {
        r.id = ID;
        r.kickoff = '2027-01-04';
        r.schedule.finalReview = '2030-06-30';
      }),
      { startAt: '2027-01-27T02:00:00.000Z' },
    );
    await api.submitDraft(ID, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });
    await sink.waitFor(mail(ID, 'feedback-request', 'consultation/round-1'), { count: 2, timeoutMs: 30_000 });
    expect((await api.status(ID)).deadlines.map((d) => d.lastDay)).toEqual(['2027-02-17']);
  });

  // The official schedule is deployed while no worker runs; the next worker to start applies it.
  fs.writeFileSync(path.join(dir, 'calendars', 'vn.yaml'), announce2027(fallback));
  await withWorker(true, async (log) => {
    const notices = await sink.waitFor(mail(ID, 'deadline-changed', 'consultation/round-1'), {
      count: 2,
      timeoutMs: 30_000,
    });
    expect(notices.map((m) => m.to[0]).sort()).toEqual(['lienlac@hdnd.example.org', 'vanthu@tand.example.com']);
    expect((await api.status(ID)).deadlines.map((d) => d.lastDay)).toEqual(['2027-02-18']);
    expect(
      log.some((l) =>
        /^worker: calendar vn [0-9a-f]{12}: calendar-auto-apply consultation\/round-1 moved 2027-02-17 → 2027-02-18$/.test(
          l,
        ),
      ),
    ).toBe(true);
  });

  // Another start on the same file changes nothing and sends nothing.
  await withWorker(true, async () => {
    expect((await api.status(ID)).deadlines.map((d) => d.lastDay)).toEqual(['2027-02-18']);
  });
  expect(sink.messages.filter(mail(ID, 'deadline-changed'))).toHaveLength(2);
}, 180_000);
