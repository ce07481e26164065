/**
 * The signed-in pages: My work, Regulations, one regulation, and the action forms. Every page
 * and action first checks what the signed-in address may see and do in that regulation.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { localDate } from '../../domain/schedule/deadlines';
import { buildTimetable, timetableTitle } from '../../domain/schedule/timetable';
import type { LifecycleStatus, ReviewStatus } from '../../domain/lifecycle';
import type { Locale, Localized } from '../../domain/locale';
import type { Regulation } from '../../domain/regulation';
import { scheduleNow, UserError, type RegulationsClient } from '../api';
import { exportMarkdown } from '../commands/export';
import { commentRows } from '../../domain/comments';
import {
  capitalized,
  COMMENT_COLUMN,
  DECISION,
  DOCUMENT,
  HANDLING,
  IN_DIGEST,
  LABELS,
  MAIL_KIND,
  NOT_ANSWERED,
  OUTCOME,
  stepKeyLabel,
} from '../../domain/words';
import type { MailKind } from '../../domain/mail';
import {
  accessIn,
  BODY_ACTIONS,
  canSee,
  mayAct,
  SECRETARIAT_ACTIONS,
  seesAllBodies,
  visibleBodies,
  type Access,
  type Action,
} from './access';
import { ACTION_TITLES, actionFields, readActionForm, runAction, type ActionContext } from './actions';
import { html, langOf, navOf } from './request';
import { STAGES, workingDaysLeft, type ConsoleListing, type WorkingCalendars } from './listing';
import { Refused } from './refusals';
import { localizeRejection } from './rejections';
import type { Listed } from './sign-in';
import { actionForm, adoptedText, C, consolePage, esc, formatDay, formatInstant, table } from './views';

const HISTORY: Localized = { vi: 'Toàn bộ hồ sơ', en: 'Full history' };
const HISTORY_LINK: Localized = {
  vi: 'Xem toàn bộ hồ sơ (thư đã gửi, trao đổi thông tin của mọi giai đoạn)',
  en: 'Show the full history (emails and exchanges of every stage)',
};
const CURRENT_STAGE_ONLY: Localized = {
  vi: 'Của giai đoạn hiện tại; các giai đoạn trước ở trang toàn bộ hồ sơ.',
  en: 'This stage only; earlier stages are on the history page.',
};
const TEXTS_IN_HISTORY: Localized = { vi: 'nội dung ở trang toàn bộ hồ sơ', en: 'texts on the history page' };
/** A body's answer and a review's outcome, as a table cell names them. */
const DECISIONS: Record<string, Localized> = {
  ...DECISION,
  continue: capitalized(OUTCOME.continue),
  amend: capitalized(OUTCOME.amend),
  end: capitalized(OUTCOME.end),
};

export interface PagesDeps {
  api: RegulationsClient;
  listing: ConsoleListing;
  regulationOf: (lifecycleId: string, runId?: string) => Promise<Regulation | undefined>;
  operators: string[];
  calendars: WorkingCalendars;
}

export { workingDaysLeft };

/** The open review of a lifecycle, if its child workflow runs and has no outcome yet. */
async function openReview(api: RegulationsClient, id: string, s: LifecycleStatus): Promise<ReviewStatus | undefined> {
  if (!s.nextReview) return undefined;
  try {
    const r = await api.reviewStatus(id, s.nextReview.kind === 'tong-ket' ? 'final' : s.nextReview.n, 1);
    return r.outcome ? undefined : r;
  } catch (err) {
    if (err instanceof UserError) return undefined;
    throw err;
  }
}

