import { bodyName, type Compose } from './blocks';

/** The body of a review-report-request email. */
export function reviewReportRequest(k: Compose): void {
  const { req, vi, title, label, due, meet, p } = k;
  p(
    vi
      ? `Để chuẩn bị hội nghị "${label}" ${title}, đề nghị ${bodyName(req)} gửi báo cáo đánh giá kết quả thực hiện theo từng nội dung phối hợp${due ? ` trước ${due}` : ''}.`
      : `To prepare the meeting "${label}" on "${title}", please send ${req.audience.body ? `the report of ${bodyName(req)}` : 'your report'} on how each coordination area has worked${due ? `, by ${due}` : ''}.`,
  );
  if (meet)
    p(
      vi
        ? `Hội nghị dự kiến tổ chức lúc ${meet}${req.meeting?.place ? ` tại ${req.meeting.place}` : ''}.`
        : `The review meeting is planned for ${meet}${req.meeting?.place ? `, ${req.meeting.place}` : ''}.`,
    );
}
