/**
 * The portal's pages: one form per purpose (comments on a draft, a review report, a signature
 * confirmation), rendered from plain view data in the recipient body's language.
 */
import type { Answer } from '../../domain/lifecycle';
import type { Locale, Localized } from '../../domain/locale';
import { esc, formatDay, formatInstant, page, T, zoneName } from './html';

/** What every step page shows above its form. */
export interface StepView {
  lang: Locale;
  zone: string;
  regulationTitle: Localized;
  bodyName: Localized;
  stepLabel: Localized;
  document?: { version: string; link: string };
  /** Local last day of the step (the period ends at 24:00 that day). */
  lastDay?: string;
  meeting?: { label: Localized; at?: string };
  areas: { id: string; title: Localized }[];
  /** The hidden anti-forgery field for this link. */
  csrf: string;
  /** A banner: the result of a submission, or why it was not recorded. */
  notice?: { ok: boolean; text: string };
}

/** Values typed into a form, kept when it is shown again after a rejection. */
export interface FormValues {
  areas: Record<string, string>;
  general?: string;
  decision?: string;
  reference?: string;
  submittedBy?: string;
  signer?: string;
}

/** Longest text accepted in one field. */
export const MAX_FIELD = 8000;
/** Longest one-line field (names, references). */
export const MAX_LINE = 300;

const t = (v: StepView, x: Localized): string => esc(x[v.lang]);

function header(v: StepView): string {
  const rows: string[] = [
    `<dt>${t(v, T.body)}</dt><dd>${t(v, v.bodyName)}</dd>`,
    `<dt>${t(v, T.step)}</dt><dd>${t(v, v.stepLabel)}</dd>`,
  ];
  if (v.document) {
    const link = /^https?:\/\//i.test(v.document.link)
      ? ` — <a href="${esc(v.document.link)}" rel="noreferrer noopener" target="_blank">${t(v, T.openDraft)}</a>`
      : '';
    rows.push(`<dt>${t(v, T.draft)}</dt><dd>${esc(v.document.version)}${link}</dd>`);
  }
  if (v.lastDay)
    rows.push(
      `<dt>${t(v, T.deadline)}</dt><dd><strong>${esc(formatDay(v.lang, v.lastDay, v.zone))}</strong> (${t(v, T.endOfDay)}, ${esc(zoneName(v.lang, v.zone))})</dd>`,
    );
  if (v.meeting)
    rows.push(
      `<dt>${t(v, v.meeting.label)}</dt><dd>${v.meeting.at ? esc(formatInstant(v.lang, v.meeting.at, v.zone)) : t(v, T.notScheduled)}</dd>`,
    );
  const notice = v.notice
    ? `<section class="${v.notice.ok ? 'ok' : 'err'}" role="${v.notice.ok ? 'status' : 'alert'}"><p>${esc(v.notice.text)}</p></section>`
    : '';
  return `<h1>${t(v, v.regulationTitle)}</h1>${notice}<section><dl>${rows.join('')}</dl></section>`;
}

function textarea(name: string, id: string, label: string, value: string | undefined, hint?: string): string {
  return `<label for="${id}">${label}</label>${hint ? `<p class="hint" id="${id}-hint">${esc(hint)}</p>` : ''}<textarea id="${id}" name="${name}" maxlength="${MAX_FIELD}"${hint ? ` aria-describedby="${id}-hint"` : ''}>${esc(value ?? '')}</textarea>`;
}

function line(name: string, id: string, label: string, value: string | undefined, attrs = ''): string {
  return `<label for="${id}">${label}</label><input type="text" id="${id}" name="${name}" maxlength="${MAX_LINE}" value="${esc(value ?? '')}"${attrs}>`;
}

function areaFields(v: StepView, values: FormValues): string {
  return v.areas.map((a) => textarea(`area.${a.id}`, `f-area-${a.id}`, t(v, a.title), values.areas[a.id])).join('');
}

function form(v: StepView, inner: string, submit: Localized): string {
  return `<form method="post" accept-charset="utf-8"><input type="hidden" name="csrf" value="${esc(v.csrf)}">${inner}<button type="submit">${t(v, submit)}</button></form>`;
}

const decisionText = (v: StepView, d: Answer['decision']): string =>
  t(v, d === 'agree' ? T.agree : d === 'request-changes' ? T.requestChanges : T.consent).replace(/ \(.*\)$/, '');

