/**
 * HTML building blocks of the portal: escaping, the page frame (inline CSS, no external
 * assets), the texts in both working languages, and dates as people read them.
 */
import { DateTime } from 'luxon';
import type { Locale, Localized } from '../../domain/locale';
import { DECISION, zoneName as zoneWords } from '../../domain/words';

/** Escapes text for HTML content and double-quoted attributes. */
export function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Picks the text of a locale. */
export function loc(l: Locale, t: Localized): string {
  return t[l];
}

/** The stylesheet of every page (inline: pages load nothing from outside). */
export const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1f24;background:#f4f5f7}
main{max-width:44rem;margin:0 auto;padding:1rem}
header{background:#8b1a1a;color:#fff;padding:.75rem 1rem;font-weight:600}
h1{font-size:1.3rem;line-height:1.3;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
h3{font-size:1rem;margin:.75rem 0 .25rem}
section,form{background:#fff;border:1px solid #d8dbe0;border-radius:8px;padding:1rem;margin:1rem 0}
section>:first-child,form>input[type=hidden]+*{margin-top:0}
section>:last-child{margin-bottom:0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
@media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
fieldset{border:0;padding:0;margin:0 0 1rem}
legend{font-weight:600;margin-bottom:.5rem}
label{display:block;font-weight:500;margin:.75rem 0 .25rem}
label.choice{display:flex;gap:.5rem;align-items:flex-start;font-weight:400;margin:.4rem 0}
textarea,input[type=text]{width:100%;font:inherit;padding:.5rem;border:1px solid #9aa0a6;border-radius:6px}
textarea{min-height:6rem;resize:vertical}
input[type=radio]{width:1.2rem;height:1.2rem;margin-top:.15rem}
button{font:inherit;font-weight:600;background:#8b1a1a;color:#fff;border:0;border-radius:6px;padding:.75rem 1.5rem;margin-top:1rem;width:100%}
.hint{color:#555;font-size:.9rem;margin:.25rem 0}
.ok{border-color:#2e7d32;background:#edf7ee}
.err{border-color:#b3261e;background:#fdecea}
.muted{color:#555}
blockquote{margin:.25rem 0 .75rem;padding-left:.75rem;border-left:3px solid #d8dbe0;white-space:pre-wrap}
a{color:#0b57d0}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;background:#fff;border-bottom:1px solid #d8dbe0;padding:.5rem 1rem}
nav a{font-weight:600}nav form{all:unset}nav button{width:auto;margin:0;padding:.3rem .8rem}
main.wide{max-width:72rem}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}
th,td{border:1px solid #d8dbe0;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#eef0f3}
.scroll{overflow-x:auto}
.late{color:#b3261e;font-weight:700}
a.button{display:inline-block;background:#8b1a1a;color:#fff;border-radius:6px;padding:.4rem .9rem;font-weight:600;text-decoration:none}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}.filters label{margin:0}.filters button{width:auto;margin:0}
select,input[type=email],input[type=date],input[type=datetime-local]{font:inherit;padding:.5rem;border:1px solid #9aa0a6;border-radius:6px;width:100%}
.past{color:#555}
table.month td{min-width:6.5rem;height:5rem}table.month ul{margin:.25rem 0 0;padding-left:1rem;font-size:.85rem}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:1}
`;

/** What a page adds around its content: a skip link, a navigation, the main element's attributes. */
export interface Frame {
  /** The words of a "skip to the content" link to #main. */
  skip?: string;
  /** The navigation's HTML, under the header. */
  nav?: string;
  /** Attributes of <main>, e.g. ` class="wide" id="main"`. */
  main?: string;
}

/** The HTML document around every portal and console page: head, styles, header, navigation and main. */
export function shell(lang: Locale, title: string, header: string, content: string, frame: Frame = {}): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${frame.skip ? `<a class="skip" href="#main">${esc(frame.skip)}</a>\n` : ''}<header>${header}</header>
${frame.nav ? `${frame.nav}\n` : ''}<main${frame.main ?? ''}>
${content}
</main>
</body>
</html>`;
}

/** A complete page in one language. */
export function page(lang: Locale, title: string, content: string): string {
  return shell(lang, title, esc(T.portal[lang]), content);
}

/** A deadline's last day with its weekday, e.g. "Thứ Năm, 01/09/2022" or "Thursday 1 September 2022". */
export function formatDay(lang: Locale, isoDay: string, zone: string): string {
  const d = DateTime.fromISO(isoDay, { zone }).setLocale(lang);
  if (!d.isValid) return isoDay;
  const text = lang === 'vi' ? d.toFormat('cccc, dd/MM/yyyy') : d.toFormat('cccc d MMMM yyyy');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An instant as local date and time, e.g. "09:00, Thứ Năm, 01/09/2022". */
export function formatInstant(lang: Locale, iso: string, zone: string): string {
  const d = DateTime.fromISO(iso, { zone });
  if (!d.isValid) return iso;
  return `${d.toFormat('HH:mm')}, ${formatDay(lang, d.toISODate() ?? iso, zone)}`;
}

/** How a zone is named to people. */
export function zoneName(lang: Locale, zone: string): string {
  return zoneWords(zone, lang);
}

/** Every text the portal shows, in both working languages. */
export const T = {
  portal: { vi: 'Cổng trả lời quy chế phối hợp', en: 'Coordination regulation portal' },
  body: { vi: 'Cơ quan', en: 'Body' },
  step: { vi: 'Nội dung', en: 'Step' },
  draft: { vi: 'Dự thảo', en: 'Draft' },
  openDraft: { vi: 'mở văn bản', en: 'open the document' },
  deadline: { vi: 'Hạn trả lời', en: 'Answer by' },
  endOfDay: { vi: 'hết ngày', en: 'end of day' },
  meeting: { vi: 'Cuộc họp', en: 'Meeting' },
  signingSession: { vi: 'Lễ ký', en: 'Signing session' },
  notScheduled: { vi: 'chưa ấn định', en: 'not scheduled yet' },
  answered: { vi: 'Ý kiến cơ quan đã gửi', en: 'What your body already answered' },
  notAnswered: { vi: 'Cơ quan chưa trả lời bước này.', en: 'Your body has not answered this step yet.' },
  oneAnswer: {
    vi: 'Mỗi cơ quan trả lời một lần cho mỗi vòng. Nếu cần sửa, xin liên hệ Văn phòng giúp việc.',
    en: 'Each body answers once per round. To change an answer, please contact the secretariat.',
  },
  areas: { vi: 'Ý kiến theo từng lĩnh vực phối hợp', en: 'Comments per coordination area' },
  areasHint: { vi: 'Để trống lĩnh vực không có ý kiến.', en: 'Leave an area empty if you have no comment on it.' },
  general: { vi: 'Ý kiến chung', en: 'General comment' },
  decision: { vi: 'Kết luận', en: 'Decision' },
  agree: { vi: `${DECISION.agree.vi} với dự thảo`, en: `${DECISION.agree.en} with the draft` },
  requestChanges: {
    vi: `${DECISION['request-changes'].vi} (ghi ít nhất một ý kiến)`,
    en: `${DECISION['request-changes'].en} (write at least one comment)`,
  },
  consent: DECISION['consent-by-silence'],
  reference: { vi: 'Số công văn (nếu có)', en: 'Letter reference (if any)' },
  submittedBy: { vi: 'Người gửi', en: 'Submitted by' },
  at: { vi: 'Thời điểm', en: 'At' },
  sendFeedback: { vi: 'Gửi ý kiến', en: 'Send the answer' },
  feedbackRecorded: {
    vi: 'Đã ghi nhận ý kiến của cơ quan. Xin cảm ơn.',
    en: "Your body's answer has been recorded. Thank you.",
  },
  assessments: { vi: 'Đánh giá theo từng lĩnh vực phối hợp', en: 'Assessment per coordination area' },
  assessmentsHint: { vi: 'Ghi đánh giá cho ít nhất một lĩnh vực.', en: 'Write an assessment for at least one area.' },
  sendReport: { vi: 'Gửi báo cáo', en: 'Send the report' },
  reportRecorded: {
    vi: 'Đã ghi nhận báo cáo của cơ quan. Xin cảm ơn.',
    en: "Your body's report has been recorded. Thank you.",
  },
  signer: { vi: 'Họ tên người ký', en: 'Name of the signer' },
  signed: { vi: 'Đã ký', en: 'Signed' },
  signHint: {
    vi: 'Xác nhận sau khi người có thẩm quyền đã ký văn bản.',
    en: 'Confirm once the authorised person has signed the document.',
  },
  confirmSignature: { vi: 'Xác nhận đã ký', en: 'Confirm the signature' },
  signatureRecorded: {
    vi: 'Đã ghi nhận chữ ký của cơ quan. Xin cảm ơn.',
    en: "Your body's signature has been recorded. Thank you.",
  },
  notRecorded: { vi: 'Chưa ghi nhận được. Lý do:', en: 'Not recorded. Reason:' },
  fieldTooLong: {
    vi: 'Nội dung quá dài: mỗi ô tối đa {n} ký tự; văn bản dài hơn xin gửi kèm đường dẫn.',
    en: 'Too long: each field takes at most {n} characters; link a document for longer texts.',
  },
  chooseDecision: {
    vi: `Hãy chọn "${DECISION.agree.vi}" hoặc "${DECISION['request-changes'].vi}".`,
    en: `Choose "${DECISION.agree.en}" or "${DECISION['request-changes'].en}".`,
  },
} satisfies Record<string, Localized>;

/** A page whose language is not known yet (the link itself is bad): both languages, Vietnamese first. */
export function bilingualPage(title: Localized, text: Localized): string {
  return shell(
    'vi',
    `${title.vi} / ${title.en}`,
    `${esc(T.portal.vi)} · <span lang="en">${esc(T.portal.en)}</span>`,
    `<section class="err"><h1>${esc(title.vi)}</h1><p>${esc(text.vi)}</p></section>
<section class="err" lang="en"><h1>${esc(title.en)}</h1><p>${esc(text.en)}</p></section>`,
  );
}
