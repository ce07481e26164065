/**
 * The official documents of a lifecycle as plain data (OfficialDocument), ready for renderDocx:
 * the table of comments and their handling (bảng tổng hợp, tiếp thu, giải trình ý kiến), the
 * compiled report of a review (sơ kết / tổng kết) and the full record. Pure functions: no I/O, no
 * Temporal. Every text is in the reader's language, with no raw codes, and dates are written as
 * that language writes them.
 */
import type { LifecycleStatus, MailLogEntry, Round } from '../../domain/lifecycle';
import type { Locale, Localized } from '../../domain/locale';
import type { Regulation, ReviewDecision, Stage } from '../../domain/regulation';
import { commentRows } from '../../domain/comments';
import {
  COMMENT_COLUMN,
  DECISION,
  DOCUMENT,
  GENERAL_AREA,
  HANDLING,
  IN_DIGEST,
  LABELS,
  lowered,
  MAIL_KIND,
  NOT_ANSWERED,
  OUTCOME,
  ROUND_RESULT,
  silentBodies,
  STAGE,
  stepKeyLabel,
} from '../../domain/words';
import type { MailKind } from '../../domain/mail';
import { instantText, localDay, shortDate } from './dates';
import { REPORT_SECTIONS } from './model';
import type {
  Block,
  DocumentSettings,
  ExplanationRow,
  ExplanationTableData,
  Handling,
  OfficialDocument,
  ReportSection,
  ReviewReportData,
} from './model';
import { initials } from './text';

/**
 * What a builder may be given for the documents: the resolved settings of a definition
 * (documentSettings), or nothing (the secretariat as issuer, State style, signing as its head).
 */
export type DocumentSettingsInput = Partial<DocumentSettings>;

/** The parts of a document that come from the settings: style, issuer, place, signature, author. */
export type DocumentFrame = Pick<OfficialDocument, 'style' | 'locale' | 'issuer' | 'place' | 'signature' | 'author'>;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

function pick(l: Localized, locale: Locale): string {
  return l[locale] || l.vi || l.en;
}

function tr(locale: Locale, vi: string, en: string): string {
  return locale === 'en' ? en : vi;
}

/** English prose puts "the" before a body's name ("the Party Delegation …") unless it has one. */
function the(name: string): string {
  return /^the\s/i.test(name) ? name : `the ${name}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Names joined as prose: "A, B và C" / "A, B and C". */
function joined(names: string[], locale: Locale): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${tr(locale, 'và', 'and')} ${names[names.length - 1]}`;
}

/**
 * The document settings of a definition: its `documents` block resolved against its bodies (an
 * issuer named by body id takes that body's name) and defaulted for definitions recorded before
 * the block was complete (the secretariat as issuer, signing as its head).
 */
export function documentSettings(reg: {
  documents?: Regulation['documents'];
  secretariat: { name: Localized };
  bodies: { id: string; name: Localized; signatory?: { name: string; title: string } }[];
}): DocumentSettings {
  const d = reg.documents;
  const body = d?.issuer?.body ? reg.bodies.find((b) => b.id === d.issuer!.body) : undefined;
  const name = d?.issuer?.name ?? body?.name ?? reg.secretariat.name;
  const capacity = d?.signer?.capacity ?? (body ? 'collective' : 'head');
  const fallbackTitle: Localized | undefined = body
    ? body.signatory && { vi: body.signatory.title, en: body.signatory.title }
    : { vi: 'Chánh Văn phòng', en: 'Chief of Office' };
  const title = d?.signer?.title ?? fallbackTitle;
  const signerName = d?.signer?.name ?? body?.signatory?.name;
  return {
    style: d?.style ?? 'state',
    issuer: {
      ...(d?.issuer?.parent ? { parent: d.issuer.parent } : {}),
      name,
      ...(d?.issuer?.code ? { code: d.issuer.code } : {}),
    },
    ...(d?.place ? { place: d.place } : {}),
    signer: { capacity, ...(title ? { title } : {}), ...(signerName ? { name: signerName } : {}) },
    ...(d?.regulationNumber ? { regulationNumber: d.regulationNumber } : {}),
  };
}

/** Style, issuer (default: the secretariat), place, signature block and author of every document. */
export function documentFrame(
  settings: DocumentSettingsInput | undefined,
  secretariatName: Localized,
  locale: Locale,
): DocumentFrame {
  const style = settings?.style ?? 'state';
  const issuer = settings?.issuer ?? { name: secretariatName };
  const name = pick(issuer.name, locale);
  const code = issuer.code ?? initials(issuer.name.vi || issuer.name.en);
  const signer = settings?.signer ?? {
    capacity: 'head' as const,
    title: { vi: 'Chánh Văn phòng', en: 'Chief of Office' },
  };
  // Decree 30/2020 App. I / 36-HD/VPTW: "TM." / "T/M" only for a collective; the head of an office signs with the title alone.
  const capacity =
    signer.capacity === 'collective'
      ? locale === 'en'
        ? `On behalf of ${the(name)}`
        : `${style === 'party' ? 'T/M' : 'TM.'} ${name}`
      : undefined;
  return {
    style,
    locale,
    issuer: { ...(issuer.parent ? { parent: pick(issuer.parent, locale) } : {}), name, code },
    ...(settings?.place ? { place: pick(settings.place, locale) } : {}),
    signature: {
      ...(capacity ? { capacity } : {}),
      ...(signer.title ? { title: pick(signer.title, locale) } : {}),
      ...(signer.name ? { name: signer.name } : {}),
    },
    author: pick(secretariatName, locale),
  };
}

/** A link that may break after its slashes and hyphens (a zero-width space after each), so no table cell overflows. */
function breakable(url: string): string {
  return url.replace(/([/-])(?=[^/])/g, '$1\u200b');
}

/** "Nơi nhận": the bodies (never the issuer itself), then the issuer's own file copy. */
function recipientList(names: string[], frame: DocumentFrame): string[] {
  const own = frame.issuer.name.toLowerCase();
  const others = [...new Set(names)].filter((n) => n.toLowerCase() !== own);
  return [...others, tr(frame.locale, 'Lưu: VT', 'File: Records office')];
}

/**
 * A draft as a văn thư names it: "Dự thảo lần 2" / "Draft 2", from a version written "v2" or "2";
 * any other version string (a system label) gives way to the round's number.
 */
