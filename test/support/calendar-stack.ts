/**
 * The stack of the calendar-change tests: a dev server, an SMTP sink, the typed API, and a folder
 * whose calendars/vn.yaml is the fallback calendar as shipped; the real worker runs in this
 * process while a test needs it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegulationsClient } from '../../client/api';
import { connectClient } from '../../client/connection';
import { readEnv } from '../../config/env';
import type { DevServer } from '../../scripts/dev-server';
import { runWorker } from '../../worker/run';
import { longAn, ROOT } from './lifecycle-harness';
import { SmtpSink } from './smtp-sink';
import { startTestDevServer } from './temporal';

export interface CalendarStack {
  server: DevServer;
  sink: SmtpSink;
  api: RegulationsClient;
  /** Holds calendars/ (the worker's CALENDAR_DIR) and the mail ledger. */
  dir: string;
  /** The shipped config/calendars/vn.yaml. */
  fallback: string;
  /** Runs the real worker (on the stack's task queue, with `env` on top) until `fn` is done. */
  withWorker<T>(fn: (log: string[]) => Promise<T>, env?: Record<string, string>): Promise<T>;
  /** Terminates `ids`, then stops everything and removes the folder. */
  stop(ids: string[]): Promise<void>;
}

/** Starts the stack; `name` is its task queue and its folder's prefix. */
export async function startCalendarStack(name: string): Promise<CalendarStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const fallback = fs.readFileSync(path.join(ROOT, 'config/calendars/vn.yaml'), 'utf8');
  const [server, sink] = await Promise.all([startTestDevServer(), SmtpSink.start()]);
  const api = new RegulationsClient(
    await connectClient({ address: server.address, namespace: server.namespace }),
    name,
    server.uiUrl,
  );
  fs.mkdirSync(path.join(dir, 'calendars'));
  fs.writeFileSync(path.join(dir, 'calendars', 'vn.yaml'), fallback);
  return {
    server,
    sink,
    api,
    dir,
    fallback,
    async withWorker(fn, extra = {}) {
      const controller = new AbortController();
      const log: string[] = [];
      const env = readEnv({
        TEMPORAL_TASK_QUEUE: name,
        SMTP_URL: sink.url,
        MAIL_LEDGER_DIR: path.join(dir, 'ledger'),
        CALENDAR_DIR: path.join(dir, 'calendars'),
        REMINDER_DIGEST_MINUTES: '0',
        ...extra,
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
    },
    async stop(ids) {
      for (const id of ids)
        await api.client.workflow
          .getHandle(id)
          .terminate('test over')
          .catch(() => undefined);
      await api.close();
      await Promise.all([server.stop(), sink.stop()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A lifecycle in consultation from Wed 27 Jan 2027: round 1 due Wed 17 Feb 2027 on the fallback calendar, counted across Tết. */
export async function startAcrossTet(api: RegulationsClient, id: string): Promise<void> {
  await api.start(
    longAn((r) => {
      r.id = id;
      r.kickoff = '2027-01-04';
      r.schedule.finalReview = '2030-06-30';
    }),
    { startAt: '2027-01-27T02:00:00.000Z' },
  );
  await api.submitDraft(id, { version: 'v1', link: 'https://docs.example.org/quy-che/v1.pdf' });
}
