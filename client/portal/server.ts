/**
 * The feedback portal: a small HTTP server (node:http, no framework) where a body's office
 * answers from the personal link in its email. A link's token names the lifecycle, body, step
 * and purpose; the page shows the step and a form, and a submission becomes the matching
 * validated update through the typed client. Anything wrong with the link or the form is
 * refused with a page that says so, before anything is sent to Temporal.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError, type RegulationsClient } from '../api';
import type { Answer, LifecycleStatus, Localized, Regulation, ReviewStatus } from '../../workflows/definitions';
import { bilingualPage, T } from './html';
import { feedbackPage, MAX_FIELD, MAX_LINE, refusalPage, reviewReportPage, signaturePage, type FormValues, type StepView } from './pages';
import { regulationLookup } from './regulation-lookup';
import { assertSecret, isExpired, safeEqual, verifyToken, type TokenClaims } from './token';

/** Options of {@link startPortal}. */
export interface PortalOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Public base URL (PORTAL_URL): the origin forms must come from, and the base of email links. */
  baseUrl: string;
  /** Key that signs links and forms (PORTAL_SECRET), at least 32 bytes. */
  secret: string;
  api: RegulationsClient;
  /** One line per request: method, purpose, lifecycle, body, status; never a token. */
  log?: (line: string) => void;
  /** Interface to bind; default loopback for a localhost base URL, else all interfaces. */
  host?: string;
  /** Where a lifecycle's regulation definition comes from; default: its start event in Temporal. */
  regulationOf?: (lifecycleId: string) => Promise<Regulation | undefined>;
  /** Link requests one client address may make per minute (PORTAL_RATE_LIMIT); 0 = no limit. Default 60. */
  rateLimit?: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (PORTAL_TRUST_PROXY). */
  trustProxy?: boolean;
}

/** A running portal. */
export interface Portal {
  /** The public base URL links point to. */
  url: string;
  /** The port actually bound. */
  port: number;
  close(): Promise<void>;
}

/** Largest request body accepted: a full form of Vietnamese text, percent-encoded, fits well within it. */
export const MAX_BODY_BYTES = 128 * 1024;
const CSRF_COOKIE = 'portal_csrf';
const NONCE = /^[A-Za-z0-9_-]{22}$/;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Pages carry a body's answers and a personal form: never cache them anywhere.
  'Cache-Control': 'no-store',
};