export function draftName(version: string, round: number, locale: Locale): string {
  const n = /^v?(\d{1,3})$/i.exec(version.trim())?.[1] ?? String(round);
  return tr(locale, `Dự thảo lần ${n}`, `Draft ${n}`);
}

/** The Quy chế as a document cites it: with its number and date once known ("Quy chế phối hợp số 05-QC/… ngày 20/10/2022 giữa …"). */
export function citedTitle(title: string, locale: Locale, number?: string, date?: string): string {
  const parts = [
    ...(number ? [tr(locale, `số ${number}`, `No. ${number}`)] : []),
    ...(date ? [tr(locale, `ngày ${shortDate(date, locale)}`, `of ${shortDate(date, locale)}`)] : []),
  ].join(' ');
  if (!parts) return title;
  const head = locale === 'en' ? /^(the\s+)?(coordination\s+)?regulation/i : /^Quy chế( phối hợp)?/;
  const m = head.exec(title);
  return m ? `${m[0]} ${parts}${title.slice(m[0].length)}` : `${title} (${parts})`;
}

// ---- the table of comments and their handling ----

/** The handling word: "Tiếp thu", "Tiếp thu một phần", "Không tiếp thu", or "Chưa giải trình" when there is none yet. */
export function handlingWord(h: Handling | undefined, locale: Locale): string {
  return pick(h ? HANDLING[h] : NOT_ANSWERED, locale);
}

/**
 * The rows of a round's table: one per comment, in the order of the definition's bodies, each with
 * the secretariat's answer if the round records one. Comment ids are `<body id>-<1-based index>`.
 */
export function explanationRows(
  round: Round,
  reg: { bodies: { id: string; name: Localized }[]; areas: Regulation['areas'] },
): ExplanationRow[] {
  // Numbered as everywhere else (workflows/comments.ts): the ids the secretariat answers by.
  return commentRows(
    round,
    reg.bodies.map((b) => b.id),
  ).map((r) => {
    const area = r.area ? reg.areas.find((a) => a.id === r.area) : undefined;
    const reference = round.answers[r.body]?.reference;
    return {
      id: r.id,
      body: reg.bodies.find((b) => b.id === r.body)?.name ?? { vi: r.body, en: r.body },
      ...(area ? { area } : {}),
      comment: r.text ?? '',
      ...(reference ? { reference } : {}),
      ...(r.response
        ? { handling: r.response.handling, ...(r.response.explanation ? { explanation: r.response.explanation } : {}) }
        : {}),
    };
  });
}

/** The table data of one round, from the lifecycle's round and the definition. */
export function explanationTableData(
  round: Round,
  reg: { title: Localized; bodies: { id: string; name: Localized }[]; areas: Regulation['areas']; timezone?: string },
  date: string,
  nextDraftVersion?: string,
): ExplanationTableData {
  const answered = (b: { id: string }) => round.answers[b.id];
  const agreed = reg.bodies.filter((b) => {
    const a = answered(b);
    return a !== undefined && a.comments.length === 0 && (a.compacted?.count ?? 0) === 0 && a.decision === 'agree';
  });
  const silent = reg.bodies.filter((b) => answered(b)?.decision === 'consent-by-silence');
  const zone = reg.timezone || undefined;
  return {
    regulationTitle: reg.title,
    round: round.n,
    draftVersion: round.draftVersion,
    ...(nextDraftVersion ? { nextDraftVersion } : {}),
    rows: explanationRows(round, reg),
    agreedWithoutComments: agreed.map((b) => b.name),
    silent: silent.map((b) => b.name),
    asked: reg.bodies.length,
    areaOrder: reg.areas.map((a) => a.id),
    openedOn: localDay(round.openedAt, zone),
    ...(round.closedAt ? { closedOn: localDay(round.closedAt, zone) } : {}),
    date,
  };
}

/**
 * The comments grouped by area (general comments first, then the areas in the definition's order),
 * one heading row per group, the rows numbered straight through.
 */
function groupedRows(
  data: ExplanationTableData,
  locale: Locale,
  cells: (r: ExplanationRow, n: number) => string[],
): (string[] | { group: string })[] {
  const order = data.areaOrder ?? [];
  const key = (r: ExplanationRow) => r.area?.id ?? '';
  const groups = [...new Set(data.rows.map(key))].sort((a, b) => {
    const rank = (k: string) => (k === '' ? -1 : order.indexOf(k) === -1 ? order.length : order.indexOf(k));
    return rank(a) - rank(b);
  });
  const out: (string[] | { group: string })[] = [];
  let n = 0;
  groups.forEach((g, i) => {
    const rows = data.rows.filter((r) => key(r) === g);
    const title = g === '' ? tr(locale, 'Ý kiến chung', 'General comments') : pick(rows[0]!.area!.title, locale);
    out.push({ group: `${ROMAN[i] ?? i + 1}. ${title}` });
    for (const r of rows) out.push(cells(r, ++n));
  });
  return out;
}

/** A letter number kept on one line: no-break spaces and hyphens ("45‑CV/ĐĐ" never splits after its hyphen). */
function unbreakable(text: string): string {
  return text.replace(/ /g, '\u00a0').replace(/-/g, '\u2011');
}

function bodyCell(r: ExplanationRow, locale: Locale): string {
  const ref = r.reference ? unbreakable(r.reference) : undefined;
  return `${pick(r.body, locale)}${ref ? `\n${tr(locale, `(Công văn số\u00a0${ref})`, `(Letter No.\u00a0${ref})`)}` : ''}`;
}

const COMMENT_COLUMNS = {
  vi: ['STT', 'Cơ quan góp ý', COMMENT_COLUMN.comment.vi],
  en: ['No.', 'Body', COMMENT_COLUMN.comment.en],
};
const EXPLANATION_COLUMNS = {
  vi: [...COMMENT_COLUMNS.vi, COMMENT_COLUMN.handling.vi],
  en: [...COMMENT_COLUMNS.en, COMMENT_COLUMN.handling.en],
};

function handlingSummary(rows: ExplanationRow[], locale: Locale): string {
  const count = (h: Handling | undefined) => rows.filter((r) => r.handling === h).length;
  const parts = (['accepted', 'partly-accepted', 'not-accepted', undefined] as const)
    .map((h) => [count(h), handlingWord(h, locale)] as const)
    .filter(([n]) => n > 0)
    .map(([n, w]) => `${w.toLowerCase()}: ${n}`);
  return tr(
    locale,
    `Tổng số ${rows.length} ý kiến (${parts.join('; ')}).`,
    `${rows.length} comment${rows.length === 1 ? '' : 's'} in all (${parts.join('; ')}).`,
  );
}

