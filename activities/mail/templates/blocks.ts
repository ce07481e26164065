/**
 * What every email is built from: the block model both renderers walk, the words for what a step
 * awaits, the secretariat's name, dates and deadlines as people read them, the facts table, and the
 * ways to answer (link, areas, command lines).
 */
import { DateTime } from 'luxon';
import type { Locale, Localized } from '../../../domain/locale';
import { DEFAULT_ZONE } from '../../../domain/mail';
import type { AnswerCommand, Awaits, MailRequest, Recipient } from '../../../domain/mail';
import { DECISION, LABELS, lowered, zoneName } from '../../../domain/words';

/** A rendered email for one recipient. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

// ---------------------------------------------------------------------------
// Document model: each kind builds blocks once, and both the plain-text and the HTML
// renderer walk the same blocks, so the two bodies can never say different things.

export type Inline = string | { href: string; label?: string };
export type Block =
  | { type: 'p'; parts: Inline[]; strong?: boolean }
  /** Lines to paste into a terminal as they are: never wrapped, re-flowed or translated. */
  | { type: 'code'; title?: string; lines: string[] }
  | { type: 'facts'; rows: [string, Inline[]][] }
  | { type: 'list'; title?: string; items: Inline[][] }
  | { type: 'table'; title?: string; headers: string[]; rows: string[][] };

export const L = (vi: string, en: string): Localized => ({ vi, en });

/** What is awaited, as a noun inside a sentence: a report is not a comment, a signature is neither. */
export const AWAITS_NOUN: Record<Awaits, Localized> = {
  comments: L('ý kiến góp ý', 'comments'),
  report: L('báo cáo', 'report'),
  signature: L('chữ ký', 'signature'),
  draft: L('dự thảo', 'draft'),
  'revised-draft': L('dự thảo đã tiếp thu, chỉnh lý', 'revised draft'),
  outcome: L('kết luận hội nghị', 'outcome of the meeting'),
};

/** Heading of the list of bodies that have not done what is awaited. */
export const PENDING_HEADING: Record<Awaits, Localized> = {
  comments: L('Cơ quan chưa gửi ý kiến góp ý:', 'No comments yet from:'),
  report: L('Cơ quan chưa gửi báo cáo:', 'No report yet from:'),
  signature: L('Cơ quan chưa ký:', 'Not yet signed by:'),
  draft: L('Chưa có dự thảo:', 'No draft yet:'),
  'revised-draft': L('Chưa có dự thảo chỉnh lý:', 'No revised draft yet:'),
  outcome: L('Chưa ghi nhận kết luận:', 'No outcome recorded yet:'),
};

/** What a step waits for: as the workflow says, or what its stage usually waits for. */
export function awaitsOf(req: MailRequest): Awaits | undefined {
  if (req.awaits) return req.awaits;
  switch (req.step.stage) {
    case 'consultation':
      return 'comments';
    case 'signing':
      return 'signature';
    case 'drafting':
      return 'draft';
    case 'revision':
      return 'revised-draft';
    case 'review':
    case 'final-review':
      return 'report';
    default:
      return undefined;
  }
}

/** The review a closing summary or outcome refers to, as a phrase: "tổng kết" / "the final review". */
export function reviewPhrase(kind: 'so-ket' | 'tong-ket', n: number, locale: Locale): string {
  const name = lowered(LABELS.review(kind, n))[locale];
  return locale === 'en' && kind === 'tong-ket' ? `the ${name}` : name;
}

// ---------------------------------------------------------------------------
// The writer: the secretariat as the definition names it

/** Used only when a request does not carry the definition's name (older callers, tests). */
export const GENERIC_SECRETARIAT = L('Văn phòng giúp việc', 'Joint secretariat');

/** The secretariat's full name, as it signs. */
export function secretariatName(req: MailRequest): string {
  return (req.secretariat?.name ?? GENERIC_SECRETARIAT)[req.locale];
}

/** The name without a trailing explanation in brackets, for subjects and sentences: "Văn phòng giúp việc". */
export function secretariatShort(req: MailRequest): string {
  const full = secretariatName(req);
  return full.replace(/\s*\([^()]*\)\s*$/, '').trim() || full;
}

