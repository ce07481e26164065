/**
 * The calendar: a month view of the deadlines and meetings of every regulation a person takes
 * part in, and a personal ICS subscription URL that calendar apps poll. The URL carries a signed
 * token naming the address and a version; revoking bumps the version (kept in a small state file),
 * so every earlier URL of that person stops working at once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ical, { ICalEventTransparency } from 'ical-generator';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { localDate } from '../../domain/schedule/deadlines';
import type { LifecycleStatus } from '../../domain/lifecycle';
import type { Locale, Localized } from '../../domain/locale';
import { scheduleNow, type RegulationsClient } from '../api';
import { mapLimit } from '../limit';
import { LABELS } from '../../domain/words';
import { normalizeEmail } from './access';
import { html, langOf, navOf } from './request';
import { Refused } from './refusals';
import type { Listed } from './sign-in';
import { CALENDAR as T, C, consolePage, esc } from './views';

/** One deadline or meeting on the calendar. */
export interface CalendarEvent {
  uid: string;
  kind: 'deadline' | 'meeting';
  /** Local date (a deadline's last day; a meeting's day). */
  date: string;
  /** A meeting's instant (UTC ISO). */
  at?: string;
  label: Localized;
  lifecycleId: string;
  regulationTitle: Localized;
  zone: string;
  overdue?: boolean;
}

/** The events of one lifecycle's status: open deadlines, the signing session, the next review meeting. */
export function eventsOf(listed: Listed, s: LifecycleStatus): CalendarEvent[] {
  const { lifecycleId, regulation: reg } = listed;
  const zone = reg.timezone;
  const base = { lifecycleId, regulationTitle: reg.title, zone };
  const out: CalendarEvent[] = s.deadlines.map((d) => ({
    ...base,
    uid: `${lifecycleId}/${d.key}/deadline@regulations.local`,
    kind: 'deadline',
    date: d.lastDay,
    label: d.label,
    overdue: d.overdue,
  }));
  if (s.signingSession)
    out.push({
      ...base,
      uid: `${lifecycleId}/signing/meeting@regulations.local`,
      kind: 'meeting',
      date: localDate(s.signingSession.at, zone),
      at: s.signingSession.at,
      label: LABELS.signingSession,
    });
  if (s.nextReview) {
    const r = s.nextReview;
    out.push({
      ...base,
      uid: `${r.workflowId}/meeting@regulations.local`,
      kind: 'meeting',
      date: r.meetingDate,
      label: LABELS.reviewMeeting(r.kind, r.n),
    });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

/** The ICS feed of a person's events: deadlines all-day on their last day, meetings timed. */
export function eventsToIcs(events: CalendarEvent[], lang: Locale): string {
  const cal = ical({
    name: C.console[lang],
    prodId: { company: 'regulations.local', product: 'coordination-regulations-console', language: lang.toUpperCase() },
  });
  for (const e of events) {
    const summary = `${e.label[lang]} — ${e.regulationTitle[lang]}`;
    if (e.kind === 'deadline' || !e.at) {
      const day = DateTime.fromISO(e.date, { zone: e.zone });
      cal.createEvent({
        id: e.uid,
        start: day,
        end: day.plus({ days: 1 }),
        allDay: true,
        transparency: ICalEventTransparency.TRANSPARENT,
        summary,
        description: `${e.lifecycleId}`,
      });
    } else {
      const start = DateTime.fromISO(e.at, { zone: e.zone });
      cal.createEvent({ id: e.uid, start, end: start.plus({ minutes: 60 }), summary, description: `${e.lifecycleId}` });
    }
  }
  return cal.toString();
}

/** Per-person feed versions: bumping one revokes every earlier URL of that person. */
export class FeedVersions {
  private readonly versions: Record<string, number>;

  /** `file` keeps revocations across restarts; without it they live in memory (tests). */
  constructor(private readonly file?: string) {
    let loaded: Record<string, number> = {};
    if (file) {
      try {
        loaded = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>;
      } catch {
        loaded = {};
      }
    }
    this.versions = loaded;
  }

  get(email: string): number {
    return this.versions[normalizeEmail(email)] ?? 0;
  }

  revoke(email: string): number {
    const key = normalizeEmail(email);
    this.versions[key] = this.get(key) + 1;
    if (this.file) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(this.versions), { mode: 0o600 });
      fs.renameSync(tmp, this.file);
    }
    return this.versions[key]!;
  }
}