/** The paragraphs after a round's table: who agreed without comments, who was silent (taken as agreeing). */
function agreementLines(data: ExplanationTableData, locale: Locale): Block[] {
  const out: Block[] = [];
  if (data.agreedWithoutComments.length > 0) {
    const names = joined(
      data.agreedWithoutComments.map((b) => (locale === 'en' ? the(pick(b, locale)) : pick(b, locale))),
      locale,
    );
    out.push({
      kind: 'paragraph',
      text: tr(
        locale,
        `${names} nhất trí với dự thảo, không có ý kiến khác.`,
        `${capital(names)} agreed with the draft without comments.`,
      ),
    });
  }
  if (data.silent && data.silent.length > 0) {
    const names = joined(
      data.silent.map((b) => (locale === 'en' ? the(pick(b, locale)) : pick(b, locale))),
      locale,
    );
    out.push({ kind: 'paragraph', text: pick(silentBodies(names, data.silent.length), locale) });
  }
  return out;
}

/** The opening of both round reports: when the draft went out, and how many bodies answered by the close. */
function roundIntro(
  data: ExplanationTableData,
  draft: string,
  title: string,
  locale: Locale,
  handled: boolean,
): string {
  const sent = data.openedOn
    ? tr(
        locale,
        `Ngày ${shortDate(data.openedOn, locale)}, ${draft} ${title} được gửi đến các cơ quan để lấy ý kiến. `,
        `On ${shortDate(data.openedOn, locale)}, ${draft} of the ${title} was sent to the bodies for comment. `,
      )
    : '';
  const bodies = new Set(data.rows.map((r) => r.body.vi));
  const replied = bodies.size + data.agreedWithoutComments.filter((b) => !bodies.has(b.vi)).length;
  const by =
    data.closedOn && data.asked
      ? tr(
          locale,
          `Đến ngày ${shortDate(data.closedOn, locale)}, ${replied}/${data.asked} cơ quan đã có ý kiến. `,
          `By ${shortDate(data.closedOn, locale)}, ${replied === data.asked ? (replied === 2 ? 'both bodies' : `all ${replied} bodies`) : `${replied} of the ${data.asked} bodies`} had replied. `,
        )
      : '';
  const then = handled
    ? tr(
        locale,
        'Kết quả tổng hợp, tiếp thu, giải trình như sau:',
        'Their comments, and how each was taken into account, are set out below.',
      )
    : tr(locale, 'Kết quả tổng hợp như sau:', 'Their comments are set out below.');
  return `${sent}${by}${then}`;
}

/**
 * Báo cáo tổng hợp ý kiến góp ý: what the bodies said about a draft, grouped by area, sent when
 * the round closes, before anything is answered (no handling column).
 */
export function commentTableDocument(
  data: ExplanationTableData,
  settings: DocumentSettingsInput | undefined,
  secretariatName: Localized,
  locale: Locale,
): OfficialDocument {
  return roundReport(data, settings, secretariatName, locale, false);
}

/** Báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý: each comment of a round with how it was taken in, sent with the next draft. */
export function explanationTableDocument(
  data: ExplanationTableData,
  settings: DocumentSettingsInput | undefined,
  secretariatName: Localized,
  locale: Locale,
): OfficialDocument {
  return roundReport(data, settings, secretariatName, locale, true);
}

/**
 * The report of a round, with its comments only (`handled` false) or with how each was taken in:
 * the opening, the table (or a line saying there were no comments), who agreed or was silent,
 * and what comes next; addressed to every body that took part.
 */
function roundReport(
  data: ExplanationTableData,
  settings: DocumentSettingsInput | undefined,
  secretariatName: Localized,
  locale: Locale,
  handled: boolean,
): OfficialDocument {
  const frame = documentFrame(settings, secretariatName, locale);
  const title = pick(data.regulationTitle, locale);
  const draft = draftName(data.draftVersion, data.round, locale);
  const para = (text: string): Block => ({ kind: 'paragraph', text });
  const blocks: Block[] = [para(roundIntro(data, draft, title, locale, handled))];
  const bodyCount = new Set(data.rows.map((r) => r.body.vi)).size;
  if (data.rows.length === 0)
    blocks.push(para(tr(locale, 'Không có ý kiến góp ý cụ thể.', 'No specific comments were received.')));
  else if (handled)
    blocks.push(
      {
        kind: 'table',
        columns: EXPLANATION_COLUMNS[locale],
        widths: [7, 19, 37, 37],
        rows: groupedRows(data, locale, (r, n) => [
          String(n),
          bodyCell(r, locale),
          r.comment,
          `${handlingWord(r.handling, locale)}${r.explanation ? `\n${r.explanation}` : ''}`,
        ]),
      },
      para(handlingSummary(data.rows, locale)),
    );
  else
    blocks.push(
      {
        kind: 'table',
        columns: COMMENT_COLUMNS[locale],
        widths: [7, 25, 68],
        rows: groupedRows(data, locale, (r, n) => [String(n), bodyCell(r, locale), r.comment]),
      },
      para(
        tr(
          locale,
          `Tổng số ${data.rows.length} ý kiến của ${bodyCount} cơ quan.`,
          `${data.rows.length} comment${data.rows.length === 1 ? '' : 's'} from ${bodyCount} bod${bodyCount === 1 ? 'y' : 'ies'}.`,
        ),
      ),
    );
  blocks.push(...agreementLines(data, locale));
  if (handled && data.nextDraftVersion) {
    const next = draftName(data.nextDraftVersion, data.round + 1, locale);
    blocks.push(
      para(
        tr(
          locale,
          `Các ý kiến được tiếp thu đã được thể hiện trong ${next} gửi kèm theo.`,
          `The comments accepted are reflected in ${next}, enclosed.`,
        ),
      ),
    );
  }
  if (!handled && data.rows.length > 0)
    blocks.push(
      para(
        tr(
          locale,
          'Các ý kiến trên sẽ được nghiên cứu, tiếp thu, giải trình khi chỉnh lý dự thảo.',
          'The comments will be considered, and each accepted or answered, when the draft is revised.',
        ),
      ),
    );
  const bodies = [
    ...data.rows.map((r) => pick(r.body, locale)),
    ...data.agreedWithoutComments.map((b) => pick(b, locale)),
    ...(data.silent ?? []).map((b) => pick(b, locale)),
  ];
  return {
    ...frame,
    kindCode: 'BC',
    date: data.date,
    title: pick(DOCUMENT.report, locale),
    subtitle: handled
      ? pick(DOCUMENT.takingIn(tr(locale, `${draft} ${title}`, `${draft} of the ${title}`)), locale)
      : tr(locale, `Tổng hợp ý kiến góp ý đối với ${draft} ${title}`, `Comments received on ${draft} of the ${title}`),
    blocks,
    recipients: recipientList(bodies, frame),
  };
}

