/**
 * CALENDAR_AUTO_APPLY: a worker started after the calendar file changed has the running
 * lifecycles re-plan on it, as `regulation calendar apply` would; the affected bodies are told.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RegulationsClient } from '../../client/api';
import { announce2027 } from '../support/calendars';
import { startAcrossTet, startCalendarStack, type CalendarStack } from '../support/calendar-stack';
import { mail } from '../support/scenario';
import type { SmtpSink } from '../support/smtp-sink';

const ID = 'calendar-auto-apply';
let stack: CalendarStack;
let sink: SmtpSink;
let api: RegulationsClient;
let dir: string;
let fallback: string;

beforeAll(async () => {
  stack = await startCalendarStack('auto-apply');
  ({ sink, api, dir, fallback } = stack);
}, 60_000);

afterAll(() => stack?.stop([ID]));

/** Runs the real worker in this process until `fn` is done. */
const withWorker = <T>(autoApply: boolean, fn: (log: string[]) => Promise<T>): Promise<T> =>
  stack.withWorker(fn, autoApply ? { CALENDAR_AUTO_APPLY: '1' } : {});

test('a worker started on a changed calendar file moves the deadlines it changes and tells the bodies', async () => {
  await withWorker(false, async () => {
    await startAcrossTet(api, ID);
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
