/**
 * The console's "New regulation" page, for the people allowed to create (CONSOLE_OPERATORS): fill
 * in one regulation as a register row (the same fields and messages as `regulation import`), or
 * paste a YAML definition; preview its planned deadlines; then start it. A refused form starts
 * nothing. Registered from app.ts; imports no app state.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import YAML from 'yaml';
import { loadCalendar } from '../../activities/schedule/calendar-store';
import type { WorkingCalendar } from '../../domain/schedule/calendar';
import { buildTimetable, timetableTitle } from '../../domain/schedule/timetable';
import { checkDefinition, formatPath, type Regulation } from '../../config/regulation';
import type { Locale, Localized } from '../../domain/locale';
import { adoptionProblems, todayIn } from '../adoption';
import type { RegulationsClient } from '../api';
import { bodyColumns, checkRows, COLUMNS } from '../register';
import { html, langOf } from './request';
import { normalizeEmail } from './access';
import { Refused } from './refusals';
import { consolePage, esc, formatDay, NEW_REGULATION as W } from './views';

export interface NewRegulationDeps {
  api: RegulationsClient;
  /** Who may create: the operators (CONSOLE_OPERATORS). */
  creators: string[];
  /** Directory of working-day calendar files (CALENDAR_DIR). */
  calendarDir: string;
}

/** A definition's working-day calendar; throws when its file is missing or bad. */
type CalendarOf = (reg: Regulation) => WorkingCalendar;

/** The form's fields: the register's columns (body columns 1 to 3), by an ASCII name. */
const FIELDS: { name: string; column: string; kind: 'text' | 'textarea'; hint?: Localized }[] = [
  {
    name: 'number',
    column: COLUMNS.number,
    kind: 'text',
    hint: { vi: 'VD: 05/QCPH-SXD-STNMT', en: 'e.g. 05/QCPH-SXD-STNMT' },
  },
  { name: 'title', column: COLUMNS.title, kind: 'text' },
  { name: 'titleEn', column: COLUMNS.titleEn, kind: 'text' },
  { name: 'signedOn', column: COLUMNS.signedOn, kind: 'text', hint: { vi: 'dd/mm/yyyy', en: 'dd/mm/yyyy' } },
  {
    name: 'effectiveOn',
    column: COLUMNS.effectiveOn,
    kind: 'text',
    hint: { vi: 'dd/mm/yyyy; để trống nếu từ ngày ký', en: 'dd/mm/yyyy; empty: from the signing' },
  },
  { name: 'cycle', column: COLUMNS.cycle, kind: 'text', hint: { vi: 'VD: 12 tháng', en: 'e.g. 12 tháng (12 months)' } },
  { name: 'finalReview', column: COLUMNS.finalReview, kind: 'text', hint: { vi: 'dd/mm/yyyy', en: 'dd/mm/yyyy' } },
  ...[1, 2, 3].flatMap((i) => {
    const c = bodyColumns(i);
    const person = {
      vi: 'Họ và tên <email>; nhiều người cách nhau bằng ;',
      en: 'Name <email>; several separated by ;',
    };
    return [
      { name: `body${i}`, column: c.name, kind: 'text' as const },
      { name: `contact${i}`, column: c.contact, kind: 'text' as const, hint: person },
      { name: `leader${i}`, column: c.leader, kind: 'text' as const, hint: person },
    ];
  }),
  { name: 'areas', column: COLUMNS.areas, kind: 'text', hint: { vi: 'Cách nhau bằng ;', en: 'Separated by ;' } },
  {
    name: 'reviews',
    column: COLUMNS.reviews,
    kind: 'textarea',
    hint: {
      vi: 'VD: 1: 20/03/2024 tiếp tục; 2: 18/03/2025 tiếp tục',
      en: 'e.g. 1: 20/03/2024 tiếp tục; 2: 18/03/2025 tiếp tục',
    },
  },
  { name: 'secretariat', column: COLUMNS.secretariat, kind: 'text' },
  {
    name: 'secretariatContact',
    column: COLUMNS.secretariatContact,
    kind: 'text',
    hint: { vi: 'Họ và tên <email>', en: 'Name <email>' },
  },
  { name: 'link', column: COLUMNS.link, kind: 'text' },
];

type Values = Record<string, string>;
interface Checked {
  regulation?: Regulation;
  /** Problems by form field name ("yaml" for the pasted definition). */
  problems: Map<string, string[]>;
}