const feedMac = (secret: string, payload: string): string =>
  crypto.createHmac('sha256', secret).update(`regulations-console.ics.v1.${payload}`).digest('base64url');

/** The feed token of an address at a version. */
export function feedToken(secret: string, email: string, version: number): string {
  const payload = Buffer.from(JSON.stringify({ e: normalizeEmail(email), v: version }), 'utf8').toString('base64url');
  return `${payload}.${feedMac(secret, payload)}`;
}

/** The address of a feed token, if its MAC checks out and its version is the current one. */
export function verifyFeedToken(secret: string, token: string, versions: FeedVersions): string | undefined {
  const [payload, mac] = token.split('.');
  if (!payload || !mac || token.length > 600) return undefined;
  const want = feedMac(secret, payload);
  if (mac.length !== want.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(want))) return undefined;
  try {
    const { e, v } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { e: unknown; v: unknown };
    return typeof e === 'string' && v === versions.get(e) ? e : undefined;
  } catch {
    return undefined;
  }
}

export interface CalendarDeps {
  api: RegulationsClient;
  /** The running lifecycles an address takes part in (every one for an operator), with definitions. */
  participating: (email: string) => Promise<Listed[]>;
  operators: string[];
  /** Key that signs feed URLs. */
  secret: string;
  baseUrl: string;
  versions: FeedVersions;
  /** Feed requests per client address and minute; undefined = none. */
  rateLimit?: number;
}

/** The deadlines and meetings of every regulation an address takes part in, and the schedule's today. */
function eventsSource({ api, participating }: CalendarDeps) {
  return async function eventsFor(email: string): Promise<{ events: CalendarEvent[]; today?: string }> {
    const mine = await participating(email);
    let today: string | undefined;
    // One status query per regulation the person takes part in, a few at a time.
    const lists = await mapLimit(mine, 8, async (l) => {
      const s = await api.liveStatus(l.lifecycleId, 2).catch(() => undefined);
      if (!s) return [];
      const t = localDate(scheduleNow(s), l.regulation.timezone);
      if (!today || t < today) today = t;
      return eventsOf(l, s);
    });
    return { events: lists.flat().sort((a, b) => a.date.localeCompare(b.date)), today };
  };
}

