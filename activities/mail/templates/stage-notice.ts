import { STAGE } from '../../../domain/words';
import { t, formatDay, type Compose } from './blocks';

/** The body of a stage-notice email. */
export function stageNotice(k: Compose): void {
  const { req, vi, title, zone, p, summaryList } = k;
  p(
    vi
      ? `${title} chuyển sang giai đoạn: ${t(req, STAGE[req.step.stage])}.`
      : `"${title}" has moved to the stage: ${t(req, STAGE[req.step.stage])}.`,
    true,
  );
  if (req.effectiveDate) {
    const day = formatDay(req.effectiveDate, req.locale, zone);
    p(vi ? `Quy chế có hiệu lực kể từ ${day}.` : `The regulation is in force from ${day}.`);
  }
  summaryList();
}
