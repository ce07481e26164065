import { DateTime } from 'luxon';
import type { Locale, Localized } from '../../domain/locale';
import { DEFAULT_ZONE } from '../../domain/mail';
import type {
  AnswerCommand,
  Awaits,
  CommentEntry,
  MailKind,
  MailRequest,
  Recipient,
  MailStage,
} from '../../domain/mail';

/** A rendered email for one recipient. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

// ---------------------------------------------------------------------------
// Document model: each kind builds blocks once, and both the plain-text and the HTML
// renderer walk the same blocks, so the two bodies can never say different things.

type Inline = string | { href: string; label?: string };
type Block =
  | { type: 'p'; parts: Inline[]; strong?: boolean }
  /** Lines to paste into a terminal as they are: never wrapped, re-flowed or translated. */
  | { type: 'code'; title?: string; lines: string[] }
  | { type: 'facts'; rows: [string, Inline[]][] }
  | { type: 'list'; title?: string; items: Inline[][] }
  | { type: 'table'; title?: string; headers: string[]; rows: string[][] };

const L = (vi: string, en: string): Localized => ({ vi, en });

const KIND_WORD: Record<MailKind, Localized> = {
  'feedback-request': L('Đề nghị góp ý', 'Request for comments'),
  reminder: L('Nhắc hạn', 'Reminder'),
  escalation: L('Quá hạn', 'Overdue'),
  'comment-table': L('Bảng tổng hợp ý kiến', 'Table of comments'),
  'signing-invitation': L('Mời ký kết', 'Invitation to sign'),
  'review-report-request': L('Đề nghị báo cáo', 'Request for report'),
  'review-meeting-invitation': L('Giấy mời họp', 'Meeting invitation'),
  'review-outcome': L('Kết luận', 'Outcome'),
  'closing-summary': L('Kết thúc', 'Closing summary'),
  'information-exchange': L('Trao đổi thông tin', 'Information exchange'),
  'deadline-extended': L('Gia hạn', 'Deadline extended'),
  'deadline-changed': L('Thay đổi thời hạn', 'Deadline changed'),
  'delivery-failure': L('Không gửi được thư', 'Delivery failure'),
  'stage-notice': L('Thông báo', 'Notice'),
};

const STAGE_WORD: Record<MailStage, Localized> = {
  drafting: L('Xây dựng dự thảo', 'Drafting'),
  consultation: L('Lấy ý kiến', 'Consultation'),
  revision: L('Tiếp thu, chỉnh sửa', 'Revision'),
  signing: L('Ký kết', 'Signing'),
  'in-force': L('Có hiệu lực', 'In force'),
  review: L('Sơ kết', 'Preliminary review'),
  'final-review': L('Tổng kết', 'Final review'),
  closed: L('Kết thúc', 'Closed'),
  withdrawn: L('Dừng xây dựng', 'Withdrawn'),
};

const DECISION_WORD: Record<CommentEntry['decision'], Localized> = {
  agree: L('Đồng ý', 'Agree'),
  'request-changes': L('Đề nghị chỉnh sửa', 'Requests changes'),
  'consent-by-silence': L('Không có ý kiến (coi như đồng ý)', 'No answer (counted as consent)'),
};

/** How a comment was handled, as the explanation table words it. */
export const HANDLING_WORD: Record<'accepted' | 'partly-accepted' | 'not-accepted', Localized> = {
  accepted: L('Tiếp thu', 'Accepted'),
  'partly-accepted': L('Tiếp thu một phần', 'Partly accepted'),
  'not-accepted': L('Không tiếp thu', 'Not accepted'),
};

const OUTCOME_WORD: Record<NonNullable<MailRequest['outcome']>['decision'], Localized> = {
  continue: L('tiếp tục thực hiện quy chế', 'continue the regulation as it is'),
  amend: L('sửa đổi, bổ sung quy chế', 'amend the regulation'),
  end: L('chấm dứt thực hiện quy chế', 'end the regulation'),
};

/** What is awaited, as a noun inside a sentence: a report is not a comment, a signature is neither. */
const AWAITS_NOUN: Record<Awaits, Localized> = {
  comments: L('ý kiến góp ý', 'comments'),
  report: L('báo cáo', 'report'),
  signature: L('chữ ký', 'signature'),
  draft: L('dự thảo', 'draft'),
  'revised-draft': L('dự thảo đã tiếp thu, chỉnh lý', 'revised draft'),
  outcome: L('kết luận hội nghị', 'outcome of the meeting'),
};

