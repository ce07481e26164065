/**
 * The official documents of a lifecycle as plain data (OfficialDocument), ready for renderDocx:
 * the table of comments and their handling (bảng tổng hợp, tiếp thu, giải trình ý kiến), the
 * compiled report of a review (sơ kết / tổng kết) and the full record. Pure functions: no I/O, no
 * Temporal. Every text is in the reader's language, with no raw codes, and dates are written as
 * that language writes them.
 */
import type { LifecycleStatus, MailLogEntry, Round } from '../../domain/lifecycle';
import type { Locale, Localized } from '../../domain/locale';
import type { Regulation, Stage } from '../../domain/regulation';
import { commentRows } from '../../domain/comments';
import {
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
  STAGE,
  stepKeyLabel,
} from '../../domain/words';
import type { MailKind } from '../../domain/mail';
import { instantText, localDay, shortDate } from './dates';
import type {
  Block,
  DocumentSettings,
  DocumentStyle,
  ExplanationRow,
  ExplanationTableData,
  Handling,
  OfficialDocument,
  ReviewReportData,
} from './model';
import { initials } from './text';

/**
 * What a definition's `documents` field may hold: every part optional (absent = state style, the
 * secretariat as issuer). A DocumentSettings fits, and so does the definition's own field.
 */
export interface DocumentSettingsInput {
  style?: DocumentStyle;
  issuer?: DocumentSettings['issuer'];
  place?: Localized;
  signer?: DocumentSettings['signer'];
}

/** The parts of a document that come from the settings: style, issuer, place, signature. */
export type DocumentFrame = Pick<OfficialDocument, 'style' | 'locale' | 'issuer' | 'place' | 'signature'>;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

function pick(l: Localized, locale: Locale): string {
  return l[locale] || l.vi || l.en;
}

function tr(locale: Locale, vi: string, en: string): string {
  return locale === 'en' ? en : vi;
}

/** Style, issuer (default: the secretariat), place and signature block of every document. */
export function documentFrame(
  settings: DocumentSettingsInput | undefined,
  secretariatName: Localized,
  locale: Locale,
): DocumentFrame {
  const style = settings?.style ?? 'state';
  const issuer = settings?.issuer ?? { name: secretariatName };
  const name = pick(issuer.name, locale);
  const code = issuer.code ?? initials(issuer.name.vi || issuer.name.en);
  let capacity: string;
  if (locale === 'en') capacity = `On behalf of ${/^the\s/i.test(name) ? '' : 'the '}${name}`;
  else capacity = `${style === 'party' ? 'T/M' : 'TM.'} ${name}`;
  return {
    style,
    locale,
    issuer: { ...(issuer.parent ? { parent: pick(issuer.parent, locale) } : {}), name, code },
    ...(settings?.place ? { place: pick(settings.place, locale) } : {}),
    signature: {
      capacity,
      ...(settings?.signer?.title ? { title: pick(settings.signer.title, locale) } : {}),
      ...(settings?.signer?.name ? { name: settings.signer.name } : {}),
    },
  };
}

