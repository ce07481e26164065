/** An email's subject: the kind, the step and what is due, each said once, on one header line. */
import { DateTime } from 'luxon';
import type { MailRequest } from '../../../domain/mail';
import { MAIL_KIND } from '../../../domain/words';
import { secretariatIsLate, secretariatShort, shortDay, t, zoneOf } from './blocks';

// ---------------------------------------------------------------------------
// Subject

export function subjectTail(req: MailRequest): string | undefined {
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

export function renderSubject(req: MailRequest): string {
  const kindWord = MAIL_KIND[req.kind][req.locale];
  const label = req.step.label[req.locale];
  // A label that already says what the mail is ("Trao đổi thông tin: …") needs no kind word before it.
  const head = foldForCompare(label).includes(foldForCompare(kindWord)) ? label : undefined;
  const parts = head ? [`[${req.regulation.id}] ${head}`] : [`[${req.regulation.id}] ${kindWord}`, label];
  const tail = subjectTail(req);
  if (tail && !parts.some((x) => foldForCompare(x).includes(foldForCompare(tail)))) parts.push(tail);
  // Subjects are single header lines; a newline smuggled into a label must not split them.
  return parts.join(' — ').replace(/[\r\n]+/g, ' ');
}
