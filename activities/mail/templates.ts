import { DateTime } from 'luxon';
import { DEFAULT_ZONE } from './types';
import type { CommentEntry, Locale, Localized, MailKind, MailRequest, Recipient, Stage } from './types';

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
  'delivery-failure': L('Không gửi được thư', 'Delivery failure'),
  'stage-notice': L('Thông báo', 'Notice'),
};

const STAGE_WORD: Record<Stage, Localized> = {
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

const OUTCOME_WORD: Record<NonNullable<MailRequest['outcome']>['decision'], Localized> = {
  continue: L('tiếp tục thực hiện quy chế', 'continue the regulation as it is'),
  amend: L('sửa đổi, bổ sung quy chế', 'amend the regulation'),
  end: L('chấm dứt thực hiện quy chế', 'end the regulation'),
};

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
  return locale === 'vi' ? d.toFormat("HH:mm, cccc, dd/MM/yyyy") : d.toFormat('HH:mm, cccc, d LLLL yyyy');
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
    ? req.kind === 'deadline-extended'
      ? `${vi ? 'hạn mới' : 'new deadline'} ${shortDay(req.deadline.lastDay, req.locale, zone)}`
      : `${vi ? 'hạn' : 'due'} ${shortDay(req.deadline.lastDay, req.locale, zone)}`
    : undefined;
  const meeting = req.meeting
    ? `${vi ? 'họp' : 'meeting'} ${shortDay(DateTime.fromISO(req.meeting.at, { zone: 'utc' }).setZone(zone).toISODate() ?? '', req.locale, zone)}`
    : undefined;
  switch (req.kind) {
    // Leaders sort escalations by who is late; the date is in the body.
    case 'escalation':
      return secretariatIsLate(req) ? (vi ? 'Văn phòng giúp việc' : 'joint secretariat') : (body ?? due);
    case 'information-exchange':
      return body ?? due;
    case 'delivery-failure':
      return req.failure?.recipient ?? body;
    case 'signing-invitation':
    case 'review-meeting-invitation':
      return meeting ?? due ?? body;
    default:
      return due ?? meeting ?? body;
  }
}

