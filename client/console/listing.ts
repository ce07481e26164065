/**
 * The console's lists: Regulations and My work, each one page from visibility (search attributes
 * and the listing memo, domain/listing.ts), sorted by next deadline, with the total. No status
 * query, history read or describe per row; an operator's My work is one (empty) list call.
 */
import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { FastifyPluginAsync } from 'fastify';
import { loadCalendar } from '../../activities/schedule/calendar-store';
import { addDays, type WorkingCalendar } from '../../domain/schedule/calendar';
import { localDate } from '../../domain/schedule/deadlines';
import {
  listingAccess,
  listingNow,
  listingParties,
  queryValue,
  RUNNING,
  type ListingFilter,
  type ListingMemo,
  type OpenItem,
} from '../../domain/listing';
import type { LifecycleStatus } from '../../domain/lifecycle';
import { lifecycleListing, reviewListing } from '../../domain/lifecycle-listing';
import type { Localized, Locale } from '../../domain/locale';
import type { Regulation, Stage } from '../../domain/regulation';
import { UserError, type RegulationsClient } from '../api';
import { filterClauses, LIFECYCLES, listingRow, type ListingPage, type ListingRow } from '../listing';
import { mapLimit } from '../limit';
import { html, langOf, navOf } from './request';
import type { Listed } from './sign-in';
import { LIFECYCLE_STAGES, STAGE } from '../../domain/words';
import { C, consolePage, esc, formatDay, table, workTable, type WorkItem } from './views';

/** Rows per page of Regulations and My work. */
export const PAGE_SIZE = 50;

/** The stages as the catalogue names them. */
export const STAGES: Record<Stage, Localized> = Object.fromEntries(
  LIFECYCLE_STAGES.map((st) => [st, STAGE[st]]),
) as Record<Stage, Localized>;

/** Where the console's lists come from. */
export interface ConsoleListing {
  /** One page of the running lifecycles the address may see (every one for an operator). */
  regulations(email: string, operator: boolean, filter: ListingFilter, cursor?: string): Promise<ListingPage>;
  /** One page of the running lifecycles and reviews where the address has an open item. */
  work(email: string, cursor?: string): Promise<ListingPage>;
  /** The current run of one lifecycle, or undefined if there is none. */
  one(lifecycleId: string): Promise<ListingRow | undefined>;
  /** Whether the address takes part in a running lifecycle. */
  known(email: string): Promise<boolean>;
  /** Running lifecycles the address takes part in, with their definitions (at most `limit`). */
  participating(email: string, operator: boolean, limit?: number): Promise<Listed[]>;
}

const RUNNING_LIFECYCLES = [LIFECYCLES, RUNNING];

/** The console's lists from Temporal visibility. */
export function visibilityListing(
  api: RegulationsClient,
  regulationOf: (lifecycleId: string, runId?: string) => Promise<Regulation | undefined>,
): ConsoleListing {
  const people = (email: string): string => `RegulationPeople = ${queryValue(email.toLowerCase())}`;
  const listing = api.listing;
  return {
    regulations: (email, operator, filter, cursor) =>
      listing.page(
        [...RUNNING_LIFECYCLES, ...(operator ? [] : [people(email)]), ...filterClauses(filter)],
        PAGE_SIZE,
        cursor,
      ),
    work: (email, cursor) =>
      listing.page([`OpenWork = ${queryValue(email.toLowerCase())}`, RUNNING], PAGE_SIZE, cursor),
    one: async (lifecycleId) => {
      try {
        return listingRow(
          (await api.client.workflow.getHandle(lifecycleId).describe()) as unknown as WorkflowExecutionInfo,
        );
      } catch (err) {
        if ((err as Error)?.name === 'WorkflowNotFoundError') return undefined;
        throw err;
      }
    },
    known: async (email) => (await listing.count([...RUNNING_LIFECYCLES, people(email)])) > 0,
    participating: async (email, operator, limit = 500) => {
      const rows = await listing.all([...RUNNING_LIFECYCLES, ...(operator ? [] : [people(email)])], limit);
      const out = await mapLimit(rows, 8, async (r) => {
        const regulation = await regulationOf(r.workflowId, r.runId).catch(() => undefined);
        return regulation ? { lifecycleId: r.workflowId, regulation } : undefined;
      });
      return out.filter((l): l is Listed => l !== undefined);
    },
  };
}

