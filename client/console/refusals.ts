/**
 * Why the console refuses a request, as a page in the reader's language (or both when it is
 * not known yet): the status code and one paragraph that says what to do instead.
 */
import type { Localized } from '../../domain/locale';
import { bilingualPage } from '../portal/html';
import { refusalPage } from '../portal/pages';

/** Largest request body accepted: a full form of Vietnamese text, percent-encoded, fits well within it. */
export const MAX_BODY_BYTES = 128 * 1024;

export const REFUSALS = {
  invalid: {
    status: 403,
    title: { vi: 'Liên kết không hợp lệ', en: 'This link is not valid' },
    text: {
      vi: 'Liên kết có thể đã bị sửa đổi hoặc sao chép không đầy đủ. Xin mở lại liên kết trong thư, hoặc liên hệ Văn phòng giúp việc.',
      en: 'It may have been altered or copied incompletely. Please open the link from the email again, or contact the secretariat.',
    },
  },
  notFound: {
    status: 404,
    title: { vi: 'Không tìm thấy quy chế', en: 'Regulation not found' },
    text: {
      vi: 'Quy chế của liên kết này không còn trong hệ thống. Xin liên hệ Văn phòng giúp việc.',
      en: 'The regulation this link belongs to is no longer in the system. Please contact the secretariat.',
    },
  },
  page: {
    status: 404,
    title: { vi: 'Không có trang này', en: 'Page not found' },
    text: {
      vi: 'Xin mở liên kết cá nhân trong thư mời góp ý, hoặc đăng nhập tại trang chủ.',
      en: 'Please open the personal link from your email, or sign in on the home page.',
    },
  },
  expired: {
    status: 410,
    title: { vi: 'Liên kết đã hết hạn', en: 'This link has expired' },
    text: {
      vi: 'Thời hạn trả lời qua liên kết này đã hết. Xin gửi văn bản trả lời cho Văn phòng giúp việc.',
      en: 'The time to answer through this link is over. Please send your answer to the secretariat by letter.',
    },
  },
  closed: {
    status: 410,
    title: { vi: 'Bước này đã kết thúc', en: 'This step is closed' },
    text: {
      vi: 'Bước mà liên kết này dành cho đã kết thúc nên không còn nhận trả lời. Khi có bước mới, cơ quan sẽ nhận thư kèm liên kết mới.',
      en: 'The step this link was for is over and takes no more answers. When a new step opens, your body receives an email with a new link.',
    },
  },
  forged: {
    status: 403,
    title: { vi: 'Biểu mẫu không được chấp nhận', en: 'The form was not accepted' },
    text: {
      vi: 'Biểu mẫu không được gửi từ trang này (hoặc trang đã quá cũ). Xin mở lại trang và gửi lại.',
      en: 'The form was not sent from this page (or the page was too old). Please open the page again and resubmit.',
    },
  },
  badForm: {
    status: 400,
    title: { vi: 'Biểu mẫu không hợp lệ', en: 'The form is not valid' },
    text: {
      vi: 'Nội dung gửi lên không đúng biểu mẫu của trang này. Xin mở lại trang.',
      en: "What was sent does not match this page's form. Please open the page again.",
    },
  },
  tooLarge: {
    status: 413,
    title: { vi: 'Nội dung quá lớn', en: 'Too much text' },
    text: {
      vi: `Mỗi lần gửi tối đa ${MAX_BODY_BYTES / 1024} KB. Văn bản dài hơn xin gửi kèm đường dẫn.`,
      en: `A submission takes at most ${MAX_BODY_BYTES / 1024} KB. Please link a document for longer texts.`,
    },
  },
  mediaType: {
    status: 415,
    title: { vi: 'Biểu mẫu không hợp lệ', en: 'The form is not valid' },
    text: { vi: 'Xin gửi bằng biểu mẫu trên trang.', en: 'Please submit the form on the page.' },
  },
  tooMany: {
    status: 429,
    title: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' },
    text: {
      vi: 'Có quá nhiều yêu cầu từ địa chỉ này. Xin đợi một phút rồi thử lại.',
      en: 'Too many requests came from this address. Please wait a minute, then try again.',
    },
  },
  unavailable: {
    status: 503,
    title: { vi: 'Hệ thống tạm thời gián đoạn', en: 'Temporarily unavailable' },
    text: {
      vi: 'Chưa ghi nhận được gì. Xin thử lại sau ít phút.',
      en: 'Nothing was recorded. Please try again in a few minutes.',
    },
  },
  signInLink: {
    status: 410,
    title: { vi: 'Liên kết đăng nhập không còn hiệu lực', en: 'This sign-in link no longer works' },
    text: {
      vi: 'Mỗi liên kết đăng nhập chỉ dùng được một lần trong 15 phút. Xin yêu cầu liên kết mới.',
      en: 'Each sign-in link works once, within 15 minutes. Please ask for a new one.',
    },
  },
  ssoUnavailable: {
    status: 502,
    title: { vi: 'Chưa kết nối được hệ thống đăng nhập của cơ quan', en: 'The organisation sign-in cannot be reached' },
    text: {
      vi: 'Hệ thống đăng nhập của cơ quan không trả lời. Xin thử lại sau ít phút, hoặc đăng nhập bằng liên kết gửi qua thư điện tử.',
      en: "The organisation's sign-in service does not answer. Please try again in a few minutes, or sign in with a link sent by email.",
    },
  },
  ssoFailed: {
    status: 400,
    title: {
      vi: 'Đăng nhập bằng tài khoản cơ quan không thành công',
      en: 'Signing in with the organisation account did not work',
    },
    text: {
      vi: 'Hệ thống đăng nhập của cơ quan không xác nhận được lần đăng nhập này. Xin bắt đầu lại từ trang đăng nhập, hoặc đăng nhập bằng liên kết gửi qua thư điện tử.',
      en: "The organisation's sign-in service did not confirm this sign-in. Please start again from the sign-in page, or sign in with a link sent by email.",
    },
  },
  ssoDenied: {
    status: 403,
    title: { vi: 'Đăng nhập đã bị hủy', en: 'Sign-in cancelled' },
    text: {
      vi: 'Việc đăng nhập bằng tài khoản cơ quan đã bị hủy hoặc không được cho phép. Xin bắt đầu lại từ trang đăng nhập nếu muốn.',
      en: 'Signing in with the organisation account was cancelled or not allowed. Start again from the sign-in page if you wish.',
    },
  },
  ssoState: {
    status: 400,
    title: { vi: 'Phiên đăng nhập không khớp', en: 'This sign-in does not match' },
    text: {
      vi: 'Trình duyệt này không có lần đăng nhập nào đang chờ khớp với phản hồi này (hoặc đã quá 10 phút). Xin bắt đầu lại từ trang đăng nhập.',
      en: 'This browser has no sign-in under way that matches this answer (or it took more than 10 minutes). Please start again from the sign-in page.',
    },
  },
  ssoNoEmail: {
    status: 403,
    title: { vi: 'Tài khoản chưa có địa chỉ thư điện tử đã xác minh', en: 'No verified email address' },
    text: {
      vi: 'Hệ thống đăng nhập của cơ quan không cung cấp địa chỉ thư điện tử đã xác minh của tài khoản này. Xin đăng nhập bằng liên kết gửi qua thư điện tử.',
      en: "The organisation's sign-in service gave no verified email address for this account. Please sign in with a link sent by email.",
    },
  },
  ssoUnknown: {
    status: 403,
    title: { vi: 'Địa chỉ không có trong quy chế nào đang thực hiện', en: 'This address is in no running regulation' },
    text: {
      vi: 'Chỉ những địa chỉ được ghi trong một quy chế đang thực hiện mới đăng nhập được. Xin liên hệ Văn phòng giúp việc nếu địa chỉ của anh/chị cần được bổ sung.',
      en: 'Only the addresses written in a running regulation can sign in. Please contact the secretariat if your address should be added.',
    },
  },
  forbidden: {
    status: 403,
    title: { vi: 'Không có quyền', en: 'Not allowed' },
    text: {
      vi: 'Địa chỉ đăng nhập của anh/chị không có quyền với trang hoặc thao tác này.',
      en: 'The address you signed in with has no right to this page or action.',
    },
  },
} satisfies Record<string, { status: number; title: Localized; text: Localized }>;
export type Refusal = keyof typeof REFUSALS;

/** Thrown anywhere in a handler; the error handler turns it into its page. */
export class Refused extends Error {
  constructor(
    readonly reason: Refusal,
    /** The page's language, once the reader is known. */
    readonly lang?: 'vi' | 'en',
    /** What exactly was wrong, one line (e.g. an unknown form field and the nearest one). */
    readonly detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

/** The refusal page and its status. */
export function refusal(reason: Refusal, lang?: 'vi' | 'en', detail?: string): { status: number; html: string } {
  const r = REFUSALS[reason];
  const text = detail ? { vi: `${r.text.vi} (${detail})`, en: `${r.text.en} (${detail})` } : r.text;
  return { status: r.status, html: lang ? refusalPage(lang, r.title, text) : bilingualPage(r.title, text) };
}