/** Heading of the list of bodies that have not done what is awaited. */
const PENDING_HEADING: Record<Awaits, Localized> = {
  comments: L('Cơ quan chưa gửi ý kiến góp ý:', 'No comments yet from:'),
  report: L('Cơ quan chưa gửi báo cáo:', 'No report yet from:'),
  signature: L('Cơ quan chưa ký:', 'Not yet signed by:'),
  draft: L('Chưa có dự thảo:', 'No draft yet:'),
  'revised-draft': L('Chưa có dự thảo chỉnh lý:', 'No revised draft yet:'),
  outcome: L('Chưa ghi nhận kết luận:', 'No outcome recorded yet:'),
};

/** What a step waits for: as the workflow says, or what its stage usually waits for. */
function awaitsOf(req: MailRequest): Awaits | undefined {
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
function reviewPhrase(kind: 'so-ket' | 'tong-ket', n: number, locale: Locale): string {
  if (locale === 'vi') return kind === 'tong-ket' ? 'tổng kết' : `sơ kết lần ${n}`;
  return kind === 'tong-ket' ? 'the final review' : `preliminary review ${n}`;
}

// ---------------------------------------------------------------------------
// The writer: the secretariat as the definition names it

/** Used only when a request does not carry the definition's name (older callers, tests). */
const GENERIC_SECRETARIAT = L('Văn phòng giúp việc', 'Joint secretariat');

/** The secretariat's full name, as it signs. */
function secretariatName(req: MailRequest): string {
  return (req.secretariat?.name ?? GENERIC_SECRETARIAT)[req.locale];
}

/** The name without a trailing explanation in brackets, for subjects and sentences: "Văn phòng giúp việc". */
function secretariatShort(req: MailRequest): string {
  const full = secretariatName(req);
  return full.replace(/\s*\([^()]*\)\s*$/, '').trim() || full;
}

/** The secretariat inside a sentence: "Văn phòng giúp việc" / "the Joint secretariat". */
function secretariatInSentence(req: MailRequest): string {
  const name = secretariatShort(req);
  if (req.locale === 'vi') return name;
  return /^the\s/i.test(name) ? `the ${name.slice(4)}` : `the ${name}`;
}

// ---------------------------------------------------------------------------
// Dates

function zoneOf(req: MailRequest): string {
  return req.zone ?? DEFAULT_ZONE;
}

function zoneLabel(req: MailRequest): string {
  const zone = zoneOf(req);
  if (zone === DEFAULT_ZONE) return req.locale === 'vi' ? 'giờ Việt Nam' : 'Vietnam time';
  return zone;
}

/** A calendar day as people read it: "Thứ Sáu, 16/09/2022" / "Friday, 16 September 2022". */
export function formatDay(isoDate: string, locale: Locale, zone: string = DEFAULT_ZONE): string {
  const d = DateTime.fromISO(isoDate, { zone }).setLocale(locale);
  return locale === 'vi' ? d.toFormat('cccc, dd/MM/yyyy') : d.toFormat('cccc, d LLLL yyyy');
}

/** A short day for subjects: "16/09/2022" / "16 Sep 2022". */
function shortDay(isoDate: string, locale: Locale, zone: string): string {
  const d = DateTime.fromISO(isoDate, { zone }).setLocale(locale);
  return locale === 'vi' ? d.toFormat('dd/MM/yyyy') : d.toFormat('d LLL yyyy');
}

/** A meeting instant in the request's zone: "09:00, Thứ Sáu, 16/09/2022". */
function formatInstant(isoInstant: string, locale: Locale, zone: string): string {
  const d = DateTime.fromISO(isoInstant, { zone: 'utc' }).setZone(zone).setLocale(locale);
  return locale === 'vi' ? d.toFormat('HH:mm, cccc, dd/MM/yyyy') : d.toFormat('HH:mm, cccc, d LLLL yyyy');
}

/** The deadline phrase, always "24:00" of the last day because Civil Code art. 148 ends periods at end of day. */
function deadlineText(req: MailRequest): string | undefined {
  if (!req.deadline) return undefined;
  const day = formatDay(req.deadline.lastDay, req.locale, zoneOf(req));
  return req.locale === 'vi' ? `24:00 ${day} (${zoneLabel(req)})` : `24:00 (end of day) on ${day}, ${zoneLabel(req)}`;
}

function meetingText(req: MailRequest): string | undefined {
  if (!req.meeting) return undefined;
  return `${formatInstant(req.meeting.at, req.locale, zoneOf(req))} (${zoneLabel(req)})`;
}

/**
 * How long remains, for reminders. The slot names the reminder ("3 working days", "due day");
 * when it is not in a known form we fall back to calendar days counted now, because the
 * workflow, not the template, owns the working-day calendar.
 */
function remainingText(req: MailRequest): string | undefined {
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
// Subject

function subjectTail(req: MailRequest): string | undefined {
  const vi = req.locale === 'vi';
  const zone = zoneOf(req);
  const body = req.audience.body?.name[req.locale];
  const due = req.deadline
    ? req.kind === 'deadline-extended' || req.kind === 'deadline-changed'
      ? `${vi ? 'hạn mới' : 'new deadline'} ${shortDay(req.deadline.lastDay, req.locale, zone)}`
      : `${vi ? 'hạn' : 'due'} ${shortDay(req.deadline.lastDay, req.locale, zone)}`
    : undefined;
  const meeting = req.meeting
    ? `${vi ? 'họp' : 'meeting'} ${shortDay(DateTime.fromISO(req.meeting.at, { zone: 'utc' }).setZone(zone).toISODate() ?? '', req.locale, zone)}`
    : undefined;
  switch (req.kind) {
    // Leaders sort escalations by who is late; the date is in the body.
    case 'escalation':
      return secretariatIsLate(req) ? secretariatShort(req) : (body ?? due);
    case 'information-exchange':
      return (req.exchange ? t(req, req.exchange.from) : undefined) ?? body ?? due;
    case 'comment-table':
      // The table goes out when the revision starts: its date is when the revised draft is due.
      return req.deadline
        ? `${vi ? 'hạn gửi dự thảo chỉnh lý' : 'revised draft due'} ${shortDay(req.deadline.lastDay, req.locale, zone)}`
        : undefined;
    case 'delivery-failure':
      return req.failure?.recipient ?? body;
    case 'signing-invitation':
    case 'review-meeting-invitation':
      return meeting ?? due ?? body;
    default:
      return due ?? meeting ?? body;
  }
}

/** Lower case without diacritics or punctuation, to tell whether one subject segment repeats another. */
export function foldForCompare(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function renderSubject(req: MailRequest): string {
  const kindWord = KIND_WORD[req.kind][req.locale];
  const label = req.step.label[req.locale];
  // A label that already says what the mail is ("Trao đổi thông tin: …") needs no kind word before it.
  const head = foldForCompare(label).includes(foldForCompare(kindWord)) ? label : undefined;
  const parts = head ? [`[${req.regulation.id}] ${head}`] : [`[${req.regulation.id}] ${kindWord}`, label];
  const tail = subjectTail(req);
  if (tail && !parts.some((x) => foldForCompare(x).includes(foldForCompare(tail)))) parts.push(tail);
  // Subjects are single header lines; a newline smuggled into a label must not split them.
  return parts.join(' — ').replace(/[\r\n]+/g, ' ');
}

// ---------------------------------------------------------------------------
// Body blocks per kind

function t(req: MailRequest, s: Localized): string {
  return s[req.locale];
}

/** The addressed body as it reads inside a sentence ("the Party Delegation …" in English). */
function bodyName(req: MailRequest): string {
  const name = req.audience.body?.name[req.locale];
  if (req.locale === 'vi') return name ?? 'Quý cơ quan';
  if (!name) return 'your body';
  return /^the\s/i.test(name) ? name : `the ${name}`;
}

function kindBlocks(req: MailRequest, recipient: Recipient): Block[] {
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

  switch (req.kind) {
    case 'feedback-request':
      p(
        vi
          ? `${sec} gửi ${bodyName(req)} ${version ? `dự thảo ${version}` : 'dự thảo'} ${title} và đề nghị cho ý kiến cụ thể theo từng nội dung phối hợp (đồng ý hoặc đề nghị chỉnh sửa)${due ? `, gửi về trước ${due}` : ''}.`
          : `We send ${req.audience.body ? bodyName(req) : 'you'} ${version ? `draft ${version}` : 'the draft'} of "${title}" and ask for specific comments on each coordination area (agree, or request changes)${due ? `, by ${due}` : ''}.`,
      );
      if (req.handled?.comments.length) {
        const h = req.handled;
        p(
          vi
            ? `Các ý kiến góp ý của ${bodyName(req)} đối với dự thảo ${h.draftVersion} (vòng ${h.round}) đã được tiếp thu, giải trình như sau:`
            : `Here is how the comments of ${bodyName(req)} on draft ${h.draftVersion} (round ${h.round}) were handled:`,
        );
        blocks.push({
          type: 'table',
          headers: vi
            ? ['Mã', 'Nội dung phối hợp', 'Ý kiến góp ý', 'Tiếp thu, giải trình']
            : ['Id', 'Coordination area', 'Comment', 'Handling and explanation'],
          rows: h.comments.map((c) => [
            c.id,
            c.area ? t(req, c.area.title) : vi ? 'Chung' : 'General',
            c.text,
            `${c.handling ? t(req, HANDLING_WORD[c.handling]) : vi ? 'Chưa trả lời' : 'Not answered'}${c.explanation ? `: ${c.explanation}` : ''}`,
          ]),
        });
      }
      attachedLine();
      break;
    case 'reminder': {
      const left = remainingText(req);
      if (left) p(vi ? `Nhắc hạn: ${left}.` : `Reminder: ${left}.`, true);
      const own = req.audience.role === 'secretariat';
      if (own) {
        // The secretariat's own step (a draft, a revised draft): nobody owes it an answer.
        p(
          vi
            ? `Chưa có ${noun} cho nội dung "${label}" của ${title}.${due ? ` Thời hạn kết thúc vào ${due}.` : ''}`
            : `The ${noun} for "${label}" of "${title}" has not been recorded yet.${due ? ` The period ends at ${due}.` : ''}`,
        );
      } else {
        p(
          vi
            ? `${sec} chưa nhận được ${noun} của ${bodyName(req)} cho nội dung "${label}" của ${title}.${due ? ` Thời hạn kết thúc vào ${due}.` : ''}`
            : `We have not yet received the ${noun} of ${bodyName(req)} for "${label}" of "${title}".${due ? ` The period ends at ${due}.` : ''}`,
        );
      }
      p(alreadyDone(req, awaits, own));
      break;
    }
    case 'escalation':
      if (req.summary?.length) {
        // An escalation with its own explanation (e.g. every consultation round used up).
        p(vi ? `${label} — ${title}.` : `${label} — "${title}".`);
        for (const line of req.summary) p(t(req, line));
        break;
      }
      if (secretariatIsLate(req)) {
        p(
          vi
            ? `Đã hết thời hạn "${label}" của ${title}${due ? `, hạn ${due},` : ''} nhưng ${sec} chưa hoàn thành việc này (chưa có ${noun}).`
            : `The period for "${label}" on "${title}"${due ? ` ended at ${due}` : ' has ended'}, and ${sec} has not yet done it (no ${noun} yet).`,
        );
        break;
      }
      p(
        vi
          ? `Đã hết thời hạn "${label}" của ${title}${due ? `, hạn ${due},` : ''} nhưng ${sec} chưa nhận được ${noun} của các cơ quan dưới đây.`
          : `The period for "${label}" on "${title}"${due ? ` ended at ${due}` : ' has ended'}, and ${sec} has not received the ${noun} of the bodies below.`,
      );
      blocks.push({
        type: 'list',
        title: awaits ? t(req, PENDING_HEADING[awaits]) : vi ? 'Cơ quan chưa trả lời:' : 'Not yet answered:',
        items: (req.pendingBodies?.length ? req.pendingBodies : req.audience.body ? [req.audience.body.name] : []).map(
          (b) => [t(req, b)],
        ),
      });
      p(
        awaits === 'signature'
          ? vi
            ? 'Đề nghị lãnh đạo chỉ đạo để cơ quan ký sớm.'
            : 'Please ask them to sign as soon as possible.'
          : vi
            ? `Đề nghị lãnh đạo chỉ đạo để cơ quan gửi ${noun} sớm.`
            : `Please ask them to send their ${noun} as soon as possible.`,
      );
      break;
    case 'comment-table': {
      p(
        vi
          ? `Dưới đây là bảng tổng hợp ý kiến góp ý của các cơ quan trong "${label}"${version ? ` (dự thảo ${version})` : ''} đối với ${title}.`
          : `Here is the table of the comments the bodies sent in "${label}"${version ? ` (draft ${version})` : ''} on "${title}".`,
      );
      const general = vi ? 'Chung' : 'General';
      // Group by body, then area, so each body finds its own lines together; stable for equal keys.
      const comments = [...(req.comments ?? [])].sort(
        (a, b) =>
          t(req, a.body.name).localeCompare(t(req, b.body.name), req.locale) ||
          (a.area?.id ?? '').localeCompare(b.area?.id ?? ''),
      );
      blocks.push({
        type: 'table',
        headers: vi
          ? ['Mã', 'Cơ quan', 'Nội dung phối hợp', 'Ý kiến', 'Số công văn', 'Nội dung góp ý']
          : ['Id', 'Body', 'Coordination area', 'Decision', 'Letter no.', 'Comment'],
        rows: comments.map((c) => [
          c.id ?? '',
          t(req, c.body.name) + (c.submittedBy ? ` (${c.submittedBy})` : ''),
          c.area ? t(req, c.area.title) : general,
          t(req, DECISION_WORD[c.decision]),
          c.reference ?? '',
          c.text,
        ]),
      });
      if (!comments.length) p(vi ? 'Chưa có ý kiến nào.' : 'No comments were received.');
      const ids = comments.map((c) => c.id).filter((x): x is string => !!x);
      if (ids.length) {
        p(
          vi
            ? `Đề nghị ${sec} trả lời từng ý kiến (tiếp thu, tiếp thu một phần hoặc không tiếp thu, kèm giải trình) để lập bảng tổng hợp, tiếp thu, giải trình ý kiến gửi các cơ quan cùng dự thảo chỉnh lý.`
            : `Please answer each comment (accepted, partly accepted or not accepted, with the explanation), so the table of comments, their handling and explanations goes to the bodies with the revised draft.`,
        );
        const why = vi ? 'Giải trình' : 'Explanation';
        blocks.push({
          type: 'code',
          title: vi
            ? `Mỗi ý kiến một dòng: giữ --accepted MÃ cho ý kiến được tiếp thu; đổi thành --partly MÃ="${why}" hoặc --not-accepted MÃ="${why}" khi tiếp thu một phần hoặc không tiếp thu:`
            : `One line per comment: keep --accepted ID for a comment taken in; change it to --partly ID="${why}" or --not-accepted ID="${why}" when it is partly or not taken in:`,
          lines: continued([
            `npx regulation answer-comments ${req.lifecycleId} --round ${req.step.round ?? 1}`,
            ...ids.map((id) => `  --accepted ${id}`),
          ]),
        });
      }
      if (due)
        p(
          vi ? `Dự thảo đã tiếp thu, chỉnh lý cần được gửi trước ${due}.` : `The revised draft is due by ${due}.`,
          true,
        );
      attachedLine();
      summaryList();
      break;
    }
    case 'signing-invitation':
      p(
        vi
          ? `Kính mời ${recipient.name} ký kết ${title}${meet ? ` vào lúc ${meet}` : ''}${req.meeting?.place ? ` tại ${req.meeting.place}` : ''}${!meet && due ? `, trước ${due}` : ''}.`
          : `You are invited to sign "${title}"${meet ? ` at ${meet}` : ''}${req.meeting?.place ? `, ${req.meeting.place}` : ''}${!meet && due ? `, by ${due}` : ''}.`,
      );
      break;
    case 'review-report-request':
      p(
        vi
          ? `Để chuẩn bị hội nghị "${label}" ${title}, đề nghị ${bodyName(req)} gửi báo cáo đánh giá kết quả thực hiện theo từng nội dung phối hợp${due ? ` trước ${due}` : ''}.`
          : `To prepare the meeting "${label}" on "${title}", please send ${req.audience.body ? `the report of ${bodyName(req)}` : 'your report'} on how each coordination area has worked${due ? `, by ${due}` : ''}.`,
      );
      if (meet)
        p(
          vi
            ? `Hội nghị dự kiến tổ chức lúc ${meet}${req.meeting?.place ? ` tại ${req.meeting.place}` : ''}.`
            : `The review meeting is planned for ${meet}${req.meeting?.place ? `, ${req.meeting.place}` : ''}.`,
        );
      break;
    case 'review-meeting-invitation':
      p(
        vi
          ? `Kính mời ${recipient.name} dự hội nghị "${label}" ${title}${meet ? ` vào lúc ${meet}` : ''}${req.meeting?.place ? ` tại ${req.meeting.place}` : ''}.`
          : `You are invited to the meeting "${label}" on "${title}"${meet ? ` at ${meet}` : ''}${req.meeting?.place ? `, ${req.meeting.place}` : ''}.`,
      );
      break;
    case 'review-outcome':
      if (req.outcome) {
        p(
          vi
            ? `Hội nghị "${label}" ${title} đã thống nhất: ${t(req, OUTCOME_WORD[req.outcome.decision])}.`
            : `The meeting "${label}" on "${title}" decided to ${t(req, OUTCOME_WORD[req.outcome.decision])}.`,
          true,
        );
        notes(req.outcome.notes);
      } else {
        p(vi ? `Kết luận hội nghị "${label}" ${title}.` : `Outcome of the meeting "${label}" on "${title}".`);
      }
      attachedLine();
      summaryList();
      break;
    case 'closing-summary': {
      p(vi ? `Quy trình thực hiện ${title} đã kết thúc.` : `The lifecycle of "${title}" has closed.`, true);
      const c = req.closing;
      if (c) {
        const since = c.effectiveDate ? formatDay(c.effectiveDate, req.locale, zone) : undefined;
        const last = c.lastReview;
        const items: Inline[][] = [
          [
            vi
              ? `${since ? `Có hiệu lực từ ${since}` : 'Quy chế chưa có hiệu lực'}; ${c.rounds} vòng góp ý; ${c.preliminaryReviews} lần sơ kết.`
              : `${since ? `In force since ${since}` : 'Never in force'}; ${c.rounds} consultation round${c.rounds === 1 ? '' : 's'}; ${c.preliminaryReviews} preliminary review${c.preliminaryReviews === 1 ? '' : 's'}.`,
          ],
        ];
        if (last.decision) {
          const what = reviewPhrase(last.kind, last.n, req.locale);
          items.push([
            vi
              ? `Kết luận ${what}: ${t(req, OUTCOME_WORD[last.decision])}.`
              : `Conclusion of ${what}: ${t(req, OUTCOME_WORD[last.decision])}.`,
          ]);
        }
        blocks.push({ type: 'list', title: vi ? 'Tóm tắt:' : 'Summary:', items });
        notes(last.notes);
        summaryList();
      } else summaryList(vi ? 'Tóm tắt:' : 'Summary:');
      break;
    }
    case 'information-exchange': {
      const ex = req.exchange;
      if (ex) {
        p(
          vi
            ? `Ghi nhận trao đổi thông tin theo ${title}: ${t(req, ex.from)} gửi ${ex.to.map((x) => t(req, x)).join(', ')}.`
            : `Information exchanged under "${title}": ${t(req, ex.from)} to ${ex.to.map((x) => t(req, x)).join(', ')}.`,
        );
        blocks.push({
          type: 'facts',
          rows: [
            [vi ? 'Trích yếu' : 'Subject', [ex.subject]],
            [vi ? 'Tóm tắt' : 'Summary', [ex.summary]],
            ...(ex.link ? ([[vi ? 'Tài liệu' : 'Link', [{ href: ex.link }]]] as [string, Inline[]][]) : []),
          ],
        });
      }
      break;
    }
    case 'deadline-extended':
      p(
        vi
          ? `Thời hạn "${label}" của ${title} đã được gia hạn${due ? ` đến ${due}` : ''}.`
          : `The deadline for "${label}" on "${title}" has been extended${due ? ` to ${due}` : ''}.`,
        true,
      );
      summaryList(vi ? 'Lý do:' : 'Reason:');
      break;
    case 'deadline-changed': {
      const c = req.change;
      const from = c ? formatDay(c.from, req.locale, zoneOf(req)) : undefined;
      p(
        vi
          ? `Thời hạn "${label}" của ${title} đã thay đổi theo lịch nghỉ, làm việc mới được công bố${from ? `: từ ${from}` : ''}${due ? ` thành ${due}` : ''}.`
          : `The deadline for "${label}" on "${title}" has changed with the newly announced holiday schedule${from ? `: from ${from}` : ''}${due ? ` to ${due}` : ''}.`,
        true,
      );
      const days = (c?.daysOff ?? []).map((d) => {
        const a = formatDay(d.from, req.locale, zoneOf(req));
        return d.to === d.from
          ? `${d.reason}: ${a}`
          : `${d.reason}: ${a} – ${formatDay(d.to, req.locale, zoneOf(req))}`;
      });
      if (days.length) {
        p(vi ? 'Các ngày nghỉ trong thời hạn theo lịch mới:' : 'Days off within the period on the new schedule:');
        blocks.push({ type: 'list', items: days.map((d) => [d]) });
      }
      summaryList(vi ? 'Lý do:' : 'Reason:');
      break;
    }
    case 'delivery-failure': {
      const f = req.failure;
      p(
        vi
          ? `Không gửi được thư "${f ? t(req, KIND_WORD[f.kind]) : ''}" (${label}) đến ${f?.recipient ?? ''}.`
          : `The message "${f ? t(req, KIND_WORD[f.kind]) : ''}" (${label}) could not be delivered to ${f?.recipient ?? ''}.`,
        true,
      );
      if (f) p(vi ? `Máy chủ thư trả lời: ${f.reason}` : `The mail server answered: ${f.reason}`);
      p(
        vi
          ? 'Đề nghị kiểm tra lại địa chỉ thư và liên hệ trực tiếp với cơ quan.'
          : 'Please check the address and contact the body directly.',
      );
      break;
    }
    case 'stage-notice':
      p(
        vi
          ? `${title} chuyển sang giai đoạn: ${t(req, STAGE_WORD[req.step.stage])}.`
          : `"${title}" has moved to the stage: ${t(req, STAGE_WORD[req.step.stage])}.`,
        true,
      );
      if (req.effectiveDate) {
        const day = formatDay(req.effectiveDate, req.locale, zone);
        p(vi ? `Quy chế có hiệu lực kể từ ${day}.` : `The regulation is in force from ${day}.`);
      }
      summaryList();
      break;
  }
  return blocks;
}

/** "If you have already …, please disregard this message", with the right verb for what was awaited. */
function alreadyDone(req: MailRequest, awaits: Awaits | undefined, own: boolean): string {
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

function factsBlock(req: MailRequest): Block {
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
function shellQuote(s: string): string {
  return `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** Joins lines of one shell command with trailing backslashes. */
function continued(lines: string[]): string[] {
  return lines.map((l, i) => (i < lines.length - 1 ? `${l} \\` : l));
}

/** The command that answers, written out with real ids: one line per coordination area where an answer per area is asked. */
function commandBlocks(req: MailRequest, c: AnswerCommand): Block[] {
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
        { type: 'code', title: vi ? 'Đồng ý với dự thảo:' : 'To agree with the draft:', lines: [`${base} --agree`] },
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
function areasBlock(req: MailRequest): Block[] {
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

function answerBlocks(req: MailRequest): Block[] {
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

function allBlocks(req: MailRequest, recipient: Recipient): Block[] {
  const vi = req.locale === 'vi';
  return [
    { type: 'p', parts: [vi ? `Kính gửi: ${recipient.name},` : `Dear ${recipient.name},`] },
    ...kindBlocks(req, recipient),
    factsBlock(req),
    ...answerBlocks(req),
    // Signed with the secretariat's name as the definition gives it.
    { type: 'p', parts: [secretariatName(req)], strong: true },
    {
      type: 'p',
      parts: [
        vi
          ? `(Thư gửi tự động; mã tham chiếu: ${req.lifecycleId} / ${req.stepKey}.)`
          : `(Automatic message; reference: ${req.lifecycleId} / ${req.stepKey}.)`,
      ],
    },
  ];
}

// ---------------------------------------------------------------------------
// Renderers

function inlineText(parts: Inline[]): string {
  return parts.map((x) => (typeof x === 'string' ? x : x.label ? `${x.label} <${x.href}>` : x.href)).join('');
}

function toText(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'p':
        out.push(inlineText(b.parts));
        break;
      case 'facts': {
        const width = Math.max(...b.rows.map(([k]) => k.length));
        out.push(b.rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${inlineText(v)}`).join('\n'));
        break;
      }
      case 'list':
        out.push([...(b.title ? [b.title] : []), ...b.items.map((i) => `  - ${inlineText(i)}`)].join('\n'));
        break;
      case 'code':
        out.push([...(b.title ? [b.title] : []), ...b.lines.map((l) => `    ${l}`)].join('\n'));
        break;
      case 'table':
        // A fixed-width table breaks on proportional fonts and long comments; one record per line reads everywhere.
        out.push(
          [
            ...(b.title ? [b.title] : []),
            ...b.rows.map(
              (r, i) =>
                `${i + 1}. ${r
                  .map((cell, j) => (cell ? `${b.headers[j] ?? ''}: ${cell}` : ''))
                  .filter(Boolean)
                  .join(' | ')}`,
            ),
          ].join('\n'),
        );
        break;
    }
  }
  return out.join('\n\n') + '\n';
}

