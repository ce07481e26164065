import { type Compose } from './blocks';

/** The body of a signing-invitation email. */
export function signingInvitation(k: Compose): void {
  const { req, recipient, vi, title, due, meet, p } = k;
  p(
    vi
      ? `Kính mời ${recipient.name} ký kết ${title}${meet ? ` vào lúc ${meet}` : ''}${req.meeting?.place ? ` tại ${req.meeting.place}` : ''}${!meet && due ? `, trước ${due}` : ''}.`
      : `You are invited to sign "${title}"${meet ? ` at ${meet}` : ''}${req.meeting?.place ? `, ${req.meeting.place}` : ''}${!meet && due ? `, by ${due}` : ''}.`,
  );
}
