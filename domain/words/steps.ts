/**
 * The names of the steps people are asked to act on (a deadline's label, an email's step), in both
 * languages. Workflows put these labels into what they send and record, so a change here shows in
 * new emails only: recorded labels stay as they were written.
 */
import type { Localized } from '../locale';
import { MAIL_KIND } from './terms';

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

/**
 * The step a recorded key names ("consultation/round-1", "amendment-1/revision/round-2",
 * "so-ket-1/reports"), in words, for lists that keep only the key (the sent-mail log). The draft
 * version of a consultation round is not in its key: `versionOf` finds it where the reader has it.
 * Undefined for a key this catalogue does not know, so no code is ever shown as if it were a name.
 */
export function stepKeyLabel(
  key: string,
  versionOf: (cycle: number, round: number) => string | undefined = () => undefined,
): Localized | undefined {
  const m = /^(?:amendment-(\d+)\/)?(.+)$/.exec(key);
  if (!m) return undefined;
  const cycle = m[1] ? Number(m[1]) + 1 : 1;
  const rest = m[2]!;
  let x: RegExpExecArray | null;
  if (rest === 'drafting') return LABELS.drafting(cycle);
  if ((x = /^consultation\/round-(\d+)(?:\/.*)?$/.exec(rest))) {
    const round = Number(x[1]);
    const version = versionOf(cycle, round);
    if (version) return LABELS.consultation(version, round);
    return { vi: `Góp ý dự thảo (vòng ${round})`, en: `Comments on the draft (round ${round})` };
  }
  if ((x = /^revision\/round-(\d+)$/.exec(rest))) return LABELS.revision(Number(x[1]));
  if (rest === 'signing') return LABELS.signing;
  if (rest === 'effective') return LABELS.inForce;
  if (rest === 'closed') return LABELS.closing;
  if (rest === 'withdrawn') return LABELS.withdrawn;
  if (/^exchange-\d+$/.test(rest)) return MAIL_KIND['information-exchange'];
  if ((x = /^(so-ket-(\d+)|tong-ket)(?:\/(reports|meeting|outcome))?$/.exec(rest))) {
    const kind = x[2] ? 'so-ket' : 'tong-ket';
    const n = x[2] ? Number(x[2]) : 0;
    if (x[3] === 'reports') return LABELS.reviewReports(kind, n);
    if (x[3] === 'meeting') return LABELS.reviewMeeting(kind, n);
    if (x[3] === 'outcome') return LABELS.reviewOutcome(kind, n);
    return LABELS.review(kind, n);
  }
  return undefined;
}