function answerBlock(v: StepView, a: Answer): string {
  const areaTitle = (id?: string): string =>
    id ? t(v, v.areas.find((x) => x.id === id)?.title ?? { vi: id, en: id }) : t(v, T.general);
  const rows = [
    `<dt>${t(v, T.decision)}</dt><dd>${decisionText(v, a.decision)}</dd>`,
    `<dt>${t(v, T.at)}</dt><dd>${esc(formatInstant(v.lang, a.at, v.zone))}</dd>`,
  ];
  if (a.reference) rows.push(`<dt>${t(v, T.reference)}</dt><dd>${esc(a.reference)}</dd>`);
  if (a.submittedBy) rows.push(`<dt>${t(v, T.submittedBy)}</dt><dd>${esc(a.submittedBy)}</dd>`);
  const comments = a.comments
    .map((c) => `<h3>${areaTitle(c.area)}</h3><blockquote>${esc(c.text)}</blockquote>`)
    .join('');
  return `<section aria-labelledby="answered"><h2 id="answered">${t(v, T.answered)}</h2><dl>${rows.join('')}</dl>${comments}<p class="hint">${t(v, T.oneAnswer)}</p></section>`;
}

/** Comments and decision on a draft; with an answer already given, that answer instead of the form. */
export function feedbackPage(v: StepView, existing: Answer | undefined, values: FormValues = { areas: {} }): string {
  let body: string;
  if (existing) body = answerBlock(v, existing);
  else {
    const radio = (value: string, label: Localized): string =>
      `<label class="choice" for="f-decision-${value}"><input type="radio" id="f-decision-${value}" name="decision" value="${value}" required${values.decision === value ? ' checked' : ''}> <span>${t(v, label)}</span></label>`;
    body = form(
      v,
      `<p class="muted">${t(v, T.notAnswered)}</p>
<fieldset><legend>${t(v, T.areas)}</legend><p class="hint">${t(v, T.areasHint)}</p>${areaFields(v, values)}${textarea('general', 'f-general', t(v, T.general), values.general)}</fieldset>
<fieldset><legend>${t(v, T.decision)}</legend>${radio('agree', T.agree)}${radio('request-changes', T.requestChanges)}</fieldset>
${line('reference', 'f-reference', t(v, T.reference), values.reference)}${line('submittedBy', 'f-submitted-by', t(v, T.submittedBy), values.submittedBy, ' autocomplete="name"')}`,
      T.sendFeedback,
    );
  }
  return page(v.lang, `${v.stepLabel[v.lang]} — ${v.bodyName[v.lang]}`, header(v) + body);
}

/** A review report per area; with a report already sent, that report instead of the form. */
export function reviewReportPage(
  v: StepView,
  existing: { at: string; assessments: Record<string, string> } | undefined,
  values: FormValues = { areas: {} },
): string {
  let body: string;
  if (existing) {
    const rows = Object.entries(existing.assessments)
      .map(
        ([area, text]) =>
          `<h3>${t(v, v.areas.find((a) => a.id === area)?.title ?? { vi: area, en: area })}</h3><blockquote>${esc(text)}</blockquote>`,
      )
      .join('');
    body = `<section aria-labelledby="answered"><h2 id="answered">${t(v, T.answered)}</h2><dl><dt>${t(v, T.at)}</dt><dd>${esc(formatInstant(v.lang, existing.at, v.zone))}</dd></dl>${rows}</section>`;
  } else {
    body = form(
      v,
      `<p class="muted">${t(v, T.notAnswered)}</p>
<fieldset><legend>${t(v, T.assessments)}</legend><p class="hint">${t(v, T.assessmentsHint)}</p>${areaFields(v, values)}</fieldset>
${line('submittedBy', 'f-submitted-by', t(v, T.submittedBy), values.submittedBy, ' autocomplete="name"')}`,
      T.sendReport,
    );
  }
  return page(v.lang, `${v.stepLabel[v.lang]} — ${v.bodyName[v.lang]}`, header(v) + body);
}

/** Confirmation that the body's signatory signed; with a signature already recorded, that record. */
export function signaturePage(
  v: StepView,
  existing: { signer: string; signedAt: string } | undefined,
  values: FormValues,
): string {
  const body = existing
    ? `<section aria-labelledby="answered"><h2 id="answered">${t(v, T.answered)}</h2><dl><dt>${t(v, T.signed)}</dt><dd>${esc(existing.signer)}</dd><dt>${t(v, T.at)}</dt><dd>${esc(formatInstant(v.lang, existing.signedAt, v.zone))}</dd></dl></section>`
    : form(
        v,
        `<p class="hint">${t(v, T.signHint)}</p>${line('signer', 'f-signer', t(v, T.signer), values.signer, ' required autocomplete="name"')}`,
        T.confirmSignature,
      );
  return page(v.lang, `${v.stepLabel[v.lang]} — ${v.bodyName[v.lang]}`, header(v) + body);
}

/** A refusal in the body's language: title and one explaining paragraph. */
export function refusalPage(lang: Locale, title: Localized, text: Localized): string {
  return page(
    lang,
    title[lang],
    `<section class="err" role="alert"><h1>${esc(title[lang])}</h1><p>${esc(text[lang])}</p></section>`,
  );
}
