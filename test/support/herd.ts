/**
 * A herd of lifecycles whose first reminder falls due at one instant: real-time lifecycles of the
 * Long An definition with distinct ids and addresses, every clock anchored to one real moment.
 * Used by `npm run bench` (scripts/bench-herd.ts) and by the test of two workers sharing a herd.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RegulationsClient } from '../../client/api';
import { loadRegulation, type Regulation } from '../../config/regulation';
import type { ReceivedMail } from './smtp-sink';

const ROOT = path.resolve(__dirname, '../..');
/** The Long An drafting deadline's first reminder: 7 working days before Fri 16 Sep 2022, 08:00 local. */
export const FIRST_REMINDER = Date.parse('2022-09-07T01:00:00.000Z');

/** The definition every member of the herd is a copy of. */
export const herdBase = (): Regulation => loadRegulation(path.join(ROOT, 'config/regulations/long-an-2022.yaml'));

/** Member i of herd `tag`: its own id and its own addresses (the secretariat's is `thuky-<tag>-<i>@…`). */
export function herdRegulation(base: Regulation, tag: string, i: number): Regulation {
  const r = structuredClone(base);
  r.id = `herd-${tag}-${i}`;
  r.secretariat.contacts = [{ name: `Thư ký ${i}`, email: `thuky-${tag}-${i}@vanphong.example.org` }];
  for (const b of r.bodies) {
    b.contacts = b.contacts.map((c) => ({ ...c, email: c.email.replace('@', `-${tag}-${i}@`) }));
    b.leaders = b.leaders.map((c) => ({ ...c, email: c.email.replace('@', `-${tag}-${i}@`) }));
  }
  return r;
}

/** Runs `task(i)` for i < n with `concurrency` in flight; resolves with the elapsed seconds. */
export async function pool(n: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) await task(i);
    }),
  );
  return (performance.now() - t0) / 1000;
}

/** The first reminders of herd `tag` as the sink receives them. */
export const herdReminder =
  (tag: string) =>
  (m: Pick<ReceivedMail, 'headers'>): boolean =>
    (m.headers['x-lifecycle-id'] ?? '').startsWith(`herd-${tag}-`) && m.headers['x-mail-kind'] === 'reminder';

/**
 * Starts n lifecycles of herd `tag` whose first reminder falls due `leadSeconds` after now (epoch
 * ms `due`), 32 starts in flight. Throws if starting them ate most of the lead.
 */
export async function startHerd(
  api: RegulationsClient,
  base: Regulation,
  tag: string,
  n: number,
  leadSeconds: number,
): Promise<{ due: number; startSeconds: number }> {
  const anchor = Date.now();
  const due = anchor + leadSeconds * 1000;
  const startAt = new Date(FIRST_REMINDER - leadSeconds * 1000).toISOString();
  const startSeconds = await pool(n, 32, (i) =>
    api.start(herdRegulation(base, tag, i), { startAt, anchorAt: new Date(anchor).toISOString() }),
  );
  if (Date.now() > due - 5000)
    throw new Error(`starting ${n} lifecycles took ${startSeconds.toFixed(0)} s: raise the herd's lead time`);
  return { due, startSeconds };
}
