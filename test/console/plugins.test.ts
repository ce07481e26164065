/**
 * The console's one sign-in guard (client/console/plugins/signed-in.ts), proven on fastify's own
 * route table: every route that is not one of the few public ones answers the sign-in page (401)
 * to a visitor who is not signed in, by a GET or by a form post, and reaches its page once signed
 * in. A route added later outside the guarded context is not public, so it fails here.
 */
import type { FastifyInstance } from 'fastify';
import type { RegulationsClient } from '../../client/api';
import { buildConsole } from '../../client/console/app';
import type { LifecycleStatus } from '../../domain/lifecycle';
import { longAn } from '../support/lifecycle-harness';
import { consoleOver, signInVia, Visitor } from './inject-support';

const regulation = longAn();
const NOW = '2023-09-01T03:00:00.000Z';
const lists = ['parties', 'reviews', 'exchanges', 'extensions', 'mails', 'rounds', 'drafts', 'deadlines'];
const status = {
  ...Object.fromEntries(lists.map((k) => [k, []])),
  regulationId: regulation.id,
  title: regulation.title,
  stage: 'consultation',
  cycle: 1,
  round: 1,
  now: NOW,
  clock: { realStart: new Date().toISOString(), scheduleStart: NOW, speedup: 1 },
  run: 0,
  roundsExhausted: false,
  signatures: {},
} as unknown as LifecycleStatus;
/** Every call a route makes on the client: a refused request makes none. */
const calls: string[] = [];
const api = new Proxy({} as RegulationsClient, {
  get: (_t, method: string) =>
    method === 'uiLink'
      ? (w: string) => `http://ui.example/${w}`
      : async () => {
          calls.push(method);
          return status;
        },
});

/** The routes and their methods, read from fastify's route tree (printRoutes), HEAD left out. */
function routesOf(app: FastifyInstance): { method: string; url: string }[] {
  const stack: string[] = [];
  const out: { method: string; url: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[└├]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(url);
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) out.push({ method, url });
  }
  return out;
}

/** The routes anyone may open: the sign-in pages, the health check, links whose token is the credential. */
const PUBLIC = new Set([
  'GET /',
  'GET /healthz',
  'GET /signin',
  'POST /signin',
  'GET /signin/:token',
  'POST /signin/:token',
  'POST /signout',
  'GET /r/:token',
  'POST /r/:token',
  'GET /calendar/feed/:file',
]);
const PARAMS: Record<string, string> = {
  id: regulation.id,
  action: 'draft',
  format: 'record.md',
  token: 'x',
  file: 'x.ics',
};
const concrete = (url: string): string => url.replace(/:(\w+)/g, (_m, p: string) => PARAMS[p]!);

let app: FastifyInstance;
const mailed: { to: string; link: string }[] = [];
const log: string[] = [];
beforeAll(async () => {
  ({ app } = await buildConsole({
    ...consoleOver(api, regulation, mailed),
    operators: ['vanhanh@example.org'],
    signInRateLimit: 0,
    log: (line) => log.push(line),
  }));
  await app.ready();
});
afterAll(() => app?.close());

const guarded = (): { method: string; url: string }[] =>
  routesOf(app).filter((r) => !PUBLIC.has(`${r.method} ${r.url}`));

test('the route table holds the signed-in pages behind the guard and the public ones outside it', () => {
  const all = routesOf(app).map((r) => `${r.method} ${r.url}`);
  for (const p of PUBLIC) expect(all).toContain(p);
  expect(guarded().map((r) => `${r.method} ${r.url}`)).toEqual(
    expect.arrayContaining([
      'GET /work',
      'GET /regulations',
      'GET /regulations/:id',
      'GET /regulations/:id/history',
      'GET /regulations/:id/export/:format',
      'GET /regulations/:id/do/:action',
      'POST /regulations/:id/do/:action',
      'GET /regulations/new',
      'POST /regulations/new',
      'GET /calendar',
      'POST /calendar/revoke',
    ]),
  );
});

test('not signed in: every guarded route answers the sign-in page (401), by a GET or a form post, and calls nothing', async () => {
  const v = new Visitor(app);
  // A form of nobody's, as the sign-in page gives one: it passes the anti-forgery check, so the guard is what refuses.
  const { csrf } = await v.get('/signin');
  expect(csrf).not.toBe('');
  calls.length = 0;
  log.length = 0;
  for (const r of guarded()) {
    const url = concrete(r.url);
    const res = r.method === 'GET' ? await v.get(url) : await v.post(url, { csrf });
    expect({ route: `${r.method} ${r.url}`, status: res.status }).toEqual({
      route: `${r.method} ${r.url}`,
      status: 401,
    });
    expect(res.body).toContain('<form method="post" action="/signin"');
    expect(res.body).toContain('Đăng nhập');
  }
  expect(calls).toEqual([]);
  expect(log.filter((l) => l.includes('not signed in') && l.includes('→ 401'))).toHaveLength(guarded().length);
});

test('signed in: every guarded route reaches its page', async () => {
  const op = await signInVia(app, mailed, 'vanhanh@example.org');
  const { csrf } = await op.get('/work');
  for (const r of guarded()) {
    const url = concrete(r.url);
    const res = r.method === 'GET' ? await op.get(url) : await op.post(url, { csrf });
    expect({ route: `${r.method} ${r.url}`, status: res.status }).not.toEqual({
      route: `${r.method} ${r.url}`,
      status: 401,
    });
    expect(res.body).not.toContain('<form method="post" action="/signin"');
  }
  // The operator reads every page of the regulation; acting is refused by the page itself, not by the guard.
  expect((await op.get(`/regulations/${regulation.id}`)).status).toBe(200);
  expect((await op.get('/regulations/new')).status).toBe(200);
  expect((await op.get(`/regulations/${regulation.id}/do/draft`)).status).toBe(403);
});
