/**
 * A browser of one for console tests over fastify's inject: keeps the session cookie, opens a
 * form and posts it back with its anti-forgery field, and signs in through a captured email link.
 */
import type { FastifyInstance } from 'fastify';
import type { RegulationsClient } from '../../client/api';
import type { ConsoleOptions } from '../../client/console/app';
import type { Regulation } from '../../domain/regulation';

export class Visitor {
  cookie = '';

  constructor(private readonly app: FastifyInstance) {}

  async get(url: string) {
    const r = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookie } });
    this.keep(r.headers['set-cookie']);
    return {
      status: r.statusCode,
      body: r.body,
      csrf: /name="csrf" value="([^"]+)"/.exec(r.body)?.[1] ?? '',
      location: r.headers.location,
      headers: r.headers,
    };
  }

  async post(url: string, fields: Record<string, string | string[]>) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
    const r = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    this.keep(r.headers['set-cookie']);
    return { status: r.statusCode, body: r.body, location: r.headers.location };
  }

  /** Opens the form, then posts it with its anti-forgery field. */
  async submit(url: string, fields: Record<string, string | string[]>) {
    const page = await this.get(url);
    if (page.status !== 200) throw new Error(`GET ${url}: ${page.status}`);
    return this.post(url, { csrf: page.csrf, ...fields });
  }

  /** Keeps the cookie as sent (still encoded: the value holds characters a Cookie header cannot). */
  private keep(header: string | string[] | undefined) {
    const c = [header ?? []].flat().find((x) => x.startsWith('console_session='));
    if (c) this.cookie = c.split(';')[0]!;
  }
}

/** Signs `email` in: asks for a link, takes it from `mailed`, confirms it. */
export async function signInVia(
  app: FastifyInstance,
  mailed: { to: string; link: string }[],
  email: string,
): Promise<Visitor> {
  const v = new Visitor(app);
  const asked = await v.submit('/signin', { email });
  if (asked.status !== 200) throw new Error(`sign-in request: ${asked.status}`);
  const link = mailed.filter((m) => m.to === email.toLowerCase()).pop()?.link;
  if (!link) throw new Error(`no sign-in link mailed to ${email}`);
  const done = await v.submit(new URL(link).pathname, {});
  if (done.status !== 303 || done.location !== '/work') throw new Error(`sign-in: ${done.status} ${done.location}`);
  return v;
}

/** A console (not listening) over `api` running one `regulation`, whose sign-in links land in `mailed`. */
export function consoleOver(
  api: RegulationsClient,
  regulation: Regulation,
  mailed: { to: string; link: string }[],
): ConsoleOptions {
  return {
    port: 0,
    baseUrl: 'http://127.0.0.1:9',
    secret: 's'.repeat(40),
    api,
    regulationOf: async () => regulation,
    running: async () => [{ lifecycleId: regulation.id, regulation }],
    mailer: async (to, link) => void mailed.push({ to, link }),
  };
}
