import { t, secretariatIsLate, PENDING_HEADING, type Compose } from './blocks';

/** The body of an escalation email. */
export function escalation(k: Compose): void {
  const { req, vi, title, label, due, sec, awaits, noun, blocks, p } = k;
  if (req.summary?.length) {
    // An escalation with its own explanation (e.g. every consultation round used up).
    p(vi ? `${label} — ${title}.` : `${label} — "${title}".`);
    for (const line of req.summary) p(t(req, line));
    return;
  }
  if (secretariatIsLate(req)) {
    p(
      vi
        ? `Đã hết thời hạn "${label}" của ${title}${due ? `, hạn ${due},` : ''} nhưng ${sec} chưa hoàn thành việc này (chưa có ${noun}).`
        : `The period for "${label}" on "${title}"${due ? ` ended at ${due}` : ' has ended'}, and ${sec} has not yet done it (no ${noun} yet).`,
    );
    return;
  }
  p(
    vi
      ? `Đã hết thời hạn "${label}" của ${title}${due ? `, hạn ${due},` : ''} nhưng ${sec} chưa nhận được ${noun} của các cơ quan dưới đây.`
      : `The period for "${label}" on "${title}"${due ? ` ended at ${due}` : ' has ended'}, and ${sec} has not received the ${noun} of the bodies below.`,
  );
  blocks.push({
    type: 'list',
    title: awaits ? t(req, PENDING_HEADING[awaits]) : vi ? 'Cơ quan chưa trả lời:' : 'Not yet answered:',
    items: (req.pendingBodies?.length ? req.pendingBodies : req.audience.body ? [req.audience.body.name] : []).map(
      (b) => [t(req, b)],
    ),
  });
  p(
    awaits === 'signature'
      ? vi
        ? 'Đề nghị lãnh đạo chỉ đạo để cơ quan ký sớm.'
        : 'Please ask them to sign as soon as possible.'
      : vi
        ? `Đề nghị lãnh đạo chỉ đạo để cơ quan gửi ${noun} sớm.`
        : `Please ask them to send their ${noun} as soon as possible.`,
  );
}
