import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { calendarFor } from '../../activities/mail/ics';
import { FileSendLedger, keyHash, ledgerKey } from '../../activities/mail/ledger';
import { redactUrl } from '../../activities/mail/mailer';
import { renderMail } from '../../activities/mail/templates';
import type { MailRequest } from '../../domain/mail';

const HDND = {
  id: 'hdnd',
  name: { vi: 'Đảng đoàn HĐND tỉnh', en: 'Party Delegation of the Provincial People’s Council' },
};
const TAND = {
  id: 'tand',
  name: { vi: 'Ban Cán sự Đảng TAND tỉnh', en: 'Party Affairs Committee of the Provincial People’s Court' },
};
const LEADER = { name: 'Ông Mai Văn Nhiều', email: 'nhieu@hdnd.example.vn' };

function base(overrides: Partial<MailRequest>): MailRequest {
  return {
    kind: 'stage-notice',
    lifecycleId: 'lifecycle-long-an-2022',
    stepKey: 'consultation/round-1',
    locale: 'vi',
    to: [LEADER],
    regulation: {
      id: 'long-an-hdnd-tand-2022',
      title: { vi: 'Quy chế phối hợp HĐND – TAND tỉnh', en: 'Council–Court coordination regulation' },
    },
    audience: { role: 'leaders' },
    step: { stage: 'consultation', round: 1, label: { vi: 'Góp ý dự thảo lần 1', en: 'Comments on draft 1' } },
    deadline: {
      lastDay: '2022-09-16',
      at: '2022-09-16T17:00:00.000Z',
      uid: 'deadline-1@regulations.local',
      sequence: 0,
    },
    ...overrides,
  };
}

