/**
 * Hostile text on every output surface: a calendar invitation, an email as nodemailer builds it,
 * the Markdown record, the .docx record and the console's HTML. First one test per defect found in
 * the attack run, then a property test: generated hostile strings (markup, CR/LF and lone CR, NUL,
 * bidi overrides, zero-width characters, quotes, template syntax, random Unicode) in every input, and
 * each surface parsed back to the same structure as with plain text.
 *
 * The records and requests here are built directly, as an old history may hold them: the input
 * boundary (domain/text.ts) refuses most of these strings today, and each surface must hold anyway.
 */
import fc from 'fast-check';
import nodemailer from 'nodemailer';
import { simpleParser, type AddressObject } from 'mailparser';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { SaxesParser } from 'saxes';
import { calendarFor } from '../../activities/mail/ics';
import { renderMail } from '../../activities/mail/templates';
import type { MailRequest, Recipient } from '../../domain/mail';
import { recordDocument, renderDocx } from '../../activities/documents';
import { exportMarkdown } from '../../client/commands/export';
import { actionFields, type ActionContext } from '../../client/console/actions';
import { actionForm, notice, workTable } from '../../client/console/views';
import type { LifecycleStatus } from '../../domain/lifecycle';
import { documentXml, PARTY_SETTINGS, REG, STATUS } from '../documents/fixtures';

// ---- strict readers of each format ----

/** The content lines of an .ics, unfolded (RFC 5545 §3.1: CRLF then a space or tab continues a line). */
function icsLines(ics: string): string[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
}

/**
 * One content line read as RFC 5545 §3.1 writes it: name, then `;param=value` where a quoted value
 * ends at the next `"` (a backslash escapes nothing in a parameter), then `:` and the value.
 */
function contentLine(line: string): { name: string; params: Record<string, string>; value: string } {
  const m = /^([A-Za-z0-9-]+)/.exec(line);
  if (!m) throw new Error(`not a content line: ${JSON.stringify(line)}`);
  let i = m[1]!.length;
  const params: Record<string, string> = {};
  while (line[i] === ';') {
    const eq = line.indexOf('=', i);
    const key = line.slice(i + 1, eq);
    i = eq + 1;
    let value: string;
    if (line[i] === '"') {
      const end = line.indexOf('"', i + 1);
      value = line.slice(i + 1, end);
      i = end + 1;
    } else {
      const end = line.slice(i).search(/[;:,]/);
      value = line.slice(i, i + end);
      i += end;
    }
    params[key] = value;
  }
  if (line[i] !== ':') throw new Error(`no value in: ${JSON.stringify(line)}`);
  return { name: m[1]!.toUpperCase(), params, value: line.slice(i + 1) };
}

/** RFC 6868: ^n a line break, ^' a double quote, ^^ a caret. */
function caretDecoded(value: string): string {
  return value.replace(/\^(\^|n|')/g, (_, c: string) => (c === 'n' ? '\n' : c === "'" ? '"' : '^'));
}

/** The lines of a Markdown text as CommonMark ends them: CR LF, LF, or a lone CR. */
const mdLines = (md: string): string[] => md.split(/\r\n|\r|\n/);

/** The cells of a GFM table row: split at pipes not escaped by a backslash (a backslash escapes any next character). */
function gfmCells(row: string): number {
  const inner = row.trim().replace(/^\|/, '');
  let cells = 1;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\') i++;
    else if (inner[i] === '|' && i < inner.length - 1) cells++;
  }
  return cells;
}

/** Every table of a Markdown text: its column count and the cell count of each row. */
function mdTables(md: string): { columns: number; rows: number[] }[] {
  const lines = mdLines(md);
  const out: { columns: number; rows: number[] }[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i]!.startsWith('|') || !/^\|(-+\|)+$/.test(lines[i + 1]!)) continue;
    const table = { columns: gfmCells(lines[i]!), rows: [] as number[] };
    for (i += 2; i < lines.length && lines[i]!.trim() !== ''; i++) table.rows.push(gfmCells(lines[i]!));
    out.push(table);
  }
  return out;
}

/** The ATX headings of a Markdown text (a line starting with up to three spaces and 1–6 #, then a space or the end). */
const mdHeadings = (md: string): string[] => mdLines(md).filter((l) => /^ {0,3}#{1,6}(\s|$)/.test(l));

/** Throws unless `xml` is well-formed XML. */
function wellFormed(xml: string): void {
  const parser = new SaxesParser();
  parser.on('error', (err) => {
    throw err;
  });
  parser.write(xml).close();
}

type Node = DefaultTreeAdapterMap['node'];
/** The element names of an HTML fragment, in document order. */
function elements(html: string): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if ('tagName' in n) out.push(n.tagName);
    if ('childNodes' in n) n.childNodes.forEach(walk);
    if ('content' in n) walk(n.content as Node);
  };
  walk(parseFragment(html) as Node);
  return out;
}

