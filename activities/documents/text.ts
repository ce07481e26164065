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
