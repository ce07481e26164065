import { MAIL_KIND } from '../../../domain/words';
import { t, type Compose } from './blocks';

/** The body of a delivery-failure email. */
export function deliveryFailure(k: Compose): void {
  const { req, vi, label, p } = k;
  const f = req.failure;
  p(
    vi
      ? `Không gửi được thư "${f ? t(req, MAIL_KIND[f.kind]) : ''}" (${label}) đến ${f?.recipient ?? ''}.`
      : `The message "${f ? t(req, MAIL_KIND[f.kind]) : ''}" (${label}) could not be delivered to ${f?.recipient ?? ''}.`,
    true,
  );
  if (f) p(vi ? `Máy chủ thư trả lời: ${f.reason}` : `The mail server answered: ${f.reason}`);
  p(
    vi
      ? 'Đề nghị kiểm tra lại địa chỉ thư và liên hệ trực tiếp với cơ quan.'
      : 'Please check the address and contact the body directly.',
  );
}
