/**
 * The personal links in request emails (`/r/<token>`): a link's token names the lifecycle, body,
 * step and purpose, and signs its holder in for that one step only. The page shows the step and a
 * form; a submission becomes the matching validated update through the typed client. Anything
 * wrong with the link or the form is refused with a page that says so, before Temporal is asked.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { UserError, type RegulationsClient } from '../api';
import type { Answer, LifecycleStatus, ReviewStatus } from '../../domain/lifecycle';
import type { Localized } from '../../domain/locale';
import type { Regulation } from '../../domain/regulation';
import { T } from '../portal/html';
import {
  feedbackPage,
  MAX_FIELD,
  MAX_LINE,
  reviewReportPage,
  signaturePage,
  type FormValues,
  type StepView,
} from '../portal/pages';
import { isExpired, verifyToken, type TokenClaims } from '../../links/token';
import { Refused } from './refusals';
import { LABELS } from '../../domain/words';

/** Everything a step page needs, loaded from Temporal after the token checked out. */
interface StepContext {
  claims: TokenClaims;
  regulation: Regulation;
  view: Omit<StepView, 'csrf' | 'notice'>;
  status: LifecycleStatus;
  review?: ReviewStatus;
  existing?: Answer | { at: string; assessments: Record<string, string> } | { signer: string; signedAt: string };
}

export interface StepLinkDeps {
  api: RegulationsClient;
  secret: string;
  regulationOf: (lifecycleId: string) => Promise<Regulation | undefined>;
  /** Per-route rate limit of link requests (per client address and minute); undefined = none. */
  rateLimit?: number;
}

/** The anti-forgery binding of a step link's form: its token, so a form only posts back to its own link. */
export const linkUser = (token: string): string => `link:${token}`;

/** The form's fields, strictly: only the names the purpose has, each at most once, within length limits. */
export function strictForm(
  body: unknown,
  areaIds: Set<string>,
  allowed: string[],
  allowAreas: boolean,
): FormValues | 'too-long' {
  if (typeof body !== 'object' || body === null) throw new Refused('badForm');
  const values: FormValues = { areas: {} };
  let tooLong = false;
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    // A repeated field arrives as an array: refused, never merged.
    if (typeof raw !== 'string') throw new Refused('badForm');
    if (name === 'csrf') continue;
    const value = raw.replace(/\r\n?/g, '\n');
    const area = name.startsWith('area.') ? name.slice(5) : undefined;
    if (area !== undefined && allowAreas && areaIds.has(area)) {
      tooLong ||= value.length > MAX_FIELD;
      values.areas[area] = value;
      continue;
    }
    if (!allowed.includes(name)) throw new Refused('badForm');
    tooLong ||= value.length > (name === 'general' ? MAX_FIELD : MAX_LINE);
    (values as unknown as Record<string, string>)[name] = value;
  }
  return tooLong ? 'too-long' : values;
}

export const opt = (s?: string): string | undefined => (s && s.trim() ? s.trim() : undefined);

