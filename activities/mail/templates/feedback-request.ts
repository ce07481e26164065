import { t, bodyName, HANDLING_WORD, type Compose } from './blocks';

/** The body of a feedback-request email. */
export function feedbackRequest(k: Compose): void {
  const { req, vi, title, due, version, sec, blocks, p, attachedLine } = k;
  p(
    vi
      ? `${sec} gửi ${bodyName(req)} ${version ? `dự thảo ${version}` : 'dự thảo'} ${title} và đề nghị cho ý kiến cụ thể theo từng nội dung phối hợp (đồng ý hoặc đề nghị chỉnh sửa)${due ? `, gửi về trước ${due}` : ''}.`
      : `We send ${req.audience.body ? bodyName(req) : 'you'} ${version ? `draft ${version}` : 'the draft'} of "${title}" and ask for specific comments on each coordination area (agree, or request changes)${due ? `, by ${due}` : ''}.`,
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
      headers: vi
        ? ['Mã', 'Nội dung phối hợp', 'Ý kiến góp ý', 'Tiếp thu, giải trình']
        : ['Id', 'Coordination area', 'Comment', 'Handling and explanation'],
      rows: h.comments.map((c) => [
        c.id,
        c.area ? t(req, c.area.title) : vi ? 'Chung' : 'General',
        c.text,
        `${c.handling ? t(req, HANDLING_WORD[c.handling]) : vi ? 'Chưa trả lời' : 'Not answered'}${c.explanation ? `: ${c.explanation}` : ''}`,
      ]),
    });
  }
  attachedLine();
}