// ---- the report of a review ----

/** The meeting's decision as a sentence part: "tiếp tục thực hiện Quy chế", … */
export function decisionWords(decision: 'continue' | 'amend' | 'end', locale: Locale): string {
  return pick(OUTCOME[decision], locale);
}

function reviewName(kind: 'so-ket' | 'tong-ket', n: number, locale: Locale): string {
  return pick(LABELS.review(kind, n), locale);
}

/** The name of a part III–VI of a body's report, as a heading in running text. */
export function sectionWords(key: ReportSection, locale: Locale): string {
  const words: Record<ReportSection, [string, string]> = {
    limitations: ['Hạn chế, khó khăn và nguyên nhân', 'Shortcomings, difficulties and their causes'],
    lessons: ['Bài học kinh nghiệm', 'Lessons learnt'],
    directions: ['Phương hướng, nhiệm vụ thời gian tới', 'The way ahead'],
    proposals: ['Đề xuất, kiến nghị', 'Proposals'],
  };
  return tr(locale, ...words[key]);
}

/** The catalogue's review name in running text: "sơ kết lần 1" / "tổng kết", "preliminary review 1" / "final review". */
function reviewWords(kind: 'so-ket' | 'tong-ket', n: number, locale: Locale): string {
  return pick(lowered(LABELS.review(kind, n)), locale);
}

/** The catalogue's name of a review's meeting in running text: "hội nghị sơ kết lần 1" / "preliminary review 1 meeting". */
function meetingWords(kind: 'so-ket' | 'tong-ket', n: number, locale: Locale): string {
  return pick(lowered(LABELS.reviewMeeting(kind, n)), locale);
}

/** One part of a body's report as paragraphs: the body in bold, then its text. */
function byBody(entries: { body: Localized; text: string }[], locale: Locale): Block[] {
  return entries.flatMap((r) => [
    { kind: 'paragraph' as const, text: `${pick(r.body, locale)}:`, bold: true },
    { kind: 'paragraph' as const, text: r.text },
  ]);
}

/** What both documents of a review start from: the frame, the Quy chế as cited, the review's and its meeting's names and the meeting day. */
function reviewFrame(
  data: ReviewReportData,
  settings: DocumentSettingsInput | undefined,
  secretariatName: Localized,
  locale: Locale,
) {
  const title = pick(data.regulationTitle, locale);
  return {
    frame: documentFrame(settings, secretariatName, locale),
    title,
    cited: citedTitle(title, locale, settings?.regulationNumber, data.effectiveDate),
    review: reviewWords(data.kind, data.n, locale),
    meetingName: meetingWords(data.kind, data.n, locale),
    meeting: shortDate(data.meetingDate, locale),
  };
}

/**
 * The báo cáo prepared for a sơ kết or tổng kết meeting, in the shape offices use: I. how the
 * regulation was put into practice; II. results per area, each body's report in turn; III.
 * shortcomings and their causes; IV. lessons; V. the way ahead; VI. proposals. Parts III–VI are the
 * bodies' own words when their reports have them; otherwise the report says which facts it has
 * (areas nobody reported on, bodies that sent nothing) and leaves the rest to the meeting.
 * Dated no later than the meeting, and without its conclusions: those go out in the thông báo.
 */
