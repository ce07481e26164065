/**
 * The secretariat console: one fastify application for everyone who works on a regulation.
 * It serves the personal step links from request emails (`/r/<token>`), a passwordless sign-in
 * by email (or, where configured, single sign-on through the organisation's OpenID Connect
 * provider), and for signed-in people their work, every regulation they take part in, and forms
 * for each action. Security is the official plugins' (helmet, rate-limit, csrf-protection,
 * secure-session, formbody); this file only wires them and maps their refusals to pages.
 */
import { checkEmail, visible } from '../../domain/text';
import crypto from 'node:crypto';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySecureSession from '@fastify/secure-session';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { RegulationsClient } from '../api';
import type { Regulation } from '../../domain/regulation';
import { regulationLookup } from '../portal/regulation-lookup';
import { assertSecret, MAX_TOKEN_LENGTH } from '../../links/token';
import { isKnown, localeOf, normalizeEmail } from './access';
import { FeedVersions, registerCalendar } from './calendar';
import { registerPages } from './pages';
import { MAX_BODY_BYTES, Refused, refusal } from './refusals';
import {
  runningRegulations,
  SESSION_TTL_MS,
  SignInLinks,
  smtpSignInMailer,
  type Listed,
  type SignInMailer,
} from './sign-in';
import { oidcSignIn, SsoError, type OidcSettings } from './sso';
import { linkUser, registerStepLinks } from './step-links';
import { C, confirmSignInPage, signInPage } from './views';
import { html, langOf, signedIn } from './request';

/** Options of {@link startConsole}. */
export interface ConsoleOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Public base URL (PORTAL_URL): the base of email links and sign-in links. */
  baseUrl: string;
  /** Key that signs step links (PORTAL_SECRET), at least 32 bytes. */
  secret: string;
  /** Key of the session cookie (CONSOLE_SECRET); default: derived from `secret`. */
  sessionSecret?: string;
  api: RegulationsClient;
  /** One line per request: method, what, status; never a token. */
  log?: (line: string) => void;
  /** Interface to bind; default loopback for a localhost base URL, else all interfaces. */
  host?: string;
  /** Where a lifecycle's regulation definition comes from; default: its start event in Temporal. */
  regulationOf?: (lifecycleId: string) => Promise<Regulation | undefined>;
  /** Running lifecycles and their definitions; default: Temporal visibility. */
  running?: () => Promise<Listed[]>;
  /** Step-link requests one client address may make per minute (PORTAL_RATE_LIMIT); 0 = no limit. Default 60. */
  rateLimit?: number;
  /** Sign-in requests one client address may make per minute (CONSOLE_SIGNIN_RATE_LIMIT); 0 = no limit. Default 5. */
  signInRateLimit?: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (PORTAL_TRUST_PROXY). */
  trustProxy?: boolean;
  /** Addresses with read-only access to every regulation (CONSOLE_OPERATORS). */
  operators?: string[];
  /** How sign-in links are mailed; default: SMTP at smtpUrl. */
  mailer?: SignInMailer;
  smtpUrl?: string;
  mailFrom?: string;
  /** Where personal calendar feed revocations are kept (CONSOLE_STATE_DIR); default: memory only. */
  calendarStateFile?: string;
  /** Single sign-on through the organisation's OpenID Connect provider (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET); default: none. */
  oidc?: OidcSettings;
  /** The clock of sign-in links and sessions (ms); tests move it to expire them. Default Date.now. */
  now?: () => number;
}

