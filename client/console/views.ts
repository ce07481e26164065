/**
 * The console's pages, rendered from plain view data: sign-in, My work, Regulations, one
 * regulation, and the action forms. Vietnamese first, English on request; inline CSS only.
 */
import type { Adoption } from '../../domain/adoption';
import type { Locale, Localized } from '../../domain/locale';
import { esc, formatDay, formatInstant, shell } from '../portal/html';

/** Every text the console shows, in both working languages. */
export const C = {
  console: { vi: 'Điều phối quy chế phối hợp', en: 'Coordination regulation console' },
  myWork: { vi: 'Việc của tôi', en: 'My work' },
  regulations: { vi: 'Các quy chế', en: 'Regulations' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  switchLang: { vi: 'English', en: 'Tiếng Việt' },
  signedInAs: { vi: 'Đăng nhập với', en: 'Signed in as' },
  email: { vi: 'Địa chỉ thư điện tử', en: 'Email address' },
  signInIntro: {
    vi: 'Nhập địa chỉ thư điện tử được ghi trong quy chế; hệ thống gửi cho anh/chị một liên kết đăng nhập dùng một lần, có hiệu lực 15 phút.',
    en: 'Type the address written in the regulation; you receive a sign-in link that works once, within 15 minutes.',
  },
  sendLink: { vi: 'Gửi liên kết đăng nhập', en: 'Send me a sign-in link' },
  linkSent: {
    vi: 'Nếu địa chỉ này có trong một quy chế đang thực hiện, một liên kết đăng nhập vừa được gửi tới đó. Xin kiểm tra hộp thư.',
    en: 'If this address is in a running regulation, a sign-in link was just sent to it. Please check your inbox.',
  },
  orgSignIn: { vi: 'Đăng nhập bằng tài khoản cơ quan', en: 'Sign in with your organisation account' },
  orgSignInIntro: {
    vi: 'Hoặc dùng tài khoản của cơ quan (đăng nhập một lần):',
    en: 'Or use your organisation account (single sign-on):',
  },
  confirmSignIn: { vi: 'Bấm nút dưới đây để đăng nhập.', en: 'Press the button below to sign in.' },
  nothingToDo: { vi: 'Hiện không có việc nào cần làm.', en: 'Nothing to do right now.' },
  item: { vi: 'Việc', en: 'Item' },
  regulation: { vi: 'Quy chế', en: 'Regulation' },
  body: { vi: 'Cơ quan', en: 'Body' },
  deadline: { vi: 'Hạn', en: 'Deadline' },
  daysLeft: { vi: 'Còn (ngày làm việc)', en: 'Days left (working days)' },
  overdue: { vi: 'quá hạn', en: 'overdue' },
  open: { vi: 'Thực hiện', en: 'Open' },
  stage: { vi: 'Giai đoạn', en: 'Stage' },
  round: { vi: 'Vòng', en: 'Round' },
  nextDeadline: { vi: 'Hạn gần nhất', en: 'Next deadline' },
  late: { vi: 'Chậm', en: 'Late' },
  onlyLate: { vi: 'Chỉ quy chế có cơ quan chậm', en: 'Only with late bodies' },
  all: { vi: 'Tất cả', en: 'All' },
  filter: { vi: 'Lọc', en: 'Filter' },
  temporal: { vi: 'Temporal UI', en: 'Temporal UI' },
  timeline: { vi: 'Tiến trình', en: 'Timeline' },
  matrix: { vi: 'Bảng ý kiến (cơ quan × lĩnh vực × vòng)', en: 'Consultation matrix (body × area × round)' },
  area: { vi: 'Lĩnh vực', en: 'Area' },
  general: { vi: 'Ý kiến chung', en: 'General' },
  decision: { vi: 'Kết luận', en: 'Decision' },
  reference: { vi: 'Số công văn', en: 'Letter reference' },
  drafts: { vi: 'Dự thảo', en: 'Drafts' },
  deadlines: { vi: 'Thời hạn và gia hạn', en: 'Deadlines and extensions' },
  signatures: { vi: 'Chữ ký', en: 'Signatures' },
  reviews: { vi: 'Sơ kết, tổng kết', en: 'Reviews' },
  recordedAtAdoption: { vi: 'ghi nhận khi tiếp nhận', en: 'recorded at adoption' },
  adopted: { vi: 'Tiếp nhận', en: 'Adopted' },
  newRegulation: { vi: 'Quy chế mới', en: 'New regulation' },
  exchanges: { vi: 'Trao đổi thông tin', en: 'Information exchange' },
  mails: { vi: 'Thư đã gửi', en: 'Emails sent' },
  actions: { vi: 'Thao tác', en: 'Actions' },
  none: { vi: '(chưa có)', en: '(none)' },
  notAnswered: { vi: 'chưa trả lời', en: 'no answer yet' },
  planned: { vi: 'dự kiến', en: 'planned' },
  done: { vi: 'đã qua', en: 'past' },
  back: { vi: 'Về trang quy chế', en: 'Back to the regulation' },
  recorded: { vi: 'Đã ghi nhận.', en: 'Recorded.' },
  notRecorded: { vi: 'Chưa ghi nhận được. Lý do:', en: 'Not recorded. Reason:' },
  link: { vi: 'Đường dẫn', en: 'Link' },
  recipients: { vi: 'Gửi tới', en: 'To' },
  when: { vi: 'Thời điểm', en: 'When' },
  unavailable: { vi: 'tạm thời không đọc được trạng thái', en: 'status temporarily unavailable' },
  calendar: { vi: 'Lịch', en: 'Calendar' },
  exportAs: { vi: 'Tải hồ sơ', en: 'Download the record as' },
  skip: { vi: 'Tới nội dung chính', en: 'Skip to the content' },
  readOnly: { vi: 'Chỉ xem', en: 'Read only' },
} satisfies Record<string, Localized>;

/** The words of the new regulation page. */
export const NEW_REGULATION = {
  title: C.newRegulation,
  intro: {
    vi: 'Nhập một quy chế như một dòng của sổ theo dõi (đã ký, đang có hiệu lực), hoặc dán tệp định nghĩa YAML. Xem trước các thời hạn rồi bấm Bắt đầu.',
    en: 'Enter one regulation as a row of the register (signed, in force), or paste a YAML definition. Preview its deadlines, then Start.',
  },
  formMode: { vi: 'Nhập theo mẫu', en: 'Fill in the form' },
  yamlMode: { vi: 'Dán định nghĩa YAML', en: 'Paste a YAML definition' },
  yaml: { vi: 'Định nghĩa (YAML)', en: 'Definition (YAML)' },
  preview: { vi: 'Xem trước', en: 'Preview' },
  start: { vi: 'Bắt đầu', en: 'Start' },
  planned: { vi: 'Các thời hạn dự kiến', en: 'Planned deadlines' },
  refused: {
    vi: 'Chưa bắt đầu: sửa các ô được đánh dấu.',
    en: 'Not started: correct the marked fields.',
  },
  already: { vi: 'đã được bắt đầu trước đó; không bắt đầu lại.', en: 'was started before; not started again.' },
  started: { vi: 'Đã bắt đầu', en: 'Started' },
  bodyN: C.body,
  when: { vi: 'Ngày', en: 'Date' },
  what: { vi: 'Nội dung', en: 'What' },
} satisfies Record<string, Localized>;

/** The words of the calendar page. */
export const CALENDAR = {
  calendar: C.calendar,
  previous: { vi: 'Tháng trước', en: 'Previous month' },
  next: { vi: 'Tháng sau', en: 'Next month' },
  subscribe: { vi: 'Đăng ký lịch cá nhân', en: 'Personal calendar subscription' },
  subscribeHint: {
    vi: 'Dán địa chỉ này vào ứng dụng lịch (Outlook, Google Lịch, …) để thấy các thời hạn và cuộc họp. Đây là địa chỉ riêng: không chia sẻ.',
    en: 'Paste this address into a calendar app (Outlook, Google Calendar, …) to see the deadlines and meetings. It is personal: do not share it.',
  },
  url: { vi: 'Địa chỉ đăng ký', en: 'Subscription address' },
  revoke: { vi: 'Thu hồi và tạo địa chỉ mới', en: 'Revoke and make a new address' },
  revoked: {
    vi: 'Địa chỉ cũ đã bị thu hồi; đây là địa chỉ mới.',
    en: 'The old address is revoked; this is the new one.',
  },
  weekdays: { vi: ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'], en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] },
};

/** The console page frame: header, navigation with the language switch and sign-out, main. */
export function consolePage(
  lang: Locale,
  title: string,
  content: string,
  nav?: { email: string; csrf: string; path: string },
): string {
  const t = (x: Localized): string => esc(x[lang]);
  const other = lang === 'vi' ? 'en' : 'vi';
  const sep = nav?.path.includes('?') ? '&' : '?';
  const links = nav
    ? `<nav aria-label="${t(C.console)}"><a href="/work">${t(C.myWork)}</a><a href="/regulations">${t(C.regulations)}</a><a href="/calendar">${t(C.calendar)}</a><span class="muted">${t(C.signedInAs)} ${esc(nav.email)}</span><a href="${esc(nav.path + sep)}lang=${other}" lang="${other}" hreflang="${other}">${esc(C.switchLang[lang])}</a><form method="post" action="/signout"><input type="hidden" name="csrf" value="${esc(nav.csrf)}"><button type="submit">${t(C.signOut)}</button></form></nav>`
    : `<nav><a href="?lang=${other}" lang="${other}" hreflang="${other}">${esc(C.switchLang[lang])}</a></nav>`;
  return shell(lang, `${title} — ${C.console[lang]}`, t(C.console), content, {
    skip: C.skip[lang],
    nav: links,
    main: ' class="wide" id="main"',
  });
}

/** A notice banner: a result (status) or why it was not recorded (alert). */
export function notice(n?: { ok: boolean; text: string }): string {
  return n
    ? `<section class="${n.ok ? 'ok' : 'err'}" role="${n.ok ? 'status' : 'alert'}"><p>${esc(n.text)}</p></section>`
    : '';
}

/**
 * The sign-in page: one address field and, when the console has single sign-on, a link to the
 * organisation's provider (a link, not a form: a form's redirect to another site breaks form-action 'self').
 */
export function signInPage(
  lang: Locale,
  csrf: string,
  sent?: boolean,
  status?: { ok: boolean; text: string },
  sso?: boolean,
): string {
  const t = (x: Localized): string => esc(x[lang]);
  const org = sso
    ? `<section aria-labelledby="h-sso"><p class="hint" id="h-sso">${t(C.orgSignInIntro)}</p><p><a class="button" href="/auth/oidc">${t(C.orgSignIn)}</a></p></section>`
    : '';
  const body = sent
    ? `<section class="ok" role="status"><p>${t(C.linkSent)}</p></section>`
    : `${notice(status)}<form method="post" action="/signin"><input type="hidden" name="csrf" value="${esc(csrf)}"><p class="hint" id="email-hint">${t(C.signInIntro)}</p><label for="f-email">${t(C.email)}</label><input type="email" id="f-email" name="email" required autocomplete="email" aria-describedby="email-hint"><button type="submit">${t(C.sendLink)}</button></form>${org}`;
  return consolePage(lang, C.signIn[lang], `<h1>${t(C.signIn)}</h1>${body}`);
}

/** The page a sign-in link opens: one button, so mail scanners that fetch links do not use it up. */
export function confirmSignInPage(lang: Locale, csrf: string, action: string): string {
  const t = (x: Localized): string => esc(x[lang]);
  return consolePage(
    lang,
    C.signIn[lang],
    `<h1>${t(C.signIn)}</h1><form method="post" action="${esc(action)}"><input type="hidden" name="csrf" value="${esc(csrf)}"><p>${t(C.confirmSignIn)}</p><button type="submit">${t(C.signIn)}</button></form>`,
  );
}

/** One open item of My work. */
export interface WorkItem {
  lifecycleId: string;
  regulationTitle: Localized;
  body?: Localized;
  label: Localized;
  lastDay?: string;
  daysLeft?: number;
  zone: string;
  href: string;
}

const dayText = (lang: Locale, lastDay: string | undefined, zone: string): string =>
  lastDay ? esc(formatDay(lang, lastDay, zone)) : '—';

/** My work: every open item, earliest deadline first. */
export function workTable(lang: Locale, items: WorkItem[]): string {
  const t = (x: Localized): string => esc(x[lang]);
  if (items.length === 0) return `<p>${t(C.nothingToDo)}</p>`;
  const rows = items.map((i) => {
    const left =
      i.daysLeft === undefined
        ? '—'
        : i.daysLeft < 0
          ? `<span class="late">${t(C.overdue)} (${-i.daysLeft})</span>`
          : String(i.daysLeft);
    return `<tr><td>${t(i.label)}</td><td><a href="/regulations/${encodeURIComponent(i.lifecycleId)}">${t(i.regulationTitle)}</a></td><td>${i.body ? t(i.body) : '—'}</td><td>${dayText(lang, i.lastDay, i.zone)}</td><td>${left}</td><td><a class="button" href="${esc(i.href)}">${t(C.open)}</a></td></tr>`;
  });
  return `<div class="scroll"><table><caption class="muted">${t(C.myWork)}</caption><thead><tr><th scope="col">${t(C.item)}</th><th scope="col">${t(C.regulation)}</th><th scope="col">${t(C.body)}</th><th scope="col">${t(C.deadline)}</th><th scope="col">${t(C.daysLeft)}</th><th scope="col"><span class="muted">${t(C.actions)}</span></th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** A small generic table: header cells and rows of ready HTML cells. */
export function table(caption: string, head: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  return `<div class="scroll"><table><caption class="muted">${esc(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

export { esc, formatDay, formatInstant };

/** One field of an action form. */
export interface Field {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'date' | 'datetime' | 'select' | 'radio' | 'checks' | 'hidden' | 'url';
  options?: { value: string; label: string }[];
  required?: boolean;
  value?: string | string[];
  hint?: string;
}

/** An action form: its fields, the anti-forgery field, and the validator's message on top when rejected. */
export function actionForm(
  lang: Locale,
  csrf: string,
  fields: Field[],
  submit: string,
  n?: { ok: boolean; text: string },
): string {
  const parts = fields.map((f) => {
    const id = `f-${f.name.replace(/[^a-z0-9-]/gi, '-')}`;
    const v = typeof f.value === 'string' ? f.value : '';
    const req = f.required ? ' required' : '';
    const hint = f.hint ? `<p class="hint" id="${id}-hint">${esc(f.hint)}</p>` : '';
    const described = f.hint ? ` aria-describedby="${id}-hint"` : '';
    switch (f.kind) {
      case 'hidden':
        return `<input type="hidden" name="${esc(f.name)}" value="${esc(v)}">`;
      case 'textarea':
        return `<label for="${id}">${esc(f.label)}</label>${hint}<textarea id="${id}" name="${esc(f.name)}"${req}${described}>${esc(v)}</textarea>`;
      case 'select':
        return `<label for="${id}">${esc(f.label)}</label>${hint}<select id="${id}" name="${esc(f.name)}"${req}${described}>${(f.options ?? []).map((o) => `<option value="${esc(o.value)}"${o.value === v ? ' selected' : ''}>${esc(o.label)}</option>`).join('')}</select>`;
      case 'radio':
      case 'checks': {
        const type = f.kind === 'radio' ? 'radio' : 'checkbox';
        const chosen = Array.isArray(f.value) ? f.value : [v];
        return `<fieldset><legend>${esc(f.label)}</legend>${hint}${(f.options ?? []).map((o, i) => `<label class="choice" for="${id}-${i}"><input type="${type}" id="${id}-${i}" name="${esc(f.name)}" value="${esc(o.value)}"${chosen.includes(o.value) ? ' checked' : ''}${f.kind === 'radio' ? req : ''}> <span>${esc(o.label)}</span></label>`).join('')}</fieldset>`;
      }
      default: {
        const type = { text: 'text', url: 'url', date: 'date', datetime: 'datetime-local' }[f.kind];
        return `<label for="${id}">${esc(f.label)}</label>${hint}<input type="${type}" id="${id}" name="${esc(f.name)}" value="${esc(v)}"${req}${described}>`;
      }
    }
  });
  return `${notice(n)}<form method="post" accept-charset="utf-8"><input type="hidden" name="csrf" value="${esc(csrf)}">${parts.join('')}<button type="submit">${esc(submit)}</button></form>${lang === 'vi' ? '' : ''}`;
}

/** What was recorded at adoption, in one sentence of the reader's language (the engine did not run it). */
export function adoptedText(a: Adoption, lang: Locale, zone = 'Asia/Ho_Chi_Minh'): string {
  const day = (d: string) => formatDay(lang, d, zone);
  const vi = lang === 'vi';
  const held = a.reviewsHeld.length;
  if (a.signedOn) {
    const effective = a.effectiveOn ?? a.signedOn;
    return vi
      ? `Ghi nhận khi tiếp nhận: ký ngày ${day(a.signedOn)}${a.number ? `, số ${a.number}` : ''}; hiệu lực từ ${day(effective)}${held ? `; đã sơ kết ${held} lần` : ''}`
      : `Recorded at adoption: signed ${day(a.signedOn)}${a.number ? `, No. ${a.number}` : ''}; in force since ${day(effective)}${held ? `; ${held} sơ kết held before` : ''}`;
  }
  const d = a.draft!;
  return vi
    ? `Ghi nhận khi tiếp nhận: dự thảo ${d.version} đang lấy ý kiến lần ${d.round}, hạn ${day(d.deadline)}`
    : `Recorded at adoption: draft ${d.version} out for comments, round ${d.round}, due ${day(d.deadline)}`;
}
