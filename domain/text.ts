/**
 * The input boundary for text: every field a person or a definition supplies passes here, in the
 * CLI, the typed API, the console, the definition schema and the workflows' update validators.
 *
 * - One-line fields (names, versions, references, links, titles) refuse control characters (CR and
 *   LF included), line separators, bidi overrides and zero-width characters: such a value could add
 *   a header to an email, a property to a calendar entry or a row to a table, or read differently
 *   from what it is.
 * - Multi-line fields (comments, explanations, notes, reports) keep `\n` only: `\r\n`, a lone `\r`
 *   and U+2028/U+2029 become `\n`, a tab a space; NUL and the other C0/C1 controls are refused.
 * - Links are parsed and stored as the parsed `href`, http(s) only, without a user name.
 * - A refusal quotes the value with its invisible characters made visible (`\r`, `\u202E`) and stays
 *   on one line.
 *
 * Pure: no Node built-ins (URL is a global of every runtime here, workflow sandbox included).
 */

/** What a check gives: the normalised value, or the problem in words (without the field name). */
export type Checked = { ok: true; value: string } | { ok: false; problem: string };

/** A refused input: `field: problem` (or the problem alone when it names its key), one line. */
export class InputRefusal extends Error {
  override name = 'InputRefusal';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(field ? `${field}: ${problem}` : problem);
  }
}