/** The secretariat inside a sentence: "Văn phòng giúp việc" / "the Joint secretariat". */
export function secretariatInSentence(req: MailRequest): string {
  const name = secretariatShort(req);
  if (req.locale === 'vi') return name;
  return /^the\s/i.test(name) ? `the ${name.slice(4)}` : `the ${name}`;
}

// ---------------------------------------------------------------------------
// Dates

export function zoneOf(req: MailRequest): string {
  return req.zone ?? DEFAULT_ZONE;
}

export function zoneLabel(req: MailRequest): string {
  return zoneName(zoneOf(req), req.locale);
}

/** A calendar day as people read it: "Thứ Sáu, 16/09/2022" / "Friday, 16 September 2022". */
export function formatDay(isoDate: string, locale: Locale, zone: string = DEFAULT_ZONE): string {
  const d = DateTime.fromISO(isoDate, { zone }).setLocale(locale);
  return locale === 'vi' ? d.toFormat('cccc, dd/MM/yyyy') : d.toFormat('cccc, d LLLL yyyy');
}

/** A short day for subjects: "16/09/2022" / "16 Sep 2022". */
export function shortDay(isoDate: string, locale: Locale, zone: string): string {
  const d = DateTime.fromISO(isoDate, { zone }).setLocale(locale);
  return locale === 'vi' ? d.toFormat('dd/MM/yyyy') : d.toFormat('d LLL yyyy');
}

/** A meeting instant in the request's zone: "09:00, Thứ Sáu, 16/09/2022". */
export function formatInstant(isoInstant: string, locale: Locale, zone: string): string {
  const d = DateTime.fromISO(isoInstant, { zone: 'utc' }).setZone(zone).setLocale(locale);
  return locale === 'vi' ? d.toFormat('HH:mm, cccc, dd/MM/yyyy') : d.toFormat('HH:mm, cccc, d LLLL yyyy');
}

/** The deadline phrase, always "24:00" of the last day because Civil Code art. 148 ends periods at end of day. */
export function deadlineText(req: MailRequest): string | undefined {
  if (!req.deadline) return undefined;
  const day = formatDay(req.deadline.lastDay, req.locale, zoneOf(req));
  return req.locale === 'vi' ? `24:00 ${day} (${zoneLabel(req)})` : `24:00 (end of day) on ${day}, ${zoneLabel(req)}`;
}

export function meetingText(req: MailRequest): string | undefined {
  if (!req.meeting) return undefined;
  return `${formatInstant(req.meeting.at, req.locale, zoneOf(req))} (${zoneLabel(req)})`;
}

/**
 * How long remains, for reminders. The slot names the reminder ("3 working days", "due day");
 * when it is not in a known form we fall back to calendar days counted now, because the
 * workflow, not the template, owns the working-day calendar.
 */
export function remainingText(req: MailRequest): string | undefined {
  const vi = req.locale === 'vi';
  const slot = (req.slot ?? '').trim().toLowerCase();
  const m = /^(\d+)\s*(working|business)?\s*days?(\s+before)?$/.exec(slot);
  if (m) {
    const n = Number(m[1]);
    const working = m[2] !== undefined;
    if (n === 0) return vi ? 'hôm nay là ngày cuối của thời hạn' : 'today is the last day';
    if (vi) return `còn ${n} ${working ? 'ngày làm việc' : 'ngày'}`;
    return `${n} ${working ? 'working ' : ''}day${n === 1 ? '' : 's'} left`;
  }
  if (/^(due[- ]?day|0|today)$/.test(slot)) return vi ? 'hôm nay là ngày cuối của thời hạn' : 'today is the last day';
  if (!req.deadline) return undefined;
  const zone = zoneOf(req);
  const today = DateTime.now().setZone(zone).startOf('day');
  const last = DateTime.fromISO(req.deadline.lastDay, { zone }).startOf('day');
  const days = Math.round(last.diff(today, 'days').days);
  if (days <= 0) return vi ? 'hôm nay là ngày cuối của thời hạn' : 'today is the last day';
  return vi ? `còn ${days} ngày` : `${days} day${days === 1 ? '' : 's'} left`;
}

