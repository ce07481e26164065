import { DEFAULT_MEETING_MINUTES } from '../../domain/schedule/plan';
import ical, { ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';
import { formatDay } from './templates';
import { DEFAULT_ZONE } from '../../domain/mail';
import type { MailKind, MailRequest, Recipient } from '../../domain/mail';

/** File name and MIME type of the calendar attachment, as the mailer sends it. */
export const CALENDAR_FILENAME = 'invite.ics';

// These kinds come after the date they would announce (an escalation follows a missed
// deadline) or announce no date at all; an invite there would only re-add past events. The
// comment table names the revised draft's deadline, whose own reminders carry its entry.
const NO_CALENDAR: ReadonlySet<MailKind> = new Set<MailKind>([
  'escalation',
  'delivery-failure',
  'closing-summary',
  'information-exchange',
  'review-outcome',
  'comment-table',
]);

// Kinds whose subject is the meeting itself; for the others a deadline, if any, is the point.
const MEETING_FIRST: ReadonlySet<MailKind> = new Set<MailKind>(['signing-invitation', 'review-meeting-invitation']);

/**
 * A parameter value (CN) in RFC 6868 caret encoding: `^` → `^^`, a line break → `^n`, `"` → `^'`.
 *
 * ical-generator writes a `"` in CN as `\"`, which RFC 5545 does not define: a strict reader ends
 * the quoted value at that quote, and a name such as `Tư":MAILTO:attacker@evil.example;X="` would
 * give the attendee the attacker's address. With no `"` left the value cannot end early; other
 * control characters are dropped (names are one line at the input boundary, this guards old runs).
 */
export function parameterValue(value: string): string {
  return (
    value
      .replace(/\^/g, '^^')
      .replace(/\r\n?|\n/g, '^n')
      .replace(/"/g, "^'")
      // eslint-disable-next-line no-control-regex -- the control characters are what is removed
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
  );
}

/**
 * Builds the iCalendar REQUEST for req's deadline or meeting, or undefined when there is none.
 *
 * One event per file: iTIP (RFC 5546) wants every component of a REQUEST to share one UID, so when
 * a request carries both, a meeting invitation carries the meeting and every other kind the deadline.
 * UID and SEQUENCE come from the request, so a moved deadline updates the entry already in the
 * recipient's calendar instead of adding a second one.
 */
export function calendarFor(req: MailRequest, opts: { organizer?: Recipient } = {}): string | undefined {
  if (NO_CALENDAR.has(req.kind)) return undefined;
  const useMeeting = req.meeting && (MEETING_FIRST.has(req.kind) || !req.deadline);
  if (!useMeeting && !req.deadline) return undefined;

  const vi = req.locale === 'vi';
  const zone = req.zone ?? DEFAULT_ZONE;
  const label = req.step.label[req.locale];
  const title = req.regulation.title[req.locale];
  const cal = ical({
    prodId: { company: 'regulations.local', product: 'coordination-regulations', language: req.locale.toUpperCase() },
    method: ICalCalendarMethod.REQUEST,
  });
  const organizer = opts.organizer
    ? { name: parameterValue(opts.organizer.name) || opts.organizer.email, email: opts.organizer.email }
    : undefined;
  const attendees = req.to.map((r) => ({ name: parameterValue(r.name), email: r.email, rsvp: false }));

  if (useMeeting && req.meeting) {
    const start = DateTime.fromISO(req.meeting.at, { zone: 'utc' });
    cal.createEvent({
      id: req.meeting.uid,
      sequence: req.meeting.sequence,
      start: start.toJSDate(),
      end: start.plus({ minutes: DEFAULT_MEETING_MINUTES }).toJSDate(),
      summary: `${label} — ${title}`,
      description: `[${req.regulation.id}] ${label}`,
      location: req.meeting.place ?? null,
      organizer,
      attendees,
    });
  } else if (req.deadline) {
    // An all-day event on the last day: the period ends at 24:00 local, which is exactly the
    // end of that calendar day, and a day entry does not block anyone's working hours.
    const day = DateTime.fromISO(req.deadline.lastDay, { zone });
    cal.createEvent({
      id: req.deadline.uid,
      sequence: req.deadline.sequence,
      start: day,
      end: day.plus({ days: 1 }),
      allDay: true,
      transparency: ICalEventTransparency.TRANSPARENT,
      // A report request is named after its review; its deadline is for the reports, not the meeting.
      summary:
        req.kind === 'review-report-request'
          ? vi
            ? `Hạn gửi báo cáo: ${label}`
            : `Report deadline: ${label}`
          : vi
            ? `Hạn: ${label}`
            : `${label} deadline`,
      description: vi
        ? `[${req.regulation.id}] ${title}\nHạn cuối: 24:00 ngày ${day.toFormat('dd/MM/yyyy')} (${zone}).`
        : `[${req.regulation.id}] ${title}\nThe period ends at 24:00 on ${formatDay(req.deadline.lastDay, 'en', zone)} (${zone}).`,
      organizer,
      attendees,
    });
  }
  return cal.toString();
}
