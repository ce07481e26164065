import { type Compose } from './blocks';

/** The body of a deadline-extended email. */
export function deadlineExtended(k: Compose): void {
  const { vi, title, label, due, p, summaryList } = k;
  p(
    vi
      ? `Thời hạn "${label}" của ${title} đã được gia hạn${due ? ` đến ${due}` : ''}.`
      : `The deadline for "${label}" on "${title}" has been extended${due ? ` to ${due}` : ''}.`,
    true,
  );
  summaryList(vi ? 'Lý do:' : 'Reason:');
}