export function reviewReportDocument(
  data: ReviewReportData,
  settings: DocumentSettingsInput | undefined,
  secretariatName: Localized,
  locale: Locale,
): OfficialDocument {
  const { frame, title, cited, review, meetingName, meeting } = reviewFrame(data, settings, secretariatName, locale);
  const date = data.date <= data.meetingDate ? data.date : data.meetingDate;
  const reported = (data.reported ?? []).map((b) => pick(b, locale));
  const missing = data.missing.map((b) => pick(b, locale));
  const all = reported.length + missing.length;
  const blocks: Block[] = [];
  const heading = (i: number, vi: string, en: string) =>
    blocks.push({ kind: 'heading', text: `${ROMAN[i]}. ${tr(locale, vi, en)}` });
  const para = (text: string, italic = false) =>
    blocks.push({ kind: 'paragraph', text, ...(italic ? { italic } : {}) });

  para(
    tr(
      locale,
      `Thực hiện ${cited}, ${frame.issuer.name} báo cáo kết quả ${review} như sau:`,
      `In implementation of the ${cited}, ${the(frame.issuer.name)} reports as follows on the ${review}.`,
    ),
  );

  heading(0, 'TÌNH HÌNH TRIỂN KHAI THỰC HIỆN', 'IMPLEMENTATION');
  const since = data.effectiveDate
    ? tr(
        locale,
        `Quy chế có hiệu lực từ ngày ${shortDate(data.effectiveDate, locale)}. `,
        `The Regulation has been in force since ${shortDate(data.effectiveDate, locale)}. `,
      )
    : '';
  para(
    tr(
      locale,
      `${since}Để chuẩn bị ${meetingName} ngày ${meeting}, các cơ quan được đề nghị báo cáo kết quả thực hiện theo từng nội dung phối hợp. ${
        all > 0 ? `Đến ngày ${shortDate(date, locale)}, ${reported.length}/${all} cơ quan đã gửi báo cáo` : ''
      }${reported.length > 0 ? ` (${joined(reported, locale)})` : ''}${
        missing.length > 0 ? `; ${joined(missing, locale)} chưa gửi báo cáo` : ''
      }.`,
      `${since}For the ${meetingName} of ${meeting}, each body was asked to report on its work in each area of coordination. ${
        all > 0 ? `By ${shortDate(date, locale)}, ${reported.length} of the ${all} bodies had reported` : ''
      }${reported.length > 0 ? ` (${joined(reported.map(the), locale)})` : ''}${
        missing.length > 0 ? `; no report has come from ${joined(missing.map(the), locale)}` : ''
      }.`,
    ),
  );

  heading(1, 'KẾT QUẢ ĐẠT ĐƯỢC', 'RESULTS');
  data.areas.forEach((area, i) => {
    blocks.push({ kind: 'heading', text: `${i + 1}. ${pick(area.title, locale)}` });
    if (area.reports.length === 0)
      para(tr(locale, 'Chưa có cơ quan nào báo cáo về nội dung này.', 'No body has reported on this area.'), true);
    blocks.push(...byBody(area.reports, locale));
  });

  const section = (i: number, key: ReportSection, vi: string, en: string, facts: string[], none: [string, string]) => {
    heading(i, vi, en);
    const entries = data.sections?.[key] ?? [];
    blocks.push(...byBody(entries, locale));
    for (const f of facts) para(f);
    if (entries.length === 0 && facts.length === 0) para(tr(locale, none[0], none[1]), true);
  };
  const unreported = data.areas.filter((a) => a.reports.length === 0).map((a) => pick(a.title, locale));
  section(
    2,
    'limitations',
    'HẠN CHẾ, KHÓ KHĂN VÀ NGUYÊN NHÂN',
    'SHORTCOMINGS, DIFFICULTIES AND THEIR CAUSES',
    [
      ...(unreported.length > 0
        ? [
            tr(
              locale,
              `Chưa có báo cáo kết quả về ${unreported.length === 1 ? 'nội dung' : 'các nội dung'}: ${unreported.join('; ')}.`,
              `No results have been reported in ${unreported.length === 1 ? 'the area' : 'the areas'}: ${unreported.join('; ')}.`,
            ),
          ]
        : []),
      ...(missing.length > 0
        ? [
            tr(
              locale,
              `${joined(missing, locale)} chưa gửi báo cáo đúng thời hạn.`,
              `${capital(joined(missing.map(the), locale))} did not report by the due date.`,
            ),
          ]
        : []),
    ],
    [
      'Báo cáo của các cơ quan chưa nêu hạn chế, khó khăn; đề nghị hội nghị thảo luận, bổ sung.',
      'The bodies’ reports name no shortcomings or difficulties; the meeting is invited to discuss them.',
    ],
  );
  section(
    3,
    'lessons',
    'BÀI HỌC KINH NGHIỆM',
    'LESSONS LEARNT',
    [],
    [
      'Báo cáo của các cơ quan chưa nêu bài học kinh nghiệm; đề nghị hội nghị thảo luận, bổ sung.',
      'The bodies’ reports draw no lessons; the meeting is invited to discuss them.',
    ],
  );
  section(
    4,
    'directions',
    data.kind === 'tong-ket' ? 'PHƯƠNG HƯỚNG THỜI GIAN TỚI' : 'PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI',
    'THE WAY AHEAD',
    [],
    [
      'Đề nghị hội nghị thảo luận, thống nhất phương hướng, nhiệm vụ thời gian tới.',
      'The meeting is invited to agree on the tasks for the coming period.',
    ],
  );
  section(
    5,
    'proposals',
    'ĐỀ XUẤT, KIẾN NGHỊ',
    'PROPOSALS',
    [],
    ['Các cơ quan chưa có đề xuất, kiến nghị.', 'The bodies have made no proposals.'],
  );
  para(
    tr(
      locale,
      `Trên đây là báo cáo ${review} thực hiện ${title}, trình hội nghị ngày ${meeting} xem xét, cho ý kiến./.`,
      `This report is submitted to the meeting of ${meeting} for its consideration.`,
    ),
  );

  return {
    ...frame,
    kindCode: 'BC',
    date,
    title: pick(DOCUMENT.report, locale),
    subtitle: tr(
      locale,
      `${capital(review)} thực hiện ${title}`,
      `${capital(review)} of the implementation of the ${title}`,
    ),
    blocks,
    recipients: recipientList([...reported, ...missing], frame),
  };
}

/**
 * Thông báo kết luận: what the review meeting decided, sent after it (kind TB), separate from the
 * report prepared for it. Undefined until the meeting's outcome is recorded.
 */
export function reviewConclusionDocument(
  data: ReviewReportData,
  settings: DocumentSettingsInput | undefined,
  secretariatName: Localized,
  locale: Locale,
): OfficialDocument | undefined {
  if (!data.outcome) return undefined;
  const { frame, title, cited, review, meetingName, meeting } = reviewFrame(data, settings, secretariatName, locale);
  const bodies = [...(data.reported ?? []), ...data.missing].map((b) => pick(b, locale));
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: tr(
        locale,
        `Ngày ${meeting}, ${bodies.length > 0 ? `${joined(bodies, locale)} tổ chức ` : ''}${meetingName} thực hiện ${cited}. Sau khi nghe báo cáo ${review} và ý kiến của các đại biểu, hội nghị kết luận như sau:`,
        `On ${meeting}, ${bodies.length > 0 ? `${joined(bodies.map(the), locale)} held` : 'was held'} the ${meetingName} on the ${cited}. Having heard the report and the views of those present, the meeting concluded as follows.`,
      ),
    },
    {
      kind: 'paragraph',
      text: tr(
        locale,
        `1. Hội nghị thống nhất ${decisionWords(data.outcome.decision, locale)}.`,
        `1. The meeting decided to ${decisionWords(data.outcome.decision, locale)}.`,
      ),
    },
  ];
  if (data.outcome.notes) blocks.push({ kind: 'paragraph', text: `2. ${data.outcome.notes}` });
  blocks.push({
    kind: 'paragraph',
    text: tr(
      locale,
      `${frame.issuer.name} thông báo để các cơ quan biết, thực hiện./.`,
      `${capital(the(frame.issuer.name))} issues this notice for the information and action of the bodies.`,
    ),
  });
  return {
    ...frame,
    kindCode: 'TB',
    date: data.date >= data.meetingDate ? data.date : data.meetingDate,
    title: pick(DOCUMENT.notice, locale),
    subtitle: tr(
      locale,
      `Kết luận của ${meetingName} thực hiện ${title}`,
      `Conclusions of the ${meetingName} on the ${title}`,
    ),
    blocks,
    recipients: recipientList(bodies, frame),
  };
}