/** A running console. */
export interface Console {
  /** The public base URL. */
  url: string;
  /** The port actually bound. */
  port: number;
  app: FastifyInstance;
  close(): Promise<void>;
}

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** Builds the console application (not listening yet). */
export async function buildConsole(opts: ConsoleOptions): Promise<{ app: FastifyInstance; close: () => void }> {
  assertSecret(opts.secret);
  const base = new URL(opts.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new Error(`PORTAL_URL ${opts.baseUrl} is not an http(s) URL: set e.g. https://portal.example.org`);
  const secure = base.protocol === 'https:';
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const log = opts.log ?? (() => undefined);
  const regulationOf = opts.regulationOf ?? regulationLookup(opts.api.client);
  const running = opts.running ?? runningRegulations(opts.api.client, regulationOf);
  const operators = (opts.operators ?? []).map(normalizeEmail);
  const smtp = opts.mailer
    ? undefined
    : smtpSignInMailer(
        opts.smtpUrl ?? 'smtp://127.0.0.1:1025',
        opts.mailFrom ?? 'Văn phòng giúp việc <secretariat@regulations.local>',
      );
  const mailer = opts.mailer ?? smtp!;
  const links = new SignInLinks();
  const sso = opts.oidc ? oidcSignIn(opts.oidc, `${baseUrl}/auth/oidc/callback`) : undefined;

  // Step-link tokens are up to MAX_TOKEN_LENGTH characters; a longer one is refused as invalid, not as a long URI.
  const app = Fastify({
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: MAX_BODY_BYTES,
    requestTimeout: 30_000,
    logger: false,
    routerOptions: { maxParamLength: MAX_TOKEN_LENGTH + 1 },
  });
  const now = opts.now ?? Date.now;
  app.decorate('consoleNow', now);
  app.decorate('consoleSso', sso !== undefined);
  app.decorateRequest('notes', null as unknown as string[]);
  app.decorateRequest('note', function (this: FastifyRequest, what: string) {
    this.notes.push(what);
  });
  app.addHook('onRequest', async (req) => {
    req.notes = [];
  });
  app.addHook('onResponse', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    // A token in the path is a credential: log only which kind of page it was.
    const shown = path.startsWith('/r/')
      ? '(step link)'
      : path.startsWith('/signin/')
        ? '(sign-in link)'
        : path.startsWith('/calendar/feed/')
          ? '(calendar feed)'
          : path;
    log(
      `console: ${req.method} ${shown} ${req.notes.join(' ')} → ${reply.statusCode} (${Math.round(reply.elapsedTime)} ms)`,
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
    hsts: secure,
  });
  await app.register(fastifyFormbody, { bodyLimit: MAX_BODY_BYTES });
  await app.register(fastifySecureSession, {
    key: crypto
      .createHmac('sha256', opts.sessionSecret ?? opts.secret)
      .update('regulations-console.session.v1')
      .digest(),
    cookieName: 'console_session',
    expiry: SESSION_TTL_MS / 1000,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_TTL_MS / 1000 },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/secure-session',
    getToken: (req) => (req.body as Record<string, unknown> | undefined)?.csrf as string,
    // A form is bound to who it was made for: one step link, or one signed-in address.
    getUserInfo: (req) => {
      const token = (req.params as Record<string, string> | undefined)?.token;
      if (req.url.startsWith('/r/') && token) return linkUser(token);
      if (req.url.startsWith('/signin')) return 'anonymous';
      return `user:${signedIn(req) ?? 'anonymous'}`;
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

  app.get('/healthz', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('ok'));

  registerStepLinks(app, {
    api: opts.api,
    secret: opts.secret,
    regulationOf,
    rateLimit: (opts.rateLimit ?? 60) || undefined,
  });

  // ---- sign-in ----
  const signInLimit = opts.signInRateLimit ?? 5;
  const signInConfig: { rateLimit?: { max: number; timeWindow: string } } = signInLimit
    ? { rateLimit: { max: signInLimit, timeWindow: '1 minute' } }
    : {};
  const anonymousCsrf = (reply: FastifyReply): string => reply.generateCsrf({ userInfo: 'anonymous' });

  const signInForm = (req: FastifyRequest, reply: FastifyReply): string =>
    signInPage(langOf(req), anonymousCsrf(reply), false, undefined, sso !== undefined);
  app.get('/', async (req, reply) =>
    signedIn(req) ? reply.redirect('/work', 303) : html(reply, 200, signInForm(req, reply)),
  );
  app.get('/signin', async (req, reply) => html(reply, 200, signInForm(req, reply)));
  app.post('/signin', { config: signInConfig, preHandler: app.csrfProtection }, async (req, reply) => {
    const lang = langOf(req);
    const raw = (req.body as Record<string, unknown> | undefined)?.email;
    if (typeof raw !== 'string' || !checkEmail(raw).ok) {
      return html(
        reply,
        400,
        signInPage(
          lang,
          anonymousCsrf(reply),
          false,
          { ok: false, text: lang === 'vi' ? 'Xin nhập một địa chỉ thư điện tử.' : 'Please type an email address.' },
          sso !== undefined,
        ),
      );
    }
    const email = normalizeEmail(raw);
    const known = isKnown(
      (await running()).map((l) => l.regulation),
      email,
      operators,
    );
    if (known) {
      await mailer(email, `${baseUrl}/signin/${links.issue(email, now())}`, lang);
      req.note('sign-in link sent');
    } else req.note('sign-in for an unknown address');
    // The same answer either way: the page does not tell who takes part in which regulation.
    return html(reply, 200, signInPage(lang, '', true));
  });
  app.get<{ Params: { token: string } }>('/signin/:token', { config: signInConfig }, async (req, reply) => {
    const lang = langOf(req);
    if (!links.peek(req.params.token, now())) throw new Refused('signInLink', lang);
    return html(reply, 200, confirmSignInPage(lang, anonymousCsrf(reply), `/signin/${req.params.token}`));
  });
  app.post<{ Params: { token: string } }>(
    '/signin/:token',
    { config: signInConfig, preHandler: app.csrfProtection },
    async (req, reply) => {
      const lang = langOf(req);
      const email = links.redeem(req.params.token, now());
      if (!email) throw new Refused('signInLink', lang);
      await startSession(req, email);
      req.note(`signed in ${email}`);
      return reply.redirect('/work', 303);
    },
  );
  /** Signs `email` in: the session cookie both ways of signing in give. */
  async function startSession(req: FastifyRequest, email: string): Promise<void> {
    // A fresh session: nothing from before sign-in (its anti-forgery secret included) carries over.
    const chosen = req.session.get('lang');
    req.session.regenerate(['lang']);
    // Without a language chosen before, the person's own: their body's locale (or the secretariat's).
    if (!chosen)
      req.session.set(
        'lang',
        localeOf(
          (await running()).map((l) => l.regulation),
          email,
        ),
      );
    req.session.set('email', email);
    req.session.set('since', now());
  }

  // ---- single sign-on (OpenID Connect), when configured ----
  if (sso) {
    /** Errors of the flow are pages in both languages: the person may arrive from the provider with no session yet. */
    const refuse = (req: FastifyRequest, err: unknown): never => {
      if (!(err instanceof SsoError)) throw err;
      req.note(`single sign-on refused: ${err.detail}`);
      throw new Refused(err.reason);
    };
    app.get('/auth/oidc', { config: signInConfig }, async (req, reply) => {
      const { url, pending } = await sso.start(now()).catch((err: unknown) => refuse(req, err));
      req.session.set('oidc', pending);
      req.note('sent to the organisation sign-in');
      return reply.redirect(url, 303);
    });
    app.get('/auth/oidc/callback', { config: signInConfig }, async (req, reply) => {
      const pending = req.session.get('oidc');
      // One answer per flow: a replayed callback finds nothing under way.
      req.session.set('oidc', undefined);
      const query = new URLSearchParams(req.url.split('?')[1] ?? '');
      const claimed = await sso.finish(query, pending, now()).catch((err: unknown) => refuse(req, err));
      const email = normalizeEmail(claimed);
      // The same rule as the email form: an address in no running definition, and not an operator, does not sign in.
      if (
        !isKnown(
          (await running()).map((l) => l.regulation),
          email,
          operators,
        )
      ) {
        req.note(`single sign-on for an unknown address ${visible(email)}`);
        throw new Refused('ssoUnknown');
      }
      await startSession(req, email);
      req.note(`signed in ${email} (single sign-on)`);
      return reply.redirect('/work', 303);
    });
  }
  app.post('/signout', { preHandler: app.csrfProtection }, async (req, reply) => {
    req.session.delete();
    return reply.redirect('/', 303);
  });

  registerPages(app, { api: opts.api, running, operators });
  registerCalendar(app, {
    api: opts.api,
    running,
    operators,
    // Its own key, derived: a feed URL is never valid as a step link or a session.
    secret: crypto
      .createHmac('sha256', opts.sessionSecret ?? opts.secret)
      .update('regulations-console.calendar.v1')
      .digest('base64url'),
    baseUrl,
    versions: new FeedVersions(opts.calendarStateFile),
    rateLimit: (opts.rateLimit ?? 60) || undefined,
  });

  return { app, close: () => smtp?.close() };
}

/** Starts the console; resolves once it listens. */
export async function startConsole(opts: ConsoleOptions): Promise<Console> {
  const { app, close } = await buildConsole(opts);
  const host = opts.host ?? (isLoopback(new URL(opts.baseUrl)) ? '127.0.0.1' : '0.0.0.0');
  await app.listen({ port: opts.port, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  opts.log?.(`console: listening on ${host}:${port}, links point to ${opts.baseUrl}`);
  return {
    url: opts.baseUrl.replace(/\/+$/, ''),
    port,
    app,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
      close();
    },
  };
}

export { C };