const BIDI = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const ZERO_WIDTH = new Set([0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
const SEPARATORS = new Set([0x2028, 0x2029]);

const isControl = (c: number): boolean => c <= 0x1f || (c >= 0x7f && c <= 0x9f);
const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;
/** Code points that are not characters (and that XML, hence .docx, cannot carry). */
const isNonCharacter = (c: number): boolean => (c & 0xfffe) === 0xfffe || (c >= 0xfdd0 && c <= 0xfdef);

/** Why a code point is not written as itself in a refusal, or undefined when it is. */
function invisible(c: number): string | undefined {
  if (c === 0x0a) return 'a line break';
  if (c === 0x0d) return 'a carriage return';
  if (c === 0x09) return 'a tab';
  if (isControl(c)) return 'a control character';
  if (SEPARATORS.has(c)) return 'a line separator';
  if (BIDI.has(c)) return 'a bidirectional control';
  if (ZERO_WIDTH.has(c)) return 'a zero-width character';
  if (isSurrogate(c)) return 'half of a surrogate pair';
  if (isNonCharacter(c)) return 'a non-character';
  return undefined;
}

const NAMED: Record<number, string> = { 0x00: '\\0', 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

/** One code point as a refusal writes it: `\r`, `\u202E`, or the character itself. */
function shown(c: number): string {
  if (NAMED[c]) return NAMED[c];
  if (invisible(c)) return `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c === 0x22) return '\\"';
  if (c === 0x5c) return '\\\\';
  return String.fromCodePoint(c);
}

/** Code points of s; a lone surrogate comes out as itself (for...of yields it alone). */
function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** Plain lowercase ASCII words joined by "-", for ids and UIDs: "Sở Xây dựng" → "so-xay-dung". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The value in double quotes with every invisible or line-breaking character written as an
 * escape, cut to about `max` characters: safe to print on one line of a terminal, a log or a page.
 */
export function visible(value: string, max = 80): string {
  let out = '';
  for (const c of codePoints(value)) {
    if (out.length >= max) return `"${out}…"`;
    out += shown(c);
  }
  return `"${out}"`;
}

/** Makes any message one line: invisible characters escaped, as in `visible` but unquoted and uncut. */
export function oneLineMessage(message: string): string {
  return codePoints(message)
    .map((c) => (invisible(c) ? shown(c) : String.fromCodePoint(c)))
    .join('');
}

function firstBad(value: string, bad: (c: number) => boolean): { c: number; at: number } | undefined {
  let at = 0;
  for (const c of codePoints(value)) {
    at += 1;
    if (bad(c)) return { c, at };
  }
  return undefined;
}

function badOneLine(c: number): boolean {
  return invisible(c) !== undefined;
}

function badMultiLine(c: number): boolean {
  return c !== 0x0a && invisible(c) !== undefined && !BIDI.has(c) && !ZERO_WIDTH.has(c);
}

function advice(c: number, multiLine: boolean): string {
  if (c === 0x0a || c === 0x0d || SEPARATORS.has(c))
    return multiLine ? 'use plain line breaks' : 'write it on one line';
  if (BIDI.has(c) || ZERO_WIDTH.has(c)) return 'retype it without the invisible character';
  return 'remove it';
}

function problemAt(value: string, hit: { c: number; at: number }, multiLine: boolean): string {
  return `${visible(value)} contains ${invisible(hit.c)} (${shown(hit.c)}) at character ${hit.at}: ${advice(hit.c, multiLine)}`;
}

/**
 * A one-line field: trimmed and NFC-composed (Vietnamese typed on some systems arrives decomposed);
 * any control character, line separator, bidi control or zero-width character refuses it.
 * `canonical`: check only, as the workflow's validators do (the boundary has normalised already).
 */
export function checkLine(raw: string, opts: { canonical?: boolean } = {}): Checked {
  const value = opts.canonical ? raw : raw.normalize('NFC').trim();
  const hit = firstBad(value, badOneLine);
  if (hit) return { ok: false, problem: problemAt(value, hit, false) };
  return { ok: true, value };
}

/**
 * A multi-line field: `\r\n`, lone `\r`, U+2028 and U+2029 become `\n`, a tab becomes a space;
 * NUL and the other control characters refuse it. `canonical`: check only (no `\r`, no tab).
 */
export function checkLines(raw: string, opts: { canonical?: boolean } = {}): Checked {
  const value = opts.canonical
    ? raw
    : raw
        .normalize('NFC')
        .replace(/\r\n?|[\u2028\u2029]/g, '\n')
        .replace(/\t/g, ' ');
  const hit = firstBad(value, badMultiLine);
  if (hit) return { ok: false, problem: problemAt(value, hit, true) };
  return { ok: true, value };
}

/**
 * A link: one line, parsed, http(s) only, no user name or password (which would show the reader a
 * trusted host before the real one); the value is the parsed `href`.
 */
export function checkLink(raw: string, opts: { canonical?: boolean } = {}): Checked {
  const line = checkLine(raw, opts);
  if (!line.ok) return line;
  let url: URL;
  try {
    url = new URL(line.value);
  } catch {
    return {
      ok: false,
      problem: `${visible(line.value)} is not a web address: give an http(s) URL, e.g. https://docs.example.org/draft-v2.pdf`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return {
      ok: false,
      problem: `${visible(url.protocol)} links are not allowed: give an http(s) URL, e.g. https://docs.example.org/draft-v2.pdf`,
    };
  if (url.username || url.password)
    return {
      ok: false,
      problem: `${visible(line.value)} carries a user name or password: give the address without it`,
    };
  return { ok: true, value: url.href };
}

// RFC 5322 atext for the local part, letters/digits/hyphens for each domain label: nothing that could
// end a header, a display name, a calendar parameter or a mailto: URI (no quotes, ; : , < > \ or spaces).
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** An email address: trimmed, plain `local@domain` (no display name, no quoted local part). */
export function checkEmail(raw: string, opts: { canonical?: boolean } = {}): Checked {
  const line = checkLine(raw, opts);
  if (!line.ok) return line;
  if (!EMAIL.test(line.value) || line.value.length > 254)
    return { ok: false, problem: `${visible(line.value)} is not an email address: write it as name@example.gov.vn` };
  return { ok: true, value: line.value };
}

function must(field: string, checked: Checked): string {
  if (!checked.ok) throw new InputRefusal(field, checked.problem);
  return checked.value;
}

/** `checkLine`, throwing InputRefusal naming `field`. */
export function oneLine(value: string, field: string): string {
  return must(field, checkLine(value));
}

/** `checkLines`, throwing InputRefusal naming `field`. */
export function multiLine(value: string, field: string): string {
  return must(field, checkLines(value));
}

/** `checkLink`, throwing InputRefusal naming `field`. */
export function link(value: string, field: string): string {
  return must(field, checkLink(value));
}

/** `checkEmail`, throwing InputRefusal naming `field`. */
export function email(value: string, field: string): string {
  return must(field, checkEmail(value));
}

/**
 * Orders strings by their code units, as visibility compares keywords (`WorkflowId > "…"`), for
 * ids and ISO instants. Not `localeCompare`: a collation orders ids by other rules (case, marks)
 * and its first use loads ICU's collator, some 15 ms of a CLI command.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