/** The parts III–VI of the bodies' reports, from the keys of their texts next to the area ids. */
export function reportSections(
  reports: { body: Localized; texts: Record<string, string> }[],
): NonNullable<ReviewReportData['sections']> {
  const out: NonNullable<ReviewReportData['sections']> = {};
  for (const key of REPORT_SECTIONS) {
    const entries = reports.flatMap((r) => (r.texts[key] ? [{ body: r.body, text: r.texts[key] }] : []));
    if (entries.length > 0) out[key] = entries;
  }
  return out;
}

/** The review data of one of a lifecycle's reviews, from the status and the definition. */
export function reviewReportData(
  // A review of the status, or one read back from its history: what the report needs of it.
  review: Pick<LifecycleStatus['reviews'][number], 'kind' | 'n' | 'meetingDate'> & {
    reports: Record<string, { assessments: Record<string, string> } | undefined>;
    outcome?: { decision: ReviewDecision; notes?: string };
  },
  reg: Pick<Regulation, 'title' | 'bodies' | 'areas'>,
  date: string,
  effectiveDate?: string,
): ReviewReportData {
  const reported = reg.bodies.filter((b) => review.reports[b.id]);
  return {
    regulationTitle: reg.title,
    kind: review.kind,
    n: review.n,
    meetingDate: review.meetingDate,
    ...(effectiveDate ? { effectiveDate } : {}),
    areas: reg.areas.map((a) => ({
      id: a.id,
      title: a.title,
      reports: reported.flatMap((b) => {
        const text = review.reports[b.id]?.assessments[a.id];
        return text ? [{ body: b.name, text }] : [];
      }),
    })),
    sections: reportSections(reported.map((b) => ({ body: b.name, texts: review.reports[b.id]?.assessments ?? {} }))),
    reported: reported.map((b) => b.name),
    missing: reg.bodies.filter((b) => !review.reports[b.id]).map((b) => b.name),
    ...(review.outcome
      ? {
          outcome: {
            decision: review.outcome.decision,
            ...(review.outcome.notes ? { notes: review.outcome.notes } : {}),
          },
        }
      : {}),
    date,
  };
}

// ---- the full record ----

export function stageWords(stage: Stage, locale: Locale): string {
  return pick(STAGE[stage], locale);
}

function decisionWord(d: string, locale: Locale): string {
  if (d === 'agree' || d === 'request-changes' || d === 'consent-by-silence') return pick(DECISION[d], locale);
  return d;
}

function roundResultWord(r: Round['result'], locale: Locale): string {
  return r ? pick(ROUND_RESULT[r], locale) : '';
}

/** What an email was, in words. */
export function mailKindWords(kind: string, locale: Locale): string {
  const w = MAIL_KIND[kind as MailKind];
  return w ? pick(w, locale) : kind.replace(/-/g, ' ');
}

function mailRow(m: MailLogEntry, locale: Locale): string[] {
  const kind = mailKindWords(m.kind, locale);
  return [
    shortDate(m.date, locale),
    m.via === 'digest' ? `${kind} (${pick(IN_DIGEST, locale)})` : kind,
    m.to.join(', '),
  ];
}

/**
 * The lifecycle's full record as `regulation export` prints it in Markdown, as an official report:
 * draft versions, rounds with every answer and comment (and the secretariat's answers to them),
 * signing, reviews with their reports, exchanges, open deadlines, extensions and emails sent.
 */
