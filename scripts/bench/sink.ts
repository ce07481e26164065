/**
 * The herd's SMTP sink in a process of its own (bench only), as an operator's relay is: forked by
 * scripts/bench-herd.ts with an IPC channel. It answers `{ url }` once listening, then reports each
 * accepted message in batches as `{ mails: SinkMail[] }` (the time stamp is taken when the sink
 * answered 250, so batching delays nothing measured). Asked `{ save: path, kind }`, it writes the
 * next accepted message of that kind to `path` as JSON (the floor sends a copy of it).
 */
import fs from 'node:fs';
import { SmtpSink, type ReceivedMail } from '../../test/support/smtp-sink';

export interface SinkMail {
  lifecycleId: string;
  kind: string;
  messageId?: string;
  envelopeTo: string[];
  acceptedAtMs: number;
}

async function main(): Promise<void> {
  const sink = await SmtpSink.start();
  let save: { path: string; kind: string } | undefined;
  process.on('message', (m: { save?: string; kind?: string; stop?: boolean }) => {
    if (m.save) save = { path: m.save, kind: m.kind ?? 'reminder' };
    if (m.stop) void sink.stop().then(() => process.exit(0));
  });
  const keep = (m: ReceivedMail): void => {
    if (!save || m.headers['x-mail-kind'] !== save.kind) return;
    const copy = {
      from: m.headers.from ?? m.from,
      subject: m.subject,
      text: m.text,
      html: m.html,
      attachments: m.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content.toString('base64'),
      })),
    };
    fs.writeFileSync(save.path, JSON.stringify(copy));
    save = undefined;
    process.send?.({ saved: true });
  };
  setInterval(() => {
    if (sink.messages.length === 0) return;
    const batch = sink.messages.splice(0);
    for (const m of batch) keep(m);
    process.send?.({
      mails: batch.map((m): SinkMail => ({
        lifecycleId: m.headers['x-lifecycle-id'] ?? '',
        kind: m.headers['x-mail-kind'] ?? '',
        messageId: m.messageId,
        envelopeTo: m.envelopeTo,
        acceptedAtMs: m.acceptedAtMs,
      })),
    });
  }, 100);
  process.send?.({ url: sink.url });
  process.on('disconnect', () => process.exit(0));
}

main().catch((err: Error) => {
  console.error(`sink: ${err.message}`);
  process.exit(1);
});
