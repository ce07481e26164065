/**
 * People-facing names of stages and steps, in both languages, in one place: the Temporal UI's
 * details and the labels that emails are worded from.
 */
import type { Localized } from '../locale';
import type { Stage } from '../regulation';

export const STAGE_LABEL: Record<Stage, Localized> = {
  drafting: { vi: 'Soạn thảo', en: 'Drafting' },
  consultation: { vi: 'Lấy ý kiến', en: 'Consultation' },
  revision: { vi: 'Tiếp thu, chỉnh lý', en: 'Revision' },
  signing: { vi: 'Ký kết', en: 'Signing' },
  'in-force': { vi: 'Đang thực hiện', en: 'In force' },
  closed: { vi: 'Đã tổng kết, kết thúc', en: 'Closed' },
  withdrawn: { vi: 'Đã rút', en: 'Withdrawn' },
};

export const LABELS = {
  drafting: (cycle: number): Localized =>
    cycle > 1
      ? { vi: `Soạn thảo dự thảo sửa đổi lần ${cycle - 1}`, en: `Drafting amendment ${cycle - 1}` }
      : { vi: 'Soạn thảo dự thảo quy chế', en: 'Drafting the regulation' },
  consultation: (version: string, round: number): Localized => ({
    vi: `Góp ý dự thảo ${version} (vòng ${round})`,
    en: `Comments on draft ${version} (round ${round})`,
  }),
  revision: (round: number): Localized => ({
    vi: `Tiếp thu, chỉnh lý sau vòng ${round}`,
    en: `Revision after round ${round}`,
  }),
  roundsUsed: (used: number): Localized => ({
    vi: `Đã hết ${used} vòng góp ý mà chưa thống nhất`,
    en: `${used} consultation rounds used without agreement`,
  }),
  grantRound: {
    vi: 'Lãnh đạo cần quyết định cho thêm một vòng góp ý (gia hạn "rounds").',
    en: 'The leaders must grant another round (extend deadline "rounds").',
  } as Localized,
  signing: { vi: 'Ký kết quy chế phối hợp', en: 'Signing of the coordination regulation' } as Localized,
  inForce: { vi: 'Quy chế có hiệu lực', en: 'The regulation is in force' } as Localized,
  closing: { vi: 'Tổng kết và kết thúc quy chế', en: 'Final review and close of the regulation' } as Localized,
  withdrawn: { vi: 'Rút quy chế', en: 'Regulation withdrawn' } as Localized,
  exchange: (subject: string): Localized => ({
    vi: `Trao đổi thông tin: ${subject}`,
    en: `Information exchanged: ${subject}`,
  }),
  /** A review's own name: "Sơ kết lần 1" / "Tổng kết". */
  review: (kind: 'so-ket' | 'tong-ket', n: number): Localized =>
    kind === 'so-ket'
      ? { vi: `Sơ kết lần ${n}`, en: `Preliminary review ${n}` }
      : { vi: 'Tổng kết', en: 'Final review' },
  /** The deadline of a review's reports. */
  reviewReports: (kind: 'so-ket' | 'tong-ket', n: number): Localized => {
    const name = LABELS.review(kind, n);
    return { vi: `Báo cáo ${name.vi.toLowerCase()}`, en: `Reports for the ${name.en.toLowerCase()}` };
  },
  /** The deadline of a review's outcome, on the meeting day. */
  reviewOutcome: (kind: 'so-ket' | 'tong-ket', n: number): Localized => {
    const name = LABELS.review(kind, n);
    return {
      vi: `Ghi nhận kết luận ${name.vi.toLowerCase()}`,
      en: `Record the outcome of the ${name.en.toLowerCase()}`,
    };
  },
  /** A review's meeting. */
  reviewMeeting: (kind: 'so-ket' | 'tong-ket', n: number): Localized =>
    kind === 'so-ket'
      ? { vi: `Hội nghị sơ kết lần ${n}`, en: `Preliminary review ${n} meeting` }
      : { vi: 'Hội nghị tổng kết', en: 'Final review meeting' },
  signingSession: { vi: 'Lễ ký quy chế', en: 'Signing session' } as Localized,
};
