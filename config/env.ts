/**
 * Runtime settings from the environment. Credentials (SMTP password, TLS keys, API keys)
 * are only ever read here, by the worker and the client, and never enter workflow history.
 */
import path from 'node:path';
import { PROJECT_ROOT as ROOT } from './paths';

export const DEFAULT_TASK_QUEUE = 'regulations';
/** Workflow runs a worker keeps cached unless WORKFLOW_CACHE_SIZE says otherwise (measured: README, The reminder herd). */
export const DEFAULT_WORKFLOW_CACHE_SIZE = 1500;

export interface RuntimeEnv {
  taskQueue: string;
  /** SMTP URL with optional auth and TLS, e.g. smtps://user:pass@mail.example.org:465 */
  smtpUrl: string;
  mailFrom: string;
  /** Where the durable send ledger lives (one file per sent message). */
  ledgerDir: string;
  /** Directory of working-day calendar files. */
  calendarDir: string;
  /** On start, the worker has running lifecycles re-plan on the calendar files if a file changed what they planned (CALENDAR_AUTO_APPLY). */
  calendarAutoApply: boolean;
  /** Public base URL of the feedback portal, used in email links (default http://localhost:<portalPort>). */
  portalUrl: string;
  /** Port the feedback portal listens on. */
  portalPort: number;
  /** Key that signs portal links (at least 32 bytes); unset = emails carry no portal links. */
  portalSecret?: string;
  /** Link requests per minute one client address may make to the portal; 0 = no limit. */
  portalRateLimit: number;
  /** The portal runs behind a reverse proxy: client addresses come from X-Forwarded-For. */
  portalTrustProxy: boolean;
  /** Key of the console's session cookie (CONSOLE_SECRET); unset = derived from the portal secret. */
  consoleSecret?: string;
  /** Addresses with read-only access to every regulation in the console. */
  consoleOperators: string[];
  /** Sign-in requests per minute one client address may make to the console; 0 = no limit. */
  consoleSignInRateLimit: number;
  /** Messages per second the mailer may send (pooled SMTP). */
  mailRateLimit: number;
  /** SMTP connections the mailer keeps open at most (MAIL_CONNECTIONS). */
  mailConnections: number;
  /** Minutes a recipient's real-time reminders are gathered into one digest message; 0 = each reminder on its own. */
  reminderDigestMinutes: number;
  /**
   * Single sign-on to the console through the organisation's OpenID Connect provider (OIDC_ISSUER,
   * OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, all three or none); unset = email links only.
   */
  oidc?: { issuer: string; clientId: string; clientSecret: string };
  /** Workflow runs a worker keeps in memory (WORKFLOW_CACHE_SIZE, default 1500); a run evicted is replayed when it next wakes. */
  workflowCacheSize: number;
}