const REFUSALS = {
  invalid: { status: 403, title: { vi: 'Liên kết không hợp lệ', en: 'This link is not valid' }, text: { vi: 'Liên kết có thể đã bị sửa đổi hoặc sao chép không đầy đủ. Xin mở lại liên kết trong thư, hoặc liên hệ Văn phòng giúp việc.', en: 'It may have been altered or copied incompletely. Please open the link from the email again, or contact the secretariat.' } },
  notFound: { status: 404, title: { vi: 'Không tìm thấy quy chế', en: 'Regulation not found' }, text: { vi: 'Quy chế của liên kết này không còn trong hệ thống. Xin liên hệ Văn phòng giúp việc.', en: 'The regulation this link belongs to is no longer in the system. Please contact the secretariat.' } },
  page: { status: 404, title: { vi: 'Không có trang này', en: 'Page not found' }, text: { vi: 'Xin mở liên kết cá nhân trong thư mời góp ý.', en: 'Please open the personal link from your email.' } },
  expired: { status: 410, title: { vi: 'Liên kết đã hết hạn', en: 'This link has expired' }, text: { vi: 'Thời hạn trả lời qua liên kết này đã hết. Xin gửi văn bản trả lời cho Văn phòng giúp việc.', en: 'The time to answer through this link is over. Please send your answer to the secretariat by letter.' } },
  closed: { status: 410, title: { vi: 'Bước này đã kết thúc', en: 'This step is closed' }, text: { vi: 'Bước mà liên kết này dành cho đã kết thúc nên không còn nhận trả lời. Khi có bước mới, cơ quan sẽ nhận thư kèm liên kết mới.', en: 'The step this link was for is over and takes no more answers. When a new step opens, your body receives an email with a new link.' } },
  forged: { status: 403, title: { vi: 'Biểu mẫu không được chấp nhận', en: 'The form was not accepted' }, text: { vi: 'Biểu mẫu không được gửi từ trang của liên kết này (hoặc trang đã quá cũ). Xin mở lại liên kết trong thư và gửi lại.', en: 'The form was not sent from this link\'s page (or the page was too old). Please open the link from the email again and resubmit.' } },
  badForm: { status: 400, title: { vi: 'Biểu mẫu không hợp lệ', en: 'The form is not valid' }, text: { vi: 'Nội dung gửi lên không đúng biểu mẫu của liên kết này. Xin mở lại liên kết trong thư.', en: 'What was sent does not match this link\'s form. Please open the link from the email again.' } },
  tooLarge: { status: 413, title: { vi: 'Nội dung quá lớn', en: 'Too much text' }, text: { vi: `Mỗi lần gửi tối đa ${MAX_BODY_BYTES / 1024} KB. Văn bản dài hơn xin gửi kèm đường dẫn.`, en: `A submission takes at most ${MAX_BODY_BYTES / 1024} KB. Please link a document for longer texts.` } },
  mediaType: { status: 415, title: { vi: 'Biểu mẫu không hợp lệ', en: 'The form is not valid' }, text: { vi: 'Xin gửi bằng biểu mẫu trên trang.', en: 'Please submit the form on the page.' } },
  method: { status: 405, title: { vi: 'Thao tác không được hỗ trợ', en: 'Not supported' }, text: { vi: 'Trang này chỉ để xem và gửi biểu mẫu.', en: 'This page can only be viewed and its form submitted.' } },
  tooMany: { status: 429, title: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' }, text: { vi: 'Có quá nhiều yêu cầu từ địa chỉ này. Xin đợi một phút rồi mở lại liên kết trong thư.', en: 'Too many requests came from this address. Please wait a minute, then open the link from the email again.' } },
  unavailable: { status: 503, title: { vi: 'Hệ thống tạm thời gián đoạn', en: 'Temporarily unavailable' }, text: { vi: 'Chưa ghi nhận được gì. Xin thử lại sau ít phút.', en: 'Nothing was recorded. Please try again in a few minutes.' } },
} satisfies Record<string, { status: number; title: Localized; text: Localized }>;
type Refusal = keyof typeof REFUSALS;

class Refused extends Error {
  constructor(
    readonly reason: Refusal,
    /** The page's language, once the body is known. */
    readonly lang?: 'vi' | 'en',
  ) {
    super(reason);
  }
}

interface Reply {
  status: number;
  html: string;
  headers?: Record<string, string>;
}

/** Everything a step page needs, loaded from Temporal after the token checked out. */
interface StepContext {
  claims: TokenClaims;
  regulation: Regulation;
  view: Omit<StepView, 'csrf' | 'notice'>;
  status: LifecycleStatus;
  review?: ReviewStatus;
  existing?: Answer | { at: string; assessments: Record<string, string> } | { signer: string; signedAt: string };
}

/**
 * Counts a client's link requests per minute (fixed windows), so nobody can hammer the links, or
 * Temporal behind them, from one address. Memory is bounded: stale windows are swept as they age.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly maxClients = 10_000,
  ) {}

  /** Seconds to wait when `client` is over the limit at `now`, else undefined (and the request is counted). */
  retryAfter(client: string, now: number): number | undefined {
    if (this.perMinute <= 0) return undefined;
    let w = this.windows.get(client);
    if (!w || now - w.start >= 60_000) {
      if (!w && this.windows.size >= this.maxClients) this.sweep(now);
      w = { start: now, count: 0 };
      this.windows.set(client, w);
    }
    w.count += 1;
    return w.count > this.perMinute ? Math.ceil((w.start + 60_000 - now) / 1000) : undefined;
  }

  private sweep(now: number): void {
    for (const [client, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(client);
    // Still full of live windows: forget the oldest rather than grow without bound.
    if (this.windows.size >= this.maxClients) this.windows.delete(this.windows.keys().next().value as string);
  }
}

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** Starts the portal; resolves once it listens. */
export async function startPortal(opts: PortalOptions): Promise<Portal> {
  assertSecret(opts.secret);
  const base = new URL(opts.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`PORTAL_URL ${opts.baseUrl} is not an http(s) URL: set e.g. https://portal.example.org`);
  const origin = base.origin;
  const secure = base.protocol === 'https:';
  const log = opts.log ?? (() => undefined);
  const regulationOf = opts.regulationOf ?? regulationLookup(opts.api.client);
  const { api, secret } = opts;

  const limiter = new RateLimiter(opts.rateLimit ?? 60);
  const clientAddress = (req: http.IncomingMessage): string => {
    const forwarded = opts.trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : undefined;
    return forwarded || req.socket.remoteAddress || 'unknown';
  };

  const csrfFor = (token: string, nonce: string): string => crypto.createHmac('sha256', secret).update(`regulations-portal.csrf.${token}.${nonce}`).digest('base64url');

  function refusal(reason: Refusal, lang?: 'vi' | 'en'): Reply {
    const r = REFUSALS[reason];
    return { status: r.status, html: lang ? refusalPage(lang, r.title, r.text) : bilingualPage(r.title, r.text) };
  }

  /** Positive evidence that a POST comes from our own page, and none that it does not. */
  function fromOwnPage(req: http.IncomingMessage): boolean {
    const site = req.headers['sec-fetch-site'];
    const from = req.headers.origin;
    // With Referrer-Policy no-referrer a browser sends `Origin: null` on same-origin POSTs; Sec-Fetch-Site then tells.
    if (site !== undefined && site !== 'same-origin') return false;
    if (from !== undefined && from !== 'null' && from !== origin) return false;
    let refererOrigin: string | undefined;
    if (req.headers.referer !== undefined) {
      try {
        refererOrigin = new URL(req.headers.referer).origin;
      } catch {
        return false;
      }
      if (refererOrigin !== origin) return false;
    }
    return site === 'same-origin' || from === origin || refererOrigin === origin;
  }

  function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') return Promise.reject(new Refused('mediaType'));
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY_BYTES) return Promise.reject(new Refused('tooLarge'));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          req.removeAllListeners('data');
          req.resume();
          reject(new Refused('tooLarge'));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
      req.on('error', reject);
    });
  }

  function cookieNonce(req: http.IncomingMessage): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, value] = part.trim().split('=');
      if (name === CSRF_COOKIE && value && NONCE.test(value)) return value;
    }
    return undefined;
  }

  async function loadContext(claims: TokenClaims): Promise<StepContext> {
    const regulation = await regulationOf(claims.lifecycleId);
    if (!regulation) throw new Refused('notFound');
    const body = regulation.bodies.find((b) => b.id === claims.body);
    if (!body) throw new Refused('invalid');
    const lang = body.locale;
    let status: LifecycleStatus;
    try {
      status = await api.status(claims.lifecycleId);
    } catch (err) {
      if (err instanceof UserError) throw new Refused('notFound', lang);
      throw err;
    }
    // Links expire after the step's deadline, which is in the lifecycle's schedule time.
    if (isExpired(claims, Date.parse(status.now))) throw new Refused('expired', lang);
    if (status.stage === 'closed' || status.stage === 'withdrawn') throw new Refused('closed', lang);
    const base = { lang, zone: regulation.timezone, regulationTitle: regulation.title, bodyName: body.name, areas: regulation.areas };
    const draftOf = (version?: string) => status.drafts.find((d) => d.version === version);

    if (claims.purpose === 'feedback') {
      const round = status.rounds.find((r) => r.n === claims.step);
      if (!round || status.stage !== 'consultation' || status.round !== claims.step || round.closedAt) throw new Refused('closed', lang);
      const deadline = status.deadlines.find((d) => d.key === round.deadlineKey);
      const draft = draftOf(round.draftVersion);
      return {
        claims, regulation, status, existing: round.answers[body.id],
        view: { ...base, stepLabel: deadline?.label ?? { vi: `Góp ý dự thảo ${round.draftVersion} (vòng ${round.n})`, en: `Comments on draft ${round.draftVersion} (round ${round.n})` }, document: draft && { version: draft.version, link: draft.link }, lastDay: deadline?.lastDay },
      };
    }
    if (claims.purpose === 'review-report') {
      let review: ReviewStatus;
      try {
        review = await api.reviewStatus(claims.lifecycleId, claims.step);
      } catch (err) {
        if (err instanceof UserError) throw new Refused('closed', lang);
        throw err;
      }
      if (review.outcome) throw new Refused('closed', lang);
      const deadline = review.deadlines.find((d) => d.key.endsWith('/reports'));
      const name: Localized = review.kind === 'tong-ket' ? { vi: 'Báo cáo tổng kết', en: 'Report for the final review' } : { vi: `Báo cáo sơ kết lần ${review.n}`, en: `Report for preliminary review ${review.n}` };
      return {
        claims, regulation, status, review, existing: review.reports[body.id],
        view: { ...base, stepLabel: deadline?.label ?? name, lastDay: deadline?.lastDay, meeting: { label: T.meeting, at: review.meetingAt } },
      };
    }
    if (status.stage !== 'signing' || status.cycle !== claims.step) throw new Refused('closed', lang);
    const deadline = status.deadlines.find((d) => /(^|\/)signing$/.test(d.key));
    const draft = status.drafts[status.drafts.length - 1];
    return {
      claims, regulation, status, existing: status.signatures[body.id],
      view: { ...base, stepLabel: { vi: 'Ký kết quy chế phối hợp', en: 'Signing of the coordination regulation' }, document: draft && { version: draft.version, link: draft.link }, lastDay: deadline?.lastDay, meeting: { label: T.signingSession, at: status.signingSession?.at } },
    };
  }

  function render(ctx: StepContext, csrf: string, values: FormValues, notice?: StepView['notice']): string {
    const view: StepView = { ...ctx.view, csrf, notice };
    if (ctx.claims.purpose === 'feedback') return feedbackPage(view, ctx.existing as Answer | undefined, values);
    if (ctx.claims.purpose === 'review-report') return reviewReportPage(view, ctx.existing as { at: string; assessments: Record<string, string> } | undefined, values);
    const body = ctx.regulation.bodies.find((b) => b.id === ctx.claims.body);
    return signaturePage(view, ctx.existing as { signer: string; signedAt: string } | undefined, { areas: {}, signer: values.signer ?? body?.signatory.name });
  }

  /** The form's fields, strictly: only this purpose's names, each at most once, within length limits. */
  function formValues(ctx: StepContext, form: URLSearchParams): FormValues | 'too-long' {
    const areaIds = new Set(ctx.regulation.areas.map((a) => a.id));
    const allowed: Record<TokenClaims['purpose'], string[]> = { feedback: ['general', 'decision', 'reference', 'submittedBy'], 'review-report': ['submittedBy'], signature: ['signer'] };
    const seen = new Set<string>();
    const values: FormValues = { areas: {} };
    let tooLong = false;
    for (const [name, raw] of form) {
      if (seen.has(name)) throw new Refused('badForm');
      seen.add(name);
      if (name === 'csrf') continue;
      const value = raw.replace(/\r\n?/g, '\n');
      const area = name.startsWith('area.') ? name.slice(5) : undefined;
      if (area !== undefined && ctx.claims.purpose !== 'signature' && areaIds.has(area)) {
        tooLong ||= value.length > MAX_FIELD;
        values.areas[area] = value;
        continue;
      }
      if (!allowed[ctx.claims.purpose].includes(name)) throw new Refused('badForm');
      tooLong ||= value.length > (name === 'general' ? MAX_FIELD : MAX_LINE);
      (values as unknown as Record<string, string>)[name] = value;
    }
    return tooLong ? 'too-long' : values;
  }

  const opt = (s?: string): string | undefined => (s && s.trim() ? s.trim() : undefined);

  async function submit(ctx: StepContext, v: FormValues): Promise<{ ok: true; ctx: StepContext } | { ok: false; message: string }> {
    const { lifecycleId, body, step } = ctx.claims;
    const areaTexts = Object.fromEntries(ctx.regulation.areas.map((a) => [a.id, opt(v.areas[a.id])]).filter((e): e is [string, string] => e[1] !== undefined));
    try {
      if (ctx.claims.purpose === 'feedback') {
        const lang = ctx.view.lang;
        if (v.decision !== 'agree' && v.decision !== 'request-changes') return { ok: false, message: T.chooseDecision[lang] };
        const comments = [...Object.entries(areaTexts).map(([area, text]) => ({ area, text })), ...(opt(v.general) ? [{ text: opt(v.general)! }] : [])];
        await api.submitFeedback(lifecycleId, { body, round: step as number, decision: v.decision, comments, reference: opt(v.reference), submittedBy: opt(v.submittedBy) });
        // The update answers with a receipt: the page shows the state after it, from the status.
        const status = await api.status(lifecycleId);
        const round = status.rounds.find((r) => r.n === step);
        return { ok: true, ctx: { ...ctx, status, existing: round?.answers[body] } };
      }
      if (ctx.claims.purpose === 'review-report') {
        const review = ctx.review!;
        await api.submitReviewReport(lifecycleId, { body, review: review.n, assessments: areaTexts, submittedBy: opt(v.submittedBy), final: step === 'final' });
        const result = await api.reviewStatus(lifecycleId, step === 'final' ? 'final' : review.n);
        return { ok: true, ctx: { ...ctx, review: result, existing: result.reports[body] } };
      }
      await api.recordSignature(lifecycleId, { body, signer: v.signer?.trim() ?? '' });
      const status = await api.status(lifecycleId);
      return { ok: true, ctx: { ...ctx, status, existing: status.signatures[body] } };
    } catch (err) {
      if (err instanceof UserError) return { ok: false, message: err.message.replace(/^rejected: /, '') };
      throw err;
    }
  }

  async function respond(req: http.IncomingMessage, note: (l: string) => void): Promise<Reply> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/healthz' && req.method === 'GET') {
      note('health');
      return { status: 200, html: 'ok', headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
    }
    const m = /^\/r\/([^/]+)$/.exec(path);
    if (!m) return refusal('page');
    const wait = limiter.retryAfter(clientAddress(req), Date.now());
    if (wait !== undefined) {
      note('rate limited');
      return { ...refusal('tooMany'), headers: { 'Retry-After': String(wait) } };
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') return { ...refusal('method'), headers: { Allow: 'GET, HEAD, POST' } };
    const token = m[1]!;
    const verified = verifyToken(token, secret);
    if (!verified.ok) {
      note(`link refused (${verified.problem})`);
      return refusal('invalid');
    }
    const { claims } = verified;
    note(`${claims.purpose} ${claims.lifecycleId} ${claims.body} step ${claims.step}`);

    let form: URLSearchParams | undefined;
    if (req.method === 'POST') {
      if (!fromOwnPage(req)) return refusal('forged');
      form = await readForm(req);
      const nonce = cookieNonce(req);
      const field = form.get('csrf');
      if (!nonce || !field || !safeEqual(field, csrfFor(token, nonce))) return refusal('forged');
    }

    try {
      const ctx = await loadContext(claims);
      const lang = ctx.view.lang;
      let nonce = cookieNonce(req);
      const headers: Record<string, string> = {};
      if (!nonce) {
        nonce = crypto.randomBytes(16).toString('base64url');
        headers['Set-Cookie'] = `${CSRF_COOKIE}=${nonce}; Path=/r/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
      }
      const csrf = csrfFor(token, nonce);
      if (!form) return { status: 200, html: render(ctx, csrf, { areas: {} }), headers };

      const values = formValues(ctx, form);
      if (values === 'too-long') return { status: 400, html: render(ctx, csrf, { areas: {} }, { ok: false, text: T.fieldTooLong[lang].replace('{n}', String(MAX_FIELD)) }), headers };
      const result = await submit(ctx, values);
      if (!result.ok) {
        note('rejected');
        return { status: 422, html: render(ctx, csrf, values, { ok: false, text: `${T.notRecorded[lang]} ${result.message}` }), headers };
      }
      const done = { feedback: T.feedbackRecorded, 'review-report': T.reportRecorded, signature: T.signatureRecorded }[claims.purpose][lang];
      note('recorded');
      return { status: 200, html: render(result.ctx, csrf, { areas: {} }, { ok: true, text: done }), headers };
    } catch (err) {
      if (err instanceof Refused) return refusal(err.reason, err.lang);
      throw err;
    }
  }

  const server = http.createServer((req, res) => {
    const started = Date.now();
    const what: string[] = [];
    const finish = (reply: Reply): void => {
      log(`portal: ${req.method} ${what.join(' ')} → ${reply.status} (${Date.now() - started} ms)`);
      if (res.headersSent) return;
      res.writeHead(reply.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...reply.headers });
      res.end(reply.html);
    };
    respond(req, (l) => what.push(l))
      .then(finish)
      .catch((err: unknown) => {
        if (err instanceof Refused) {
          // A refused body (too large) is not read to its end: close the connection after the answer.
          res.shouldKeepAlive = false;
          finish(refusal(err.reason));
          return;
        }
        what.push(`error: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
        finish(refusal('unavailable'));
      });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  const host = opts.host ?? (isLoopback(base) ? '127.0.0.1' : '0.0.0.0');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log(`portal: listening on ${host}:${port}, links point to ${opts.baseUrl}`);
  return {
    url: opts.baseUrl.replace(/\/+$/, ''),
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