/** The last line of every "Nơi nhận" list: the issuer's own file copy. */
function archive(locale: Locale): string {
  return tr(locale, 'Lưu: VT', 'File: Records office');
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

// ---- the table of comments and their handling ----

/** The handling word: "Tiếp thu", "Tiếp thu một phần", "Không tiếp thu", or "Chưa trả lời" when there is none yet. */
export function handlingWord(h: Handling | undefined, locale: Locale): string {
  return pick(h ? HANDLING[h] : NOT_ANSWERED, locale);
}

/**
 * The rows of a round's table: one per comment, in the order of the definition's bodies, each with
 * the secretariat's answer if the round records one. Comment ids are `<body id>-<1-based index>`.
 */
export function explanationRows(round: Round, reg: Pick<Regulation, 'bodies' | 'areas'>): ExplanationRow[] {
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
  reg: Pick<Regulation, 'title' | 'bodies' | 'areas'>,
  date: string,
  nextDraftVersion?: string,
): ExplanationTableData {
  const agreed = reg.bodies.filter((b) => {
    const a = round.answers[b.id];
    return a !== undefined && a.comments.length === 0 && a.decision === 'agree';
  });
  return {
    regulationTitle: reg.title,
    round: round.n,
    draftVersion: round.draftVersion,
    ...(nextDraftVersion ? { nextDraftVersion } : {}),
    rows: explanationRows(round, reg),
    agreedWithoutComments: agreed.map((b) => b.name),
    date,
  };
}

const EXPLANATION_COLUMNS = {
  vi: ['STT', 'Cơ quan góp ý', 'Nội dung/Lĩnh vực', 'Ý kiến góp ý', 'Tiếp thu, giải trình'],
  en: ['No.', 'Commenting body', 'Area', 'Comment', 'Handling and explanation'],
};
const EXPLANATION_WIDTHS = [8, 17, 19, 28, 28];

function explanationTable(rows: ExplanationRow[], locale: Locale): Block {
  return {
    kind: 'table',
    columns: EXPLANATION_COLUMNS[locale],
    widths: EXPLANATION_WIDTHS,
    rows: rows.map((r, i) => [
      String(i + 1),
      `${pick(r.body, locale)}${r.reference ? `\n${tr(locale, `(Công văn số ${r.reference})`, `(Letter No. ${r.reference})`)}` : ''}`,
      r.area ? pick(r.area.title, locale) : pick(GENERAL_AREA, locale),
      r.comment,
      `${handlingWord(r.handling, locale)}${r.explanation ? `\n${r.explanation}` : ''}`,
    ]),
  };
}

function handlingSummary(rows: ExplanationRow[], locale: Locale): string {
  const count = (h: Handling | undefined) => rows.filter((r) => r.handling === h).length;
  const parts = [
    [count('accepted'), handlingWord('accepted', locale)],
    [count('partly-accepted'), handlingWord('partly-accepted', locale)],
    [count('not-accepted'), handlingWord('not-accepted', locale)],
    [count(undefined), handlingWord(undefined, locale)],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, w]) => `${String(w).toLowerCase()}: ${n}`);
  return tr(
    locale,
    `Tổng số ý kiến: ${rows.length} (${parts.join('; ')}).`,
    `Comments in all: ${rows.length} (${parts.join('; ')}).`,
  );
}

