import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMailer, MailRejectedError, MailTransientError } from '../../activities/mail/mailer';
import type { Mailer } from '../../activities/mail/mailer';
import { FileSendLedger, MemorySendLedger } from '../../activities/mail/ledger';
import type { MailRequest } from '../../domain/mail';
import { SmtpSink } from '../support/smtp-sink';
import type { ReceivedMail } from '../support/smtp-sink';

const FROM = '"Văn phòng giúp việc" <vanphong@longan.example.vn>';
const HDND = {
  id: 'hdnd',
  name: { vi: 'Đảng đoàn HĐND tỉnh', en: 'Party Delegation of the Provincial People’s Council' },
};

/** A consultation-round-1 feedback request to the People's Council, deadline Friday 16 Sep 2022. */
function feedbackRequest(overrides: Partial<MailRequest> = {}): MailRequest {
  return {
    kind: 'feedback-request',
    lifecycleId: 'lifecycle-long-an-2022',
    stepKey: 'consultation/round-1',
    locale: 'vi',
    to: [{ name: 'Ông Mai Văn Nhiều', email: 'nhieu@hdnd.example.vn' }],
    cc: [{ name: 'Văn phòng HĐND', email: 'vp@hdnd.example.vn' }],
    regulation: {
      id: 'long-an-hdnd-tand-2022',
      title: {
        vi: 'Quy chế phối hợp giữa Đảng đoàn HĐND tỉnh và Ban Cán sự Đảng Tòa án nhân dân tỉnh',
        en: 'Coordination regulation between the Party Delegation of the Provincial People’s Council and the Party Affairs Committee of the Provincial People’s Court',
      },
    },
    audience: { role: 'body', body: HDND },
    step: { stage: 'consultation', round: 1, label: { vi: 'Góp ý dự thảo lần 1', en: 'Comments on draft 1' } },
    deadline: {
      lastDay: '2022-09-16',
      at: '2022-09-16T17:00:00.000Z',
      uid: 'deadline-consultation-1@regulations.local',
      sequence: 0,
    },
    document: {
      version: 'v1',
      link: 'https://portal.example.vn/regulations/long-an-hdnd-tand-2022/drafts/v1.pdf',
      sha256: 'ab'.repeat(32),
    },
    answer: {
      link: 'https://portal.example.vn/regulations/long-an-hdnd-tand-2022/comments?body=hdnd',
      instructions: {
        vi: 'Hoặc chạy lệnh: regulation comment --body hdnd',
        en: 'Or run: regulation comment --body hdnd',
      },
    },
    ...overrides,
  };
}

