import { formatDay, zoneOf, type Compose } from './blocks';

/** The body of a deadline-changed email. */
export function deadlineChanged(k: Compose): void {
  const { req, vi, title, label, due, blocks, p, summaryList } = k;
  const c = req.change;
  const from = c ? formatDay(c.from, req.locale, zoneOf(req)) : undefined;
  p(
    vi
      ? `Thời hạn "${label}" của ${title} đã thay đổi theo lịch nghỉ, làm việc mới được công bố${from ? `: từ ${from}` : ''}${due ? ` thành ${due}` : ''}.`
      : `The deadline for "${label}" on "${title}" has changed with the newly announced holiday schedule${from ? `: from ${from}` : ''}${due ? ` to ${due}` : ''}.`,
    true,
  );
  const days = (c?.daysOff ?? []).map((d) => {
    const a = formatDay(d.from, req.locale, zoneOf(req));
    return d.to === d.from ? `${d.reason}: ${a}` : `${d.reason}: ${a} – ${formatDay(d.to, req.locale, zoneOf(req))}`;
  });
  if (days.length) {
    p(vi ? 'Các ngày nghỉ trong thời hạn theo lịch mới:' : 'Days off within the period on the new schedule:');
    blocks.push({ type: 'list', items: days.map((d) => [d]) });
  }
  summaryList(vi ? 'Lý do:' : 'Reason:');
}
