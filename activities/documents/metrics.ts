/**
 * Advance widths of Times New Roman (regular, bold, italic) in thousandths of an em, for the printable
 * ASCII characters and Đ, đ, –, ’: what the renderer needs to size rules "as long as the text" and
 * table columns so that no word breaks. Read from Liberation Serif 2, which is metric-compatible with
 * Times New Roman (same advance widths). A Vietnamese letter takes its base letter's width: the
 * diacritics sit above or below and do not widen it.
 */
const CHARS = '0123456789 !"#$%&\'()*+,-./:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~Đđ–’';
const REGULAR = [
  500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250,
  333, 250, 278, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
  722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500,
  444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480,
  200, 480, 541, 722, 500, 500, 333,
];
const BOLD = [
  500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250,
  333, 250, 278, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
  722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556,
  444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394,
  220, 394, 520, 722, 556, 500, 333,
];
const ITALIC = [
  500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250,
  333, 250, 278, 333, 333, 675, 675, 675, 500, 920, 611, 611, 667, 722, 611, 611, 722, 722, 333, 444, 667, 556, 833,
  667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611, 556, 556, 389, 278, 389, 422, 500, 333, 500, 500, 444, 500,
  444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500, 500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389, 400,
  275, 400, 541, 722, 500, 500, 333,
];

function table(widths: number[]): Map<string, number> {
  return new Map([...CHARS].map((c, i) => [c, widths[i]!]));
}
const TABLES = { regular: table(REGULAR), bold: table(BOLD), italic: table(ITALIC) };

/** Width of one character in thousandths of an em; a letter with diacritics as its base letter. */
/** Characters drawn as another one: no-break space and hyphen as their breaking kin; a zero-width space takes no room. */
const SAME_AS: Record<string, string> = { '\u00a0': ' ', '\u2011': '-', '\u2010': '-' };

function charWidth(c: string, widths: Map<string, number>): number {
  if (c === '\u200b') return 0;
  const w = widths.get(SAME_AS[c] ?? c);
  if (w !== undefined) return w;
  const base = c.normalize('NFD').charAt(0);
  return widths.get(base) ?? widths.get('n')!;
}

/** Width of `text` set in Times New Roman at `halfPoints`, in twips (1/20 pt). Bold italic counts as bold. */
export function textTwips(text: string, halfPoints: number, face: { bold?: boolean; italics?: boolean } = {}): number {
  const widths = face.bold ? TABLES.bold : face.italics ? TABLES.italic : TABLES.regular;
  let sum = 0;
  for (const c of text) sum += charWidth(c, widths);
  return Math.ceil((sum * halfPoints * 10) / 1000);
}
