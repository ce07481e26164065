import { type Compose } from './blocks';

/** The body of a review-meeting-invitation email. */
export function reviewMeetingInvitation(k: Compose): void {
  const { req, recipient, vi, title, label, meet, p } = k;
  p(
    vi
      ? `Kính mời ${recipient.name} dự hội nghị "${label}" ${title}${meet ? ` vào lúc ${meet}` : ''}${req.meeting?.place ? ` tại ${req.meeting.place}` : ''}.`
      : `You are invited to the meeting "${label}" on "${title}"${meet ? ` at ${meet}` : ''}${req.meeting?.place ? `, ${req.meeting.place}` : ''}.`,
  );
}