/**
 * An escalation about the secretariat's own step (drafting, revision, recording an outcome): the
 * workflow names no pending body, or writes to the secretariat itself.
 */
function secretariatIsLate(req: MailRequest): boolean {
  return (
    req.kind === 'escalation' &&
    (req.pendingBodies ? req.pendingBodies.length === 0 : req.audience.role === 'secretariat')
  );
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function inlineHtml(parts: Inline[]): string {
  return parts
    .map((x) => {
      if (typeof x === 'string') return escapeHtml(x);
      // Only web links become anchors: a javascript: or data: URL in a request must not be clickable.
      if (!/^https?:\/\//i.test(x.href)) return escapeHtml(x.label ?? x.href);
      return `<a href="${escapeHtml(x.href)}" style="color:#0b57d0">${escapeHtml(x.label ?? x.href)}</a>`;
    })
    .join('');
}

const CELL = 'border:1px solid #c8c8c8;padding:4px 8px;text-align:left;vertical-align:top';

function toHtml(blocks: Block[], locale: Locale): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'p':
        out.push(
          `<p style="margin:0 0 12px">${b.strong ? `<strong>${inlineHtml(b.parts)}</strong>` : inlineHtml(b.parts)}</p>`,
        );
        break;
      case 'facts':
        out.push(
          `<table style="border-collapse:collapse;margin:0 0 12px">${b.rows
            .map(
              ([k, v]) =>
                `<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top;color:#555">${escapeHtml(k)}</th><td style="padding:2px 0">${inlineHtml(v)}</td></tr>`,
            )
            .join('')}</table>`,
        );
        break;
      case 'code':
        out.push(
          `${b.title ? `<p style="margin:0 0 4px">${escapeHtml(b.title)}</p>` : ''}<pre style="margin:0 0 12px;padding:8px;background:#f5f5f5;border:1px solid #ddd;font-family:Consolas,Menlo,monospace;font-size:13px;white-space:pre;overflow-x:auto">${escapeHtml(b.lines.join('\n'))}</pre>`,
        );
        break;
      case 'list':
        out.push(
          `${b.title ? `<p style="margin:0 0 4px"><strong>${escapeHtml(b.title)}</strong></p>` : ''}<ul style="margin:0 0 12px">${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`,
        );
        break;
      case 'table':
        out.push(
          `${b.title ? `<p><strong>${escapeHtml(b.title)}</strong></p>` : ''}<table style="border-collapse:collapse;margin:0 0 12px"><thead><tr>${b.headers
            .map((h) => `<th style="${CELL};background:#f0f0f0">${escapeHtml(h)}</th>`)
            .join(
              '',
            )}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td style="${CELL}">${escapeHtml(c).replace(/\n/g, '<br>')}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
        );
        break;
    }
  }
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"></head><body><div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222;max-width:720px">${out.join('\n')}</div></body></html>`;
}

/** Renders one email of req for one recipient, in req.locale, as subject, plain text and HTML. */
export function renderMail(req: MailRequest, recipient: Recipient): RenderedMail {
  const blocks = allBlocks(req, recipient);
  return { subject: renderSubject(req), text: toText(blocks), html: toHtml(blocks, req.locale) };
}

// ---------------------------------------------------------------------------
// The morning digest: several reminders to one person in one message

/** The language most of the reminders are in (the earliest one's on a tie). */
export function digestLocale(items: MailRequest[]): Locale {
  const vi = items.filter((r) => r.locale === 'vi').length;
  const en = items.length - vi;
  return vi === en ? (items[0]?.locale ?? 'vi') : vi > en ? 'vi' : 'en';
}

/** The order of a digest: earliest deadline first, then by lifecycle and step, whatever order they arrived in. */
function compareDigestItems(a: MailRequest, b: MailRequest): number {
  return (
    (a.deadline?.at ?? '9999').localeCompare(b.deadline?.at ?? '9999') ||
    a.lifecycleId.localeCompare(b.lifecycleId) ||
    a.stepKey.localeCompare(b.stepKey)
  );
}

/** Reminders in digest order. */
export function digestOrder(items: MailRequest[]): MailRequest[] {
  return [...items].sort(compareDigestItems);
}

/**
 * One email listing several reminders for the same recipient, earliest deadline first: for each,
 * the regulation, the step, the deadline, the body concerned and how to answer.
 */
export function renderDigest(
  reminders: MailRequest[],
  recipient: Recipient,
  locale: Locale = digestLocale(reminders),
): RenderedMail {
  const items = digestOrder(reminders).map((r) => ({ ...r, locale }));
  const vi = locale === 'vi';
  const first = items[0];
  const soonest = first?.deadline ? shortDay(first.deadline.lastDay, locale, zoneOf(first)) : undefined;
  const subject = vi
    ? `[Nhắc hạn] ${items.length} việc đang chờ trả lời${soonest ? ` — hạn gần nhất ${soonest}` : ''}`
    : `[Reminder] ${items.length} items awaiting an answer${soonest ? ` — earliest due ${soonest}` : ''}`;
  const blocks: Block[] = [
    { type: 'p', parts: [vi ? `Kính gửi: ${recipient.name},` : `Dear ${recipient.name},`] },
    {
      type: 'p',
      parts: [
        vi
          ? `Văn phòng giúp việc tổng hợp các nội dung cần nhắc hạn vào một thư. Còn ${items.length} việc chưa nhận được trả lời, xếp theo thời hạn:`
          : `The joint secretariats gathered your reminders into one message. ${items.length} items still await an answer, earliest deadline first:`,
      ],
    },
  ];
  items.forEach((req, i) => {
    const left = remainingText(req);
    blocks.push({
      type: 'p',
      parts: [`${i + 1}. [${req.regulation.id}] ${t(req, req.step.label)}${left ? ` — ${left}` : ''}`],
      strong: true,
    });
    blocks.push(factsBlock(req));
    blocks.push(...answerBlocks(req));
  });
  blocks.push({
    type: 'p',
    parts: [
      vi
        ? `Nếu đã gửi ý kiến, xin bỏ qua việc tương ứng. (Thư gửi tự động; mã tham chiếu: ${items.map((r) => `${r.lifecycleId} / ${r.stepKey}`).join('; ')}.)`
        : `If you have already answered an item, please disregard it. (Automatic message; references: ${items.map((r) => `${r.lifecycleId} / ${r.stepKey}`).join('; ')}.)`,
    ],
  });
  return { subject: subject.replace(/[\r\n]+/g, ' '), text: toText(blocks), html: toHtml(blocks, locale) };
}