/** Bảng tổng hợp, tiếp thu, giải trình ý kiến of one consultation round. */
export function explanationTableDocument(
  data: ExplanationTableData,
  settings: DocumentSettingsInput | undefined,
  secretariatName: Localized,
  locale: Locale,
): OfficialDocument {
  const frame = documentFrame(settings, secretariatName, locale);
  const title = pick(data.regulationTitle, locale);
  const subtitle = tr(
    locale,
    `đối với dự thảo ${title} (bản ${data.draftVersion}, lấy ý kiến lần ${data.round})`,
    `on the draft ${title} (version ${data.draftVersion}, consultation round ${data.round})`,
  );
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: tr(
        locale,
        `${frame.issuer.name} tổng hợp ý kiến góp ý của các cơ quan đối với dự thảo ${title} (bản ${data.draftVersion}, lấy ý kiến lần ${data.round}) và tiếp thu, giải trình như sau:`,
        `The ${frame.issuer.name} has compiled the comments of the bodies on the draft ${title} (version ${data.draftVersion}, consultation round ${data.round}) and handled them as follows:`,
      ),
    },
  ];
  if (data.rows.length > 0) {
    blocks.push(explanationTable(data.rows, locale));
    blocks.push({ kind: 'paragraph', text: handlingSummary(data.rows, locale) });
  } else
    blocks.push({
      kind: 'paragraph',
      text: tr(
        locale,
        'Không có ý kiến góp ý nào trong lần lấy ý kiến này.',
        'No comments were received in this round.',
      ),
      italic: true,
    });
  if (data.agreedWithoutComments.length > 0) {
    const names = data.agreedWithoutComments.map((b) => pick(b, locale)).join('; ');
    blocks.push({
      kind: 'paragraph',
      text: tr(
        locale,
        `Các cơ quan nhất trí với dự thảo, không có ý kiến góp ý: ${names}.`,
        `Bodies that agreed with the draft without comments: ${names}.`,
      ),
    });
  }
  if (data.nextDraftVersion) {
    blocks.push({
      kind: 'paragraph',
      text: tr(
        locale,
        `Các ý kiến được tiếp thu đã được thể hiện trong dự thảo bản ${data.nextDraftVersion}.`,
        `The comments accepted are reflected in draft version ${data.nextDraftVersion}.`,
      ),
    });
  }
  const bodies = unique([
    ...data.rows.map((r) => pick(r.body, locale)),
    ...data.agreedWithoutComments.map((b) => pick(b, locale)),
  ]);
  return {
    ...frame,
    kindCode: 'BTH',
    date: data.date,
    title: pick(DOCUMENT.commentTable, locale),
    subtitle,
    blocks,
    recipients: [...bodies, archive(locale)],
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

/** The compiled report of a sơ kết or tổng kết, from the bodies' per-area reports. */
export function reviewReportDocument(
  data: ReviewReportData,
  settings: DocumentSettingsInput | undefined,
  secretariatName: Localized,
  locale: Locale,
): OfficialDocument {
  const frame = documentFrame(settings, secretariatName, locale);
  const title = pick(data.regulationTitle, locale);
  const name = reviewName(data.kind, data.n, locale);
  const since = data.effectiveDate
    ? tr(
        locale,
        ` (có hiệu lực từ ngày ${shortDate(data.effectiveDate, locale)})`,
        ` (in force since ${shortDate(data.effectiveDate, locale)})`,
      )
    : '';
  const meeting = shortDate(data.meetingDate, locale);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: tr(
        locale,
        `Thực hiện ${title}${since}, ${frame.issuer.name} tổng hợp báo cáo của các cơ quan phục vụ hội nghị ${name.toLowerCase()} ngày ${meeting} như sau:`,
        `Under the ${title}${since}, the ${frame.issuer.name} has compiled the bodies' reports for the ${lowered(LABELS.review(data.kind, data.n)).en} meeting of ${meeting}, as follows:`,
      ),
    },
    {
      kind: 'heading',
      text: tr(
        locale,
        `${ROMAN[0]}. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG PHỐI HỢP`,
        `${ROMAN[0]}. RESULTS IN EACH AREA OF COORDINATION`,
      ),
    },
  ];
  data.areas.forEach((area, i) => {
    blocks.push({ kind: 'heading', text: `${i + 1}. ${pick(area.title, locale)}` });
    if (area.reports.length === 0)
      blocks.push({
        kind: 'paragraph',
        text: tr(locale, 'Chưa có cơ quan nào báo cáo về nội dung này.', 'No body has reported on this area.'),
        italic: true,
      });
    for (const r of area.reports) {
      blocks.push({ kind: 'paragraph', text: `${pick(r.body, locale)}:`, bold: true });
      blocks.push({ kind: 'paragraph', text: r.text });
    }
  });
  blocks.push({
    kind: 'heading',
    text: tr(locale, `${ROMAN[1]}. CƠ QUAN CHƯA GỬI BÁO CÁO`, `${ROMAN[1]}. BODIES THAT SENT NO REPORT`),
  });
  blocks.push({
    kind: 'paragraph',
    text:
      data.missing.length > 0
        ? `${data.missing.map((b) => pick(b, locale)).join('; ')}.`
        : tr(locale, 'Tất cả các cơ quan đã gửi báo cáo.', 'Every body has sent its report.'),
  });
  blocks.push({
    kind: 'heading',
    text: tr(locale, `${ROMAN[2]}. KẾT LUẬN CỦA HỘI NGHỊ`, `${ROMAN[2]}. DECISION OF THE MEETING`),
  });
  if (data.outcome) {
    blocks.push({
      kind: 'paragraph',
      text: tr(
        locale,
        `Hội nghị thống nhất ${decisionWords(data.outcome.decision, locale)}.`,
        `The meeting decided to ${decisionWords(data.outcome.decision, locale)}.`,
      ),
    });
    if (data.outcome.notes) blocks.push({ kind: 'paragraph', text: data.outcome.notes });
  } else
    blocks.push({
      kind: 'paragraph',
      text: tr(locale, 'Hội nghị chưa có kết luận.', 'The meeting has not decided yet.'),
      italic: true,
    });

  const bodies = unique([
    ...data.areas.flatMap((a) => a.reports.map((r) => pick(r.body, locale))),
    ...data.missing.map((b) => pick(b, locale)),
  ]);
  return {
    ...frame,
    kindCode: 'BC',
    date: data.date,
    title: pick(DOCUMENT.report, locale),
    subtitle: tr(locale, `${name} thực hiện ${title}`, `${name} of the implementation of the ${title}`),
    blocks,
    recipients: [...bodies, archive(locale)],
  };
}

