/**
 * The secretariat console: one fastify application for everyone who works on a regulation.
 * It serves the personal step links from request emails (`/r/<token>`), a passwordless sign-in
 * by email (or, where configured, single sign-on through the organisation's OpenID Connect
 * provider), and for signed-in people their work, every regulation they take part in, and forms
 * for each action. This file only lists the plugins (client/console/plugins/: sessions, security,
 * sign-in, the signed-in guard) and the route modules, each given what it needs as options.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../../config/paths';
import type { Regulation } from '../../domain/regulation';
import { assertSecret, MAX_TOKEN_LENGTH } from '../../links/token';
import type { RegulationsClient } from '../api';
import { regulationLookup } from '../portal/regulation-lookup';
import { localeOf, normalizeEmail } from './access';
import { calendarFeed, calendarPages, FeedVersions, type CalendarDeps } from './calendar';
import { listingPages, runningListing, visibilityListing, workingCalendars, type ConsoleListing } from './listing';
import { newRegulationPages } from './new-regulation';
import { regulationPages } from './pages';
import { security } from './plugins/security';
import { sessions } from './plugins/sessions';
import { signIn } from './plugins/sign-in';
import { signedInOnly } from './plugins/signed-in';
import { MAX_BODY_BYTES } from './refusals';
import { smtpSignInMailer, type Listed, type SignInMailer } from './sign-in';
import type { OidcSettings } from './sso';
import { stepLinks } from './step-links';
import { C } from './views';

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
  /** Where a lifecycle's regulation definition comes from; default: its start event in Temporal, cached by run. */
  regulationOf?: (lifecycleId: string, runId?: string) => Promise<Regulation | undefined>;
  /** A fixed set of running lifecycles and their definitions instead of visibility (tests). */
  running?: () => Promise<Listed[]>;
  /** Where the lists come from; default: Temporal visibility (client/console/listing.ts). */
  listing?: ConsoleListing;
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
  /** Directory of working-day calendar files (CALENDAR_DIR); default: this installation's config/calendars. */
  calendarDir?: string;
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

/** A key of its own for each use, derived from the session secret: a feed URL is never valid as a session. */
const derived = (secret: string, use: string) => crypto.createHmac('sha256', secret).update(use).digest('base64url');

/** What the plugins and route modules are given, from the options and their defaults. */
function settingsOf(opts: ConsoleOptions) {
  assertSecret(opts.secret);
  const base = new URL(opts.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new Error(`PORTAL_URL ${opts.baseUrl} is not an http(s) URL: set e.g. https://portal.example.org`);
  const regulationOf = opts.regulationOf ?? regulationLookup(opts.api.client);
  const operators = (opts.operators ?? []).map(normalizeEmail);
  // Lists come from visibility; a given set of running lifecycles (tests) is listed through the status query.
  const listing =
    opts.listing ?? (opts.running ? runningListing(opts.running, opts.api) : visibilityListing(opts.api, regulationOf));
  const smtp = opts.mailer
    ? undefined
    : smtpSignInMailer(
        opts.smtpUrl ?? 'smtp://127.0.0.1:1025',
        opts.mailFrom ?? 'Văn phòng giúp việc <secretariat@regulations.local>',
      );
  const calendarDir = opts.calendarDir ?? path.join(PROJECT_ROOT, 'config', 'calendars');
  const calendar: CalendarDeps = {
    api: opts.api,
    participating: (email) => listing.participating(email, operators.includes(email)),
    operators,
    secret: derived(opts.sessionSecret ?? opts.secret, 'regulations-console.calendar.v1'),
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    versions: new FeedVersions(opts.calendarStateFile),
    rateLimit: (opts.rateLimit ?? 60) || undefined,
  };
  const calendars = workingCalendars(calendarDir);
  return {
    secure: base.protocol === 'https:',
    regulationOf,
    operators,
    listing,
    smtp,
    calendarDir,
    calendars,
    calendar,
  };
}

/** Builds the console application (not listening yet). */
export async function buildConsole(opts: ConsoleOptions): Promise<{ app: FastifyInstance; close: () => void }> {
  const { secure, regulationOf, operators, listing, smtp, calendarDir, calendars, calendar } = settingsOf(opts);
  const { api } = opts;
  // Step-link tokens are up to MAX_TOKEN_LENGTH characters; a longer one is refused as invalid, not as a long URI.
  const app = Fastify({
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: MAX_BODY_BYTES,
    requestTimeout: 30_000,
    logger: false,
    routerOptions: { maxParamLength: MAX_TOKEN_LENGTH + 1 },
  });
  await app.register(sessions, { secret: opts.sessionSecret ?? opts.secret, secure, now: opts.now ?? Date.now });
  await app.register(security, { secure, log: opts.log ?? (() => undefined) });
  await app.register(signIn, {
    baseUrl: calendar.baseUrl,
    known: async (email) => operators.includes(email) || (await listing.known(email)),
    ownLanguage: async (email) =>
      localeOf(
        (await listing.participating(email, false, 20)).map((l) => l.regulation),
        email,
      ),
    mailer: opts.mailer ?? smtp!,
    rateLimit: opts.signInRateLimit ?? 5,
    oidc: opts.oidc,
  });
  // Public: the health check, the personal step links and calendar feeds (their token is the credential).
  app.get('/healthz', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('ok'));
  await app.register(stepLinks, { api, secret: opts.secret, regulationOf, rateLimit: calendar.rateLimit });
  await app.register(calendarFeed, calendar);
  // Everything else is for signed-in people: one guard for the whole context.
  await app.register(async (signedIn) => {
    await signedIn.register(signedInOnly);
    await signedIn.register(listingPages, { api, listing, operators, calendars });
    await signedIn.register(regulationPages, { api, listing, regulationOf, operators, calendars });
    // Creating and adopting regulations: the operators only (README: Creating from the console).
    await signedIn.register(newRegulationPages, { api, creators: operators, calendarDir });
    await signedIn.register(calendarPages, calendar);
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
