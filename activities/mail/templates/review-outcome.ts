import { OUTCOME } from '../../../domain/words';
import { t, type Compose } from './blocks';

/** The body of a review-outcome email. */
export function reviewOutcome(k: Compose): void {
  const { req, vi, title, label, p, attachedLine, summaryList, notes } = k;
  if (req.outcome) {
    p(
      vi
        ? `Hội nghị "${label}" ${title} đã thống nhất: ${t(req, OUTCOME[req.outcome.decision])}.`
        : `The meeting "${label}" on "${title}" decided to ${t(req, OUTCOME[req.outcome.decision])}.`,
      true,
    );
    notes(req.outcome.notes);
  } else {
    p(vi ? `Kết luận hội nghị "${label}" ${title}.` : `Outcome of the meeting "${label}" on "${title}".`);
  }
  attachedLine();
  summaryList();
}
