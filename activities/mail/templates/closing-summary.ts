import { OUTCOME } from '../../../domain/words';
import { t, formatDay, reviewPhrase, type Compose, type Inline } from './blocks';

/** The body of a closing-summary email. */
export function closingSummary(k: Compose): void {
  const { req, vi, title, zone, blocks, p, summaryList, notes } = k;
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
          ? `Kết luận ${what}: ${t(req, OUTCOME[last.decision])}.`
          : `Conclusion of ${what}: ${t(req, OUTCOME[last.decision])}.`,
      ]);
    }
    blocks.push({ type: 'list', title: vi ? 'Tóm tắt:' : 'Summary:', items });
    notes(last.notes);
    summaryList();
  } else summaryList(vi ? 'Tóm tắt:' : 'Summary:');
}
