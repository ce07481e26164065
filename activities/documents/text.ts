/** Small text helpers shared by the builders and the renderer: pure, no dependencies. */

/** Abbreviation of an issuer: the initials of its words, what is in brackets left out ("Văn phòng giúp việc (…)" → "VPGV"), Đ kept. */
export function initials(name: string): string {
  return name
    .replace(/\([^)]*\)/g, ' ')
    .split(/\s+/)
    .map((w) => /\p{L}/u.exec(w)?.[0])
    .filter((c): c is string => c !== undefined)
    .map((l) => {
      const c = l.toUpperCase();
      return c === 'Đ' ? c : c.normalize('NFD').replace(/\p{M}/gu, '');
    })
    .join('');
}

// Characters XML 1.0 cannot carry at all (document.xml would not be well-formed): C0 controls but
// tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the control characters are what is removed
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for a run of document.xml: what XML cannot carry is dropped (input refuses it; old records may hold it). */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}