// ---------------------------------------------------------------------------
// Body blocks per kind

export function t(req: MailRequest, s: Localized): string {
  return s[req.locale];
}

/** The addressed body as it reads inside a sentence ("the Party Delegation …" in English). */
export function bodyName(req: MailRequest): string {
  const name = req.audience.body?.name[req.locale];
  if (req.locale === 'vi') return name ?? 'Quý cơ quan';
  if (!name) return 'your body';
  return /^the\s/i.test(name) ? name : `the ${name}`;
}

/** "If you have already …, please disregard this message", with the right verb for what was awaited. */
export function alreadyDone(req: MailRequest, awaits: Awaits | undefined, own: boolean): string {
  const vi = req.locale === 'vi';
  if (own) {
    const noun = awaits ? t(req, AWAITS_NOUN[awaits]) : vi ? 'việc này' : 'it';
    return vi
      ? `Nếu đã ghi nhận ${noun}, xin bỏ qua thư này.`
      : `If the ${noun} has already been recorded, please disregard this message.`;
  }
  switch (awaits) {
    case 'signature':
      return vi
        ? 'Nếu Quý cơ quan đã ký, xin bỏ qua thư này.'
        : 'If you have already signed, please disregard this message.';
    case 'report':
      return vi
        ? 'Nếu Quý cơ quan đã gửi báo cáo, xin bỏ qua thư này.'
        : 'If you have already sent your report, please disregard this message.';
    case 'comments':
      return vi
        ? 'Nếu Quý cơ quan đã gửi ý kiến góp ý, xin bỏ qua thư này.'
        : 'If you have already sent your comments, please disregard this message.';
    default:
      return vi
        ? 'Nếu Quý cơ quan đã trả lời, xin bỏ qua thư này.'
        : 'If you have already answered, please disregard this message.';
  }
}

export function factsBlock(req: MailRequest): Block {
  const vi = req.locale === 'vi';
  const rows: [string, Inline[]][] = [
    [vi ? 'Quy chế' : 'Regulation', [t(req, req.regulation.title)]],
    [vi ? 'Nội dung' : 'Step', [t(req, req.step.label)]],
  ];
  if (req.audience.body && req.kind !== 'escalation')
    rows.push([vi ? 'Cơ quan' : 'Body', [t(req, req.audience.body.name)]]);
  const due = deadlineText(req);
  if (due) rows.push([vi ? 'Thời hạn' : 'Deadline', [due]]);
  // "Why this date", in one line: the holidays the period counted around.
  const off = req.deadline?.daysOff ?? [];
  if (due && off.length && req.kind !== 'deadline-changed') {
    const zone = zoneOf(req);
    const ranges = off.map(
      (d) =>
        `${d.reason} ${shortDay(d.from, req.locale, zone)}${d.to !== d.from ? ` – ${shortDay(d.to, req.locale, zone)}` : ''}`,
    );
    rows.push([vi ? 'Ngày nghỉ đã tính' : 'Days off counted', [ranges.join('; ')]]);
  }
  const meet = meetingText(req);
  if (meet)
    rows.push([vi ? 'Thời gian họp' : 'Meeting', [meet + (req.meeting?.place ? ` — ${req.meeting.place}` : '')]]);
  if (req.document) {
    rows.push([
      vi ? 'Tài liệu' : 'Document',
      [`${vi ? 'Bản' : 'Version'} ${req.document.version}: `, { href: req.document.link }],
    ]);
    // The hash lets a body prove which exact file it commented on.
    if (req.document.sha256) rows.push(['SHA-256', [req.document.sha256]]);
  }
  return { type: 'facts', rows };
}

