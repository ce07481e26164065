/** The planned timetable (`regulation plan --ics`) as an iCalendar file. */
import ical, { ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Regulation } from '../../domain/regulation';
import { DEFAULT_MEETING_MINUTES } from '../../domain/schedule/plan';
import { timetableUid, type TimetableItem } from '../../domain/schedule/timetable';

/** The calendar file of a timetable: one event per deadline (all-day, on its last day) and per meeting (timed). */
export function timetableToIcs(items: TimetableItem[], reg: Regulation): string {
  const cal = ical({
    name: reg.title.en,
    prodId: { company: 'regulations.local', product: 'coordination-regulations-plan', language: 'EN' },
  });
  const zone = reg.timezone;
  for (const item of items) {
    if (item.kind !== 'deadline' && item.kind !== 'meeting') continue;
    const description = `[${reg.id}] ${reg.title.en}\n${item.label}\nTo: ${item.to.join(', ')}`;
    const summary = `${item.label} (${reg.id})`;
    if (item.kind === 'deadline') {
      // As in the mail invitations: the period ends at 24:00, the end of this calendar day.
      const day = DateTime.fromISO(item.date, { zone });
      cal.createEvent({
        id: timetableUid(item, reg),
        start: day,
        end: day.plus({ days: 1 }),
        allDay: true,
        transparency: ICalEventTransparency.TRANSPARENT,
        summary,
        description: `${description}\nThe period ends at 24:00 on ${item.date} (${zone}).`,
      });
    } else {
      const start = DateTime.fromISO(item.at, { setZone: true });
      cal.createEvent({
        id: timetableUid(item, reg),
        start,
        end: start.plus({ minutes: DEFAULT_MEETING_MINUTES }),
        summary,
        description,
      });
    }
  }
  return cal.toString();
}
