/** Workflow ids of lifecycles and their reviews (a light module: the CLI loads it without the Temporal client). */

/** The lifecycle's workflow id: the regulation id itself, so operators find it by name. */
export function lifecycleId(regulationId: string): string {
  return regulationId;
}

/** The review child's workflow id: `<lifecycle id>/so-ket-N` or `<lifecycle id>/tong-ket`. */
export function reviewId(lifecycle: string, review: number | 'final'): string {
  return review === 'final' ? `${lifecycle}/tong-ket` : `${lifecycle}/so-ket-${review}`;
}