// ---- what each surface is built from ----

const SECRETARIAT: Recipient = { name: 'Văn phòng giúp việc', email: 'vanphong@longan.example.vn' };

function meetingRequest(t: (n: number) => string): MailRequest {
  return {
    kind: 'signing-invitation',
    lifecycleId: 'long-an-hdnd-tand-2022',
    stepKey: 'signing',
    locale: 'vi',
    to: [
      { name: t(1), email: 'nhieu@hdnd.example.vn' },
      { name: t(2), email: 'dung@tand.example.vn' },
    ],
    cc: [{ name: t(3), email: 'vanthu@tand.example.vn' }],
    regulation: { id: 'long-an-hdnd-tand-2022', title: { vi: t(4), en: t(5) } },
    audience: { role: 'signatory', body: { id: 'hdnd', name: { vi: t(6), en: t(7) } } },
    step: { stage: 'signing', label: { vi: t(8), en: t(9) } },
    secretariat: { name: { vi: t(10), en: t(11) } },
    meeting: { at: '2022-11-03T02:00:00.000Z', place: t(12), uid: 'signing@regulations.local', sequence: 0 },
    deadline: {
      lastDay: '2022-11-10',
      at: '2022-11-10T16:59:59.000Z',
      uid: 'signing-deadline@regulations.local',
      sequence: 0,
    },
    document: { version: t(13), link: 'https://docs.example.org/v2.pdf' },
    summary: [{ vi: t(14), en: t(15) }],
  };
}

function exchangeRequest(t: (n: number) => string): MailRequest {
  return {
    ...meetingRequest(t),
    kind: 'information-exchange',
    stepKey: 'exchange-1',
    step: { stage: 'in-force', label: { vi: `Trao đổi thông tin: ${t(16)}`, en: `Information: ${t(16)}` } },
    exchange: {
      from: { vi: t(6), en: t(7) },
      to: [{ vi: t(17), en: t(17) }],
      subject: t(16),
      summary: t(18),
      link: 'https://docs.example.org/x.pdf',
    },
    meeting: undefined,
    deadline: undefined,
  };
}

/** The record with a text from `t` in every field a person typed. */
function record(t: (n: number) => string): LifecycleStatus {
  const [round1, round2] = STATUS.rounds;
  return {
    ...STATUS,
    title: { vi: t(1), en: t(2) },
    drafts: STATUS.drafts.map((d, i) => ({ ...d, version: t(3 + i), link: t(5), note: t(6) })),
    rounds: [
      {
        ...round1!,
        draftVersion: t(3),
        answers: {
          hdnd: {
            ...round1!.answers.hdnd!,
            reference: t(7),
            submittedBy: t(8),
            comments: [{ area: 'supervision', text: t(9) }],
          },
          tand: { ...round1!.answers.tand!, comments: [{ text: t(10) }] },
        },
        responses: {
          'hdnd-1': {
            handling: 'partly-accepted',
            explanation: t(11),
            at: '2022-10-03T02:00:00.000Z',
            submittedBy: t(12),
          },
        },
      },
      { ...round2!, draftVersion: t(4) },
    ],
    signatures: { hdnd: { signer: t(13), signedAt: '2022-11-03T02:30:00.000Z' } },
    signingSession: { at: '2022-11-03T02:00:00.000Z', place: t(14) },
    reviews: [
      {
        ...STATUS.reviews[0]!,
        reports: { hdnd: { at: '2023-10-20T02:00:00.000Z', assessments: { supervision: t(15) } } },
        outcome: { decision: 'amend', notes: t(16), at: '2023-11-03T04:00:00.000Z' },
      },
    ],
    exchanges: [{ ...STATUS.exchanges[0]!, subject: t(17), summary: t(18) }],
    extensions: [{ ...STATUS.extensions[0]!, reason: t(19) }],
    withdrawn: { reason: t(20), at: '2023-11-20T02:00:00.000Z' },
  };
}

const plain = (n: number): string => `plain text ${n}`;