/** Reads the runtime settings, with defaults that suit the embedded local stack. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const rate = Number(env.MAIL_RATE_LIMIT ?? '20');
  if (!Number.isFinite(rate) || rate <= 0)
    throw new Error(
      `MAIL_RATE_LIMIT=${env.MAIL_RATE_LIMIT} is not a positive number: set messages per second, e.g. 20`,
    );
  const connections = Number(env.MAIL_CONNECTIONS ?? '5');
  if (!Number.isInteger(connections) || connections < 1 || connections > 100)
    throw new Error(
      `MAIL_CONNECTIONS=${env.MAIL_CONNECTIONS} is not a whole number from 1 to 100: set how many SMTP connections the mailer may keep open, e.g. 5`,
    );
  const portalPort = Number(env.PORTAL_PORT ?? '8080');
  if (!Number.isInteger(portalPort) || portalPort < 0 || portalPort > 65535)
    throw new Error(`PORTAL_PORT=${env.PORTAL_PORT} is not a port number: set e.g. 8080`);
  const portalUrl = env.PORTAL_URL ?? `http://localhost:${portalPort}`;
  if (!/^https?:\/\/[^\s/]+/.test(portalUrl))
    throw new Error(
      `PORTAL_URL=${portalUrl} is not an http(s) URL: set the portal's public address, e.g. https://portal.example.org`,
    );
  if (env.PORTAL_SECRET && Buffer.byteLength(env.PORTAL_SECRET, 'utf8') < 32)
    throw new Error("PORTAL_SECRET is shorter than 32 bytes: generate one with 'openssl rand -base64 32'");
  const portalRate = Number(env.PORTAL_RATE_LIMIT ?? '60');
  if (!Number.isInteger(portalRate) || portalRate < 0)
    throw new Error(
      `PORTAL_RATE_LIMIT=${env.PORTAL_RATE_LIMIT} is not a whole number: set requests per minute per address, e.g. 60, or 0 for no limit`,
    );
  if (env.CONSOLE_SECRET && Buffer.byteLength(env.CONSOLE_SECRET, 'utf8') < 32)
    throw new Error("CONSOLE_SECRET is shorter than 32 bytes: generate one with 'openssl rand -base64 32'");
  const signInRate = Number(env.CONSOLE_SIGNIN_RATE_LIMIT ?? '5');
  if (!Number.isInteger(signInRate) || signInRate < 0)
    throw new Error(
      `CONSOLE_SIGNIN_RATE_LIMIT=${env.CONSOLE_SIGNIN_RATE_LIMIT} is not a whole number: set sign-in requests per minute per address, e.g. 5, or 0 for no limit`,
    );
  const operators = (env.CONSOLE_OPERATORS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const badOperator = operators.find((o) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(o));
  if (badOperator)
    throw new Error(`CONSOLE_OPERATORS: "${badOperator}" is not an email address: list addresses separated by commas`);
  const digest = Number(env.REMINDER_DIGEST_MINUTES ?? '10');
  if (!Number.isFinite(digest) || digest < 0 || digest > 24 * 60)
    throw new Error(
      `REMINDER_DIGEST_MINUTES=${env.REMINDER_DIGEST_MINUTES} is not a number of minutes from 0 to 1440: set e.g. 10, or 0 to send each reminder on its own`,
    );
  // 1500 runs: a herd of 1000 stays cached, and 10,000 open lifecycles fit in 1 GiB of worker RSS (README: Benchmarks).
  const cache =
    env.WORKFLOW_CACHE_SIZE === undefined || env.WORKFLOW_CACHE_SIZE === ''
      ? DEFAULT_WORKFLOW_CACHE_SIZE
      : Number(env.WORKFLOW_CACHE_SIZE);
  if (!Number.isInteger(cache) || cache < 2)
    throw new Error(
      `WORKFLOW_CACHE_SIZE=${env.WORKFLOW_CACHE_SIZE} is not a whole number of at least 2: set how many workflow runs a worker keeps in memory, e.g. 1500`,
    );
  const oidc = readOidc(env);
  return {
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
    smtpUrl: env.SMTP_URL ?? 'smtp://127.0.0.1:1025',
    mailFrom: env.MAIL_FROM ?? 'Văn phòng giúp việc <secretariat@regulations.local>',
    ledgerDir: env.MAIL_LEDGER_DIR ?? path.join(ROOT, '.temporal', 'mail-ledger'),
    calendarDir: env.CALENDAR_DIR ?? path.join(ROOT, 'config', 'calendars'),
    calendarAutoApply: ['1', 'true', 'yes'].includes((env.CALENDAR_AUTO_APPLY ?? '').toLowerCase()),
    portalUrl,
    portalPort,
    portalSecret: env.PORTAL_SECRET || undefined,
    portalRateLimit: portalRate,
    portalTrustProxy: ['1', 'true', 'yes'].includes((env.PORTAL_TRUST_PROXY ?? '').toLowerCase()),
    consoleSecret: env.CONSOLE_SECRET || undefined,
    consoleOperators: operators,
    consoleSignInRateLimit: signInRate,
    mailRateLimit: rate,
    mailConnections: connections,
    reminderDigestMinutes: digest,
    workflowCacheSize: cache,
    ...(oidc ? { oidc } : {}),
  };
}

/** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: all three or none. The secret is never put in a message. */
function readOidc(env: NodeJS.ProcessEnv): RuntimeEnv['oidc'] {
  const issuer = env.OIDC_ISSUER?.trim() || undefined;
  const clientId = env.OIDC_CLIENT_ID?.trim() || undefined;
  const clientSecret = env.OIDC_CLIENT_SECRET || undefined;
  if (!issuer && !clientId && !clientSecret) return undefined;
  const missing = [
    !issuer && 'OIDC_ISSUER',
    !clientId && 'OIDC_CLIENT_ID',
    !clientSecret && 'OIDC_CLIENT_SECRET',
  ].filter(Boolean);
  if (missing.length)
    throw new Error(
      `single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set (or unset all three for email sign-in only)`,
    );
  let url: URL;
  try {
    url = new URL(issuer!);
  } catch {
    throw new Error(
      `OIDC_ISSUER=${issuer} is not a URL: set the provider's issuer, e.g. https://login.example.org/realms/agency`,
    );
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new Error(
      `OIDC_ISSUER=${issuer} is not an https URL: the client secret and the tokens travel to it (plain http only on localhost)`,
    );
  if (url.username || url.password || url.search || url.hash)
    throw new Error(
      `OIDC_ISSUER must be the bare issuer URL, without credentials, query or fragment: set e.g. https://login.example.org/realms/agency`,
    );
  return { issuer: issuer!, clientId: clientId!, clientSecret: clientSecret! };
}

/** Hides the credentials of a URL before it is printed. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^/@]+)@/, '//***@');
}
