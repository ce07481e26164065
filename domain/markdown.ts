/**
 * Markdown by its own rules, for texts people typed (and old records kept them raw): no text may
 * end a table row, add a column, a heading or a link. CommonMark ends a line at `\r` as at `\n`,
 * so every line break counts, lone CR included.
 */

// CR LF, CR, LF, and the other characters a renderer may take as the end of a line.
const LINE_BREAK = /\r\n?|[\n\v\f\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- the control characters are what is removed
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;
// Backslash first: `a\|b` must not become `a\\|b`, where the pipe would end the cell.
const INLINE = /[\\`*_[\]<>|~]/g;
// A line that starts like a heading, a quote, a list item or a setext underline: its marker escaped.
const LINE_START = /^(\s*)([#>+=-]|\d+(?=[.)]))/;

/** One line: every line break a space, other control characters gone. */
export function flat(text: string): string {
  return text.replace(LINE_BREAK, ' ').replace(CONTROL, '');
}

/** Inline text (a heading, a list item): one line, with the characters of emphasis, code, links, HTML and tables escaped. */
export function inline(text: string): string {
  return flat(text)
    .replace(INLINE, (c) => `\\${c}`)
    .replace(LINE_START, (_, space: string, mark: string) =>
      /\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`,
    );
}

/** A table cell: inline text, `-` when there is none. */
export function cell(text: string | undefined): string {
  const t = text === undefined ? '' : inline(text).trim();
  return t || '-';
}

/** The lines of a multi-line text, each inline-escaped: for a block quote or an indented paragraph. */
export function lines(text: string): string[] {
  return text.split(LINE_BREAK).map((l) => inline(l.replace(CONTROL, '')));
}

/** A block quote of a multi-line text. */
export function quote(text: string): string {
  return lines(text)
    .map((l) => `> ${l}`)
    .join('\n');
}
