/** Personal portal links: signing, verification, expiry, and which mails carry one. */
import type { MailRequest } from '../../domain/mail';
import {
  expiryFor,
  isExpired,
  linkClaims,
  personalLink,
  signToken,
  verifyToken,
  type TokenClaims,
} from '../../links/token';

const SECRET = 'k'.repeat(32);
const claims: TokenClaims = {
  lifecycleId: 'long-an-hdnd-tand-2022',
  body: 'hdnd',
  purpose: 'feedback',
  step: 1,
  exp: 1_700_000_000,
};

function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

test('a signed token verifies and gives back its claims', () => {
  const token = signToken(claims, SECRET);
  expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  expect(verifyToken(token, SECRET)).toEqual({ ok: true, claims });
});

test('a forged token (claims with a made-up MAC) is refused', () => {
  const forged = `${b64json({ ...claims, body: 'tand' })}.${'A'.repeat(43)}`;
  expect(verifyToken(forged, SECRET)).toEqual({ ok: false, problem: 'bad-signature' });
});

test('an altered payload is refused: another body, another round, a later expiry', () => {
  const [, mac] = signToken(claims, SECRET).split('.');
  for (const change of [{ body: 'tand' }, { step: 2 }, { exp: claims.exp + 86400 }, { purpose: 'signature' }]) {
    expect(verifyToken(`${b64json({ ...claims, ...change })}.${mac}`, SECRET)).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
  }
});

test('every single-character change of the MAC is refused (no second spelling verifies)', () => {
  const token = signToken(claims, SECRET);
  const dot = token.indexOf('.');
  for (let i = dot + 1; i < token.length; i++) {
    const c = token[i] === 'A' ? 'B' : 'A';
    expect(verifyToken(token.slice(0, i) + c + token.slice(i + 1), SECRET).ok).toBe(false);
  }
});

test('a token signed with another secret is refused', () => {
  expect(verifyToken(signToken(claims, 'x'.repeat(32)), SECRET)).toEqual({ ok: false, problem: 'bad-signature' });
});

test('malformed tokens are refused without throwing', () => {
  for (const t of ['', 'abc', 'a.b.c', '..', `${'a'.repeat(2000)}.b`, 'a b.c', 'YQ.%%'])
    expect(verifyToken(t, SECRET).ok).toBe(false);
  // A valid MAC over claims of the wrong shape is still refused.
  const odd = signToken({ ...claims, body: 'Not A Slug' }, SECRET);
  expect(verifyToken(odd, SECRET)).toEqual({ ok: false, problem: 'malformed' });
});

test('a secret shorter than 32 bytes cannot sign', () => {
  expect(() => signToken(claims, 'short')).toThrow(/shorter than 32 bytes/);
});

test('expiry: the deadline plus a week, or 30 days without one; checked against the given clock', () => {
  const deadline = '2022-09-01T17:00:00.000Z';
  const exp = expiryFor(deadline, 0);
  expect(exp).toBe(Date.parse(deadline) / 1000 + 7 * 86400);
  expect(expiryFor(undefined, 1_000_000)).toBe(1000 + 30 * 86400);
  const c = { ...claims, exp };
  expect(isExpired(c, Date.parse(deadline))).toBe(false);
  expect(isExpired(c, exp * 1000 - 1)).toBe(false);
  expect(isExpired(c, exp * 1000)).toBe(true);
});

const mail = (patch: Partial<MailRequest>): MailRequest => ({
  kind: 'feedback-request',
  lifecycleId: 'long-an-hdnd-tand-2022',
  stepKey: 'consultation/round-2',
  locale: 'vi',
  to: [{ name: 'A', email: 'a@example.org' }],
  regulation: { id: 'long-an-hdnd-tand-2022', title: { vi: 'Q', en: 'R' } },
  audience: { role: 'body', body: { id: 'tand', name: { vi: 'T', en: 'T' } } },
  step: { stage: 'consultation', round: 2, label: { vi: 'x', en: 'x' } },
  deadline: { lastDay: '2022-09-01', at: '2022-09-01T17:00:00.000Z', uid: 'u', sequence: 0 },
  ...patch,
});

test('which mails carry which link', () => {
  const base = { lifecycleId: 'long-an-hdnd-tand-2022', body: 'tand' };
  expect(linkClaims(mail({}))).toEqual({ ...base, purpose: 'feedback', step: 2 });
  expect(linkClaims(mail({ kind: 'reminder' }))).toEqual({ ...base, purpose: 'feedback', step: 2 });
  expect(
    linkClaims(
      mail({
        kind: 'review-report-request',
        stepKey: 'so-ket-3/reports',
        step: { stage: 'in-force', review: 3, label: { vi: '', en: '' } },
      }),
    ),
  ).toEqual({ ...base, purpose: 'review-report', step: 3 });
  expect(
    linkClaims(
      mail({
        kind: 'reminder',
        stepKey: 'tong-ket/reports',
        step: { stage: 'in-force', review: 4, label: { vi: '', en: '' } },
      }),
    ),
  ).toEqual({ ...base, purpose: 'review-report', step: 'final' });
  expect(
    linkClaims(
      mail({
        kind: 'signing-invitation',
        stepKey: 'signing',
        audience: { role: 'signatory', body: { id: 'tand', name: { vi: '', en: '' } } },
        step: { stage: 'signing', label: { vi: '', en: '' } },
      }),
    ),
  ).toEqual({ ...base, purpose: 'signature', step: 1 });
  expect(
    linkClaims(
      mail({ kind: 'reminder', stepKey: 'amendment-1/signing', step: { stage: 'signing', label: { vi: '', en: '' } } }),
    ),
  ).toEqual({ ...base, purpose: 'signature', step: 2 });
  // Nothing to answer, or nobody's own link: no link.
  expect(
    linkClaims(
      mail({ kind: 'escalation', audience: { role: 'leaders', body: { id: 'tand', name: { vi: '', en: '' } } } }),
    ),
  ).toBeUndefined();
  expect(
    linkClaims(
      mail({
        kind: 'reminder',
        stepKey: 'drafting',
        audience: { role: 'secretariat' },
        step: { stage: 'drafting', label: { vi: '', en: '' } },
      }),
    ),
  ).toBeUndefined();
  expect(linkClaims(mail({ kind: 'review-meeting-invitation' }))).toBeUndefined();
});

test('a personal link is the base URL, /r/ and a token that verifies', () => {
  const link = personalLink(mail({}), { baseUrl: 'https://portal.example.org/', secret: SECRET }, 0)!;
  const m = /^https:\/\/portal\.example\.org\/r\/([^/]+)$/.exec(link);
  expect(m).not.toBeNull();
  expect(verifyToken(m![1]!, SECRET)).toEqual({
    ok: true,
    claims: {
      lifecycleId: 'long-an-hdnd-tand-2022',
      body: 'tand',
      purpose: 'feedback',
      step: 2,
      exp: Date.parse('2022-09-01T17:00:00.000Z') / 1000 + 7 * 86400,
    },
  });
});