describe('renderMail', () => {
  it("escalation about the secretariat's own late step names the secretariat, not the reader's body", () => {
    const drafting = {
      stage: 'drafting' as const,
      label: { vi: 'Soạn thảo dự thảo quy chế', en: 'Drafting the regulation' },
    };
    const toLeaders = renderMail(
      base({
        kind: 'escalation',
        slot: 'escalation-1',
        step: drafting,
        audience: { role: 'leaders', body: HDND },
        pendingBodies: [],
      }),
      LEADER,
    );
    expect(toLeaders.subject).toBe(
      '[long-an-hdnd-tand-2022] Quá hạn — Soạn thảo dự thảo quy chế — Văn phòng giúp việc',
    );
    expect(toLeaders.text).toContain('nhưng Văn phòng giúp việc chưa hoàn thành việc này (chưa có dự thảo).');
    expect(toLeaders.text).not.toContain('Cơ quan chưa');
    expect(toLeaders.text).not.toContain(HDND.name.vi);
    const named = {
      name: {
        vi: 'Văn phòng giúp việc (Văn phòng HĐND tỉnh; Văn phòng TAND tỉnh)',
        en: "Joint secretariat (Office of the People's Council; Office of the Court)",
      },
    };
    const toSecretariat = renderMail(
      base({
        kind: 'escalation',
        slot: 'escalation-1',
        step: drafting,
        locale: 'en',
        audience: { role: 'secretariat' },
        secretariat: named,
      }),
      LEADER,
    );
    // The subject and sentences use the name without its explanation in brackets; the signature the whole name.
    expect(toSecretariat.subject).toBe(
      '[long-an-hdnd-tand-2022] Overdue — Drafting the regulation — Joint secretariat',
    );
    expect(toSecretariat.text).toContain('and the Joint secretariat has not yet done it (no draft yet).');
    expect(toSecretariat.text).toContain(
      "\n\nJoint secretariat (Office of the People's Council; Office of the Court)\n\n(Automatic message; reference:",
    );
  });

  it('escalation with its own explanation (every round used) says that, and lists no body as silent', () => {
    const m = renderMail(
      base({
        kind: 'escalation',
        audience: { role: 'leaders', body: HDND },
        step: {
          stage: 'revision',
          label: { vi: 'Đã hết 3 vòng góp ý mà chưa thống nhất', en: '3 consultation rounds used without agreement' },
        },
        summary: [
          {
            vi: 'Lãnh đạo cần quyết định cho thêm một vòng góp ý (gia hạn "rounds").',
            en: 'The leaders must grant another round (extend deadline "rounds").',
          },
        ],
        deadline: undefined,
      }),
      LEADER,
    );
    expect(m.text).toContain('Lãnh đạo cần quyết định cho thêm một vòng góp ý');
    expect(m.text).not.toContain('Cơ quan chưa có ý kiến');
  });

  it('escalation names the late bodies in the subject and lists them, without a calendar entry', () => {
    const req = base({
      kind: 'escalation',
      slot: 'escalation-1',
      audience: { role: 'leaders', body: TAND },
      pendingBodies: [TAND.name],
    });
    const m = renderMail(req, LEADER);
    expect(m.subject).toBe('[long-an-hdnd-tand-2022] Quá hạn — Góp ý dự thảo lần 1 — Ban Cán sự Đảng TAND tỉnh');
    expect(m.text).toContain('Cơ quan chưa gửi ý kiến góp ý:\n  - Ban Cán sự Đảng TAND tỉnh');
    expect(m.text).toContain('24:00 Thứ Sáu, 16/09/2022');
    expect(m.html).toContain('<li>Ban Cán sự Đảng TAND tỉnh</li>');
    expect(calendarFor(req)).toBeUndefined();

    const en = renderMail({ ...req, locale: 'en' }, LEADER);
    expect(en.subject).toBe(
      '[long-an-hdnd-tand-2022] Overdue — Comments on draft 1 — Party Affairs Committee of the Provincial People’s Court',
    );
    expect(en.text).toContain('No comments yet from:\n  - Party Affairs Committee of the Provincial People’s Court');
  });

  it('comment table lists every comment grouped by body and area, HTML-escaped', () => {
    const area = (id: string, vi: string) => ({ id, title: { vi, en: id } });
    const req = base({
      kind: 'comment-table',
      stepKey: 'revision/round-1',
      deadline: undefined,
      document: { version: 'v2', link: 'https://portal.example.vn/v2.pdf' },
      comments: [
        {
          body: TAND,
          decision: 'request-changes',
          reference: '45/TAND-VP',
          area: area('a4', 'Công tác cán bộ, Hội thẩm nhân dân'),
          text: 'Bổ sung quy trình giới thiệu <Hội thẩm> & cán bộ.',
        },
        { body: HDND, decision: 'agree', area: area('a1', 'Chỉ thị 26-CT/TW'), text: 'Thống nhất.' },
        { body: TAND, decision: 'agree', area: area('a2', 'Giám sát hoạt động xét xử'), text: 'Thống nhất.' },
      ],
    });
    const m = renderMail(req, LEADER);
    expect(m.subject).toBe('[long-an-hdnd-tand-2022] Bảng tổng hợp ý kiến — Góp ý dự thảo lần 1');
    const rows = m.text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(rows).toEqual([
      '1. Cơ quan: Ban Cán sự Đảng TAND tỉnh | Nội dung phối hợp: Giám sát hoạt động xét xử | Ý kiến: Nhất trí | Nội dung góp ý: Thống nhất.',
      '2. Cơ quan: Ban Cán sự Đảng TAND tỉnh | Nội dung phối hợp: Công tác cán bộ, Hội thẩm nhân dân | Ý kiến: Đề nghị chỉnh sửa | Số công văn: 45/TAND-VP | Nội dung góp ý: Bổ sung quy trình giới thiệu <Hội thẩm> & cán bộ.',
      '3. Cơ quan: Đảng đoàn HĐND tỉnh | Nội dung phối hợp: Chỉ thị 26-CT/TW | Ý kiến: Nhất trí | Nội dung góp ý: Thống nhất.',
    ]);
    expect(m.html).toContain(
      '<td style="border:1px solid #c8c8c8;padding:4px 8px;text-align:left;vertical-align:top">Bổ sung quy trình giới thiệu &lt;Hội thẩm&gt; &amp; cán bộ.</td>',
    );
    expect(m.html.match(/<tr>/g)).toHaveLength(4 + 3); // header + 3 comments, then regulation, step and document facts
  });

  it('reminder on the due day says so, and a non-web link is not clickable', () => {
    const req = base({
      kind: 'reminder',
      slot: 'due day',
      audience: { role: 'body', body: HDND },
      answer: { link: 'javascript:alert(1)' },
    });
    const m = renderMail(req, LEADER);
    expect(m.text).toContain('Nhắc hạn: hôm nay là ngày cuối của thời hạn.');
    expect(m.html).not.toContain('href="javascript');
    expect(renderMail({ ...req, locale: 'en', slot: '7 working days' }, LEADER).text).toContain(
      'Reminder: 7 working days left.',
    );
  });

  it('review meeting invitation shows local time and carries a timed calendar event', () => {
    const req = base({
      kind: 'review-meeting-invitation',
      stepKey: 'review-1/meeting',
      step: { stage: 'review', review: 1, label: { vi: 'Sơ kết 1 năm thực hiện quy chế', en: 'First-year review' } },
      deadline: undefined,
      meeting: {
        at: '2023-09-20T01:30:00.000Z',
        place: 'Hội trường HĐND tỉnh',
        uid: 'review-1-meeting@regulations.local',
        sequence: 2,
      },
    });
    const m = renderMail(req, LEADER);
    expect(m.subject).toBe('[long-an-hdnd-tand-2022] Giấy mời họp — Sơ kết 1 năm thực hiện quy chế — họp 20/09/2023');
    expect(m.text).toContain('vào lúc 08:30, Thứ Tư, 20/09/2023 (giờ Việt Nam) tại Hội trường HĐND tỉnh');
    const ics = calendarFor(req) ?? '';
    expect(ics).toMatch(/^UID:review-1-meeting@regulations\.local\r$/m);
    expect(ics).toMatch(/^SEQUENCE:2\r$/m);
    expect(ics).toMatch(/^DTSTART:20230920T013000Z\r$/m);
    expect(ics).toMatch(/^DTEND:20230920T023000Z\r$/m);
    expect(ics).toMatch(/^LOCATION:Hội trường HĐND tỉnh\r$/m);
  });

  it('review outcome, closing summary, exchange and delivery failure read naturally in both languages', () => {
    const outcome = base({
      kind: 'review-outcome',
      deadline: undefined,
      step: { stage: 'review', review: 1, label: { vi: 'Sơ kết năm 2023', en: '2023 review' } },
      outcome: { decision: 'amend', notes: 'Bổ sung nội dung về tiếp công dân.' },
    });
    expect(renderMail(outcome, LEADER).text).toContain(
      'Hội nghị "Sơ kết năm 2023" Quy chế phối hợp HĐND – TAND tỉnh đã thống nhất: sửa đổi, bổ sung Quy chế.',
    );
    expect(renderMail({ ...outcome, locale: 'en' }, LEADER).text).toContain('decided to amend the regulation.');

    const failure = base({
      kind: 'delivery-failure',
      audience: { role: 'secretariat' },
      failure: { recipient: 'khongton@tand.example.vn', reason: '550 5.1.1 User unknown', kind: 'reminder' },
    });
    const f = renderMail(failure, LEADER);
    expect(f.subject).toBe(
      '[long-an-hdnd-tand-2022] Không gửi được thư — Góp ý dự thảo lần 1 — khongton@tand.example.vn',
    );
    expect(f.text).toContain('Máy chủ thư trả lời: 550 5.1.1 User unknown');

    const closing = base({
      kind: 'closing-summary',
      deadline: undefined,
      step: { stage: 'closed', label: { vi: 'Tổng kết nhiệm kỳ 2021–2026', en: 'End-of-term review 2021–2026' } },
      summary: [{ vi: 'Ký kết ngày 30/09/2022.', en: 'Signed on 30 Sep 2022.' }],
    });
    expect(renderMail({ ...closing, locale: 'en' }, LEADER).text).toContain('Summary:\n  - Signed on 30 Sep 2022.');

    const exchange = base({
      kind: 'information-exchange',
      deadline: undefined,
      audience: { role: 'everyone', body: TAND },
      exchange: {
        from: TAND.name,
        to: [HDND.name],
        subject: 'Báo cáo công tác xét xử 6 tháng',
        summary: 'Số vụ án đã giải quyết.',
        link: 'https://portal.example.vn/x/1',
      },
    });
    const x = renderMail(exchange, LEADER);
    expect(x.subject).toBe(
      '[long-an-hdnd-tand-2022] Trao đổi thông tin — Góp ý dự thảo lần 1 — Ban Cán sự Đảng TAND tỉnh',
    );
    expect(x.text).toContain('Ban Cán sự Đảng TAND tỉnh gửi Đảng đoàn HĐND tỉnh.');
    expect(x.html).toContain('<a href="https://portal.example.vn/x/1"');
  });
});

