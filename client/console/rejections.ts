/**
 * The workflow validators' rejection messages (English, one line: "field: problem: fix") in
 * Vietnamese where the message is a known one. The original stays beside the translation, so
 * what the secretariat reads matches what the CLI and the logs say.
 */
import type { Locale } from '../../domain/locale';

type Rule = [RegExp, (m: RegExpExecArray) => string];

const STAGE_VI: Record<string, string> = {
  drafting: 'soạn thảo',
  consultation: 'lấy ý kiến',
  revision: 'chỉnh sửa',
  signing: 'ký kết',
  'in-force': 'đang thực hiện',
  closed: 'đã kết thúc',
  withdrawn: 'đã rút',
};
const stage = (s: string): string => STAGE_VI[s] ?? s;

const RULES: Rule[] = [
  [
    /^version: "(.*)" was already submitted/,
    (m) => `Phiên bản "${m[1]}" đã được nộp trước đây: hãy dùng nhãn mới (ví dụ v2).`,
  ],
  [/^(\w+): is empty/, (m) => `Ô "${m[1]}" đang để trống: xin điền.`],
  [/^link: "(.*)" is not an http\(s\) URL/, (m) => `Đường dẫn "${m[1]}" không phải địa chỉ http(s).`],
  [
    /^a draft is not expected in stage (\S+)/,
    (m) => `Giai đoạn ${stage(m[1]!)} không nhận dự thảo: dự thảo được nộp khi soạn thảo hoặc chỉnh sửa.`,
  ],
  [
    /^all (\d+) consultation rounds are used/,
    (m) => `Đã dùng hết ${m[1]} vòng lấy ý kiến: lãnh đạo cần cho phép thêm một vòng (gia hạn "rounds").`,
  ],
  [
    /^the lifecycle is (\S+): nothing more/,
    (m) => `Quy chế đang ở giai đoạn ${stage(m[1]!)}: không ghi nhận thêm được.`,
  ],
  [
    /^body: (\S+) already answered round (\d+)/,
    (m) => `Cơ quan ${m[1]} đã trả lời vòng ${m[2]}: mỗi cơ quan trả lời một lần mỗi vòng.`,
  ],
  [/^body: (\S+) already signed/, (m) => `Cơ quan ${m[1]} đã ký.`],
  [/^body: (\S+) already sent its report/, (m) => `Cơ quan ${m[1]} đã gửi báo cáo.`],
  [/^round: round (\d+) is closed/, (m) => `Vòng ${m[1]} đã kết thúc: xin góp ý khi vòng mới mở.`],
  [/^no draft has been sent for comments yet/, () => 'Chưa có dự thảo nào được gửi lấy ý kiến.'],
  [/^decision: ".*" is not a decision/, () => 'Xin chọn một kết luận.'],
  [
    /^comments: requesting changes needs at least one comment/,
    () => 'Đề nghị chỉnh sửa cần ít nhất một ý kiến nói rõ cần sửa gì.',
  ],
  [
    /^signing can be scheduled once every body has agreed: the lifecycle is in (\S+)/,
    (m) => `Chỉ ấn định lễ ký khi mọi cơ quan đã nhất trí: quy chế đang ở giai đoạn ${stage(m[1]!)}.`,
  ],
  [
    /^a signature before agreement is not possible: the lifecycle is in (\S+)/,
    (m) => `Chưa thể ký khi các cơ quan chưa nhất trí: quy chế đang ở giai đoạn ${stage(m[1]!)}.`,
  ],
  [/^at: .* is not a date and time/, () => 'Thời gian không hợp lệ: xin chọn ngày và giờ.'],
  [/^at: (\S+) is in the past/, (m) => `Thời gian ${m[1]} đã qua: xin chọn một thời điểm trong tương lai.`],
  [/^to: "(.*)" is not a date/, (m) => `"${m[1]}" không phải là ngày: xin chọn ngày.`],
  [
    /^to: (\S+) is not in the future \(today is (\S+)\)/,
    (m) => `Ngày ${m[1]} không ở sau hôm nay (${m[2]}): xin chọn ngày muộn hơn.`,
  ],
  [/^to: (\S+) is already the deadline of/, (m) => `Ngày ${m[1]} đã là hạn hiện tại.`],
  [/^deadline: "(.*)" is not an open deadline/, (m) => `"${m[1]}" không phải là thời hạn đang mở.`],
  [
    /^deadline: "rounds" can be extended only after all (\d+) rounds are used/,
    (m) => `Chỉ thêm vòng khi đã dùng hết ${m[1]} vòng.`,
  ],
  [/^to: name at least one receiving body/, () => 'Xin chọn ít nhất một cơ quan nhận.'],
  [/^to\[\d+\]: "(.*)" is the sender/, (m) => `Cơ quan ${m[1]} là cơ quan cung cấp: xin chọn cơ quan nhận khác.`],
  [/^assessments: empty/, () => 'Xin ghi đánh giá cho ít nhất một lĩnh vực.'],
  [/^review: (\S+) is concluded/, () => 'Kỳ sơ kết/tổng kết này đã có kết luận: không nhận thêm báo cáo.'],
  [/^review: (\S+) already has its outcome/, () => 'Kỳ sơ kết/tổng kết này đã có kết luận.'],
  [
    /^the (\S+) meeting is on (\S+) and reports are still pending/,
    (m) => `Cuộc họp diễn ra ngày ${m[2]} và còn báo cáo chưa gửi: xin ghi kết luận sau cuộc họp.`,
  ],
  [
    /^comments: (\d+) comments? of round (\d+) ha(?:s|ve) no answer yet \((.*)\)/,
    (m) =>
      `Còn ${m[1]} ý kiến góp ý vòng ${m[2]} chưa được tiếp thu, giải trình (${m[3]}): xin trả lời từng ý kiến trước khi nộp dự thảo tiếp theo.`,
  ],
  [/^responses: empty/, () => 'Xin chọn cách tiếp thu cho ít nhất một ý kiến.'],
  [
    /^responses\[\d+\]\.explanation: is empty: "(\S+)" needs the explanation \(giải trình\) of why (\S+)/,
    (m) =>
      `Ý kiến ${m[2]}: ${m[1] === 'not-accepted' ? 'không tiếp thu' : 'tiếp thu một phần'} cần có nội dung giải trình.`,
  ],
  [
    /^responses\[\d+\]\.comment: unknown comment "(.*)" in round (\d+)/,
    (m) => `Không có ý kiến "${m[1]}" trong vòng ${m[2]}.`,
  ],
  [
    /^comments are answered while the secretariat revises the draft: the lifecycle is in (\S+)/,
    (m) => `Chỉ tiếp thu, giải trình khi đang chỉnh lý dự thảo: quy chế đang ở giai đoạn ${stage(m[1]!)}.`,
  ],
  [
    /^(\w+): is longer than (\d+) characters/,
    (m) => `Ô "${m[1]}" dài quá ${m[2]} ký tự: xin rút gọn hoặc gửi kèm đường dẫn.`,
  ],
];

/** The message in `lang` where known: for Vietnamese the translation with the original after it. */
export function localizeRejection(message: string, lang: Locale): string {
  if (lang === 'en') return message;
  for (const [re, vi] of RULES) {
    const m = re.exec(message);
    if (m) return `${vi(m)} (${message})`;
  }
  return message;
}
