/**
 * The documents as LibreOffice lays them out: every sample (each kind, both styles, both languages,
 * short and long) is rendered to .docx, converted to PDF in one `soffice --headless` call, and read
 * back with `pdftotext -layout`, one page at a time. What a reader of the printed page would see:
 * the signer's name on the page of its signature block (and of Nơi nhận), no word or date broken
 * across lines anywhere (a table column too narrow shows as a fragment such as "202" or "Versio"),
 * and the number of pages each sample takes. The .docx and .pdf files stay in test/artifacts/documents.
 *
 * Needs the Debian packages libreoffice-writer-nogui, poppler-utils and fonts-liberation2
 * (Liberation Serif, metric-compatible with Times New Roman); without them the tests fail, saying so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderDocx } from '../../activities/documents';
import { documentXml, paragraphs, ROOT, textOf } from './fixtures';
import { allSamples, type Sample } from './samples';

const OUT = path.join(ROOT, 'test/artifacts/documents');
const samples = allSamples();

/**
 * Pages each sample takes with Liberation Serif 2 (Debian fonts-liberation2). A change here is a
 * change of layout: look at the PDFs in test/artifacts/documents before updating a figure.
 */
const PAGES: Record<string, number> = {
  'comments-party-en-long': 3,
  'comments-party-en-short': 2,
  'comments-party-vi-long': 3,
  'comments-party-vi-short': 2,
  'comments-state-en-long': 3,
  'comments-state-en-short': 2,
  'comments-state-vi-long': 3,
  'comments-state-vi-short': 1,
  'conclusions-party-en-long': 1,
  'conclusions-party-en-short': 1,
  'conclusions-party-vi-long': 1,
  'conclusions-party-vi-short': 1,
  'conclusions-state-en-long': 1,
  'conclusions-state-en-short': 1,
  'conclusions-state-vi-long': 1,
  'conclusions-state-vi-short': 1,
  'explanations-party-en-long': 5,
  'explanations-party-en-short': 2,
  'explanations-party-vi-long': 4,
  'explanations-party-vi-short': 2,
  'explanations-state-en-long': 4,
  'explanations-state-en-short': 2,
  'explanations-state-vi-long': 4,
  'explanations-state-vi-short': 2,
  'record-party-en-long': 9,
  'record-party-en-short': 3,
  'record-party-vi-long': 9,
  'record-party-vi-short': 3,
  'record-state-en-long': 9,
  'record-state-en-short': 3,
  'record-state-vi-long': 9,
  'record-state-vi-short': 3,
  'review-report-party-en-long': 4,
  'review-report-party-en-short': 2,
  'review-report-party-vi-long': 3,
  'review-report-party-vi-short': 2,
  'review-report-state-en-long': 3,
  'review-report-state-en-short': 2,
  'review-report-state-vi-long': 3,
  'review-report-state-vi-short': 2,
};

interface Rendered {
  pages: string[];
  words: Set<string>;
}
const rendered = new Map<string, Rendered>();

function need(cmd: string, args: string[], pkg: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error(`${cmd} is not installed: apt-get install ${pkg} (the PDF checks of the documents need it)`);
}

/** Text as both sides are compared: NFC, no-break spaces and hyphens as plain ones. */
function norm(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\u00a0/g, ' ')
    .replace(/[\u2010\u2011]/g, '-');
}

/** Every word the document's XML holds, whole and as the lines a zero-width space lets it break into. */
function sourceWords(xml: string): Set<string> {
  const words = new Set<string>();
  for (const p of paragraphs(xml)) {
    const text = norm(textOf(p));
    for (const w of text.split(/\s+/)) {
      if (!w) continue;
      // A link may break at any of its zero-width spaces: every run of its parts is a whole line's worth.
      const parts = w.split('\u200b').filter((x) => x);
      for (let i = 0; i < parts.length; i++)
        for (let j = i + 1; j <= parts.length; j++) words.add(parts.slice(i, j).join(''));
    }
  }
  return words;
}

beforeAll(async () => {
  need('soffice', ['--version'], 'libreoffice-writer-nogui');
  need('pdftotext', ['-v'], 'poppler-utils');
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const words = new Map<string, Set<string>>();
  for (const s of samples) {
    const docx = await renderDocx(s.doc);
    fs.writeFileSync(path.join(OUT, `${s.name}.docx`), docx);
    words.set(s.name, sourceWords(documentXml(docx)));
  }
  // One soffice for every sample, with a profile of its own (another soffice may be running).
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-profile-'));
  try {
    const r = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        OUT,
        ...samples.map((s) => path.join(OUT, `${s.name}.docx`)),
      ],
      { encoding: 'utf8', timeout: 240_000 },
    );
    if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr || r.error?.message}`);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  for (const s of samples) {
    const pdf = path.join(OUT, `${s.name}.pdf`);
    if (!fs.existsSync(pdf)) throw new Error(`soffice wrote no ${s.name}.pdf`);
    const t = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    if (t.status !== 0) throw new Error(`pdftotext failed on ${s.name}.pdf: ${t.stderr}`);
    const pages = t.stdout.split('\f');
    if (pages[pages.length - 1]!.trim() === '') pages.pop();
    rendered.set(s.name, { pages: pages.map(norm), words: words.get(s.name)! });
  }
}, 300_000);

describe.each(samples.map((s) => [s.name, s] as const))('%s', (name, sample: Sample) => {
  const get = () => rendered.get(name)!;

  test("the signer's name is on the page of its signature block and of Nơi nhận", () => {
    const { pages } = get();
    const { signature } = sample.doc;
    const pageOf = (text: string) => pages.map((p) => p.includes(norm(text))).lastIndexOf(true);
    const name = pageOf(signature.name!);
    expect(name).toBeGreaterThanOrEqual(0);
    expect(pageOf(signature.title!.toUpperCase())).toBe(name);
    if (signature.capacity)
      expect(pageOf(signature.capacity.split(' ').slice(0, 2).join(' ').toUpperCase())).toBe(name);
    expect(pageOf(sample.locale === 'vi' ? 'Nơi nhận:' : 'Recipients:')).toBe(name);
    // The block is the end of the document: nothing but it follows on that page.
    expect(name).toBe(pages.length - 1);
  });

  test('no word or date is broken across lines, in the tables or anywhere else', () => {
    const { pages, words } = get();
    // A compound may break after its own hyphen ("Council-" / "elected"), as print does; nothing else may.
    const list = [...words];
    const hyphenated = (t: string) =>
      (t.endsWith('-') && list.some((w) => w.startsWith(t) && w.length > t.length)) ||
      list.some((w) => w.endsWith(`-${t}`) || w.includes(`-${t}-`));
    const broken: string[] = [];
    pages.forEach((page, i) => {
      for (const token of page.split(/\s+/)) {
        if (!token || words.has(token)) continue;
        if (token === String(i + 1)) continue; // the page number
        if (hyphenated(token)) continue;
        broken.push(token);
      }
    });
    expect(broken).toEqual([]);
  });

  test('the page count is as recorded', () => {
    const { pages } = get();
    expect({ name, pages: pages.length }).toEqual({ name, pages: PAGES[name] });
  });
});
