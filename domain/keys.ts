/**
 * Unknown keys are refused, not dropped: a mistyped setting (`remiders`) that is silently ignored
 * leaves an office believing a rule is in force when it is not. The refusal names the key and the
 * nearest valid one, on one line. Pure.
 */
import { visible } from './text';

/** Edit distance with transpositions (optimal string alignment): `remiders` → `reminders` is 1. */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/** The valid key closest to `key` (case ignored), if it is close enough to be a typo of it. */
export function nearest(key: string, valid: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: { key: string; d: number } | undefined;
  for (const v of valid) {
    const d = distance(k, v.toLowerCase());
    if (!best || d < best.d) best = { key: v, d };
  }
  if (!best) return undefined;
  // A third of the longer word, at least 1 (and 2 from five letters): "commentAnswer" → "commentAnswers".
  const allowed = Math.max(1, Math.floor(Math.max(k.length, best.key.length) / 3));
  return best.d <= allowed ? best.key : undefined;
}

/** How a key is written in a refusal: backticks, invisible characters escaped. */
function named(key: string): string {
  const v = visible(key, 40);
  return `\`${v.slice(1, -1)}\``;
}

/**
 * "`remiders`: unknown key; did you mean `reminders` (under `schedule`)?" — or, with nothing close,
 * the valid keys. `under` is where the key was found (a path such as `bodies[1]`), empty at the top.
 */
export function unknownKeyProblem(key: string, valid: readonly string[], under = ''): string {
  const where = under ? ` (under \`${under}\`)` : '';
  const near = nearest(key, valid);
  if (near) return `${named(key)}: unknown key; did you mean \`${near}\`${where}?`;
  return `${named(key)}: unknown key${where}: remove it, or use one of ${valid.map((v) => `\`${v}\``).join(', ')}`;
}