/** The review data of one of a lifecycle's reviews, from the status and the definition. */
export function reviewReportData(
  review: LifecycleStatus['reviews'][number],
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
  const w = DECISION[d as keyof typeof DECISION];
  return w ? pick(w, locale) : d;
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
    if (id === 'secretariat') return pick(reg.secretariat.name, locale);
    const b = reg.bodies.find((x) => x.id === id);
    return b ? pick(b.name, locale) : id;
  };
  const areaName = (id: string | undefined) => {
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
      `Mã hồ sơ trên hệ thống: ${status.regulationId}.`,
      `Record identifier in the system: ${status.regulationId}.`,
    ),
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
        'Bản|Lần xây dựng|Thời điểm gửi|Đường dẫn, mã kiểm tra (SHA-256)|Ghi chú',
        'Version|Cycle|Submitted|Link, checksum (SHA-256)|Note',
      ).split('|'),
      widths: [10, 10, 20, 40, 20],
      rows: status.drafts.map((d) => [
        d.version,
        String(d.cycle),
        at(d.submittedAt),
        `${d.link}${d.sha256 ? `\n${d.sha256}` : ''}`,
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
        `Lần ${round.n}: dự thảo bản ${round.draftVersion}${round.cycle > 1 ? ` (sửa đổi lần ${round.cycle - 1})` : ''}`,
        `Round ${round.n}: draft version ${round.draftVersion}${round.cycle > 1 ? ` (amendment ${round.cycle - 1})` : ''}`,
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
      blocks.push({
        kind: 'table',
        columns: withHandling ? EXPLANATION_COLUMNS[locale] : EXPLANATION_COLUMNS[locale].slice(0, 4),
        widths: withHandling ? EXPLANATION_WIDTHS : [8, 20, 24, 48],
        rows: rows.map((r, i) => {
          const cells = [
            String(i + 1),
            pick(r.body, locale),
            r.area ? pick(r.area.title, locale) : areaName(undefined),
            r.comment,
          ];
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
      widths: [18, 20, 22, 40],
      rows: status.exchanges.map((e) => [
        at(e.at),
        bodyName(e.from),
        e.to.map(bodyName).join('; '),
        `${e.subject}\n${e.summary}${e.link ? `\n${e.link}` : ''}`,
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
        `${pick(d.label, locale)}: hạn cuối ngày ${day(d.lastDay)}${d.calendarVersion ? ` (lịch làm việc phiên bản ${d.calendarVersion})` : ''}${off ? `; ngày nghỉ đã tính: ${off}` : ''}.`,
        `${pick(d.label, locale)}: last day ${day(d.lastDay)}${d.calendarVersion ? ` (calendar version ${d.calendarVersion})` : ''}${off ? `; days off counted: ${off}` : ''}.`,
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
    recipients: [...reg.bodies.map((b) => pick(b.name, locale)), archive(locale)],
  };
}