/** GET /calendar and POST /calendar/revoke, behind the sign-in guard. */
export const calendarPages: FastifyPluginAsync<CalendarDeps> = async (app, deps) => {
  const { secret, versions } = deps;
  const eventsFor = eventsSource(deps);

  function page(
    req: FastifyRequest,
    reply: FastifyReply,
    email: string,
    events: CalendarEvent[],
    month: string,
    n?: string,
  ): string {
    const lang = langOf(req);
    const t = (x: Localized): string => esc(x[lang]);
    const first = DateTime.fromISO(`${month}-01`);
    const title = first.setLocale(lang).toFormat('LLLL yyyy');
    const start = first.minus({ days: first.weekday - 1 });
    const weeks: string[] = [];
    for (let w = start; w <= first.endOf('month'); w = w.plus({ weeks: 1 })) {
      const cells: string[] = [];
      for (let d = 0; d < 7; d += 1) {
        const day = w.plus({ days: d });
        const iso = day.toISODate()!;
        const inMonth = day.month === first.month;
        const items = events
          .filter((e) => e.date === iso)
          .map(
            (e) =>
              `<li><a href="/regulations/${encodeURIComponent(e.lifecycleId)}"${e.overdue ? ' class="late"' : ''}>${t(e.label)}</a>${e.at ? ` ${esc(DateTime.fromISO(e.at, { zone: e.zone }).toFormat('HH:mm'))}` : ''} <span class="muted">(${esc(e.lifecycleId)})</span></li>`,
          )
          .join('');
        cells.push(
          `<td${inMonth ? '' : ' class="past"'}><strong>${day.day}</strong>${items ? `<ul>${items}</ul>` : ''}</td>`,
        );
      }
      weeks.push(`<tr>${cells.join('')}</tr>`);
    }
    const prev = first.minus({ months: 1 }).toFormat('yyyy-MM');
    const next = first.plus({ months: 1 }).toFormat('yyyy-MM');
    const feed = `${deps.baseUrl}/calendar/feed/${feedToken(secret, email, versions.get(email))}.ics`;
    const nav = navOf(req, reply, email);
    const content = `<h1>${t(T.calendar)}: ${esc(title)}</h1>
<p class="filters"><a href="/calendar?month=${prev}">${t(T.previous)}</a> <a href="/calendar?month=${next}">${t(T.next)}</a></p>
<div class="scroll"><table class="month"><caption class="muted">${esc(title)}</caption><thead><tr>${T.weekdays[lang].map((d) => `<th scope="col">${d}</th>`).join('')}</tr></thead><tbody>${weeks.join('')}</tbody></table></div>
<section aria-labelledby="h-feed"><h2 id="h-feed">${t(T.subscribe)}</h2>${n ? `<p class="ok" role="status">${esc(n)}</p>` : ''}<p class="hint" id="feed-hint">${t(T.subscribeHint)}</p><label for="f-feed">${t(T.url)}</label><input type="text" id="f-feed" readonly value="${esc(feed)}" aria-describedby="feed-hint">
<form method="post" action="/calendar/revoke"><input type="hidden" name="csrf" value="${esc(nav.csrf)}"><button type="submit">${t(T.revoke)}</button></form></section>`;
    return consolePage(lang, T.calendar[lang], content, nav);
  }

  app.get<{ Querystring: { month?: string; revoked?: string } }>('/calendar', async (req, reply) => {
    const email = req.user;
    const { events, today } = await eventsFor(email);
    const asked = req.query.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(req.query.month) ? req.query.month : undefined;
    // Default: the month of the lifecycles' schedule time (a rehearsal's "today" is not the real one).
    const month = asked ?? (today ?? DateTime.now().toISODate()!).slice(0, 7);
    return html(
      reply,
      200,
      page(req, reply, email, events, month, req.query.revoked ? T.revoked[langOf(req)] : undefined),
    );
  });

  app.post('/calendar/revoke', async (req, reply) => {
    const email = req.user;
    versions.revoke(email);
    req.note(`calendar feed revoked by ${email}`);
    return reply.redirect('/calendar?revoked=1', 303);
  });
};

/** GET /calendar/feed/<token>.ics: public, the signed token is the credential. */
export const calendarFeed: FastifyPluginAsync<CalendarDeps> = async (app, deps) => {
  const { secret, versions } = deps;
  const eventsFor = eventsSource(deps);
  const config = deps.rateLimit ? { rateLimit: { max: deps.rateLimit, timeWindow: '1 minute' } } : {};
  app.get<{ Params: { file: string } }>('/calendar/feed/:file', { config }, async (req, reply) => {
    const token = req.params.file.replace(/\.ics$/, '');
    const email = verifyFeedToken(secret, token, versions);
    if (!email) throw new Refused('invalid');
    req.note(`calendar feed of ${email}`);
    const { events } = await eventsFor(email);
    return reply.type('text/calendar; charset=utf-8').send(eventsToIcs(events, 'vi'));
  });
};