/**
 * The same lists over a given set of running lifecycles and the status query: for tests and
 * embedders that pass `running` instead of a Temporal visibility store. One status read per
 * lifecycle, so only for a handful.
 */
export function runningListing(running: () => Promise<Listed[]>, api: RegulationsClient): ConsoleListing {
  const rowsOf = async (): Promise<ListingRow[]> => {
    const listed = await running();
    const rows = await mapLimit(listed, 8, async ({ lifecycleId, regulation }): Promise<ListingRow[]> => {
      const s: LifecycleStatus | undefined = await api.liveStatus(lifecycleId, 1).catch(() => undefined);
      const base = {
        workflowId: lifecycleId,
        runId: '',
        regulationId: regulation.id,
        status: 'RUNNING',
        startTime: '',
      };
      if (!s) return [{ ...base, pendingBodies: [] }];
      const memo = lifecycleListing(regulation, lifecycleId, s);
      const row: ListingRow = {
        ...base,
        stage: s.stage,
        nextDeadline: memo.next?.at,
        pendingBodies: memo.late,
        memo,
      };
      if (!s.nextReview) return [row];
      const r = await api
        .reviewStatus(lifecycleId, s.nextReview.kind === 'tong-ket' ? 'final' : s.nextReview.n, 1)
        .catch((err: unknown) => {
          if (err instanceof UserError) return undefined;
          throw err;
        });
      if (!r || r.outcome) return [row];
      const rm = reviewListing(regulation, r);
      return [
        row,
        { ...base, workflowId: s.nextReview.workflowId, nextDeadline: rm.next?.at, pendingBodies: [], memo: rm },
      ];
    });
    return rows.flat();
  };
  const page = (rows: ListingRow[]): ListingPage => ({ rows, total: rows.length });
  const sees = (r: ListingRow, email: string, operator: boolean): boolean => {
    if (!r.memo) return true;
    const a = listingAccess(r.memo, email);
    return operator || a.secretariat || a.reads.length > 0;
  };
  return {
    regulations: async (email, operator, f) =>
      page(
        (await rowsOf()).filter(
          (r) =>
            !r.memo?.review &&
            sees(r, email, operator) &&
            (!f.stage || r.stage === f.stage) &&
            (!f.late || (r.memo?.late.length ?? 0) > 0) &&
            (!f.body || (r.memo?.bodies.some((b) => b.id === f.body) ?? false)) &&
            (!f.text ||
              `${r.workflowId} ${r.memo?.title.vi ?? ''} ${r.memo?.title.en ?? ''}`
                .toLowerCase()
                .includes(f.text.toLowerCase())),
        ),
      ),
    work: async (email) =>
      page(
        (await rowsOf()).filter(
          (r) =>
            !r.memo ||
            (sees(r, email, false) && workItemsOf(r, listingAccess(r.memo, email), 'vi', () => undefined).length > 0),
        ),
      ),
    one: async (id) => (await rowsOf()).find((r) => r.workflowId === id),
    known: async (email) => (await running()).some((l) => sees({ memo: memoOf(l) } as ListingRow, email, false)),
    participating: async (email, operator) =>
      (await running()).filter((l) => sees({ memo: memoOf(l) } as ListingRow, email, operator)),
  };
}

const memoOf = (l: Listed): Pick<ListingMemo, 'secretariat' | 'bodies'> => listingParties(l.regulation);

// ---- working days left ----

/** The working-day calendar of a name, if its file loads. */
export type WorkingCalendars = (name: string) => WorkingCalendar | undefined;