/** The email as the mailer hands it to nodemailer (activities/mail/mailer.ts transmit), built into its raw form and parsed back. */
async function builtEmail(req: MailRequest, recipient: Recipient) {
  const mail = renderMail(req, recipient);
  const ics = calendarFor(req, { organizer: SECRETARIAT });
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: `"${SECRETARIAT.name}" <${SECRETARIAT.email}>`,
    to: { name: recipient.name, address: recipient.email },
    cc: (req.cc ?? []).map((c) => ({ name: c.name, address: c.email })),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Regulation-Id': req.regulation.id, 'X-Step-Key': req.stepKey },
    ...(ics ? { icalEvent: { filename: 'invite.ics', method: 'REQUEST', content: ics } } : {}),
  });
  const raw = (info as unknown as { message: Buffer }).message;
  return { rendered: mail, parsed: await simpleParser(raw) };
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? '?'));

// ---- one test per defect of the attack run ----

const HOSTILE_NAME = 'Thiếu tá Lê Văn Tư":MAILTO:attacker@evil.example;X="';

test('a contact named with a quote cannot take over an ATTENDEE or the ORGANIZER of the invitation', () => {
  const req = meetingRequest((n) => (n <= 2 ? HOSTILE_NAME : plain(n)));
  const lines = icsLines(calendarFor(req, { organizer: { name: HOSTILE_NAME, email: SECRETARIAT.email } })!).map(
    contentLine,
  );
  const attendees = lines.filter((l) => l.name === 'ATTENDEE');
  expect(attendees.map((a) => a.value.toLowerCase())).toEqual([
    'mailto:nhieu@hdnd.example.vn',
    'mailto:dung@tand.example.vn',
  ]);
  expect(attendees.map((a) => caretDecoded(a.params.CN!))).toEqual([HOSTILE_NAME, HOSTILE_NAME]);
  const organizers = lines.filter((l) => l.name === 'ORGANIZER');
  expect(organizers.map((o) => o.value.toLowerCase())).toEqual([`mailto:${SECRETARIAT.email}`]);
  expect(caretDecoded(organizers[0]!.params.CN!)).toBe(HOSTILE_NAME);
});

test('a lone CR in a note does not split its Markdown table row or forge another', () => {
  const forged = 'ok\r| v9 | 1 | now | https://evil.example/forged | - | - |';
  const md = exportMarkdown({ ...STATUS, drafts: STATUS.drafts.map((d) => ({ ...d, note: forged })) });
  const [drafts] = mdTables(md);
  expect(drafts).toEqual({ columns: 6, rows: [6, 6] });
  expect(mdLines(md).filter((l) => l.includes('evil.example/forged'))).toHaveLength(2);
  expect(mdLines(md).some((l) => l.startsWith('| v9'))).toBe(false);
});

test("a round heading escapes the draft's version: no new line, heading, link or markup from it", () => {
  const version = 'v2\r## Forged [click](javascript:alert(1)) <b>x</b>';
  const md = exportMarkdown({ ...STATUS, rounds: [{ ...STATUS.rounds[0]!, draftVersion: version }] });
  const round = mdLines(md).filter((l) => l.startsWith('### Round 1'));
  expect(round).toEqual([
    '### Round 1 (draft v2 ## Forged \\[click\\](javascript:alert(1)) \\<b\\>x\\</b\\>, cycle 1)',
  ]);
  expect(mdHeadings(md).some((h) => h.includes('Forged') && !h.startsWith('### Round 1'))).toBe(false);
});

// ---- the property test: every surface keeps its structure ----

const FRAGMENTS = [
  '\r',
  '\n',
  '\r\n',
  '\u0000',
  '\u0007',
  '\u0085',
  '\u2028',
  '\t',
  '\u202E',
  '\u2066',
  '\u200B',
  '\uFEFF',
  '"',
  "'",
  '\\',
  '^',
  ';',
  ':',
  ',',
  '|',
  '\\|',
  '`',
  '*',
  '_',
  '[x](javascript:alert(1))',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</textarea><b>',
  '"><svg onload=alert(1)>',
  '&lt;b&gt;',
  '<![CDATA[',
  ']]>',
  '<!--',
  '{{constructor}}',
  '${process.env.SMTP_URL}',
  '# Heading',
  '\r\nBcc: attacker@evil.example',
  '\nX-Injected: 1',
  '":MAILTO:attacker@evil.example;X="',
  'END:VEVENT\r\nBEGIN:VEVENT',
  'Thiếu tá Lê Văn Tư',
];

/** A hostile string: fragments of the attack classes mixed with random text, random Unicode included. */
const hostile = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    ),
    { minLength: 1, maxLength: 6 },
  )
  // Never empty: an empty optional text leaves its line out, by design.
  .map((parts) => parts.join('') || '-');