/** The properties of the single VEVENT in an .ics text, with folded lines joined (RFC 5545 §3.1). */
function parseIcs(ics: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const line of ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)) {
    const m = /^([A-Z-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    if (m?.[1] && m[3] !== undefined) props[m[1] + (m[2] ?? '')] = m[3];
  }
  return props;
}

function invite(m: ReceivedMail): Record<string, string> {
  const ics = m.attachments.find((a) => a.filename === 'invite.ics');
  if (!ics) throw new Error(`no invite.ics in "${m.subject}"`);
  return parseIcs(ics.content.toString('utf8'));
}

const to = (email: string) => (m: ReceivedMail) => m.to.includes(email);

describe('mailer against a real SMTP server', () => {
  let sink: SmtpSink;
  let mailer: Mailer;

  beforeEach(async () => {
    sink = await SmtpSink.start({ rejectRecipients: (a) => a.startsWith('khongton@') });
    mailer = createMailer({ smtpUrl: sink.url, from: FROM, ledger: new MemorySendLedger() });
  });
  afterEach(async () => {
    mailer.close();
    await sink.stop();
  });

  it('sends a Vietnamese feedback request with the weekday deadline, links, text and HTML', async () => {
    const result = await mailer.send(feedbackRequest());
    expect(result).toEqual({ sent: ['nhieu@hdnd.example.vn'], alreadySent: [], skipped: [] });

    const [m] = await sink.waitFor(to('nhieu@hdnd.example.vn'));
    if (!m) throw new Error('unreachable');
    expect(m.subject).toBe('[long-an-hdnd-tand-2022] Đề nghị góp ý — Góp ý dự thảo lần 1 — hạn 16/09/2022');
    expect(m.from).toBe('vanphong@longan.example.vn');
    expect(m.cc).toEqual(['vp@hdnd.example.vn']);
    expect(m.messageId).toMatch(/^<[0-9a-f]{32}@regulations\.local>$/);
    expect(m.headers['auto-submitted']).toBe('auto-generated');
    for (const body of [m.text, m.html]) {
      expect(body).toContain('Kính gửi: Ông Mai Văn Nhiều');
      expect(body).toContain('Quy chế phối hợp giữa Đảng đoàn HĐND tỉnh và Ban Cán sự Đảng Tòa án nhân dân tỉnh');
      expect(body).toContain('24:00 Thứ Sáu, 16/09/2022');
      expect(body).toContain('https://portal.example.vn/regulations/long-an-hdnd-tand-2022/drafts/v1.pdf');
      expect(body).toContain('Cách trả lời');
      expect(body).toContain('regulation comment --body hdnd');
    }
    expect(m.text).toContain(
      'Gửi ý kiến góp ý tại: https://portal.example.vn/regulations/long-an-hdnd-tand-2022/comments?body=hdnd',
    );
    expect(m.html).toContain(
      '<a href="https://portal.example.vn/regulations/long-an-hdnd-tand-2022/comments?body=hdnd"',
    );
    expect(m.html).not.toMatch(/<(script|img|link)\b/);
  });

  it('sends the same request in English', async () => {
    await mailer.send(feedbackRequest({ locale: 'en' }));
    const [m] = await sink.waitFor(to('nhieu@hdnd.example.vn'));
    if (!m) throw new Error('unreachable');
    expect(m.subject).toBe('[long-an-hdnd-tand-2022] Request for comments — Comments on draft 1 — due 16 Sep 2022');
    for (const body of [m.text, m.html]) {
      expect(body).toContain('Dear Ông Mai Văn Nhiều');
      expect(body).toContain('24:00 (end of day) on Friday, 16 September 2022, Vietnam time');
      expect(body).toContain('How to answer');
      expect(body).toContain('https://portal.example.vn/regulations/long-an-hdnd-tand-2022/drafts/v1.pdf');
    }
    expect(m.html).toContain('Party Delegation of the Provincial People’s Council');
  });

  it('attaches a calendar entry whose UID stays and SEQUENCE grows when the deadline moves', async () => {
    await mailer.send(feedbackRequest());
    const [first] = await sink.waitFor((m) => m.headers['x-mail-kind'] === 'feedback-request');
    if (!first) throw new Error('unreachable');
    const a = invite(first);
    expect(a).toMatchObject({
      METHOD: 'REQUEST',
      UID: 'deadline-consultation-1@regulations.local',
      SEQUENCE: '0',
      'DTSTART;VALUE=DATE': '20220916',
      SUMMARY: 'Hạn: Góp ý dự thảo lần 1',
    });

    await mailer.send(
      feedbackRequest({
        kind: 'deadline-extended',
        deadline: {
          lastDay: '2022-09-23',
          at: '2022-09-23T17:00:00.000Z',
          uid: 'deadline-consultation-1@regulations.local',
          sequence: 1,
        },
        summary: [
          {
            vi: 'Theo đề nghị của Đảng đoàn HĐND tỉnh (Công văn số 123/CV-HĐND).',
            en: 'At the request of the Party Delegation (letter 123/CV-HĐND).',
          },
        ],
      }),
    );
    const [moved] = await sink.waitFor((m) => m.headers['x-mail-kind'] === 'deadline-extended');
    if (!moved) throw new Error('unreachable');
    expect(moved.subject).toBe('[long-an-hdnd-tand-2022] Gia hạn — Góp ý dự thảo lần 1 — hạn mới 23/09/2022');
    expect(moved.text).toContain('đã được gia hạn đến 24:00 Thứ Sáu, 23/09/2022');
    expect(moved.text).toContain('Công văn số 123/CV-HĐND');
    expect(invite(moved)).toMatchObject({ UID: a.UID, SEQUENCE: '1', 'DTSTART;VALUE=DATE': '20220923' });
  });

  it('does not send again when the activity retries the same request', async () => {
    const req = feedbackRequest();
    await mailer.send(req);
    const retry = await mailer.send(req);
    expect(retry).toEqual({ sent: [], alreadySent: ['nhieu@hdnd.example.vn'], skipped: [] });
    // send() resolves only after the server answered 250, and the sink stores a message before
    // answering, so the count is final here without waiting.
    expect(sink.messages.filter(to('nhieu@hdnd.example.vn'))).toHaveLength(1);
  });

  it('FileSendLedger remembers sends across worker restarts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'send-ledger-'));
    try {
      const req = feedbackRequest({ kind: 'reminder', slot: '3 working days' });
      const before = createMailer({ smtpUrl: sink.url, from: FROM, ledger: new FileSendLedger(dir) });
      try {
        expect((await before.send(req)).sent).toEqual(['nhieu@hdnd.example.vn']);
      } finally {
        before.close();
      }
      const after = createMailer({ smtpUrl: sink.url, from: FROM, ledger: new FileSendLedger(dir) });
      try {
        expect(await after.send(req)).toEqual({ sent: [], alreadySent: ['nhieu@hdnd.example.vn'], skipped: [] });
        // The next reminder slot is a different message and does go out.
        expect((await after.send({ ...req, slot: '1 working day' })).sent).toEqual(['nhieu@hdnd.example.vn']);
      } finally {
        after.close();
      }
      const reminders = sink.messages.filter((m) => m.headers['x-mail-kind'] === 'reminder');
      expect(reminders.map((m) => m.text.split('\n\n')[1])).toEqual([
        'Nhắc hạn: còn 3 ngày làm việc.',
        'Nhắc hạn: còn 1 ngày làm việc.',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('skips recipients for whom the mail is no longer relevant', async () => {
    const req = feedbackRequest({
      kind: 'reminder',
      slot: '1 working day',
      to: [
        { name: 'Ông Mai Văn Nhiều', email: 'nhieu@hdnd.example.vn' },
        { name: 'Ông Lê Quốc Dũng', email: 'dung@tand.example.vn' },
      ],
      cc: [],
    });
    // The court answered a minute ago: only the council is reminded.
    const result = await mailer.send(req, { isStillRelevant: async (r) => r.email !== 'dung@tand.example.vn' });
    expect(result).toEqual({ sent: ['nhieu@hdnd.example.vn'], alreadySent: [], skipped: ['dung@tand.example.vn'] });
    await sink.waitFor(to('nhieu@hdnd.example.vn'));
    expect(sink.messages.filter(to('dung@tand.example.vn'))).toEqual([]);
  });

  it('reports a 550-rejected recipient as MailRejectedError after delivering to the others', async () => {
    const req = feedbackRequest({
      to: [
        { name: 'Ông Mai Văn Nhiều', email: 'nhieu@hdnd.example.vn' },
        { name: 'Địa chỉ sai', email: 'khongton@tand.example.vn' },
        { name: 'Ông Lê Quốc Dũng', email: 'dung@tand.example.vn' },
      ],
      cc: [],
    });
    const err = await mailer.send(req).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MailRejectedError);
    const rejected = err as MailRejectedError;
    expect(rejected.recipient).toBe('khongton@tand.example.vn');
    expect(rejected.response).toMatch(/^550 5\.1\.1/);
    expect(rejected.result?.sent.sort()).toEqual(['dung@tand.example.vn', 'nhieu@hdnd.example.vn']);
    await sink.waitFor((m) => m.to.includes('nhieu@hdnd.example.vn') || m.to.includes('dung@tand.example.vn'), {
      count: 2,
    });

    // A retry of the activity (if the wrapper ever allowed one) re-sends nothing to the others.
    await expect(mailer.send(req)).rejects.toMatchObject({
      name: 'MailRejectedError',
      result: { sent: [], alreadySent: ['nhieu@hdnd.example.vn', 'dung@tand.example.vn'] },
    });
    expect(sink.messages).toHaveLength(2);
  });

  it('fails retryably while the SMTP server is down and delivers exactly once after it is back', async () => {
    // A first mail leaves a pooled connection open, as on a busy worker.
    await mailer.send(feedbackRequest());
    const reminder = feedbackRequest({ kind: 'reminder', slot: '3 working days' });

    await sink.stop();
    const err = await mailer.send(reminder).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MailTransientError);
    expect(err).not.toBeInstanceOf(MailRejectedError);

    await sink.restart();
    // Temporal's retry: the same request through the same mailer and ledger.
    expect((await mailer.send(reminder)).sent).toEqual(['nhieu@hdnd.example.vn']);
    expect((await mailer.send(reminder)).alreadySent).toEqual(['nhieu@hdnd.example.vn']);
    const [m] = await sink.waitFor((x) => x.headers['x-mail-kind'] === 'reminder');
    expect(m?.subject).toBe('[long-an-hdnd-tand-2022] Nhắc hạn — Góp ý dự thảo lần 1 — hạn 16/09/2022');
    expect(sink.messages.filter((x) => x.headers['x-mail-kind'] === 'reminder')).toHaveLength(1);
  });

  it('sends a digest of reminders once, in English when most are, and a lone leftover as the ordinary reminder', async () => {
    const nhieu = { name: 'Ông Mai Văn Nhiều', email: 'nhieu@hdnd.example.vn' };
    const reminder = (lifecycleId: string, lastDay: string, locale: 'vi' | 'en') =>
      feedbackRequest({
        kind: 'reminder',
        slot: '3 working days',
        lifecycleId,
        locale,
        cc: undefined,
        deadline: { lastDay, at: `${lastDay}T17:00:00.000Z`, uid: `${lifecycleId}@regulations.local`, sequence: 0 },
      });
    const later = reminder('quy-che-b', '2022-09-20', 'en');
    const sooner = reminder('quy-che-a', '2022-09-16', 'en');
    const third = reminder('quy-che-c', '2022-09-30', 'vi');
    const first = await mailer.sendDigest([later, sooner, third], nhieu);
    // Earliest deadline first, whatever order they came in.
    expect(first.sent.map((r) => r.lifecycleId)).toEqual(['quy-che-a', 'quy-che-b', 'quy-che-c']);
    const [digest] = await sink.waitFor(to('nhieu@hdnd.example.vn'));
    expect(digest!.headers['x-mail-kind']).toBe('reminder-digest');
    expect(digest!.subject).toBe('[Reminder] 3 items awaiting an answer — earliest due 16 Sep 2022');
    expect(digest!.text).toContain('Dear Ông Mai Văn Nhiều,');
    expect(digest!.text.indexOf('quy-che-a / consultation/round-1')).toBeLessThan(
      digest!.text.indexOf('quy-che-b / consultation/round-1'),
    );
    expect(digest!.text).toContain('24:00 (end of day) on Friday, 16 September 2022');
    expect(digest!.html).toContain(
      '<a href="https://portal.example.vn/regulations/long-an-hdnd-tand-2022/comments?body=hdnd"',
    );

    // Asked again (a retry): nothing is sent; with one new reminder, that one goes out on its own.
    const fourth = reminder('quy-che-d', '2022-10-05', 'vi');
    const again = await mailer.sendDigest([sooner, later, third, fourth], nhieu);
    expect(again.alreadySent.map((r) => r.lifecycleId)).toEqual(['quy-che-a', 'quy-che-b', 'quy-che-c']);
    expect(again.sent.map((r) => r.lifecycleId)).toEqual(['quy-che-d']);
    const [single] = await sink.waitFor(
      (m) => m.to.includes('nhieu@hdnd.example.vn') && m.headers['x-mail-kind'] === 'reminder',
    );
    expect(single!.headers['x-lifecycle-id']).toBe('quy-che-d');
    expect(sink.messages).toHaveLength(2);
  });

  it('refuses a digest to a rejected address with MailRejectedError and records nothing', async () => {
    const bad = { name: 'Không tồn tại', email: 'khongton@hdnd.example.vn' };
    const items = ['a', 'b'].map((id) =>
      feedbackRequest({ kind: 'reminder', slot: '1 working day', lifecycleId: id, cc: undefined }),
    );
    await expect(mailer.sendDigest(items, bad)).rejects.toMatchObject({
      name: 'MailRejectedError',
      recipient: 'khongton@hdnd.example.vn',
    });
    await expect(mailer.sendDigest(items, bad)).rejects.toBeInstanceOf(MailRejectedError);
    expect(sink.messages).toEqual([]);
  });

  it('never puts SMTP credentials in its errors', async () => {
    const withCredentials = createMailer({
      smtpUrl: `smtp://secretariat:s3cr3t-pass@127.0.0.1:${sink.port}`,
      from: FROM,
      ledger: new MemorySendLedger(),
    });
    await sink.stop();
    try {
      const err = await withCredentials.send(feedbackRequest()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MailTransientError);
      expect((err as MailTransientError).code).toBe('ECONNREFUSED');
      expect((err as Error).message).toContain(`smtp://127.0.0.1:${sink.port}`);
      expect((err as Error).message).not.toContain('s3cr3t');
      expect((err as Error).message).not.toContain('secretariat:');
    } finally {
      withCredentials.close();
    }
  });
});