/** GET and POST /r/:token: public, the signed token is the credential. */
export const stepLinks: FastifyPluginAsync<StepLinkDeps> = async (app, deps) => {
  const { api, secret, regulationOf } = deps;

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
    const base = {
      lang,
      zone: regulation.timezone,
      regulationTitle: regulation.title,
      bodyName: body.name,
      areas: regulation.areas,
    };
    const draftOf = (version?: string) => status.drafts.find((d) => d.version === version);

    if (claims.purpose === 'feedback') {
      const round = status.rounds.find((r) => r.n === claims.step);
      if (!round || status.stage !== 'consultation' || status.round !== claims.step || round.closedAt)
        throw new Refused('closed', lang);
      const deadline = status.deadlines.find((d) => d.key === round.deadlineKey);
      const draft = draftOf(round.draftVersion);
      return {
        claims,
        regulation,
        status,
        existing: round.answers[body.id],
        view: {
          ...base,
          stepLabel: deadline?.label ?? {
            vi: `Góp ý dự thảo ${round.draftVersion} (vòng ${round.n})`,
            en: `Comments on draft ${round.draftVersion} (round ${round.n})`,
          },
          document: draft && { version: draft.version, link: draft.link },
          lastDay: deadline?.lastDay,
        },
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
      const name: Localized = LABELS.reviewReports(review.kind, review.n);
      return {
        claims,
        regulation,
        status,
        review,
        existing: review.reports[body.id],
        view: {
          ...base,
          stepLabel: deadline?.label ?? name,
          lastDay: deadline?.lastDay,
          meeting: { label: T.meeting, at: review.meetingAt },
        },
      };
    }
    if (status.stage !== 'signing' || status.cycle !== claims.step) throw new Refused('closed', lang);
    const deadline = status.deadlines.find((d) => /(^|\/)signing$/.test(d.key));
    const draft = status.drafts[status.drafts.length - 1];
    return {
      claims,
      regulation,
      status,
      existing: status.signatures[body.id],
      view: {
        ...base,
        stepLabel: LABELS.signing,
        document: draft && { version: draft.version, link: draft.link },
        lastDay: deadline?.lastDay,
        meeting: { label: T.signingSession, at: status.signingSession?.at },
      },
    };
  }

  function render(ctx: StepContext, csrf: string, values: FormValues, notice?: StepView['notice']): string {
    const view: StepView = { ...ctx.view, csrf, notice };
    if (ctx.claims.purpose === 'feedback') return feedbackPage(view, ctx.existing as Answer | undefined, values);
    if (ctx.claims.purpose === 'review-report')
      return reviewReportPage(
        view,
        ctx.existing as { at: string; assessments: Record<string, string> } | undefined,
        values,
      );
    const body = ctx.regulation.bodies.find((b) => b.id === ctx.claims.body);
    return signaturePage(view, ctx.existing as { signer: string; signedAt: string } | undefined, {
      areas: {},
      signer: values.signer ?? body?.signatory.name,
    });
  }

  const allowed: Record<TokenClaims['purpose'], string[]> = {
    feedback: ['general', 'decision', 'reference', 'submittedBy'],
    'review-report': ['submittedBy'],
    signature: ['signer'],
  };

  async function submit(
    ctx: StepContext,
    v: FormValues,
  ): Promise<{ ok: true; ctx: StepContext } | { ok: false; message: string }> {
    const { lifecycleId, body, step } = ctx.claims;
    const areaTexts = Object.fromEntries(
      ctx.regulation.areas
        .map((a) => [a.id, opt(v.areas[a.id])])
        .filter((e): e is [string, string] => e[1] !== undefined),
    );
    try {
      if (ctx.claims.purpose === 'feedback') {
        const lang = ctx.view.lang;
        if (v.decision !== 'agree' && v.decision !== 'request-changes')
          return { ok: false, message: T.chooseDecision[lang] };
        const comments = [
          ...Object.entries(areaTexts).map(([area, text]) => ({ area, text })),
          ...(opt(v.general) ? [{ text: opt(v.general)! }] : []),
        ];
        await api.submitFeedback(lifecycleId, {
          body,
          round: step as number,
          decision: v.decision,
          comments,
          reference: opt(v.reference),
          submittedBy: opt(v.submittedBy),
        });
        // The update's result may shrink to a receipt: read the state back with the status query.
        const status = await api.status(lifecycleId);
        const round = status.rounds.find((r) => r.n === step);
        return { ok: true, ctx: { ...ctx, status, existing: round?.answers[body] } };
      }
      if (ctx.claims.purpose === 'review-report') {
        const review = ctx.review!;
        await api.submitReviewReport(lifecycleId, {
          body,
          review: review.n,
          assessments: areaTexts,
          submittedBy: opt(v.submittedBy),
          final: step === 'final',
        });
        const result = await api.reviewStatus(lifecycleId, step);
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

  function claimsOf(req: FastifyRequest<{ Params: { token: string } }>): TokenClaims {
    const verified = verifyToken(req.params.token, secret);
    if (!verified.ok) {
      req.note(`link refused (${verified.problem})`);
      throw new Refused('invalid');
    }
    const { claims } = verified;
    req.note(`${claims.purpose} ${claims.lifecycleId} ${claims.body} step ${claims.step}`);
    return claims;
  }

  const html = (reply: FastifyReply, status: number, body: string): FastifyReply =>
    reply.code(status).type('text/html; charset=utf-8').send(body);
  const config = deps.rateLimit ? { rateLimit: { max: deps.rateLimit, timeWindow: '1 minute' } } : {};

  app.get<{ Params: { token: string } }>('/r/:token', { config }, async (req, reply) => {
    const ctx = await loadContext(claimsOf(req));
    return html(reply, 200, render(ctx, reply.generateCsrf({ userInfo: linkUser(req.params.token) }), { areas: {} }));
  });

  app.post<{ Params: { token: string } }>(
    '/r/:token',
    { config, preHandler: app.csrfProtection },
    async (req, reply) => {
      const claims = claimsOf(req);
      const ctx = await loadContext(claims);
      const lang = ctx.view.lang;
      const csrf = reply.generateCsrf({ userInfo: linkUser(req.params.token) });
      const values = strictForm(
        req.body,
        new Set(ctx.regulation.areas.map((a) => a.id)),
        allowed[claims.purpose],
        claims.purpose !== 'signature',
      );
      if (values === 'too-long')
        return html(
          reply,
          400,
          render(ctx, csrf, { areas: {} }, { ok: false, text: T.fieldTooLong[lang].replace('{n}', String(MAX_FIELD)) }),
        );
      const result = await submit(ctx, values);
      if (!result.ok) {
        req.note('rejected');
        return html(
          reply,
          422,
          render(ctx, csrf, values, { ok: false, text: `${T.notRecorded[lang]} ${result.message}` }),
        );
      }
      const done = { feedback: T.feedbackRecorded, 'review-report': T.reportRecorded, signature: T.signatureRecorded }[
        claims.purpose
      ][lang];
      req.note('recorded');
      return html(reply, 200, render(result.ctx, csrf, { areas: {} }, { ok: true, text: done }));
    },
  );
};