function renderSubject(req: MailRequest): string {
  const parts = [`[${req.regulation.id}] ${KIND_WORD[req.kind][req.locale]}`, req.step.label[req.locale]];
  const tail = subjectTail(req);
  if (tail) parts.push(tail);
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
  const blocks: Block[] = [];
  const p = (s: string, strong = false): void => {
    blocks.push({ type: 'p', parts: [s], strong });
  };
  const summaryList = (heading?: string): void => {
    if (req.summary?.length) blocks.push({ type: 'list', title: heading, items: req.summary.map((line) => [t(req, line)]) });
  };

  switch (req.kind) {
    case 'feedback-request':
      p(
        vi
          ? `Văn phòng giúp việc gửi ${bodyName(req)} ${version ? `dự thảo ${version}` : 'dự thảo'} ${title} và đề nghị cho ý kiến cụ thể theo từng nội dung phối hợp (đồng ý hoặc đề nghị chỉnh sửa)${due ? `, gửi về trước ${due}` : ''}.`
          : `The joint secretariat sends ${req.audience.body ? bodyName(req) : 'you'} ${version ? `draft ${version}` : 'the draft'} of "${title}" and asks for specific comments on each coordination area (agree, or request changes)${due ? `, by ${due}` : ''}.`,
      );
      break;
    case 'reminder': {
      const left = remainingText(req);
      if (left) p(vi ? `Nhắc hạn: ${left}.` : `Reminder: ${left}.`, true);
      p(
        vi
          ? `Văn phòng giúp việc chưa nhận được ý kiến của ${bodyName(req)} về nội dung "${label}" của ${title}.${due ? ` Thời hạn kết thúc vào ${due}.` : ''}`
          : `The joint secretariat has not yet received an answer from ${bodyName(req)} on "${label}" for "${title}".${due ? ` The period ends at ${due}.` : ''}`,
      );
      p(vi ? 'Nếu đã gửi ý kiến, xin bỏ qua thư này.' : 'If you have already answered, please disregard this message.');
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
            ? `Đã hết thời hạn "${label}" của ${title}${due ? `, hạn ${due},` : ''} nhưng Văn phòng giúp việc chưa hoàn thành việc này.`
            : `The period for "${label}" on "${title}"${due ? ` ended at ${due}` : ' has ended'}, and the joint secretariat has not yet done it.`,
        );
        p(vi ? 'Đề nghị lãnh đạo chỉ đạo Văn phòng giúp việc hoàn thành sớm.' : 'Please ask the joint secretariat to complete it as soon as possible.');
        break;
      }
      p(
        vi
          ? `Đã hết thời hạn "${label}" của ${title}${due ? `, hạn ${due},` : ''} nhưng Văn phòng giúp việc chưa nhận được ý kiến của các cơ quan dưới đây.`
          : `The period for "${label}" on "${title}"${due ? ` ended at ${due}` : ' has ended'}, and the joint secretariat has not received an answer from the bodies below.`,
      );
      blocks.push({
        type: 'list',
        title: vi ? 'Cơ quan chưa có ý kiến:' : 'Not yet answered:',
        items: (req.pendingBodies?.length ? req.pendingBodies : req.audience.body ? [req.audience.body.name] : []).map((b) => [t(req, b)]),
      });
      p(vi ? 'Đề nghị lãnh đạo chỉ đạo để cơ quan gửi ý kiến sớm.' : 'Please ask them to send their answer as soon as possible.');
      break;
    case 'comment-table': {
      p(
        vi
          ? `Văn phòng giúp việc gửi bảng tổng hợp ý kiến góp ý "${label}" đối với ${version ? `dự thảo ${version} ` : ''}${title}.`
          : `The joint secretariat sends the table of comments received on "${label}" for ${version ? `draft ${version} of ` : ''}"${title}".`,
      );
      const general = vi ? 'Chung' : 'General';
      // Group by body, then area, so each body finds its own lines together; stable for equal keys.
      const comments = [...(req.comments ?? [])].sort(
        (a, b) => t(req, a.body.name).localeCompare(t(req, b.body.name), req.locale) || (a.area?.id ?? '').localeCompare(b.area?.id ?? ''),
      );
      blocks.push({
        type: 'table',
        headers: vi ? ['Cơ quan', 'Nội dung phối hợp', 'Ý kiến', 'Số công văn', 'Nội dung góp ý'] : ['Body', 'Coordination area', 'Decision', 'Letter no.', 'Comment'],
        rows: comments.map((c) => [
          t(req, c.body.name) + (c.submittedBy ? ` (${c.submittedBy})` : ''),
          c.area ? t(req, c.area.title) : general,
          t(req, DECISION_WORD[c.decision]),
          c.reference ?? '',
          c.text,
        ]),
      });
      if (!comments.length) p(vi ? 'Chưa có ý kiến nào.' : 'No comments were received.');
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
          ? `Để chuẩn bị "${label}" ${title}, đề nghị ${bodyName(req)} gửi báo cáo đánh giá kết quả thực hiện theo từng nội dung phối hợp${due ? ` trước ${due}` : ''}.`
          : `To prepare "${label}" of "${title}", please send ${req.audience.body ? `the report of ${bodyName(req)}` : 'your report'} on how each coordination area has worked${due ? `, by ${due}` : ''}.`,
      );
      if (meet) p(vi ? `Hội nghị dự kiến tổ chức lúc ${meet}${req.meeting?.place ? ` tại ${req.meeting.place}` : ''}.` : `The review meeting is planned for ${meet}${req.meeting?.place ? `, ${req.meeting.place}` : ''}.`);
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
        p(vi ? `Hội nghị "${label}" ${title} đã thống nhất: ${t(req, OUTCOME_WORD[req.outcome.decision])}.` : `The meeting "${label}" on "${title}" decided to ${t(req, OUTCOME_WORD[req.outcome.decision])}.`, true);
        if (req.outcome.notes) p(req.outcome.notes);
      } else {
        p(vi ? `Kết luận hội nghị "${label}" ${title}.` : `Outcome of the meeting "${label}" on "${title}".`);
      }
      summaryList();
      break;
    case 'closing-summary':
      p(vi ? `Quy trình thực hiện ${title} đã kết thúc.` : `The lifecycle of "${title}" has closed.`, true);
      summaryList(vi ? 'Tóm tắt:' : 'Summary:');
      break;
    case 'information-exchange': {
      const ex = req.exchange;
      if (ex) {
        p(
          vi
            ? `Ghi nhận trao đổi thông tin theo ${title}: ${t(req, ex.from)} gửi ${ex.to.map((x) => t(req, x)).join(', ')}.`
            : `Information exchanged under "${title}": ${t(req, ex.from)} to ${ex.to.map((x) => t(req, x)).join(', ')}.`,
        );
        blocks.push({ type: 'facts', rows: [[vi ? 'Trích yếu' : 'Subject', [ex.subject]], [vi ? 'Tóm tắt' : 'Summary', [ex.summary]], ...(ex.link ? ([[vi ? 'Tài liệu' : 'Link', [{ href: ex.link }]]] as [string, Inline[]][]) : [])] });
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
    case 'delivery-failure': {
      const f = req.failure;
      p(
        vi
          ? `Không gửi được thư "${f ? t(req, KIND_WORD[f.kind]) : ''}" (${label}) đến ${f?.recipient ?? ''}.`
          : `The message "${f ? t(req, KIND_WORD[f.kind]) : ''}" (${label}) could not be delivered to ${f?.recipient ?? ''}.`,
        true,
      );
      if (f) p(vi ? `Máy chủ thư trả lời: ${f.reason}` : `The mail server answered: ${f.reason}`);
      p(vi ? 'Đề nghị kiểm tra lại địa chỉ thư và liên hệ trực tiếp với cơ quan.' : 'Please check the address and contact the body directly.');
      break;
    }
    case 'stage-notice':
      p(vi ? `${title} chuyển sang giai đoạn: ${t(req, STAGE_WORD[req.step.stage])}.` : `"${title}" has moved to the stage: ${t(req, STAGE_WORD[req.step.stage])}.`, true);
      summaryList();
      break;
  }
  return blocks;
}

