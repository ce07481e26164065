/**
 * The signed-in pages: My work, Regulations, one regulation, and the action forms. Every page
 * and action first checks what the signed-in address may see and do in that regulation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadCalendar } from '../../activities/schedule/calendar-store';
import { addDays, type WorkingCalendar } from '../../domain/schedule/calendar';
import { localDate } from '../../domain/schedule/deadlines';
import { buildTimetable, timetableTitle } from '../../domain/schedule/timetable';
import { readEnv } from '../../config/env';
import type { LifecycleStatus, ReviewStatus } from '../../domain/lifecycle';
import type { Locale, Localized } from '../../domain/locale';
import type { Regulation, Stage } from '../../domain/regulation';
import { scheduleNow, UserError, type RegulationsClient } from '../api';
import { exportMarkdown } from '../commands/export';
import { commentRows } from '../../domain/comments';
import {
  capitalized,
  DECISION,
  DOCUMENT,
  HANDLING,
  IN_DIGEST,
  LABELS,
  LIFECYCLE_STAGES,
  MAIL_KIND,
  NOT_ANSWERED,
  OUTCOME,
  STAGE,
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
import { html, langOf, signedIn } from './request';
import { Refused } from './refusals';
import { localizeRejection } from './rejections';
import type { Listed } from './sign-in';
import {
  actionForm,
  C,
  consolePage,
  esc,
  formatDay,
  formatInstant,
  signInPage,
  table,
  workTable,
  type WorkItem,
} from './views';

const STAGES: Record<Stage, Localized> = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, STAGE[s]])) as Record<
  Stage,
  Localized
>;
/** A body's answer and a review's outcome, as a table cell names them. */
const DECISIONS: Record<string, Localized> = {
  ...DECISION,
  continue: capitalized(OUTCOME.continue),
  amend: capitalized(OUTCOME.amend),
  end: capitalized(OUTCOME.end),
};

export interface PagesDeps {
  api: RegulationsClient;
  running: () => Promise<Listed[]>;
  operators: string[];
}

const calendars = new Map<string, WorkingCalendar | null>();
function calendarFor(reg: Regulation): WorkingCalendar | undefined {
  if (!calendars.has(reg.calendar)) {
    try {
      calendars.set(reg.calendar, loadCalendar(reg.calendar, readEnv().calendarDir));
    } catch {
      calendars.set(reg.calendar, null);
    }
  }
  return calendars.get(reg.calendar) ?? undefined;
}

/** Whether `d` is a working day; a day outside the calendar's years counts as one. */
function isWorking(cal: WorkingCalendar | undefined, d: string): boolean {
  try {
    return cal ? cal.isWorkingDay(d) : true;
  } catch {
    return true;
  }
}

/** Working days from `today` to the end of `lastDay` (negative once past), or calendar days without a calendar. */
export function workingDaysLeft(cal: WorkingCalendar | undefined, today: string, lastDay: string): number {
  const sign = lastDay >= today ? 1 : -1;
  let n = 0;
  for (let d = today; d !== lastDay && n < 5000;) {
    d = addDays(d, sign);
    if (isWorking(cal, d)) n += 1;
    if (d === lastDay) break;
  }
  return sign * n;
}

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