export function recordDocument(
  status: LifecycleStatus,
  reg: Regulation,
  settings: DocumentSettingsInput | undefined,
  locale: Locale,
): OfficialDocument {
  const frame = documentFrame(settings, reg.secretariat.name, locale);
  const zone = reg.timezone || undefined;
  const at = (iso: string) => instantText(iso, locale, zone);
  const day = (d: string) => shortDate(d, locale);
  const bodyName = (id: string) => {
    // The secretariat by its short name: "Văn phòng giúp việc", without the offices in brackets.
    if (id === 'secretariat') return pick(reg.secretariat.name, locale).replace(/\s*\(.*\)\s*$/, '');
    const b = reg.bodies.find((x) => x.id === id);
    return b ? pick(b.name, locale) : id;
  };
  const areaName = (id: string | undefined) => {
    const section = (REPORT_SECTIONS as readonly string[]).includes(id ?? '') ? (id as ReportSection) : undefined;
    if (section) return sectionWords(section, locale);
    const a = id ? reg.areas.find((x) => x.id === id) : undefined;
    return a ? pick(a.title, locale) : id ? id : pick(GENERAL_AREA, locale);
  };
  const deadlineName = (key: string) => {
    const d = status.deadlines.find((x) => x.key === key);
    const named =
      d?.label ?? stepKeyLabel(key, (c, n) => status.rounds.find((r) => r.cycle === c && r.n === n)?.draftVersion);
    return named ? pick(named, locale) : key;
  };
  const blocks: Block[] = [];
  const heading = (i: number, vi: string, en: string) =>
    blocks.push({ kind: 'heading', text: `${ROMAN[i]}. ${tr(locale, vi, en)}` });
  const para = (text: string, extra: { italic?: boolean; bold?: boolean } = {}) =>
    blocks.push({ kind: 'paragraph', text, ...extra });

  // General
  const facts = [
    tr(
      locale,
      `Bước hiện tại: ${stageWords(status.stage, locale)}${status.cycle > 1 ? ` (sửa đổi, bổ sung lần ${status.cycle - 1})` : ''}.`,
      `Current stage: ${stageWords(status.stage, locale)}${status.cycle > 1 ? ` (amendment ${status.cycle - 1})` : ''}.`,
    ),
    tr(locale, `Hồ sơ tính đến ${at(status.now)}.`, `Record as of ${at(status.now)}.`),
  ];
  if (status.effectiveDate)
    facts.push(
      tr(
        locale,
        `Quy chế có hiệu lực từ ngày ${day(status.effectiveDate)}.`,
        `In force since ${day(status.effectiveDate)}.`,
      ),
    );
  const adopted = status.adopted;
  if (adopted?.signedOn)
    facts.push(
      tr(
        locale,
        `Ghi nhận khi tiếp nhận vào hệ thống: quy chế${adopted.number ? ` số ${adopted.number}` : ''} ký ngày ${day(adopted.signedOn)}, có hiệu lực từ ngày ${day(adopted.effectiveOn ?? adopted.signedOn)}; ${adopted.reviewsHeld.length} lần sơ kết đã tổ chức trước đó.`,
        `Recorded at adoption: regulation${adopted.number ? ` No. ${adopted.number}` : ''} signed on ${day(adopted.signedOn)}, in force since ${day(adopted.effectiveOn ?? adopted.signedOn)}; ${adopted.reviewsHeld.length} preliminary review(s) held before.`,
      ),
    );
  else if (adopted?.draft)
    facts.push(
      tr(
        locale,
        `Ghi nhận khi tiếp nhận vào hệ thống: dự thảo bản ${adopted.draft.version} đang lấy ý kiến lần ${adopted.draft.round}, hạn ngày ${day(adopted.draft.deadline)}.`,
        `Recorded at adoption: draft ${adopted.draft.version} out for comments in round ${adopted.draft.round}, due ${day(adopted.draft.deadline)}.`,
      ),
    );
  if (status.withdrawn)
    facts.push(
      tr(
        locale,
        `Dừng lúc ${at(status.withdrawn.at)}, lý do: ${status.withdrawn.reason}`,
        `Withdrawn on ${at(status.withdrawn.at)}: ${status.withdrawn.reason}`,
      ),
    );
  if (status.closedAt)
    facts.push(tr(locale, `Kết thúc lúc ${at(status.closedAt)}.`, `Closed on ${at(status.closedAt)}.`));
  para(facts.join('\n'));

  // I. Drafts
  heading(0, 'CÁC BẢN DỰ THẢO', 'DRAFT VERSIONS');
  if (status.drafts.length === 0) para(tr(locale, 'Chưa có bản dự thảo nào.', 'None submitted.'), { italic: true });
  else
    blocks.push({
      kind: 'table',
      columns: tr(
        locale,
        'Dự thảo|Thời điểm gửi|Đường dẫn, mã kiểm tra (SHA-256)|Ghi chú',
        'Draft|Submitted|Link and checksum (SHA-256)|Note',
      ).split('|'),
      widths: [16, 20, 44, 20],
      rows: status.drafts.map((d, i) => [
        `${draftName(d.version, i + 1, locale)}${d.cycle > 1 ? tr(locale, ` (sửa đổi lần ${d.cycle - 1})`, ` (amendment ${d.cycle - 1})`) : ''}`,
        at(d.submittedAt),
        `${breakable(d.link)}${d.sha256 ? `\n${d.sha256.match(/.{1,16}/g)!.join(' ')}` : ''}`,
        d.note ?? '',
      ]),
    });

  // II. Rounds
  heading(1, 'CÁC LẦN LẤY Ý KIẾN', 'CONSULTATION ROUNDS');
  if (status.rounds.length === 0) para(tr(locale, 'Chưa lấy ý kiến lần nào.', 'No round opened.'), { italic: true });
  for (const round of status.rounds) {
    blocks.push({
      kind: 'heading',
      text: tr(
        locale,
        `Lần ${round.n}: ${draftName(round.draftVersion, round.n, locale)}${round.cycle > 1 ? ` (sửa đổi lần ${round.cycle - 1})` : ''}`,
        `Round ${round.n}: ${draftName(round.draftVersion, round.n, locale)}${round.cycle > 1 ? ` (amendment ${round.cycle - 1})` : ''}`,
      ),
    });
    const result = roundResultWord(round.result, locale);
    para(
      tr(
        locale,
        `Gửi lấy ý kiến lúc ${at(round.openedAt)}; ${round.closedAt ? `kết thúc lúc ${at(round.closedAt)}${result ? `: ${result}` : ''}` : 'đang lấy ý kiến'}.`,
        `Opened on ${at(round.openedAt)}; ${round.closedAt ? `closed on ${at(round.closedAt)}${result ? `: ${result}` : ''}` : 'still open'}.`,
      ),
    );
    const answers = Object.entries(round.answers);
    if (answers.length === 0) para(tr(locale, 'Chưa có cơ quan nào trả lời.', 'No answers yet.'), { italic: true });
    for (const [body, a] of answers) {
      if (a.decision === 'consent-by-silence') {
        para(`${bodyName(body)}: ${decisionWord(a.decision, locale)}.`);
        continue;
      }
      const details = [
        tr(locale, `trả lời lúc ${at(a.at)}`, `answered on ${at(a.at)}`),
        ...(a.reference ? [tr(locale, `công văn số ${a.reference}`, `letter No. ${a.reference}`)] : []),
        ...(a.submittedBy ? [tr(locale, `người ghi nhận: ${a.submittedBy}`, `recorded by ${a.submittedBy}`)] : []),
        a.comments.length === 0
          ? tr(locale, 'không có ý kiến cụ thể', 'no comments')
          : tr(
              locale,
              `${a.comments.length} ý kiến`,
              `${a.comments.length} comment${a.comments.length > 1 ? 's' : ''}`,
            ),
      ];
      para(`${bodyName(body)}: ${decisionWord(a.decision, locale)} (${details.join('; ')}).`);
    }
    const rows = explanationRows(round, reg);
    if (rows.length > 0) {
      const withHandling = round.responses !== undefined;
      const data = { ...explanationTableData(round, reg, localDay(status.now, zone)), rows };
      blocks.push({
        kind: 'table',
        columns: withHandling ? EXPLANATION_COLUMNS[locale] : COMMENT_COLUMNS[locale],
        widths: withHandling ? [7, 19, 37, 37] : [7, 25, 68],
        rows: groupedRows(data, locale, (r, n) => {
          const cells = [String(n), bodyCell(r, locale), r.comment];
          return withHandling
            ? [...cells, `${handlingWord(r.handling, locale)}${r.explanation ? `\n${r.explanation}` : ''}`]
            : cells;
        }),
      });
    }
  }

  // III. Signing
  heading(2, 'KÝ KẾT', 'SIGNING');
  if (status.signingSession)
    para(
      tr(
        locale,
        `Buổi ký kết: ${at(status.signingSession.at)}${status.signingSession.place ? `, tại ${status.signingSession.place}` : ''}.`,
        `Signing session: ${at(status.signingSession.at)}${status.signingSession.place ? `, ${status.signingSession.place}` : ''}.`,
      ),
    );
  const signatures = Object.entries(status.signatures);
  if (signatures.length === 0) para(tr(locale, 'Chưa có cơ quan nào ký.', 'No signatures.'), { italic: true });
  else
    blocks.push({
      kind: 'table',
      columns: tr(locale, 'Cơ quan|Người ký|Thời điểm ký', 'Body|Signed by|Signed on').split('|'),
      widths: [40, 30, 30],
      rows: signatures.map(([body, s]) => [bodyName(body), s.signer, at(s.signedAt)]),
    });

  // IV. Reviews
  heading(3, 'SƠ KẾT, TỔNG KẾT', 'REVIEWS');
  if (status.reviews.length === 0)
    para(tr(locale, 'Chưa tổ chức sơ kết, tổng kết.', 'No review held yet.'), { italic: true });
  for (const r of status.reviews) {
    blocks.push({
      kind: 'heading',
      text: tr(
        locale,
        `${reviewName(r.kind, r.n, locale)}: hội nghị ngày ${day(r.meetingDate)}`,
        `${reviewName(r.kind, r.n, locale)}: meeting of ${day(r.meetingDate)}`,
      ),
    });
    if (r.recordedAtAdoption) {
      para(
        tr(
          locale,
          `Ghi nhận khi tiếp nhận vào hệ thống (tổ chức trước khi hệ thống theo dõi): ${decisionWords(r.outcome?.decision ?? 'continue', locale)}${r.outcome?.notes ? `. ${r.outcome.notes.replace(/\.?$/, '.')}` : '.'}${r.recordedAtAdoption.link ? ` Báo cáo: ${r.recordedAtAdoption.link}` : ''}`,
          `Recorded at adoption (held before the system ran the regulation): ${decisionWords(r.outcome?.decision ?? 'continue', locale)}${r.outcome?.notes ? `. ${r.outcome.notes.replace(/\.?$/, '.')}` : '.'}${r.recordedAtAdoption.link ? ` Report: ${r.recordedAtAdoption.link}` : ''}`,
        ),
        { italic: true },
      );
      continue;
    }
    para(
      r.outcome
        ? tr(
            locale,
            `Kết luận (${at(r.outcome.at)}): ${decisionWords(r.outcome.decision, locale)}${r.outcome.notes ? `. ${r.outcome.notes}` : '.'}`,
            `Decision (${at(r.outcome.at)}): ${decisionWords(r.outcome.decision, locale)}${r.outcome.notes ? `. ${r.outcome.notes}` : '.'}`,
          )
        : tr(locale, 'Chưa có kết luận.', 'Outcome not recorded.'),
    );
    for (const [body, rep] of Object.entries(r.reports)) {
      para(
        tr(
          locale,
          `Báo cáo của ${bodyName(body)} (${at(rep.at)}):`,
          `Report of the ${bodyName(body)} (${at(rep.at)}):`,
        ),
        { bold: true },
      );
      for (const [area, text] of Object.entries(rep.assessments)) {
        para(`${areaName(area)}:`, { italic: true });
        para(text);
      }
    }
  }
  if (status.nextReview) {
    para(
      tr(
        locale,
        `Tiếp theo: ${reviewName(status.nextReview.kind, status.nextReview.n, locale).toLowerCase()}, hội nghị ngày ${day(status.nextReview.meetingDate)}.`,
        `Next: ${reviewName(status.nextReview.kind, status.nextReview.n, locale).toLowerCase()}, meeting of ${day(status.nextReview.meetingDate)}.`,
      ),
    );
  }

  // V. Exchanges
  heading(4, 'TRAO ĐỔI, CUNG CẤP THÔNG TIN', 'INFORMATION EXCHANGES');
  if (status.exchanges.length === 0)
    para(tr(locale, 'Chưa ghi nhận lần trao đổi nào.', 'None logged.'), { italic: true });
  else
    blocks.push({
      kind: 'table',
      columns: tr(locale, 'Thời điểm|Cơ quan gửi|Cơ quan nhận|Nội dung', 'When|From|To|Subject and summary').split('|'),
      widths: [16, 21, 21, 42],
      rows: status.exchanges.map((e) => [
        at(e.at),
        bodyName(e.from),
        e.to.map(bodyName).join('; '),
        `${e.subject}\n${e.summary}${e.link ? `\n${breakable(e.link)}` : ''}`,
      ]),
    });

  // VI. Open deadlines
  heading(5, 'CÁC THỜI HẠN ĐANG MỞ', 'OPEN DEADLINES');
  if (status.deadlines.length === 0) para(tr(locale, 'Không có.', 'None.'), { italic: true });
  for (const d of status.deadlines) {
    const off = (d.daysOff ?? [])
      .map((o) => `${o.reason} ${day(o.from)}${o.to !== o.from ? `–${day(o.to)}` : ''}`)
      .join('; ');
    para(
      tr(
        locale,
        `${pick(d.label, locale)}: hạn cuối ngày ${day(d.lastDay)}${off ? `; ngày nghỉ đã tính: ${off}` : ''}.`,
        `${pick(d.label, locale)}: last day ${day(d.lastDay)}${off ? `; days off counted: ${off}` : ''}.`,
      ),
    );
  }

  // VII. Extensions
  heading(6, 'GIA HẠN', 'DEADLINE EXTENSIONS');
  if (status.extensions.length === 0) para(tr(locale, 'Không có.', 'None.'), { italic: true });
  else
    blocks.push({
      kind: 'table',
      columns: tr(locale, 'Thời điểm|Thời hạn|Từ ngày|Đến ngày|Lý do', 'When|Deadline|From|To|Reason').split('|'),
      widths: [18, 24, 14, 14, 30],
      rows: status.extensions.map((x) => [at(x.at), deadlineName(x.deadline), day(x.from), day(x.to), x.reason]),
    });

  // VIII. Emails
  heading(7, 'THƯ ĐIỆN TỬ ĐÃ GỬI', 'EMAILS SENT');
  if (status.mails.length === 0) para(tr(locale, 'Không có.', 'None.'), { italic: true });
  else
    blocks.push({
      kind: 'table',
      columns: tr(locale, 'Ngày|Loại thư|Người nhận', 'Date|Kind|To').split('|'),
      widths: [16, 34, 50],
      rows: status.mails.map((m) => mailRow(m, locale)),
    });

  return {
    ...frame,
    kindCode: 'BC',
    date: localDay(status.now, zone),
    title: pick(DOCUMENT.report, locale),
    subtitle: pick(DOCUMENT.record(status.title), locale),
    blocks,
    recipients: recipientList(
      reg.bodies.map((b) => pick(b.name, locale)),
      frame,
    ),
  };
}
