/** The two renderers of one list of blocks: plain text and HTML, so both bodies say the same. */
import type { Locale } from '../../../domain/locale';
import type { Block, Inline } from './blocks';

// ---------------------------------------------------------------------------
// Renderers

export function inlineText(parts: Inline[]): string {
  return parts.map((x) => (typeof x === 'string' ? x : x.label ? `${x.label} <${x.href}>` : x.href)).join('');
}

export function toText(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'p':
        out.push(inlineText(b.parts));
        break;
      case 'facts': {
        const width = Math.max(...b.rows.map(([k]) => k.length));
        out.push(b.rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${inlineText(v)}`).join('\n'));
        break;
      }
      case 'list':
        out.push([...(b.title ? [b.title] : []), ...b.items.map((i) => `  - ${inlineText(i)}`)].join('\n'));
        break;
      case 'code':
        out.push([...(b.title ? [b.title] : []), ...b.lines.map((l) => `    ${l}`)].join('\n'));
        break;
      case 'table':
        // A fixed-width table breaks on proportional fonts and long comments; one record per line reads everywhere.
        out.push(
          [
            ...(b.title ? [b.title] : []),
            ...b.rows.map(
              (r, i) =>
                `${i + 1}. ${r
                  .map((cell, j) => (cell ? `${b.headers[j] ?? ''}: ${cell}` : ''))
                  .filter(Boolean)
                  .join(' | ')}`,
            ),
          ].join('\n'),
        );
        break;
    }
  }
  return out.join('\n\n') + '\n';
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export function inlineHtml(parts: Inline[]): string {
  return parts
    .map((x) => {
      if (typeof x === 'string') return escapeHtml(x);
      // Only web links become anchors: a javascript: or data: URL in a request must not be clickable.
      if (!/^https?:\/\//i.test(x.href)) return escapeHtml(x.label ?? x.href);
      return `<a href="${escapeHtml(x.href)}" style="color:#0b57d0">${escapeHtml(x.label ?? x.href)}</a>`;
    })
    .join('');
}

export const CELL = 'border:1px solid #c8c8c8;padding:4px 8px;text-align:left;vertical-align:top';

export function toHtml(blocks: Block[], locale: Locale): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'p':
        out.push(
          `<p style="margin:0 0 12px">${b.strong ? `<strong>${inlineHtml(b.parts)}</strong>` : inlineHtml(b.parts)}</p>`,
        );
        break;
      case 'facts':
        out.push(
          `<table style="border-collapse:collapse;margin:0 0 12px">${b.rows
            .map(
              ([k, v]) =>
                `<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top;color:#555">${escapeHtml(k)}</th><td style="padding:2px 0">${inlineHtml(v)}</td></tr>`,
            )
            .join('')}</table>`,
        );
        break;
      case 'code':
        out.push(
          `${b.title ? `<p style="margin:0 0 4px">${escapeHtml(b.title)}</p>` : ''}<pre style="margin:0 0 12px;padding:8px;background:#f5f5f5;border:1px solid #ddd;font-family:Consolas,Menlo,monospace;font-size:13px;white-space:pre;overflow-x:auto">${escapeHtml(b.lines.join('\n'))}</pre>`,
        );
        break;
      case 'list':
        out.push(
          `${b.title ? `<p style="margin:0 0 4px"><strong>${escapeHtml(b.title)}</strong></p>` : ''}<ul style="margin:0 0 12px">${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`,
        );
        break;
      case 'table':
        out.push(
          `${b.title ? `<p><strong>${escapeHtml(b.title)}</strong></p>` : ''}<table style="border-collapse:collapse;margin:0 0 12px"><thead><tr>${b.headers
            .map((h) => `<th style="${CELL};background:#f0f0f0">${escapeHtml(h)}</th>`)
            .join(
              '',
            )}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td style="${CELL}">${escapeHtml(c).replace(/\n/g, '<br>')}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
        );
        break;
    }
  }
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"></head><body><div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222;max-width:720px">${out.join('\n')}</div></body></html>`;
}
