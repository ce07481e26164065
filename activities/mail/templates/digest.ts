/** The morning digest: several reminders to one person in one message. */
import type { Locale } from '../../../domain/locale';
import type { MailRequest, Recipient } from '../../../domain/mail';
import { answerBlocks, factsBlock, remainingText, shortDay, t, zoneOf, type Block, type RenderedMail } from './blocks';
import { toHtml, toText } from './render';

/** The language most of the reminders are in (the earliest one's on a tie). */
export function digestLocale(items: MailRequest[]): Locale {
  const vi = items.filter((r) => r.locale === 'vi').length;
  const en = items.length - vi;
  return vi === en ? (items[0]?.locale ?? 'vi') : vi > en ? 'vi' : 'en';
}

/** The order of a digest: earliest deadline first, then by lifecycle and step, whatever order they arrived in. */
function compareDigestItems(a: MailRequest, b: MailRequest): number {
  return (
    (a.deadline?.at ?? '9999').localeCompare(b.deadline?.at ?? '9999') ||
    a.lifecycleId.localeCompare(b.lifecycleId) ||
    a.stepKey.localeCompare(b.stepKey)
  );
}

/** Reminders in digest order. */
export function digestOrder(items: MailRequest[]): MailRequest[] {
  return [...items].sort(compareDigestItems);
}

/**
 * One email listing several reminders for the same recipient, earliest deadline first: for each,
 * the regulation, the step, the deadline, the body concerned and how to answer.
 */
export function renderDigest(
  reminders: MailRequest[],
  recipient: Recipient,
  locale: Locale = digestLocale(reminders),
): RenderedMail {
  const items = digestOrder(reminders).map((r) => ({ ...r, locale }));
  const vi = locale === 'vi';
  const first = items[0];
  const soonest = first?.deadline ? shortDay(first.deadline.lastDay, locale, zoneOf(first)) : undefined;
  const subject = vi
    ? `[Nhắc hạn] ${items.length} việc đang chờ trả lời${soonest ? ` — hạn gần nhất ${soonest}` : ''}`
    : `[Reminder] ${items.length} items awaiting an answer${soonest ? ` — earliest due ${soonest}` : ''}`;
  const blocks: Block[] = [
    { type: 'p', parts: [vi ? `Kính gửi: ${recipient.name},` : `Dear ${recipient.name},`] },
    {
      type: 'p',
      parts: [
        vi
          ? `Văn phòng giúp việc tổng hợp các nội dung cần nhắc hạn vào một thư. Còn ${items.length} việc chưa nhận được trả lời, xếp theo thời hạn:`
          : `The joint secretariats gathered your reminders into one message. ${items.length} items still await an answer, earliest deadline first:`,
      ],
    },
  ];
  items.forEach((req, i) => {
    const left = remainingText(req);
    blocks.push({
      type: 'p',
      parts: [`${i + 1}. [${req.regulation.id}] ${t(req, req.step.label)}${left ? ` — ${left}` : ''}`],
      strong: true,
    });
    blocks.push(factsBlock(req));
    blocks.push(...answerBlocks(req));
  });
  blocks.push({
    type: 'p',
    parts: [
      vi
        ? `Nếu đã gửi ý kiến, xin bỏ qua việc tương ứng. (Thư gửi tự động; mã tham chiếu: ${items.map((r) => `${r.lifecycleId} / ${r.stepKey}`).join('; ')}.)`
        : `If you have already answered an item, please disregard it. (Automatic message; references: ${items.map((r) => `${r.lifecycleId} / ${r.stepKey}`).join('; ')}.)`,
    ],
  });
  return { subject: subject.replace(/[\r\n]+/g, ' '), text: toText(blocks), html: toHtml(blocks, locale) };
}