/** A regulation's page, its history, exports and action forms, behind the sign-in guard. */
export const regulationPages: FastifyPluginAsync<PagesDeps> = async (app, deps) => {
  const { api, listing, regulationOf, operators, calendars } = deps;

  /** The one regulation the address may open, or a refusal (unknown and forbidden look the same). */
  async function oneOf(email: string, id: string, lang: Locale): Promise<{ listed: Listed; access: Access }> {
    const row = await listing.one(id);
    if (!row || row.status !== 'RUNNING') throw new Refused('forbidden', lang);
    // A lifecycle's definition never changes within a run: cached by run id (client/portal/regulation-lookup.ts).
    const regulation = await regulationOf(id, row.runId || undefined);
    if (!regulation) throw new Refused('forbidden', lang);
    const access = accessIn(regulation, email, operators);
    if (!canSee(access)) throw new Refused('forbidden', lang);
    return { listed: { lifecycleId: id, regulation }, access };
  }

  /**
   * A regulation's page: of the current stage (the status query alone: earlier runs' emails and
   * exchanges are read only on the history page), or `full`, completed from the histories of
   * every earlier run and review.
   */
  async function regulationPage(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, full: boolean) {
    const lang = langOf(req);
    const { listed, access } = await oneOf(req.user, req.params.id, lang);
    const s = full ? await api.status(listed.lifecycleId, 3) : await api.liveStatus(listed.lifecycleId, 3);
    const review = await openReview(api, listed.lifecycleId, s);
    const title = listed.regulation.title[lang];
    return html(
      reply,
      200,
      consolePage(
        lang,
        full ? `${title} — ${HISTORY[lang]}` : title,
        regulationView(lang, listed, access, s, review, full),
        navOf(req, reply, req.user),
      ),
    );
  }

  app.get<{ Params: { id: string } }>('/regulations/:id', (req, reply) => regulationPage(req, reply, false));

  /** Exchanges and (for the secretariat and operators) emails: this stage's, or the whole record on the history page. */
  /** What a sent email was, in words: its kind and its step ("Đề nghị góp ý · Góp ý dự thảo v1 (vòng 1)"). */
  function mailName(lang: Locale, s: LifecycleStatus, m: LifecycleStatus['mails'][number]): string {
    const t = (x: Localized): string => esc(x[lang]);
    const versionOf = (cycle: number, n: number): string | undefined =>
      s.rounds.find((r) => r.cycle === cycle && r.n === n)?.draftVersion;
    const kind = MAIL_KIND[m.kind as MailKind];
    const step = stepKeyLabel(m.stepKey, versionOf);
    const words = [kind ? t(kind) : '', step ? t(step) : ''].filter(Boolean).join(' · ');
    return m.via === 'digest' ? `${words} (${t(IN_DIGEST)})` : words;
  }

  function logSections(lang: Locale, reg: Regulation, a: Access, s: LifecycleStatus, current: boolean): string {
    const t = (x: Localized): string => esc(x[lang]);
    const shown = visibleBodies(a, reg);
    const bodyName = (id: string): string => t(reg.bodies.find((b) => b.id === id)?.name ?? { vi: id, en: id });
    const when = (iso: string): string => esc(formatInstant(lang, iso, reg.timezone));
    const exchanges = table(
      C.exchanges[lang],
      [C.when[lang], C.body[lang], C.item[lang]],
      s.exchanges
        .filter((e) => a.secretariat || a.operator || shown.includes(e.from) || e.to.some((b) => shown.includes(b)))
        .map((e) => [
          when(e.at),
          `${bodyName(e.from)} → ${e.to.map(bodyName).join(', ')}`,
          `<strong>${esc(e.subject)}</strong> — ${esc(e.summary)}`,
        ]),
    );
    const mails =
      a.secretariat || a.operator
        ? table(
            C.mails[lang],
            [C.when[lang], C.recipients[lang], C.item[lang]],
            s.mails.slice(-200).map((m) => [when(m.at), esc(m.to.join(', ')), mailName(lang, s, m)]),
          )
        : '';
    const note = current ? `<p class="muted">${t(CURRENT_STAGE_ONLY)}</p>` : '';
    const section = (hid: string, title: Localized, content: string): string =>
      `<section aria-labelledby="${hid}"><h2 id="${hid}">${t(title)}</h2>${note}${content || `<p>${t(C.none)}</p>`}</section>`;
    return `${section('h-exchanges', C.exchanges, exchanges)}
${a.secretariat || a.operator ? section('h-mails', C.mails, mails) : ''}`;
  }

  /** One regulation: from the status query, or (`full`) from the whole record on the history page. */
  function regulationView(
    lang: Locale,
    listed: Listed,
    a: Access,
    s: LifecycleStatus,
    open?: ReviewStatus,
    full = false,
  ): string {
    const reg = listed.regulation;
    const t = (x: Localized): string => esc(x[lang]);
    const zone = reg.timezone;
    const shown = visibleBodies(a, reg);
    const bodyName = (id: string): string => t(reg.bodies.find((b) => b.id === id)?.name ?? { vi: id, en: id });
    const day = (d: string): string => esc(formatDay(lang, d, zone));
    const when = (iso: string): string => esc(formatInstant(lang, iso, zone));
    const today = localDate(scheduleNow(s), zone);
    const id = encodeURIComponent(listed.lifecycleId);

    const actions: string[] = [];
    // Answering comments is offered while a round is revised, when there is something to answer.
    if (a.secretariat)
      for (const act of SECRETARIAT_ACTIONS.filter((x) => x !== 'answers' || s.stage === 'revision'))
        actions.push(`<a class="button" href="/regulations/${id}/do/${act}">${t(ACTION_TITLES[act])}</a>`);
    for (const b of a.answers)
      for (const act of [...BODY_ACTIONS, 'exchange' as const])
        actions.push(
          `<a class="button" href="/regulations/${id}/do/${act}?body=${encodeURIComponent(b)}">${t(ACTION_TITLES[act])} — ${bodyName(b)}</a>`,
        );
    if (seesAllBodies(a))
      for (const f of ['record.md', 'record.json', 'record.docx'])
        actions.push(
          `<a href="/regulations/${id}/export/${f}" download>${t(C.exportAs)} ${f.endsWith('.md') ? 'Markdown' : f.endsWith('.json') ? 'JSON' : 'Word (.docx)'}</a>`,
        );
    const actionsHtml = actions.length
      ? `<section aria-labelledby="h-actions"><h2 id="h-actions">${t(C.actions)}</h2><p class="filters">${actions.join(' ')}</p></section>`
      : `<p class="muted">${t(C.readOnly)}</p>`;

    let timeline = '';
    const cal = calendars(reg.calendar);
    if (cal) {
      try {
        const items = buildTimetable(reg, cal).filter((i) => i.kind === 'deadline' || i.kind === 'meeting');
        timeline = table(
          C.timeline[lang],
          [C.deadline[lang], C.item[lang], ''],
          items.map((i) => [
            day(i.date),
            t(timetableTitle(i, reg)),
            i.date < today ? `<span class="past">${t(C.done)}</span>` : t(C.planned),
          ]),
        );
      } catch {
        timeline = '';
      }
    }

    const areaTitle = (areaId?: string): string =>
      areaId ? t(reg.areas.find((x) => x.id === areaId)?.title ?? { vi: areaId, en: areaId }) : t(C.general);
    const matrixRows: string[][] = [];
    for (const b of shown) {
      for (const area of [...reg.areas.map((x) => x.id), undefined]) {
        const cells = s.rounds.map((r) => {
          const ans = r.answers[b];
          if (!ans) return `<span class="muted">${t(C.notAnswered)}</span>`;
          const texts = ans.comments
            .filter((c) => c.area === area)
            .map((c) => `<blockquote>${esc(c.text)}</blockquote>`)
            .join('');
          const head =
            area === undefined
              ? `<strong>${t(DECISIONS[ans.decision]!)}</strong>${ans.reference ? ` · ${t(C.reference)}: ${esc(ans.reference)}` : ''}${ans.submittedBy ? ` · ${esc(ans.submittedBy)}` : ''}${ans.compacted && !full ? ` · <a href="/regulations/${id}/history">${t(TEXTS_IN_HISTORY)}</a>` : ''}`
              : '';
          return head + texts || '—';
        });
        matrixRows.push([bodyName(b), areaTitle(area), ...cells]);
      }
    }
    const matrix = s.rounds.length
      ? table(
          C.matrix[lang],
          [C.body[lang], C.area[lang], ...s.rounds.map((r) => `${C.round[lang]} ${r.n} (${r.draftVersion})`)],
          matrixRows,
        )
      : `<p>${t(C.none)}</p>`;

    // The bảng tổng hợp, tiếp thu, giải trình of each round: every comment with the secretariat's answer.
    const HANDLED: Record<string, Localized> = HANDLING;
    const EXPLAINED: Localized = DOCUMENT.commentTable;
    const explained = s.rounds
      .map((r) => {
        const rows = commentRows(
          r,
          reg.bodies.map((b) => b.id),
        ).filter((x) => shown.includes(x.body));
        if (rows.length === 0) return '';
        const caption = `${EXPLAINED[lang]} — ${C.round[lang]} ${r.n} (${r.draftVersion})`;
        return table(
          caption,
          [
            lang === 'vi' ? 'Mã' : 'Id',
            C.body[lang],
            C.area[lang],
            COMMENT_COLUMN.comment[lang],
            COMMENT_COLUMN.handling[lang],
          ],
          rows.map((x) => [
            esc(x.id),
            bodyName(x.body),
            areaTitle(x.area),
            x.text !== undefined ? `<blockquote>${esc(x.text)}</blockquote>` : '—',
            x.response
              ? `<strong>${t(HANDLED[x.response.handling]!)}</strong>${x.response.explanation ? `: ${esc(x.response.explanation)}` : ''}`
              : `<span class="late">${t(NOT_ANSWERED)}</span>`,
          ]),
        );
      })
      .join('');
    const drafts = table(
      C.drafts[lang],
      [C.drafts[lang], C.link[lang], C.when[lang]],
      s.drafts.map((d) => [
        esc(d.version),
        /^https?:\/\//.test(d.link)
          ? `<a href="${esc(d.link)}" rel="noreferrer noopener">${esc(d.link)}</a>`
          : esc(d.link),
        `${when(d.submittedAt)}${d.note ? ` — ${esc(d.note)}` : ''}`,
      ]),
    );
    /** A deadline by its key, as its label words it (a settled one is no longer listed: named from its key). */
    const versionOf = (cycle: number, n: number): string | undefined =>
      s.rounds.find((r) => r.cycle === cycle && r.n === n)?.draftVersion;
    const deadlineName = (key: string): Localized =>
      s.deadlines.find((d) => d.key === key)?.label ?? stepKeyLabel(key, versionOf) ?? { vi: key, en: key };
    const deadlines = table(
      C.deadlines[lang],
      [C.item[lang], C.deadline[lang], ''],
      [
        // Why this date: the holidays the period counted around, under the date.
        ...s.deadlines.map((d) => [
          t(d.label),
          `${day(d.lastDay)}${d.daysOff?.length ? `<br><small>${esc(lang === 'vi' ? 'Ngày nghỉ đã tính' : 'Days off counted')}: ${d.daysOff.map((o) => `${esc(o.reason)} ${day(o.from)}${o.to !== o.from ? ` – ${day(o.to)}` : ''}`).join('; ')}</small>` : ''}`,
          d.overdue ? `<span class="late">${t(C.overdue)}</span>` : '',
        ]),
        ...s.extensions.map((e) => [t(deadlineName(e.deadline)), `${day(e.from)} → ${day(e.to)}`, esc(e.reason)]),
      ],
    );
    const signatures = table(
      C.signatures[lang],
      [C.body[lang], C.signatures[lang], C.item[lang]],
      Object.entries(s.signatures)
        .filter(([b]) => shown.includes(b))
        .map(([b, sig]) => [bodyName(b), esc(sig.signer), when(sig.signedAt)]),
    );
    const reviews = table(
      C.reviews[lang],
      ['#', C.body[lang], C.area[lang], C.decision[lang]],
      [...s.reviews, ...(open ? [open] : [])].flatMap((r) =>
        'recordedAtAdoption' in r && r.recordedAtAdoption
          ? [
              [
                `${t(LABELS.review(r.kind, r.n))} (${day(r.meetingDate)})`,
                '—',
                '—',
                `${r.outcome ? t(DECISIONS[r.outcome.decision]!) : ''} <em>${t(C.recordedAtAdoption)}</em>${r.outcome?.notes ? ` — ${esc(r.outcome.notes)}` : ''}`,
              ],
            ]
          : Object.entries(r.reports)
              .filter(([b]) => shown.includes(b))
              .flatMap(([b, rep]) =>
                Object.entries(rep.assessments).map(([area, text]) => [
                  `${t(LABELS.review(r.kind, r.n))} (${day(r.meetingDate)})`,
                  bodyName(b),
                  areaTitle(area),
                  `<blockquote>${esc(text)}</blockquote>${r.outcome ? t(DECISIONS[r.outcome.decision]!) : ''}`,
                ]),
              ),
      ),
    );
    const section = (hid: string, title: Localized, content: string): string =>
      `<section aria-labelledby="${hid}"><h2 id="${hid}">${t(title)}</h2>${content || `<p>${t(C.none)}</p>`}</section>`;
    return `<h1>${t(reg.title)}${full ? ` — ${t(HISTORY)}` : ''}</h1>
<section><dl><dt>${t(C.stage)}</dt><dd>${t(STAGES[s.stage])}</dd>${s.adopted ? `<dt>${t(C.adopted)}</dt><dd>${esc(adoptedText(s.adopted, lang))}</dd>` : ''}${s.round !== undefined ? `<dt>${t(C.round)}</dt><dd>${s.round}</dd>` : ''}<dt>${esc(C.temporal[lang])}</dt><dd><a href="${esc(api.uiLink(listed.lifecycleId))}" rel="noreferrer">${esc(listed.lifecycleId)}</a></dd></dl></section>
${actionsHtml}
${section('h-matrix', C.matrix, matrix)}
${explained ? section('h-explained', { vi: 'Tiếp thu, giải trình ý kiến', en: 'Handling of the comments' }, explained) : ''}
${section('h-drafts', C.drafts, drafts)}
${section('h-deadlines', C.deadlines, deadlines)}
${section('h-signatures', C.signatures, signatures)}
${section('h-reviews', C.reviews, reviews)}
${logSections(lang, reg, a, s, !full)}
${full ? `<p><a href="/regulations/${id}">${t(C.back)}</a></p>` : `<p><a href="/regulations/${id}/history">${t(HISTORY_LINK)}</a></p>`}
${section('h-timeline', C.timeline, timeline)}`;
  }

  app.get<{ Params: { id: string } }>('/regulations/:id/history', (req, reply) => regulationPage(req, reply, true));

  app.get<{ Params: { id: string; format: string } }>('/regulations/:id/export/:format', async (req, reply) => {
    const email = req.user;
    const lang = langOf(req);
    const format = req.params.format;
    if (format !== 'record.md' && format !== 'record.json' && format !== 'record.docx') throw new Refused('page', lang);
    const { listed, access } = await oneOf(email, req.params.id, lang);
    // The full record holds every body's answers: the secretariat's and operators' only.
    if (!seesAllBodies(access)) throw new Refused('forbidden', lang);
    const s = await api.status(listed.lifecycleId);
    req.note(`export ${listed.lifecycleId} by ${email}`);
    const filename = `${listed.lifecycleId.replace(/[^A-Za-z0-9._-]/g, '_')}-${format}`;
    if (format === 'record.docx') {
      // The official record in the definition's document style, in the page's language.
      const { documentSettings, recordDocument, renderDocx } = await import('../../activities/documents');
      const doc = await renderDocx(recordDocument(s, listed.regulation, documentSettings(listed.regulation), lang));
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('Content-Disposition', `attachment; filename="${filename}"`)
        .send(doc);
    }
    const json = format.endsWith('.json');
    return reply
      .type(json ? 'application/json; charset=utf-8' : 'text/markdown; charset=utf-8')
      .header(
        'Content-Disposition',
        `attachment; filename="${listed.lifecycleId.replace(/[^A-Za-z0-9._-]/g, '_')}-${format}"`,
      )
      .send(json ? `${JSON.stringify(s, null, 2)}\n` : exportMarkdown(s));
  });

  const ACTIONS = new Set<string>([...SECRETARIAT_ACTIONS, ...BODY_ACTIONS]);

  /** The context of an action form, after every access check; refused otherwise. */
  async function actionContext(
    req: FastifyRequest<{ Params: { id: string; action: string }; Querystring: { body?: string } }>,
    email: string,
    lang: Locale,
  ): Promise<{ action: Action; c: ActionContext }> {
    const { id, action } = req.params;
    if (!ACTIONS.has(action)) throw new Refused('page', lang);
    const { listed, access } = await oneOf(email, id, lang);
    const body = typeof req.query.body === 'string' && req.query.body ? req.query.body : undefined;
    if (!mayAct(access, action as Action, body)) {
      req.note(`refused ${action} for ${body ?? 'secretariat'}`);
      throw new Refused('forbidden', lang);
    }
    // A form shows the texts it answers (e.g. the comments of the round under revision): the full record.
    const status = await api.status(id, 3);
    const review = action === 'report' || action === 'outcome' ? await openReview(api, id, status) : undefined;
    // No open review: nothing to report on or conclude, so no form to show.
    if ((action === 'report' || action === 'outcome') && !review) throw new Refused('closed', lang);
    return {
      action: action as Action,
      c: { lang, lifecycleId: id, regulation: listed.regulation, status, review, body, email },
    };
  }

  function formPage(
    req: FastifyRequest,
    reply: FastifyReply,
    email: string,
    action: Action,
    c: ActionContext,
    values: Record<string, string | string[]>,
    n?: { ok: boolean; text: string },
  ): string {
    const t = (x: Localized): string => esc(x[c.lang]);
    const bodyName = c.body ? c.regulation.bodies.find((b) => b.id === c.body)?.name : undefined;
    const title = `${ACTION_TITLES[action][c.lang]}${bodyName ? ` — ${bodyName[c.lang]}` : ''}`;
    const draft = c.status.drafts[c.status.drafts.length - 1];
    const round = c.status.rounds.find((r) => r.n === c.status.round);
    const deadline =
      action === 'feedback'
        ? c.status.deadlines.find((d) => d.key === round?.deadlineKey)
        : action === 'sign' || action === 'schedule'
          ? c.status.deadlines.find((d) => /signing$/.test(d.key))
          : action === 'report'
            ? c.review?.deadlines.find((d) => d.key.endsWith('/reports'))
            : undefined;
    const due = deadline
      ? `<dt>${t(C.deadline)}</dt><dd><strong>${esc(formatDay(c.lang, deadline.lastDay, c.regulation.timezone))}</strong></dd>`
      : '';
    const facts = `<section><dl><dt>${t(C.regulation)}</dt><dd>${t(c.regulation.title)}</dd><dt>${t(C.stage)}</dt><dd>${t(STAGES[c.status.stage])}${c.status.round !== undefined ? ` · ${t(C.round)} ${c.status.round}` : ''}</dd>${draft ? `<dt>${t(C.drafts)}</dt><dd>${esc(draft.version)}${/^https?:\/\//.test(draft.link) ? ` — <a href="${esc(draft.link)}" rel="noreferrer noopener">${esc(draft.link)}</a>` : ''}</dd>` : ''}${due}</dl></section>`;
    const form = actionForm(
      c.lang,
      reply.generateCsrf({ userInfo: `user:${email}` }),
      actionFields(action, c, values),
      ACTION_TITLES[action][c.lang],
      n,
    );
    return consolePage(
      c.lang,
      title,
      `<h1>${esc(title)}</h1>${facts}${form}<p><a href="/regulations/${encodeURIComponent(c.lifecycleId)}">${t(C.back)}</a></p>`,
      navOf(req, reply, email),
    );
  }

  app.get<{ Params: { id: string; action: string }; Querystring: { body?: string } }>(
    '/regulations/:id/do/:action',
    async (req, reply) => {
      const email = req.user;
      const { action, c } = await actionContext(req, email, langOf(req));
      return html(reply, 200, formPage(req, reply, email, action, c, {}));
    },
  );

  app.post<{ Params: { id: string; action: string }; Querystring: { body?: string } }>(
    '/regulations/:id/do/:action',
    async (req, reply) => {
      const email = req.user;
      const { action, c } = await actionContext(req, email, langOf(req));
      const values = readActionForm(action, c, req.body);
      try {
        await runAction(api, action, c, values);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        req.note(`rejected ${action}`);
        return html(
          reply,
          422,
          formPage(req, reply, email, action, c, values, {
            ok: false,
            text: `${C.notRecorded[c.lang]} ${localizeRejection(err.message.replace(/^rejected: /, ''), c.lang)}`,
          }),
        );
      }
      req.note(`${action} ${c.lifecycleId}${c.body ? ` ${c.body}` : ''} by ${email}`);
      // The update's result may become a small receipt: the page reads the state back with the status query.
      return reply.redirect(`/regulations/${encodeURIComponent(c.lifecycleId)}?done=${action}`, 303);
    },
  );
};