/** One hostile string per input field, by field number. */
const texts = fc.array(hostile, { minLength: 21, maxLength: 21 });
const field = (a: string[]) => (n: number) => a[n]!;

test('the invitation keeps its attendees, organizer and properties whatever the names and labels', () => {
  const shape = (t: (n: number) => string) => {
    const lines = icsLines(calendarFor(meetingRequest(t), { organizer: { name: t(19), email: SECRETARIAT.email } })!);
    return lines.map(contentLine);
  };
  const expected = shape(plain);
  fc.assert(
    fc.property(texts, (a) => {
      const t = field(a);
      const lines = shape(t);
      expect(lines.map((l) => l.name)).toEqual(expected.map((l) => l.name));
      const mailto = (ls: typeof lines, name: string) =>
        ls.filter((l) => l.name === name).map((l) => l.value.toLowerCase());
      expect(mailto(lines, 'ATTENDEE')).toEqual(mailto(expected, 'ATTENDEE'));
      expect(mailto(lines, 'ORGANIZER')).toEqual(mailto(expected, 'ORGANIZER'));
    }),
    { numRuns: 100 },
  );
});

test('the email keeps its recipients and headers whatever the names, labels and texts', async () => {
  const recipient = (t: (n: number) => string): Recipient => ({ name: t(1), email: 'nhieu@hdnd.example.vn' });
  const benign = await builtEmail(exchangeRequest(plain), recipient(plain));
  const headerNames = [...benign.parsed.headers.keys()].sort();
  await fc.assert(
    fc.asyncProperty(texts, fc.boolean(), async (a, exchange) => {
      const t = field(a);
      const req = exchange ? exchangeRequest(t) : meetingRequest(t);
      const { rendered, parsed } = await builtEmail(req, recipient(t));
      expect(addresses(parsed.to)).toEqual(['nhieu@hdnd.example.vn']);
      expect(addresses(parsed.cc)).toEqual(['vanthu@tand.example.vn']);
      expect(parsed.bcc).toBeUndefined();
      expect([...parsed.headers.keys()].sort()).toEqual(headerNames);
      expect(parsed.headers.get('x-step-key')).toBe(req.stepKey);
      // The subject comes back as rendered, on one line.
      expect(rendered.subject).not.toMatch(/[\r\n]/);
    }),
    { numRuns: 30 },
  );
});

test('the Markdown record keeps its tables, rows and headings whatever the texts', () => {
  const expected = exportMarkdown(record(plain));
  fc.assert(
    fc.property(texts, (a) => {
      const t = field(a);
      const md = exportMarkdown(record(t));
      expect(mdTables(md)).toEqual(mdTables(expected));
      expect(mdHeadings(md).length).toBe(mdHeadings(expected).length);
    }),
    { numRuns: 100 },
  );
});

test('the .docx record is well-formed XML whatever the texts', async () => {
  await fc.assert(
    fc.asyncProperty(texts, async (a) => {
      const t = field(a);
      const xml = documentXml(await renderDocx(recordDocument(record(t), REG, PARTY_SETTINGS, 'vi')));
      wellFormed(xml);
    }),
    { numRuns: 6 },
  );
});

test('the console HTML has no element that came from input', () => {
  const page = (t: (n: number) => string) => {
    const s = record(t);
    const ctx: ActionContext = {
      lang: 'vi',
      lifecycleId: 'long-an-hdnd-tand-2022',
      regulation: REG,
      status: { ...s, stage: 'revision' },
      email: 'vanphong@longan.example.vn',
    };
    const values = { version: t(1), link: t(2), note: t(3), 'explanation.hdnd-1': t(4) };
    return [
      actionForm('vi', t(5), actionFields('answers', ctx, values), t(6), { ok: false, text: t(7) }),
      actionForm('vi', 'csrf', actionFields('draft', ctx, values), 'Gửi'),
      notice({ ok: true, text: t(8) }),
      workTable('vi', [
        {
          lifecycleId: t(9),
          regulationTitle: { vi: t(10), en: t(11) },
          body: { vi: t(12), en: t(12) },
          label: { vi: t(13), en: t(13) },
          lastDay: '2022-09-30',
          daysLeft: 3,
          zone: 'Asia/Ho_Chi_Minh',
          href: t(14),
        },
      ]),
    ].join('');
  };
  const expected = elements(page(plain));
  fc.assert(
    fc.property(texts, (a) => {
      const t = field(a);
      expect(elements(page(t))).toEqual(expected);
    }),
    { numRuns: 100 },
  );
});