/** The calendars in `dir` (CALENDAR_DIR), each read once; a missing or bad one is none. */
export function workingCalendars(dir: string): WorkingCalendars {
  const calendars = new Map<string, WorkingCalendar | null>();
  return (name) => {
    if (!calendars.has(name)) {
      try {
        calendars.set(name, loadCalendar(name, dir));
      } catch {
        calendars.set(name, null);
      }
    }
    return calendars.get(name) ?? undefined;
  };
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

// ---- My work items, worded from the memo's facts ----

function label(i: OpenItem): Localized {
  const review = (vi: string, en: string): Localized =>
    i.ref === 'tong-ket'
      ? { vi: `${vi} tổng kết`, en: `${en} final review` }
      : { vi: `${vi} sơ kết lần ${i.n}`, en: `${en} review ${i.n}` };
  switch (i.action) {
    case 'answers':
      return {
        vi: `Tiếp thu, giải trình ${i.count} ý kiến góp ý vòng ${i.n}`,
        en: `Answer ${i.count} comment${(i.count ?? 0) > 1 ? 's' : ''} of round ${i.n}`,
      };
    case 'draft':
      return i.ref === 'drafting'
        ? { vi: 'Nộp dự thảo lần 1', en: 'Submit the first draft' }
        : { vi: 'Nộp dự thảo tiếp theo', en: 'Submit the next draft' };
    case 'schedule':
      return { vi: 'Ấn định lễ ký', en: 'Schedule the signing' };
    case 'outcome':
      return { vi: 'Ghi kết luận cuộc họp sơ kết/tổng kết', en: 'Record the review outcome' };
    case 'feedback':
      return { vi: `Góp ý dự thảo ${i.ref}`, en: `Comment on draft ${i.ref}` };
    case 'sign':
      return { vi: 'Ký quy chế', en: 'Sign the regulation' };
    case 'report': {
      const r = review('Gửi báo cáo', 'Send the report for');
      return i.ref === 'tong-ket' ? { vi: 'Gửi báo cáo tổng kết', en: 'Send the final review report' } : r;
    }
  }
}

/** The open items of one listed row that this address acts on. */
export function workItemsOf(
  row: ListingRow,
  a: { secretariat: boolean; answers: string[] },
  _lang: Locale,
  calendarFor: WorkingCalendars,
  nowMs = Date.now(),
): WorkItem[] {
  const m = row.memo;
  if (!m) return [];
  const today = localDate(listingNow(m, nowMs), m.timezone);
  const cal = calendarFor(m.calendar);
  return m.open
    .filter((i) => (i.who === 'secretariat' ? a.secretariat : a.answers.includes(i.who)))
    .map((i) => ({
      lifecycleId: m.lifecycleId,
      regulationTitle: m.title,
      body: i.who === 'secretariat' ? undefined : m.bodies.find((b) => b.id === i.who)?.name,
      label: label(i),
      lastDay: i.lastDay,
      daysLeft: i.lastDay ? workingDaysLeft(cal, today, i.lastDay) : undefined,
      zone: m.timezone,
      href: `/regulations/${encodeURIComponent(m.lifecycleId)}/do/${i.action}${i.who === 'secretariat' ? '' : `?body=${encodeURIComponent(i.who)}`}`,
    }));
}

// ---- the pages ----

export interface ListingPagesDeps {
  listing: ConsoleListing;
  api: RegulationsClient;
  operators: string[];
  calendars: WorkingCalendars;
}

/** GET /work and GET /regulations, behind the sign-in guard. */
export const listingPages: FastifyPluginAsync<ListingPagesDeps> = async (app, deps) => {
  const { listing, api, operators, calendars } = deps;

  const more = (lang: Locale, shown: number, total: number, next: string | undefined, base: string): string =>
    `<p class="muted">${lang === 'vi' ? `${shown} trên tổng số ${total}` : `${shown} of ${total}`}${next ? ` · <a href="${esc(`${base}${base.includes('?') ? '&' : '?'}after=${encodeURIComponent(next)}`)}">${lang === 'vi' ? 'Trang sau' : 'Next page'}</a>` : ''}</p>`;

  app.get<{ Querystring: { after?: string } }>('/work', async (req, reply) => {
    const email = req.user;
    const lang = langOf(req);
    const after = typeof req.query.after === 'string' ? req.query.after : undefined;
    const page = await listing.work(email, after);
    const unavailable = page.rows.filter((r) => !r.memo);
    const items = page.rows
      .flatMap((r) => (r.memo ? workItemsOf(r, listingAccess(r.memo, email), lang, calendars) : []))
      .sort((a, b) => (a.lastDay ?? '9999').localeCompare(b.lastDay ?? '9999'));
    return html(
      reply,
      200,
      consolePage(
        lang,
        C.myWork[lang],
        `<h1>${esc(C.myWork[lang])}</h1>${unavailable.map((r) => `<section class="err" role="alert"><p>${esc(r.workflowId)}: ${esc(C.unavailable[lang])}</p></section>`).join('')}${workTable(lang, items)}${page.total > page.rows.length ? more(lang, page.rows.length, page.total, page.next, '/work') : ''}`,
        navOf(req, reply, email),
      ),
    );
  });

  app.get<{ Querystring: { stage?: string; late?: string; body?: string; q?: string; after?: string } }>(
    '/regulations',
    async (req, reply) => {
      const email = req.user;
      const lang = langOf(req);
      const t = (x: Localized): string => esc(x[lang]);
      const q = req.query;
      const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
      const stage = str(q.stage) && str(q.stage)! in STAGES ? str(q.stage) : undefined;
      const filter: ListingFilter = { stage, late: Boolean(str(q.late)), body: str(q.body), text: str(q.q) };
      const operator = operators.includes(email.toLowerCase());
      const page = await listing.regulations(email, operator, filter, str(q.after));
      const nowMs = Date.now();
      const bodyIds = [...new Set(page.rows.flatMap((r) => r.memo?.bodies.map((b) => b.id) ?? []))];
      if (filter.body && !bodyIds.includes(filter.body)) bodyIds.push(filter.body);
      const filters = `<form method="get" action="/regulations" class="filters" role="search"><div><label for="f-stage">${t(C.stage)}</label><select id="f-stage" name="stage"><option value="">${t(C.all)}</option>${(Object.keys(STAGES) as Stage[]).map((st) => `<option value="${st}"${stage === st ? ' selected' : ''}>${t(STAGES[st])}</option>`).join('')}</select></div><div><label for="f-body">${t(C.body)}</label><select id="f-body" name="body"><option value="">${t(C.all)}</option>${bodyIds.map((b) => `<option value="${esc(b)}"${filter.body === b ? ' selected' : ''}>${esc(b)}</option>`).join('')}</select></div><div><label for="f-q">${lang === 'vi' ? 'Tìm' : 'Search'}</label><input type="search" id="f-q" name="q" value="${esc(filter.text ?? '')}"></div><label class="choice" for="f-late"><input type="checkbox" id="f-late" name="late" value="1"${filter.late ? ' checked' : ''}> <span>${t(C.onlyLate)}</span></label><button type="submit">${t(C.filter)}</button></form>`;
      const rows = page.rows.map((r) => {
        const m = r.memo;
        const link = `<a href="/regulations/${encodeURIComponent(r.workflowId)}">${m ? t(m.title) : esc(r.workflowId)}</a>`;
        const ui = `<a href="${esc(api.uiLink(r.workflowId))}" rel="noreferrer">${esc(r.workflowId)}</a>`;
        if (!m) return [link, `<span class="late">${t(C.unavailable)}</span>`, '—', '—', '—', ui];
        const a = listingAccess(m, email, operators);
        const shown = a.operator || a.secretariat ? m.bodies.map((b) => b.id) : a.reads;
        const late = m.late.filter((b) => shown.includes(b));
        const overdue = m.next ? Date.parse(m.next.at) <= Date.parse(listingNow(m, nowMs)) : false;
        return [
          link,
          t(STAGES[m.stage as Stage] ?? { vi: m.stage, en: m.stage }),
          m.round === undefined ? '—' : String(m.round),
          m.next
            ? `${esc(formatDay(lang, m.next.lastDay, m.timezone))}${overdue ? ` <span class="late">(${t(C.overdue)})</span>` : ''}`
            : '—',
          late.length
            ? `<span class="late">${late.map((b) => t(m.bodies.find((x) => x.id === b)?.name ?? { vi: b, en: b })).join(', ')}</span>`
            : '—',
          ui,
        ];
      });
      const base = `/regulations?${new URLSearchParams(
        Object.entries({ stage, late: filter.late ? '1' : undefined, body: filter.body, q: filter.text }).filter(
          (e): e is [string, string] => e[1] !== undefined,
        ),
      ).toString()}`;
      const body =
        (table(
          C.regulations[lang],
          [C.regulation[lang], C.stage[lang], C.round[lang], C.nextDeadline[lang], C.late[lang], C.temporal.en],
          rows,
        ) || `<p>${t(C.none)}</p>`) + more(lang, page.rows.length, page.total, page.next, base);
      return html(
        reply,
        200,
        consolePage(
          lang,
          C.regulations[lang],
          `<h1>${t(C.regulations)}</h1>${operator ? `<p><a href="/regulations/new">${t(C.newRegulation)}</a></p>` : ''}${filters}${body}`,
          navOf(req, reply, email),
        ),
      );
    },
  );
};
