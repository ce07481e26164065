/**
 * The calendar page and the personal ICS feed over a fake typed client: the month shows each
 * deadline and meeting on its day; the feed URL works in a calendar app without a session until
 * its owner revokes it, and the revocation survives a restart (state file).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { RegulationsClient } from '../../client/api';
import { buildConsole } from '../../client/console/app';
import { FeedVersions } from '../../client/console/calendar';
import type { LifecycleStatus } from '../../domain/lifecycle';
import { longAn } from '../support/lifecycle-harness';
import { signInVia, Visitor } from './inject-support';

const regulation = longAn((r) => {
  r.bodies[1]!.locale = 'en';
});
const id = regulation.id;
const NOW = '2023-09-01T03:00:00.000Z';
const CLOCK = { realStart: new Date().toISOString(), scheduleStart: NOW, speedup: 1 };
const status = (): LifecycleStatus =>
  ({
    regulationId: id,
    title: regulation.title,
    stage: 'signing',
    cycle: 1,
    now: NOW,
    clock: CLOCK,
    parties: [],
    rounds: [],
    drafts: [],
    reviews: [],
    exchanges: [],
    extensions: [],
    mails: [],
    run: 0,
    roundsExhausted: false,
    signatures: {},
    deadlines: [
      {
        key: 'signing',
        label: { vi: 'Hạn ký kết', en: 'Signing deadline' },
        lastDay: '2023-09-15',
        at: '2023-09-15T17:00:00.000Z',
        sequence: 0,
        overdue: false,
      },
    ],
    signingSession: { at: '2023-09-12T02:00:00.000Z', place: 'Hội trường' },
    nextReview: { n: 1, kind: 'so-ket', meetingDate: '2023-10-17', workflowId: `${id}/so-ket-1` },
  }) as LifecycleStatus;
const api = { status: async () => status(), uiLink: (w: string) => w } as unknown as RegulationsClient;
const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'console-state-')), 'calendar-feeds.json');

let app: FastifyInstance;
const mailed: { to: string; link: string }[] = [];
beforeAll(async () => {
  ({ app } = await buildConsole({
    port: 0,
    baseUrl: 'http://127.0.0.1:9',
    secret: 's'.repeat(40),
    api,
    regulationOf: async () => regulation,
    running: async () => [{ lifecycleId: id, regulation }],
    mailer: async (to, link) => void mailed.push({ to, link }),
    calendarStateFile: stateFile,
  }));
});
afterAll(() => app?.close());

test("the month of the lifecycle's schedule time, with deadlines and meetings on their days", async () => {
  const hdnd = await signInVia(app, mailed, 'lienlac@hdnd.example.org');
  const page = await hdnd.get('/calendar');
  expect(page.status).toBe(200);
  expect(page.body).toContain('<h1>Lịch: Tháng 9 2023</h1>');
  expect(page.body).toMatch(/<strong>12<\/strong><ul><li><a href="\/regulations\/[^"]+">Lễ ký quy chế<\/a> 09:00/);
  expect(page.body).toMatch(/<strong>15<\/strong><ul><li><a href="\/regulations\/[^"]+">Hạn ký kết<\/a>/);
  expect(page.body).not.toContain('Hội nghị sơ kết lần 1');
  expect((await hdnd.get('/calendar?month=2023-10')).body).toMatch(
    /<strong>17<\/strong><ul><li><a [^>]+>Hội nghị sơ kết lần 1/,
  );
  // tand reads English: its contact's pages are in English from the start.
  const tand = await signInVia(app, mailed, 'vanthu@tand.example.com');
  expect((await tand.get('/calendar')).body).toContain('<html lang="en">');
  // Without a session: the sign-in page.
  expect((await new Visitor(app).get('/calendar')).status).toBe(401);
});

test('the personal feed works without a session until revoked; the revocation is kept in the state file', async () => {
  const hdnd = await signInVia(app, mailed, 'lienlac@hdnd.example.org');
  const feedOf = (body: string): string => new URL(/id="f-feed" readonly value="([^"]+)"/.exec(body)![1]!).pathname;
  const first = feedOf((await hdnd.get('/calendar')).body);
  const ics = await new Visitor(app).get(first);
  expect(ics.status).toBe(200);
  expect(ics.headers['content-type']).toContain('text/calendar');
  expect(ics.body).toContain('BEGIN:VEVENT');
  expect(ics.body).toContain('DTSTART;VALUE=DATE:20230915');
  expect(ics.body).toContain('SUMMARY:Hạn ký kết');

  const page = await hdnd.get('/calendar');
  const revoked = await hdnd.post('/calendar/revoke', { csrf: page.csrf });
  expect(revoked).toEqual(expect.objectContaining({ status: 303, location: '/calendar?revoked=1' }));
  expect((await new Visitor(app).get(first)).status).toBe(403);
  const second = feedOf((await hdnd.get('/calendar?revoked=1')).body);
  expect(second).not.toBe(first);
  expect((await new Visitor(app).get(second)).status).toBe(200);
  expect(new FeedVersions(stateFile).get('lienlac@hdnd.example.org')).toBe(1);
  // A forged token and a cross-site revoke (no anti-forgery field) are refused.
  expect((await new Visitor(app).get(`${second.slice(0, -10)}AAAAAA.ics`)).status).toBe(403);
  expect((await hdnd.post('/calendar/revoke', {})).status).toBe(403);
});
