import nodemailer from 'nodemailer';
import { SmtpSink } from '../support/smtp-sink';

describe('SmtpSink', () => {
  let sink: SmtpSink;
  beforeEach(async () => {
    sink = await SmtpSink.start({ rejectRecipients: (a) => a.startsWith('nobody@') });
  });
  afterEach(async () => {
    await sink.stop();
  });

  it('records a message with envelope, headers and attachments', async () => {
    const transport = nodemailer.createTransport(sink.url);
    try {
      await transport.sendMail({
        from: 'Văn phòng <office@example.vn>',
        to: 'a@example.vn',
        cc: 'c@example.vn',
        subject: 'Góp ý dự thảo',
        text: 'Xin chào',
        html: '<p>Xin chào</p>',
        attachments: [{ filename: 'x.txt', content: 'hello', contentType: 'text/plain' }],
      });
    } finally {
      transport.close();
    }
    const [m] = await sink.waitFor((x) => x.subject === 'Góp ý dự thảo');
    expect(m).toMatchObject({
      to: ['a@example.vn'],
      cc: ['c@example.vn'],
      from: 'office@example.vn',
      text: 'Xin chào',
    });
    expect(m?.envelopeTo.sort()).toEqual(['a@example.vn', 'c@example.vn']);
    expect(m?.headers['subject']).toBe('Góp ý dự thảo');
    expect(m?.attachments[0]?.content.toString()).toBe('hello');
    expect(m?.html).toContain('<p>Xin chào</p>');
    expect(m?.messageId).toMatch(/^<.+>$/);
  });

  it('rejects configured recipients with 550 and times out listing what arrived', async () => {
    const transport = nodemailer.createTransport(sink.url);
    try {
      await expect(
        transport.sendMail({ from: 'o@example.vn', to: 'nobody@example.vn', subject: 's', text: 't' }),
      ).rejects.toMatchObject({ responseCode: 550 });
    } finally {
      transport.close();
    }
    await expect(sink.waitFor(() => true, { timeoutMs: 50 })).rejects.toThrow(/received 0/);
  });

  it('stops and restarts on the same port', async () => {
    const port = sink.port;
    await sink.stop();
    const transport = nodemailer.createTransport(sink.url);
    try {
      await expect(
        transport.sendMail({ from: 'o@example.vn', to: 'a@example.vn', subject: 's', text: 't' }),
      ).rejects.toMatchObject({ code: 'ESOCKET' });
      await sink.restart();
      expect(sink.port).toBe(port);
      await transport.sendMail({ from: 'o@example.vn', to: 'a@example.vn', subject: 'after', text: 't' });
    } finally {
      transport.close();
    }
    await sink.waitFor((m) => m.subject === 'after');
  });
});
