/**
 * Personal portal links: a signed token that says which body may answer which step of which
 * lifecycle, until when. Pure (node:crypto only): the send-mail activity signs, the portal
 * verifies. The token is a bearer credential, so it lives only in emails and never in
 * workflow history, and the portal never logs it.
 */
import crypto from 'node:crypto';
import type { MailRequest } from '../domain/mail';

/** What a link lets its holder do. */
export type Purpose = 'feedback' | 'review-report' | 'signature';

/**
 * The signed claims. `step` is the consultation round (feedback), the review number or
 * 'final' (review report), or the lifecycle cycle (signature: 1 = the original signing).
 * `exp` is unix seconds in the lifecycle's schedule time, like the deadline it follows.
 */
export interface TokenClaims {
  lifecycleId: string;
  body: string;
  purpose: Purpose;
  step: number | 'final';
  exp: number;
}

/** Where links point and the key that signs them. */
export interface PortalKey {
  baseUrl: string;
  secret: string;
}

/** Why a token was refused. */
export type TokenProblem = 'malformed' | 'bad-signature';

/** The shortest secret accepted: 32 bytes, the HMAC-SHA256 output size. */
export const MIN_SECRET_BYTES = 32;
/** Longer tokens are refused before any work is done. */
export const MAX_TOKEN_LENGTH = 1024;
/** How long after a step's deadline its link still opens (late answers are still welcome). */
export const GRACE_SECONDS = 7 * 24 * 3600;
/** Link lifetime when the step has no deadline. */
export const NO_DEADLINE_SECONDS = 30 * 24 * 3600;

const PURPOSES: readonly Purpose[] = ['feedback', 'review-report', 'signature'];
const DOMAIN = 'regulations-portal.v1.';
const B64URL = /^[A-Za-z0-9_-]+$/;

/** Throws a one-line error unless the secret is long enough to sign links. */
export function assertSecret(secret: string): void {
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES)
    throw new Error(
      `PORTAL_SECRET is shorter than ${MIN_SECRET_BYTES} bytes: generate one with 'openssl rand -base64 32'`,
    );
}

function mac(secret: string, payload: string): string {
  // The domain prefix keeps these MACs from ever being valid for another use of the same key.
  return crypto
    .createHmac('sha256', secret)
    .update(DOMAIN + payload)
    .digest('base64url');
}

/** Signs claims into `base64url(json).base64url(hmac)`. */
export function signToken(claims: TokenClaims, secret: string): string {
  assertSecret(secret);
  const { lifecycleId, body, purpose, step, exp } = claims;
  const payload = Buffer.from(JSON.stringify({ lifecycleId, body, purpose, step, exp }), 'utf8').toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function parseClaims(json: unknown): TokenClaims | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const c = json as Record<string, unknown>;
  const { lifecycleId, body, purpose, step, exp } = c;
  if (typeof lifecycleId !== 'string' || lifecycleId.length === 0 || lifecycleId.length > 200) return undefined;
  if (typeof body !== 'string' || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(body)) return undefined;
  if (typeof purpose !== 'string' || !PURPOSES.includes(purpose as Purpose)) return undefined;
  if (!(step === 'final' || (typeof step === 'number' && Number.isInteger(step) && step >= 1 && step <= 10_000)))
    return undefined;
  if (typeof exp !== 'number' || !Number.isInteger(exp)) return undefined;
  return { lifecycleId, body, purpose: purpose as Purpose, step, exp };
}

/** Checks the MAC (constant time) and the claims' shape; expiry is checked by the caller against schedule time. */
export function verifyToken(
  token: string,
  secret: string,
): { ok: true; claims: TokenClaims } | { ok: false; problem: TokenProblem } {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, problem: 'malformed' };
  const parts = token.split('.');
  const [payload, sig] = parts;
  if (parts.length !== 2 || !payload || !sig || !B64URL.test(payload) || !B64URL.test(sig))
    return { ok: false, problem: 'malformed' };
  // The MAC is compared as canonical text, so no second spelling of the same bytes verifies.
  if (!safeEqual(sig, mac(secret, payload))) return { ok: false, problem: 'bad-signature' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const claims = parseClaims(json);
  return claims ? { ok: true, claims } : { ok: false, problem: 'malformed' };
}

/** True once `nowMs` (the lifecycle's schedule time) is past the token's expiry. */
export function isExpired(claims: TokenClaims, nowMs: number): boolean {
  return nowMs >= claims.exp * 1000;
}

/** The link's expiry: the step's deadline plus a grace week, or 30 days from `nowMs` without a deadline. */
export function expiryFor(deadlineAt: string | undefined, nowMs: number): number {
  const base = deadlineAt ? Date.parse(deadlineAt) : Number.NaN;
  return Number.isNaN(base) ? Math.floor(nowMs / 1000) + NO_DEADLINE_SECONDS : Math.floor(base / 1000) + GRACE_SECONDS;
}

/** The cycle a signing step belongs to: "signing" = 1, "amendment-2/signing" = 3. */
function signingCycle(stepKey: string): number | undefined {
  if (stepKey === 'signing') return 1;
  const m = /^amendment-(\d+)\/signing$/.exec(stepKey);
  return m ? Number(m[1]) + 1 : undefined;
}

/** Which portal form answers a mail, if any: requests, invitations and the reminders about them, addressed to a body. */
export function linkClaims(
  req: Pick<MailRequest, 'kind' | 'lifecycleId' | 'stepKey' | 'audience' | 'step'>,
): Omit<TokenClaims, 'exp'> | undefined {
  const body = req.audience.body?.id;
  if (!body || (req.audience.role !== 'body' && req.audience.role !== 'signatory')) return undefined;
  const base = { lifecycleId: req.lifecycleId, body };
  const review = (): TokenClaims['step'] | undefined =>
    req.stepKey.startsWith('tong-ket/') ? 'final' : req.step.review;
  const kind =
    req.kind === 'reminder'
      ? req.step.stage === 'consultation'
        ? 'feedback-request'
        : req.step.stage === 'signing'
          ? 'signing-invitation'
          : req.step.review !== undefined
            ? 'review-report-request'
            : undefined
      : req.kind;
  switch (kind) {
    case 'feedback-request':
      return req.step.round !== undefined ? { ...base, purpose: 'feedback', step: req.step.round } : undefined;
    case 'review-report-request': {
      const step = review();
      return step !== undefined ? { ...base, purpose: 'review-report', step } : undefined;
    }
    case 'signing-invitation': {
      const step = signingCycle(req.stepKey);
      return step !== undefined ? { ...base, purpose: 'signature', step } : undefined;
    }
    default:
      return undefined;
  }
}

/** The personal link for one mail's recipient body, or undefined when the mail asks for nothing the portal takes. */
export function personalLink(req: MailRequest, key: PortalKey, nowMs: number): string | undefined {
  const claims = linkClaims(req);
  if (!claims) return undefined;
  const token = signToken({ ...claims, exp: expiryFor(req.deadline?.at, nowMs) }, key.secret);
  return `${key.baseUrl.replace(/\/+$/, '')}/r/${token}`;
}