export function registerPages(app: FastifyInstance, deps: PagesDeps): void {
  const { api, running, operators } = deps;

  /** The signed-in address, or a sign-in page (401) instead of the page asked for. */
  function user(req: FastifyRequest, reply: FastifyReply): string | undefined {
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
  const navOf = (req: FastifyRequest, reply: FastifyReply, email: string) => ({
    email,
    csrf: reply.generateCsrf({ userInfo: `user:${email}` }),
    path: req.url.replace(/[?&]lang=(vi|en)/, ''),
  });

  async function mine(email: string): Promise<{ listed: Listed; access: Access }[]> {
    return (await running())
      .map((listed) => ({ listed, access: accessIn(listed.regulation, email, operators) }))
      .filter((x) => canSee(x.access));
  }

  /** The one regulation the address may open, or a refusal (unknown and forbidden look the same). */
  async function oneOf(email: string, id: string, lang: Locale): Promise<{ listed: Listed; access: Access }> {
    const found = (await mine(email)).find((x) => x.listed.lifecycleId === id);
    if (!found) throw new Refused('forbidden', lang);
    return found;
  }

  async function workItems(lang: Locale, listed: Listed, a: Access): Promise<WorkItem[]> {
    const { lifecycleId: id, regulation: reg } = listed;
    const s = await api.status(id, 1);
    if (s.stage === 'closed' || s.stage === 'withdrawn') return [];
    const review = await openReview(api, id, s);
    const today = localDate(scheduleNow(s), reg.timezone);
    const cal = calendarFor(reg);
    const items: WorkItem[] = [];
    const add = (action: Action, label: Localized, deadline: { lastDay: string } | undefined, body?: string): void => {
      const b = body ? reg.bodies.find((x) => x.id === body) : undefined;
      items.push({
        lifecycleId: id,
        regulationTitle: reg.title,
        body: b?.name,
        label,
        lastDay: deadline?.lastDay,
        daysLeft: deadline ? workingDaysLeft(cal, today, deadline.lastDay) : undefined,
        zone: reg.timezone,
        href: `/regulations/${encodeURIComponent(id)}/do/${action}${body ? `?body=${encodeURIComponent(body)}` : ''}`,
      });
    };
    const first = s.deadlines[0];
    if (a.secretariat) {
      const last = s.rounds[s.rounds.length - 1];
      const unanswered = s.stage === 'revision' && last ? commentRows(last).filter((r) => !r.response).length : 0;
      if (unanswered > 0)
        add(
          'answers',
          {
            vi: `Tiếp thu, giải trình ${unanswered} ý kiến góp ý vòng ${last!.n}`,
            en: `Answer ${unanswered} comment${unanswered > 1 ? 's' : ''} of round ${last!.n}`,
          },
          first,
        );
      if ((s.stage === 'drafting' || s.stage === 'revision') && !s.roundsExhausted)
        add(
          'draft',
          {
            vi: `Nộp dự thảo ${s.stage === 'drafting' ? 'lần 1' : 'tiếp theo'}`,
            en: s.stage === 'drafting' ? 'Submit the first draft' : 'Submit the next draft',
          },
          first,
        );
      if (s.stage === 'signing' && !s.signingSession)
        add(
          'schedule',
          { vi: 'Ấn định lễ ký', en: 'Schedule the signing' },
          s.deadlines.find((d) => /signing$/.test(d.key)),
        );
      if (review)
        add(
          'outcome',
          { vi: 'Ghi kết luận cuộc họp sơ kết/tổng kết', en: 'Record the review outcome' },
          { lastDay: review.meetingDate },
        );
    }
    for (const body of a.answers) {
      const round = s.rounds.find((r) => r.n === s.round);
      if (s.stage === 'consultation' && round && !round.closedAt && !round.answers[body])
        add(
          'feedback',
          { vi: `Góp ý dự thảo ${round.draftVersion}`, en: `Comment on draft ${round.draftVersion}` },
          s.deadlines.find((d) => d.key === round.deadlineKey),
          body,
        );
      if (s.stage === 'signing' && !s.signatures[body])
        add(
          'sign',
          { vi: 'Ký quy chế', en: 'Sign the regulation' },
          s.deadlines.find((d) => /signing$/.test(d.key)),
          body,
        );
      if (review && !review.reports[body])
        add(
          'report',
          {
            vi: review.kind === 'tong-ket' ? 'Gửi báo cáo tổng kết' : `Gửi báo cáo sơ kết lần ${review.n}`,
            en: review.kind === 'tong-ket' ? 'Send the final review report' : `Send the report for review ${review.n}`,
          },
          review.deadlines.find((d) => d.key.endsWith('/reports')),
          body,
        );
    }
    return items;
  }

  app.get('/work', async (req, reply) => {
    const email = user(req, reply);
    if (!email) return reply;
    const lang = langOf(req);
    const unavailable: Listed[] = [];
    const items = (
      await Promise.all(
        (await mine(email)).map((x) =>
          workItems(lang, x.listed, x.access).catch(() => {
            unavailable.push(x.listed);
            return [];
          }),
        ),
      )
    ).flat();
    items.sort((a, b) => (a.lastDay ?? '9999').localeCompare(b.lastDay ?? '9999'));
    return html(
      reply,
      200,
      consolePage(
        lang,
        C.myWork[lang],
        `<h1>${esc(C.myWork[lang])}</h1>${unavailable.map((l) => `<section class="err" role="alert"><p>${esc(l.regulation.title[lang])}: ${esc(C.unavailable[lang])}</p></section>`).join('')}${workTable(lang, items)}`,
        navOf(req, reply, email),
      ),
    );
  });

  app.get<{ Querystring: { stage?: string; late?: string; body?: string } }>('/regulations', async (req, reply) => {
    const email = user(req, reply);
    if (!email) return reply;
    const lang = langOf(req);
    const t = (x: Localized): string => esc(x[lang]);
    const visible = await mine(email);
    const rows = await Promise.all(
      visible.map(async ({ listed, access }) => {
        const shown = visibleBodies(access, listed.regulation);
        // One lifecycle whose status cannot be read (e.g. its workflow tasks fail) must not take the page down.
        const s = await api.status(listed.lifecycleId, 1).catch(() => undefined);
        if (!s) return { listed, s, late: [], shown };
        const late = s.parties.filter((p) => p.state === 'overdue' && shown.includes(p.body)).map((p) => p.body);
        return { listed, s, late, shown };
      }),
    );
    const q = req.query;
    const filtered = rows.filter(
      (r) =>
        (!q.stage || r.s?.stage === q.stage) && (!q.late || r.late.length > 0) && (!q.body || r.shown.includes(q.body)),
    );
    const bodyName = (reg: Regulation, id: string): string =>
      t(reg.bodies.find((b) => b.id === id)?.name ?? { vi: id, en: id });
    const bodyIds = [...new Set(rows.flatMap((r) => r.shown))];
    const filters = `<form method="get" action="/regulations" class="filters" role="search"><div><label for="f-stage">${t(C.stage)}</label><select id="f-stage" name="stage"><option value="">${t(C.all)}</option>${(Object.keys(STAGES) as Stage[]).map((st) => `<option value="${st}"${q.stage === st ? ' selected' : ''}>${t(STAGES[st])}</option>`).join('')}</select></div><div><label for="f-body">${t(C.body)}</label><select id="f-body" name="body"><option value="">${t(C.all)}</option>${bodyIds.map((b) => `<option value="${esc(b)}"${q.body === b ? ' selected' : ''}>${esc(b)}</option>`).join('')}</select></div><label class="choice" for="f-late"><input type="checkbox" id="f-late" name="late" value="1"${q.late ? ' checked' : ''}> <span>${t(C.onlyLate)}</span></label><button type="submit">${t(C.filter)}</button></form>`;
    const body =
      table(
        C.regulations[lang],
        [C.regulation[lang], C.stage[lang], C.round[lang], C.nextDeadline[lang], C.late[lang], C.temporal.en],
        filtered.map(({ listed, s, late }) => {
          const ui = `<a href="${esc(api.uiLink(listed.lifecycleId))}" rel="noreferrer">${esc(listed.lifecycleId)}</a>`;
          if (!s)
            return [
              `<a href="/regulations/${encodeURIComponent(listed.lifecycleId)}">${t(listed.regulation.title)}</a>`,
              `<span class="late">${t(C.unavailable)}</span>`,
              '—',
              '—',
              '—',
              ui,
            ];
          const next = s.deadlines.slice().sort((a, b) => a.at.localeCompare(b.at))[0];
          return [
            `<a href="/regulations/${encodeURIComponent(listed.lifecycleId)}">${t(listed.regulation.title)}</a>`,
            t(STAGES[s.stage]),
            s.round === undefined ? '—' : String(s.round),
            next
              ? `${esc(formatDay(lang, next.lastDay, listed.regulation.timezone))}${next.overdue ? ` <span class="late">(${t(C.overdue)})</span>` : ''}`
              : '—',
            late.length
              ? `<span class="late">${late.map((b) => bodyName(listed.regulation, b)).join(', ')}</span>`
              : '—',
            ui,
          ];
        }),
      ) || `<p>${t(C.none)}</p>`;
    return html(
      reply,
      200,
      consolePage(lang, C.regulations[lang], `<h1>${t(C.regulations)}</h1>${filters}${body}`, navOf(req, reply, email)),
    );
  });

  app.get<{ Params: { id: string } }>('/regulations/:id', async (req, reply) => {
    const email = user(req, reply);
    if (!email) return reply;
    const lang = langOf(req);
    const { listed, access } = await oneOf(email, req.params.id, lang);
    const s = await api.status(listed.lifecycleId);
    const review = await openReview(api, listed.lifecycleId, s);
    return html(
      reply,
      200,
      consolePage(
        lang,
        listed.regulation.title[lang],
        regulationView(lang, listed, access, s, review),
        navOf(req, reply, email),
      ),
    );
  });

  function regulationView(lang: Locale, listed: Listed, a: Access, s: LifecycleStatus, open?: ReviewStatus): string {
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
    const cal = calendarFor(reg);
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
              ? `<strong>${t(DECISIONS[ans.decision]!)}</strong>${ans.reference ? ` · ${t(C.reference)}: ${esc(ans.reference)}` : ''}${ans.submittedBy ? ` · ${esc(ans.submittedBy)}` : ''}`
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
            lang === 'vi' ? 'Ý kiến góp ý' : 'Comment',
            lang === 'vi' ? 'Tiếp thu, giải trình' : 'Handling and explanation',
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
        Object.entries(r.reports)
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
            s.mails.slice(-200).map((m) => [when(m.at), esc(m.to.join(', ')), mailName(m)]),
          )
        : '';

    /** What a sent email was, in words: its kind and its step ("Đề nghị góp ý · Góp ý dự thảo v1 (vòng 1)"). */
    function mailName(m: LifecycleStatus['mails'][number]): string {
      const kind = MAIL_KIND[m.kind as MailKind];
      const step = stepKeyLabel(m.stepKey, versionOf);
      const words = [kind ? t(kind) : '', step ? t(step) : ''].filter(Boolean).join(' · ');
      return m.via === 'digest' ? `${words} (${t(IN_DIGEST)})` : words;
    }
    const section = (hid: string, title: Localized, content: string): string =>
      `<section aria-labelledby="${hid}"><h2 id="${hid}">${t(title)}</h2>${content || `<p>${t(C.none)}</p>`}</section>`;
    return `<h1>${t(reg.title)}</h1>
<section><dl><dt>${t(C.stage)}</dt><dd>${t(STAGES[s.stage])}</dd>${s.round !== undefined ? `<dt>${t(C.round)}</dt><dd>${s.round}</dd>` : ''}<dt>${esc(C.temporal[lang])}</dt><dd><a href="${esc(api.uiLink(listed.lifecycleId))}" rel="noreferrer">${esc(listed.lifecycleId)}</a></dd></dl></section>
${actionsHtml}
${section('h-matrix', C.matrix, matrix)}
${explained ? section('h-explained', { vi: 'Tiếp thu, giải trình ý kiến', en: 'Handling of the comments' }, explained) : ''}
${section('h-drafts', C.drafts, drafts)}
${section('h-deadlines', C.deadlines, deadlines)}
${section('h-signatures', C.signatures, signatures)}
${section('h-reviews', C.reviews, reviews)}
${section('h-exchanges', C.exchanges, exchanges)}
${a.secretariat || a.operator ? section('h-mails', C.mails, mails) : ''}
${section('h-timeline', C.timeline, timeline)}`;
  }

  app.get<{ Params: { id: string; format: string } }>('/regulations/:id/export/:format', async (req, reply) => {
    const email = user(req, reply);
    if (!email) return reply;
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
    const status = await api.status(id);
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
      const email = user(req, reply);
      if (!email) return reply;
      const { action, c } = await actionContext(req, email, langOf(req));
      return html(reply, 200, formPage(req, reply, email, action, c, {}));
    },
  );

  app.post<{ Params: { id: string; action: string }; Querystring: { body?: string } }>(
    '/regulations/:id/do/:action',
    { preHandler: app.csrfProtection },
    async (req, reply) => {
      const email = user(req, reply);
      if (!email) return reply;
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
}