function factsBlock(req: MailRequest): Block {
  const vi = req.locale === 'vi';
  const rows: [string, Inline[]][] = [
    [vi ? 'Quy chế' : 'Regulation', [t(req, req.regulation.title)]],
    [vi ? 'Nội dung' : 'Step', [t(req, req.step.label)]],
  ];
  if (req.audience.body && req.kind !== 'escalation') rows.push([vi ? 'Cơ quan' : 'Body', [t(req, req.audience.body.name)]]);
  const due = deadlineText(req);
  if (due) rows.push([vi ? 'Thời hạn' : 'Deadline', [due]]);
  const meet = meetingText(req);
  if (meet) rows.push([vi ? 'Thời gian họp' : 'Meeting', [meet + (req.meeting?.place ? ` — ${req.meeting.place}` : '')]]);
  if (req.document) {
    rows.push([vi ? 'Tài liệu' : 'Document', [`${vi ? 'Bản' : 'Version'} ${req.document.version}: `, { href: req.document.link }]]);
    // The hash lets a body prove which exact file it commented on.
    if (req.document.sha256) rows.push(['SHA-256', [req.document.sha256]]);
  }
  return { type: 'facts', rows };
}

function answerBlocks(req: MailRequest): Block[] {
  if (!req.answer || (!req.answer.link && !req.answer.instructions)) return [];
  const vi = req.locale === 'vi';
  const items: Inline[][] = [];
  if (req.answer.link) items.push([vi ? 'Gửi ý kiến tại: ' : 'Answer online: ', { href: req.answer.link }]);
  if (req.answer.instructions) items.push([t(req, req.answer.instructions)]);
  return [{ type: 'list', title: vi ? 'Cách trả lời:' : 'How to answer:', items }];
}

function allBlocks(req: MailRequest, recipient: Recipient): Block[] {
  const vi = req.locale === 'vi';
  return [
    { type: 'p', parts: [vi ? `Kính gửi: ${recipient.name},` : `Dear ${recipient.name},`] },
    ...kindBlocks(req, recipient),
    factsBlock(req),
    ...answerBlocks(req),
    {
      type: 'p',
      parts: [
        vi
          ? `Văn phòng giúp việc (thư gửi tự động; mã tham chiếu: ${req.lifecycleId} / ${req.stepKey}).`
          : `The joint secretariat (automatic message; reference: ${req.lifecycleId} / ${req.stepKey}).`,
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
      case 'table':
        // A fixed-width table breaks on proportional fonts and long comments; one record per line reads everywhere.
        out.push(
          [
            ...(b.title ? [b.title] : []),
            ...b.rows.map((r, i) => `${i + 1}. ${r.map((cell, j) => (cell ? `${b.headers[j] ?? ''}: ${cell}` : '')).filter(Boolean).join(' | ')}`),
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
  return req.kind === 'escalation' && (req.pendingBodies ? req.pendingBodies.length === 0 : req.audience.role === 'secretariat');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
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
        out.push(`<p style="margin:0 0 12px">${b.strong ? `<strong>${inlineHtml(b.parts)}</strong>` : inlineHtml(b.parts)}</p>`);
        break;
      case 'facts':
        out.push(
          `<table style="border-collapse:collapse;margin:0 0 12px">${b.rows
            .map(([k, v]) => `<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top;color:#555">${escapeHtml(k)}</th><td style="padding:2px 0">${inlineHtml(v)}</td></tr>`)
            .join('')}</table>`,
        );
        break;
      case 'list':
        out.push(`${b.title ? `<p style="margin:0 0 4px"><strong>${escapeHtml(b.title)}</strong></p>` : ''}<ul style="margin:0 0 12px">${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`);
        break;
      case 'table':
        out.push(
          `${b.title ? `<p><strong>${escapeHtml(b.title)}</strong></p>` : ''}<table style="border-collapse:collapse;margin:0 0 12px"><thead><tr>${b.headers
            .map((h) => `<th style="${CELL};background:#f0f0f0">${escapeHtml(h)}</th>`)
            .join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td style="${CELL}">${escapeHtml(c).replace(/\n/g, '<br>')}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
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
  return (a.deadline?.at ?? '9999').localeCompare(b.deadline?.at ?? '9999') || a.lifecycleId.localeCompare(b.lifecycleId) || a.stepKey.localeCompare(b.stepKey);
}

/** Reminders in digest order. */
export function digestOrder(items: MailRequest[]): MailRequest[] {
  return [...items].sort(compareDigestItems);
}

/**
 * One email listing several reminders for the same recipient, earliest deadline first: for each,
 * the regulation, the step, the deadline, the body concerned and how to answer.
 */
export function renderDigest(reminders: MailRequest[], recipient: Recipient, locale: Locale = digestLocale(reminders)): RenderedMail {
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
    blocks.push({ type: 'p', parts: [`${i + 1}. [${req.regulation.id}] ${t(req, req.step.label)}${left ? ` — ${left}` : ''}`], strong: true });
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