/** A shell word in double quotes, so the command lines in emails can be pasted as they are. */
export function shellQuote(s: string): string {
  return `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** Joins lines of one shell command with trailing backslashes. */
export function continued(lines: string[]): string[] {
  return lines.map((l, i) => (i < lines.length - 1 ? `${l} \\` : l));
}

/** The command that answers, written out with real ids: one line per coordination area where an answer per area is asked. */
export function commandBlocks(req: MailRequest, c: AnswerCommand): Block[] {
  const vi = req.locale === 'vi';
  const id = req.lifecycleId;
  const areas = req.areas ?? [];
  switch (c.kind) {
    case 'feedback': {
      const base = `npx regulation feedback ${id} --round ${c.round} --body ${c.body}`;
      const example = vi ? 'Nội dung góp ý' : 'Your comment';
      const comments = areas.length
        ? areas.map((a) => `  --comment ${a.id}=${shellQuote(example)}`)
        : [`  --comment ${shellQuote(example)}`];
      return [
        {
          type: 'code',
          title: vi ? `${DECISION.agree.vi} với dự thảo:` : 'To agree with the draft:',
          lines: [`${base} --agree`],
        },
        {
          type: 'code',
          title: vi
            ? `Đề nghị chỉnh sửa: mỗi nội dung phối hợp một dòng --comment (thay "${example}" bằng ý kiến góp ý; bỏ dòng của nội dung không có góp ý):`
            : `To request changes: one --comment line per coordination area (replace "${example}" with your comment; leave out the lines of areas you have no comment on):`,
          lines: continued([base, ...comments, '  --request-changes']),
        },
      ];
    }
    case 'report': {
      const base = `npx regulation report ${id} --review ${c.review} --body ${c.body}`;
      if (!areas.length)
        return [
          { type: 'code', title: vi ? 'Gửi báo cáo:' : 'To send the report:', lines: [`${base} --file report.md`] },
        ];
      const example = vi ? 'Kết quả thực hiện' : 'How it worked';
      const first = areas[0]!.id;
      return [
        {
          type: 'code',
          title: vi
            ? `Gửi báo cáo: mỗi nội dung phối hợp một dòng --assessment (thay "${example}" bằng nội dung đánh giá):`
            : `To send the report: one --assessment line per coordination area (replace "${example}" with your assessment):`,
          lines: continued([base, ...areas.map((a) => `  --assessment ${a.id}=${shellQuote(example)}`)]),
        },
        {
          type: 'code',
          title: vi
            ? `Hoặc viết báo cáo vào tệp report.md, mỗi nội dung một mục bắt đầu bằng dòng "## <mã>" (ví dụ "## ${first}"), rồi chạy:`
            : `Or write the report in a file report.md with one section per area, each starting with a line "## <id>" (e.g. "## ${first}"), and run:`,
          lines: [`${base} --file report.md`],
        },
      ];
    }
    case 'sign':
      return [
        {
          type: 'code',
          title: vi ? 'Xác nhận đã ký:' : 'To record the signature:',
          lines: [`npx regulation sign ${id} --body ${c.body} --signer ${shellQuote(c.signer)}`],
        },
      ];
    case 'draft': {
      const link = vi ? '<đường dẫn tới dự thảo>' : '<link to the draft>';
      return [
        {
          type: 'code',
          title: vi
            ? `Ghi nhận dự thảo (thay ${link} bằng địa chỉ của dự thảo):`
            : `To record the draft (replace ${link} with its address):`,
          lines: [`npx regulation draft ${id} --version ${c.version} --link ${shellQuote(link)}`],
        },
      ];
    }
  }
}

/** The coordination areas with their ids, which the answer (command, report file or portal form) refers to. */
export function areasBlock(req: MailRequest): Block[] {
  if (!req.areas?.length) return [];
  const vi = req.locale === 'vi';
  return [
    {
      type: 'list',
      title: vi ? 'Các nội dung phối hợp (mã — tên):' : 'Coordination areas (id — title):',
      items: req.areas.map((a) => [`${a.id} — ${t(req, a.title)}`]),
    },
  ];
}

export function answerBlocks(req: MailRequest): Block[] {
  const a = req.answer;
  if (!a || (!a.link && !a.instructions && !a.command)) return areasBlock(req);
  const vi = req.locale === 'vi';
  const awaits = awaitsOf(req);
  const blocks: Block[] = [{ type: 'p', parts: [vi ? 'Cách trả lời:' : 'How to answer:'], strong: true }];
  if (a.link) {
    const online = vi
      ? awaits === 'report'
        ? 'Gửi báo cáo tại: '
        : awaits === 'signature'
          ? 'Xác nhận chữ ký tại: '
          : awaits === 'comments'
            ? 'Gửi ý kiến góp ý tại: '
            : 'Trả lời tại: '
      : 'Answer online: ';
    blocks.push({ type: 'p', parts: [online, { href: a.link }] });
  }
  if (a.instructions) blocks.push({ type: 'p', parts: [t(req, a.instructions)] });
  blocks.push(...areasBlock(req));
  if (a.command) {
    blocks.push(...commandBlocks(req, a.command));
    if (a.command.kind !== 'draft') {
      blocks.push({
        type: 'p',
        parts: [
          vi
            ? `Hoặc gửi văn bản trả lời để ${secretariatInSentence(req)} ghi nhận.`
            : `Or send your answer by letter to ${secretariatInSentence(req)}, who records it.`,
        ],
      });
    }
  }
  return blocks;
}

/**
 * An escalation about the secretariat's own step (drafting, revision, recording an outcome): the
 * workflow names no pending body, or writes to the secretariat itself.
 */
export function secretariatIsLate(req: MailRequest): boolean {
  return (
    req.kind === 'escalation' &&
    (req.pendingBodies ? req.pendingBodies.length === 0 : req.audience.role === 'secretariat')
  );
}

/** What every kind's body is written with: the request's words, ready to use, and the blocks being built. */
export interface Compose {
  req: MailRequest;
  recipient: Recipient;
  vi: boolean;
  /** The regulation's title. */
  title: string;
  /** The step's label. */
  label: string;
  /** The deadline phrase, "24:00 Thứ Sáu, 16/09/2022 (giờ Việt Nam)". */
  due: string | undefined;
  /** The meeting's time, in the request's zone. */
  meet: string | undefined;
  version: string | undefined;
  zone: string;
  /** The secretariat inside a sentence. */
  sec: string;
  awaits: Awaits | undefined;
  /** What is awaited, as a noun. */
  noun: string;
  blocks: Block[];
  /** Adds a paragraph. */
  p: (s: string, strong?: boolean) => void;
  /** "Tệp đính kèm: …", when files are attached. */
  attachedLine: () => void;
  /** The request's summary lines as a list, under an optional heading. */
  summaryList: (heading?: string) => void;
  /** Notes written by the secretariat are shown as recorded, in whatever language they were written. */
  notes: (text: string | undefined) => void;
}

/** The words of one request, for one recipient, and an empty list of blocks. */
export function compose(req: MailRequest, recipient: Recipient): Compose {
  const vi = req.locale === 'vi';
  const title = t(req, req.regulation.title);
  const label = t(req, req.step.label);
  const due = deadlineText(req);
  const meet = meetingText(req);
  const version = req.document?.version;
  const zone = zoneOf(req);
  const sec = secretariatInSentence(req);
  const awaits = awaitsOf(req);
  const noun = awaits ? t(req, AWAITS_NOUN[awaits]) : vi ? 'trả lời' : 'answer';
  const blocks: Block[] = [];
  const p = (s: string, strong = false): void => {
    blocks.push({ type: 'p', parts: [s], strong });
  };
  const attachedLine = (): void => {
    if (req.attached?.length)
      p(vi ? `Tệp đính kèm: ${req.attached.join(', ')}.` : `Attached: ${req.attached.join(', ')}.`);
  };
  const summaryList = (heading?: string): void => {
    if (req.summary?.length)
      blocks.push({ type: 'list', title: heading, items: req.summary.map((line) => [t(req, line)]) });
  };
  /** Notes written by the secretariat are shown as recorded, in whatever language they were written. */
  const notes = (text: string | undefined): void => {
    if (text?.trim())
      p(vi ? `Ghi chú của hội nghị: ${text.trim()}` : `Notes recorded at the meeting: “${text.trim()}”`);
  };
  return {
    req,
    recipient,
    vi,
    title,
    label,
    due,
    meet,
    version,
    zone,
    sec,
    awaits,
    noun,
    blocks,
    p,
    attachedLine,
    summaryList,
    notes,
  };
}
