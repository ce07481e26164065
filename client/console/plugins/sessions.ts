/**
 * Sessions: the signed, encrypted session cookie (@fastify/secure-session), how long a sign-in
 * lasts, the page language kept in it, and the console's clock. Shared by every other plugin and
 * route (fastify-plugin), so it is registered first.
 */
import crypto from 'node:crypto';
import fastifySecureSession from '@fastify/secure-session';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Locale } from '../../../domain/locale';
import { SESSION_TTL_MS } from '../sign-in';
import type { PendingSignIn } from '../sso';

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
  }
}

export interface SessionsOptions {
  /** The key the session cookie's key is derived from (CONSOLE_SECRET, else PORTAL_SECRET). */
  secret: string;
  /** Cookies only over HTTPS (a https base URL). */
  secure: boolean;
  /** The clock of sessions (ms). */
  now: () => number;
}

/** The session cookie and the console's clock. */
export const sessions = fp<SessionsOptions>(
  async (app, opts) => {
    app.decorate('consoleNow', opts.now);
    await app.register(fastifySecureSession, {
      key: crypto.createHmac('sha256', opts.secret).update('regulations-console.session.v1').digest(),
      cookieName: 'console_session',
      expiry: SESSION_TTL_MS / 1000,
      cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: SESSION_TTL_MS / 1000 },
    });
  },
  { name: 'console-sessions', fastify: '5.x' },
);

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

/**
 * Signs `email` in: a fresh session (nothing from before sign-in, its anti-forgery secret
 * included, carries over) in the language chosen before, else `ownLanguage()`.
 */
export async function startSession(req: FastifyRequest, email: string, ownLanguage: () => Promise<Locale>) {
  const chosen = req.session.get('lang');
  req.session.regenerate(['lang']);
  if (!chosen) req.session.set('lang', await ownLanguage());
  req.session.set('email', email);
  req.session.set('since', req.server.consoleNow());
}
