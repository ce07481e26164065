import { COMMENT_COLUMN, DECISION, DOCUMENT, GENERAL_AREA, HANDLING, lowered } from '../../../domain/words';
import { t, continued, type Compose } from './blocks';

/** The body of a comment-table email. */
export function commentTable(k: Compose): void {
  const { req, vi, title, label, due, version, sec, blocks, p, attachedLine, summaryList } = k;
  p(
    vi
      ? `Dưới đây là bảng tổng hợp ý kiến góp ý của các cơ quan trong "${label}"${version ? ` (dự thảo ${version})` : ''} đối với ${title}.`
      : `Here is the table of the comments the bodies sent in "${label}"${version ? ` (draft ${version})` : ''} on "${title}".`,
  );
  const general = t(req, GENERAL_AREA);
  // Group by body, then area, so each body finds its own lines together; stable for equal keys.
  const comments = [...(req.comments ?? [])].sort(
    (a, b) =>
      t(req, a.body.name).localeCompare(t(req, b.body.name), req.locale) ||
      (a.area?.id ?? '').localeCompare(b.area?.id ?? ''),
  );
  blocks.push({
    type: 'table',
    headers: [
      ...(vi
        ? ['Mã', 'Cơ quan', 'Nội dung phối hợp', 'Ý kiến', 'Số công văn']
        : ['Id', 'Body', 'Coordination area', 'Decision', 'Letter no.']),
      t(req, COMMENT_COLUMN.comment),
    ],
    rows: comments.map((c) => [
      c.id ?? '',
      t(req, c.body.name) + (c.submittedBy ? ` (${c.submittedBy})` : ''),
      c.area ? t(req, c.area.title) : general,
      t(req, DECISION[c.decision]),
      c.reference ?? '',
      c.text,
    ]),
  });
  if (!comments.length) p(vi ? 'Chưa có ý kiến nào.' : 'No comments were received.');
  const ids = comments.map((c) => c.id).filter((x): x is string => !!x);
  if (ids.length) {
    // The handling words and the document's name, as they read inside the sentence.
    const h = {
      accepted: t(req, lowered(HANDLING.accepted)),
      partly: t(req, lowered(HANDLING['partly-accepted'])),
      not: t(req, lowered(HANDLING['not-accepted'])),
    };
    const table = t(req, lowered(DOCUMENT.commentTable));
    p(
      vi
        ? `Đề nghị ${sec} trả lời từng ý kiến (${h.accepted}, ${h.partly} hoặc ${h.not}, kèm giải trình) để lập ${table} gửi các cơ quan cùng dự thảo chỉnh lý.`
        : `Please answer each comment (${h.accepted}, ${h.partly} or ${h.not}, with the explanation), so the ${table} goes to the bodies with the revised draft.`,
    );
    const why = vi ? 'Giải trình' : 'Explanation';
    blocks.push({
      type: 'code',
      title: vi
        ? `Mỗi ý kiến một dòng: giữ --accepted MÃ cho ý kiến được tiếp thu; đổi thành --partly MÃ="${why}" hoặc --not-accepted MÃ="${why}" khi tiếp thu một phần hoặc không tiếp thu:`
        : `One line per comment: keep --accepted ID for a comment taken in; change it to --partly ID="${why}" or --not-accepted ID="${why}" when it is partly or not taken in:`,
      lines: continued([
        `npx regulation answer-comments ${req.lifecycleId} --round ${req.step.round ?? 1}`,
        ...ids.map((id) => `  --accepted ${id}`),
      ]),
    });
  }
  if (due)
    p(vi ? `Dự thảo đã tiếp thu, chỉnh lý cần được gửi trước ${due}.` : `The revised draft is due by ${due}.`, true);
  attachedLine();
  summaryList();
}
