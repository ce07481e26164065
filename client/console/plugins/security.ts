/**
 * Security: the official plugins (helmet, formbody, csrf-protection, rate-limit), the request log
 * line, no caching, and how every refusal (a Refused, a forged form, too many requests, a body too
 * large, an unknown page) becomes a page. Shared with every route (fastify-plugin).
 */
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { MAX_BODY_BYTES, Refused, refusal } from '../refusals';
import { html } from '../request';
import { linkUser } from '../step-links';
import { signedIn } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** Adds a word to this request's log line (never a token). */
    note(what: string): void;
    notes: string[];
  }
}

export interface SecurityOptions {
  /** Served over HTTPS: HSTS on. */
  secure: boolean;
  /** One line per request: method, what, status; never a token. */
  log: (line: string) => void;
}

/** A token in the path is a credential: the log names only which kind of page it was. */
function shownPath(url: string): string {
  const path = url.split('?')[0]!;
  if (path.startsWith('/r/')) return '(step link)';
  if (path.startsWith('/signin/')) return '(sign-in link)';
  if (path.startsWith('/calendar/feed/')) return '(calendar feed)';
  return path;
}

/** The security plugins, the log line and the refusal pages. */
export const security = fp<SecurityOptions>(
  async (app, opts) => {
    app.decorateRequest('notes', null as unknown as string[]);
    app.decorateRequest('note', function (this: FastifyRequest, what: string) {
      this.notes.push(what);
    });
    app.addHook('onRequest', async (req) => {
      req.notes = [];
    });
    app.addHook('onResponse', async (req, reply) => {
      opts.log(
        `console: ${req.method} ${shownPath(req.url)} ${req.notes.join(' ')} → ${reply.statusCode} (${Math.round(reply.elapsedTime)} ms)`,
      );
    });
    // Pages carry a body's answers and personal forms: never cache them anywhere.
    app.addHook('onSend', async (_req, reply) => {
      reply.header('Cache-Control', 'no-store');
    });

    await app.register(fastifyHelmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'unsafe-inline'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      hsts: opts.secure,
    });
    await app.register(fastifyFormbody, { bodyLimit: MAX_BODY_BYTES });
    await app.register(fastifyCsrf, {
      sessionPlugin: '@fastify/secure-session',
      getToken: (req) => (req.body as Record<string, unknown> | undefined)?.csrf as string,
      // A form is bound to who it was made for: one step link, one signed-in address, else nobody
      // (the sign-in forms); a form of nobody's posted to a signed-in page meets the sign-in page.
      getUserInfo: (req) => {
        const token = (req.params as Record<string, string> | undefined)?.token;
        if (req.url.startsWith('/r/') && token) return linkUser(token);
        if (req.url.startsWith('/signin')) return 'anonymous';
        const email = signedIn(req);
        return email ? `user:${email}` : 'anonymous';
      },
    });
    await app.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: (_req, ctx) =>
        Object.assign(new Error('rate limited'), { statusCode: ctx.statusCode, rateLimited: true }),
    });

    app.setErrorHandler(
      async (err: Error & { code?: string; statusCode?: number; rateLimited?: boolean }, req, reply) => {
        let r: { status: number; html: string };
        if (err instanceof Refused) {
          if (err.detail) req.note(err.detail);
          r = refusal(err.reason, err.lang, err.detail);
        } else if (err.rateLimited || err.statusCode === 429) {
          req.note('rate limited');
          r = refusal('tooMany');
        } else if (err.code?.startsWith('FST_CSRF')) {
          req.note('forged form');
          r = refusal('forged');
        } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          // The body is not read to its end: close the connection after the answer.
          reply.header('Connection', 'close');
          r = refusal('tooLarge');
        } else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
          r = refusal('mediaType');
        else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) r = refusal('badForm');
        else {
          req.note(`error: ${err.message.split('\n')[0]}`);
          r = refusal('unavailable');
        }
        return html(reply, r.status, r.html);
      },
    );
    app.setNotFoundHandler(async (_req, reply) => {
      const r = refusal('page');
      return html(reply, r.status, r.html);
    });
  },
  { name: 'console-security', fastify: '5.x', dependencies: ['console-sessions'] },
);
