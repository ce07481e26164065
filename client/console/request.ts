/**
 * What every console route reads from a request and how it answers: the session's data, the
 * signed-in address, the page language, an HTML reply. No app state: routes import this, never app.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../domain/locale';
import type { PendingSignIn } from './sso';
import { SESSION_TTL_MS } from './sign-in';
import { signInPage } from './views';

declare module '@fastify/secure-session' {
  interface SessionData {
    email: string;
    since: number;
    lang: Locale;
    _csrf: string;
    /** A single sign-on under way: its state, nonce and PKCE verifier. */
    oidc: PendingSignIn;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The console's clock (ms). */
    consoleNow(): number;
    /** Whether the sign-in page offers single sign-on. */
    consoleSso: boolean;
  }
  interface FastifyRequest {
    /** Adds a word to this request's log line (never a token). */
    note(what: string): void;
    notes: string[];
  }
}

/** The signed-in address of a request, if its session is valid and younger than 8 hours. */
export function signedIn(req: FastifyRequest): string | undefined {
  const email = req.session.get('email');
  const since = req.session.get('since');
  if (!email || typeof since !== 'number' || req.server.consoleNow() - since > SESSION_TTL_MS) return undefined;
  return email;
}

/** The page language: ?lang= (remembered in the session), the session's, else Vietnamese. */
export function langOf(req: FastifyRequest): Locale {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'vi' || q === 'en') {
    if (req.session.get('lang') !== q) req.session.set('lang', q);
    return q;
  }
  return req.session.get('lang') ?? 'vi';
}

/** Sends an HTML page. */
export function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/** The signed-in address, or a sign-in page (401) instead of the page asked for. */
export function user(req: FastifyRequest, reply: FastifyReply): string | undefined {
  const email = signedIn(req);
  if (!email) {
    req.note('not signed in');
    void html(
      reply,
      401,
      signInPage(langOf(req), reply.generateCsrf({ userInfo: 'anonymous' }), false, undefined, req.server.consoleSso),
    );
    return undefined;
  }
  return email;
}

/** The navigation of a signed-in page: who, the anti-forgery token of the sign-out form, the path. */
export function navOf(req: FastifyRequest, reply: FastifyReply, email: string) {
  return {
    email,
    csrf: reply.generateCsrf({ userInfo: `user:${email}` }),
    path: req.url.replace(/[?&]lang=(vi|en)/, ''),
  };
}
