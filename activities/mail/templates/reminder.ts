import { bodyName, remainingText, alreadyDone, type Compose } from './blocks';

/** The body of a reminder email. */
export function reminder(k: Compose): void {
  const { req, vi, title, label, due, sec, awaits, noun, p } = k;
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
}
