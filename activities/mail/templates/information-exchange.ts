import { t, type Compose, type Inline } from './blocks';

/** The body of an information-exchange email. */
export function informationExchange(k: Compose): void {
  const { req, vi, title, blocks, p } = k;
  const ex = req.exchange;
  if (ex) {
    p(
      vi
        ? `Ghi nhận trao đổi thông tin theo ${title}: ${t(req, ex.from)} gửi ${ex.to.map((x) => t(req, x)).join(', ')}.`
        : `Information exchanged under "${title}": ${t(req, ex.from)} to ${ex.to.map((x) => t(req, x)).join(', ')}.`,
    );
    blocks.push({
      type: 'facts',
      rows: [
        [vi ? 'Trích yếu' : 'Subject', [ex.subject]],
        [vi ? 'Tóm tắt' : 'Summary', [ex.summary]],
        ...(ex.link ? ([[vi ? 'Tài liệu' : 'Link', [{ href: ex.link }]]] as [string, Inline[]][]) : []),
      ],
    });
  }
}