describe('send ledger', () => {
  it('keys on lifecycle, step, deadline day, slot, kind and the recipient regardless of case', () => {
    const req = base({ kind: 'reminder', slot: '3 working days' });
    const key = ledgerKey(req, 'Nhieu@HDND.example.vn');
    expect(key).toBe(ledgerKey(req, 'nhieu@hdnd.example.vn'));
    expect(key).not.toBe(ledgerKey({ ...req, slot: '1 working day' }, 'nhieu@hdnd.example.vn'));
    expect(key).not.toBe(
      ledgerKey(
        {
          ...req,
          deadline: {
            lastDay: '2022-09-23',
            at: '2022-09-23T17:00:00.000Z',
            uid: 'deadline-1@regulations.local',
            sequence: 1,
          },
        },
        'nhieu@hdnd.example.vn',
      ),
    );
    expect(key).not.toBe(ledgerKey({ ...req, stepKey: 'consultation/round-2' }, 'nhieu@hdnd.example.vn'));
  });

  it('names the body in requests of key version 2, and keeps the old key for requests scheduled before it', () => {
    const of = (body: string, ledgerKeyVersion?: 2) =>
      ledgerKey(
        {
          ...base({ kind: 'feedback-request' }),
          audience: { role: 'body', body: { id: body, name: { vi: body, en: body } } },
          ...(ledgerKeyVersion ? { ledgerKey: ledgerKeyVersion } : {}),
        },
        'chung@example.vn',
      );
    expect(of('hdnd', 2)).not.toBe(of('tand', 2));
    expect(of('hdnd')).toBe(of('tand'));
    expect(JSON.parse(of('hdnd'))).toHaveLength(6);
    // The secretariat's messages have no body: their key is the same in both versions.
    const sec = { ...base({ kind: 'comment-table' }), audience: { role: 'secretariat' as const } };
    expect(ledgerKey({ ...sec, ledgerKey: 2 }, 'thuky@example.vn')).toBe(ledgerKey(sec, 'thuky@example.vn'));
  });

  it('FileSendLedger writes one JSON file per key, named by its sha256, and no temp files remain', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'send-ledger-'));
    try {
      const key = ledgerKey(base({ kind: 'reminder' }), 'nhieu@hdnd.example.vn');
      await new FileSendLedger(path.join(dir, 'nested')).record(key, {
        messageId: '<x@regulations.local>',
        sentAt: '2022-09-13T01:00:00.000Z',
      });
      expect(await readdir(path.join(dir, 'nested'))).toEqual([`${keyHash(key)}.json`]);
      const stored = JSON.parse(await readFile(path.join(dir, 'nested', `${keyHash(key)}.json`), 'utf8')) as unknown;
      expect(stored).toEqual({ key, messageId: '<x@regulations.local>', sentAt: '2022-09-13T01:00:00.000Z' });
      expect(await new FileSendLedger(path.join(dir, 'nested')).has(key)).toBe(true);
      expect(await new FileSendLedger(path.join(dir, 'other')).has(key)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('redactUrl', () => {
  it('drops user and password from SMTP URLs', () => {
    expect(redactUrl('smtps://vanphong%40longan.gov.vn:p%40ss@mail.longan.gov.vn:465')).toBe(
      'smtps://mail.longan.gov.vn:465',
    );
    expect(redactUrl('smtp://127.0.0.1:2525')).toBe('smtp://127.0.0.1:2525');
    expect(redactUrl('not a url with secret')).toBe('<invalid SMTP URL>');
  });
});