/** Calendars from `dir`, each loaded once. */
function calendarsIn(dir: string): CalendarOf {
  const calendars = new Map<string, WorkingCalendar>();
  return (reg) => {
    let cal = calendars.get(reg.calendar);
    if (!cal) {
      cal = loadCalendar(reg.calendar, dir);
      calendars.set(reg.calendar, cal);
    }
    return cal;
  };
}

/** The submitted values, each a string of bounded length (the body limit bounds the rest). */
function readValues(body: unknown): Values {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: Values = {};
  for (const k of ['mode', 'intent', 'yaml', ...FIELDS.map((f) => f.name)]) {
    const v = b[k];
    if (typeof v === 'string') out[k] = v.slice(0, 60_000);
  }
  return out;
}

/** Checks what was submitted exactly as `regulation start` and `regulation import` do, on `today`. */
function check(v: Values, today: string, calendarOf: CalendarOf): Checked {
  const problems = new Map<string, string[]>();
  const add = (field: string, message: string) => problems.set(field, [...(problems.get(field) ?? []), message]);
  if (v.mode === 'yaml') {
    let raw: unknown;
    try {
      raw = YAML.parse(v.yaml ?? '');
    } catch (err) {
      add('yaml', `is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
      return { problems };
    }
    const checked = checkDefinition(raw);
    if ('problems' in checked) {
      for (const p of checked.problems) add('yaml', p.line);
      return { problems };
    }
    let late;
    try {
      late = adoptionProblems(checked.regulation, calendarOf(checked.regulation), today);
    } catch (err) {
      add('yaml', `calendar: ${(err as Error).message}`);
      return { problems };
    }
    for (const p of late) add('yaml', `${formatPath(p.path)}: ${p.message}`);
    return problems.size ? { problems } : { regulation: checked.regulation, problems };
  }
  const cells = Object.fromEntries(FIELDS.map((f) => [f.column, v[f.name] ?? '']));
  const [row] = checkRows([{ row: 1, cells }], calendarOf, today);
  for (const p of row!.problems) add(FIELDS.find((f) => f.column === p.column)?.name ?? 'title', p.message);
  return row!.regulation ? { regulation: row!.regulation, problems } : { problems };
}

/** The deadlines and meetings still to come, as the lifecycle will plan them. */
function previewTable(reg: Regulation, lang: Locale, today: string, calendarOf: CalendarOf): string {
  const items = buildTimetable(reg, calendarOf(reg), { today })
    .filter((i) => (i.kind === 'deadline' || i.kind === 'meeting') && i.date >= today)
    .slice(0, 12);
  const t = (x: Localized) => esc(x[lang]);
  const rows = items
    .map(
      (i) =>
        `<tr><td>${esc(formatDay(lang, i.date, reg.timezone))}${i.kind === 'meeting' ? ` ${esc(i.at.slice(11, 16))}` : ''}</td><td>${t(timetableTitle(i, reg))}</td></tr>`,
    )
    .join('');
  return `<section aria-labelledby="h-planned"><h2 id="h-planned">${t(W.planned)}</h2><p>${esc(reg.id)} — ${t(reg.title)}</p><table><caption>${t(W.planned)}</caption><thead><tr><th scope="col">${t(W.when)}</th><th scope="col">${t(W.what)}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function formHtml(lang: Locale, csrf: string, v: Values, problems: Map<string, string[]>, previewed: boolean): string {
  const t = (x: Localized) => esc(x[lang]);
  const yamlMode = v.mode === 'yaml';
  const fieldHtml = FIELDS.map((f) => {
    const id = `f-${f.name}`;
    const errs = problems.get(f.name) ?? [];
    const hint = f.hint ? `<p class="hint" id="${id}-hint">${t(f.hint)}</p>` : '';
    const err = errs.length ? `<p class="err" id="${id}-err">${errs.map(esc).join('<br>')}</p>` : '';
    const described = [f.hint ? `${id}-hint` : '', errs.length ? `${id}-err` : ''].filter(Boolean).join(' ');
    const attrs = `id="${id}" name="${f.name}"${described ? ` aria-describedby="${described}"` : ''}${errs.length ? ' aria-invalid="true"' : ''}`;
    const input =
      f.kind === 'textarea'
        ? `<textarea ${attrs}>${esc(v[f.name] ?? '')}</textarea>`
        : `<input type="text" ${attrs} value="${esc(v[f.name] ?? '')}">`;
    return `<label for="${id}">${esc(f.column)}</label>${hint}${input}${err}`;
  }).join('');
  const yamlErrs = problems.get('yaml') ?? [];
  const yamlHtml = `<label for="f-yaml">${t(W.yaml)}</label><textarea id="f-yaml" name="yaml" rows="16"${yamlErrs.length ? ' aria-invalid="true" aria-describedby="f-yaml-err"' : ''}>${esc(v.yaml ?? '')}</textarea>${yamlErrs.length ? `<p class="err" id="f-yaml-err">${yamlErrs.map(esc).join('<br>')}</p>` : ''}`;
  const mode = `<fieldset><legend>${t(W.title)}</legend><label class="choice" for="m-form"><input type="radio" id="m-form" name="mode" value="form"${yamlMode ? '' : ' checked'}> <span>${t(W.formMode)}</span></label><label class="choice" for="m-yaml"><input type="radio" id="m-yaml" name="mode" value="yaml"${yamlMode ? ' checked' : ''}> <span>${t(W.yamlMode)}</span></label></fieldset>`;
  const notice = problems.size ? `<section class="err" role="alert"><p>${t(W.refused)}</p></section>` : '';
  const buttons = `<button type="submit" name="intent" value="preview">${t(W.preview)}</button>${previewed ? ` <button type="submit" name="intent" value="start">${t(W.start)}</button>` : ''}`;
  return `${notice}<form method="post" action="/regulations/new"><input type="hidden" name="csrf" value="${esc(csrf)}">${mode}<details${yamlMode ? '' : ' open'}><summary>${t(W.formMode)}</summary>${fieldHtml}</details><details${yamlMode ? ' open' : ''}><summary>${t(W.yamlMode)}</summary>${yamlHtml}</details>${buttons}</form>`;
}

/** GET and POST /regulations/new, behind the sign-in guard. */
export const newRegulationPages: FastifyPluginAsync<NewRegulationDeps> = async (app, deps) => {
  const creators = deps.creators.map(normalizeEmail);
  const calendarOf = calendarsIn(deps.calendarDir);
  /** The signed-in creator; "not allowed" for anyone else. */
  function creator(req: FastifyRequest): string {
    if (!creators.includes(normalizeEmail(req.user))) throw new Refused('forbidden', langOf(req));
    return req.user;
  }
  const page = (req: FastifyRequest, reply: FastifyReply, email: string, content: string) => {
    const lang = langOf(req);
    return consolePage(lang, W.title[lang], `<h1>${esc(W.title[lang])}</h1><p>${esc(W.intro[lang])}</p>${content}`, {
      email,
      csrf: reply.generateCsrf({ userInfo: `user:${email}` }),
      path: '/regulations/new',
    });
  };

  app.get<{ Querystring: { started?: string } }>('/regulations/new', async (req, reply) => {
    const email = creator(req);
    const lang = langOf(req);
    const started = req.query.started;
    const done = started
      ? `<section role="status"><p>${esc(W.started[lang])}: <a href="/regulations/${encodeURIComponent(started)}">${esc(started)}</a></p></section>`
      : '';
    const csrf = reply.generateCsrf({ userInfo: `user:${email}` });
    return html(
      reply,
      200,
      page(req, reply, email, `${done}${formHtml(lang, csrf, { mode: 'form' }, new Map(), false)}`),
    );
  });

  app.post('/regulations/new', async (req, reply) => {
    const email = creator(req);
    const lang = langOf(req);
    const v = readValues(req.body);
    const today = todayIn('Asia/Ho_Chi_Minh', req.server.consoleNow());
    const checked = check(v, today, calendarOf);
    const csrf = reply.generateCsrf({ userInfo: `user:${email}` });
    const reg = checked.regulation;
    if (!reg) {
      req.note('new regulation refused');
      return html(reply, 422, page(req, reply, email, formHtml(lang, csrf, v, checked.problems, false)));
    }
    if (v.intent === 'start') {
      const state = await deps.api.startedAs(reg.id);
      if (state) {
        const problems = new Map([[v.mode === 'yaml' ? 'yaml' : 'number', [`${reg.id} ${W.already[lang]}`]]]);
        return html(reply, 409, page(req, reply, email, formHtml(lang, csrf, v, problems, false)));
      }
      // The console's clock is the schedule's start: what was previewed is what runs.
      await deps.api.start(reg, { startAt: new Date(req.server.consoleNow()).toISOString() });
      req.note(`started ${reg.id} by ${email}`);
      return reply.redirect(`/regulations/new?started=${encodeURIComponent(reg.id)}`, 303);
    }
    return html(
      reply,
      200,
      page(
        req,
        reply,
        email,
        `${previewTable(reg, lang, today, calendarOf)}${formHtml(lang, csrf, v, new Map(), true)}`,
      ),
    );
  });
};
