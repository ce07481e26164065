import { COMMENT_COLUMN, DECISION, GENERAL_AREA, HANDLING, lowered, NOT_ANSWERED } from '../../../domain/words';
import { t, bodyName, type Compose } from './blocks';

/** The body of a feedback-request email. */
export function feedbackRequest(k: Compose): void {
  const { req, vi, title, due, version, sec, blocks, p, attachedLine } = k;
  p(
    vi
      ? `${sec} gửi ${bodyName(req)} ${version ? `dự thảo ${version}` : 'dự thảo'} ${title} và đề nghị cho ý kiến cụ thể theo từng nội dung phối hợp (${lowered(DECISION.agree).vi} hoặc ${lowered(DECISION['request-changes']).vi})${due ? `, gửi về trước ${due}` : ''}.`
      : `We send ${req.audience.body ? bodyName(req) : 'you'} ${version ? `draft ${version}` : 'the draft'} of "${title}" and ask for specific comments on each coordination area (${lowered(DECISION.agree).en}, or ${lowered(DECISION['request-changes']).en})${due ? `, by ${due}` : ''}.`,
  );
  if (req.handled?.comments.length) {
    const h = req.handled;
    p(
      vi
        ? `Các ý kiến góp ý của ${bodyName(req)} đối với dự thảo ${h.draftVersion} (vòng ${h.round}) đã được tiếp thu, giải trình như sau:`
        : `Here is how the comments of ${bodyName(req)} on draft ${h.draftVersion} (round ${h.round}) were handled:`,
    );
    blocks.push({
      type: 'table',
      headers: [
        ...(vi ? ['Mã', 'Nội dung phối hợp'] : ['Id', 'Coordination area']),
        t(req, COMMENT_COLUMN.comment),
        t(req, COMMENT_COLUMN.handling),
      ],
      rows: h.comments.map((c) => [
        c.id,
        c.area ? t(req, c.area.title) : t(req, GENERAL_AREA),
        c.text,
        `${c.handling ? t(req, HANDLING[c.handling]) : t(req, NOT_ANSWERED)}${c.explanation ? `: ${c.explanation}` : ''}`,
      ]),
    });
  }
  attachedLine();
}
