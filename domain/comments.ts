/**
 * The rows of a round's comment and explanation table (bảng tổng hợp, tiếp thu, giải trình ý
 * kiến): each comment with its id, and the secretariat's answer to it. Pure: the workflow's
 * validators, the CLI, the console, export and the documents all list comments the same way.
 */
import type { CommentResponse, Round } from './lifecycle';

export interface CommentRow {
  /** "<body id>-<n>": n counts from 1 in that body's answer. */
  id: string;
  body: string;
  area?: string;
  /** Absent when the round's texts are compacted and not restored (the live query of a later run). */
  text?: string;
  response?: CommentResponse;
}

/** Every comment of the round, bodies in `order` (the definition's) and then any other, each with its answer. */
export function commentRows(round: Round, order: string[] = []): CommentRow[] {
  const bodies = [
    ...order.filter((b) => round.answers[b]),
    ...Object.keys(round.answers).filter((b) => !order.includes(b)),
  ];
  const rows: CommentRow[] = [];
  for (const body of bodies) {
    const a = round.answers[body]!;
    const count = a.comments.length > 0 ? a.comments.length : (a.compacted?.count ?? 0);
    for (let k = 1; k <= count; k++) {
      const c = a.comments[k - 1];
      const id = `${body}-${k}`;
      rows.push({
        id,
        body,
        ...(c?.area ? { area: c.area } : {}),
        ...(c ? { text: c.text } : {}),
        ...(round.responses?.[id] ? { response: round.responses[id] } : {}),
      });
    }
  }
  return rows;
}

/** How many of the round's comments have an answer, of how many. */
export function answeredCount(round: Round): { answered: number; total: number } {
  const rows = commentRows(round);
  return { answered: rows.filter((r) => r.response).length, total: rows.length };
}
