import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/** One message as the sink received it: parsed headers, bodies, attachments and the SMTP envelope. */
export interface ReceivedMail {
  to: string[];
  cc: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Header values keyed by lower-cased name (last occurrence wins): decoded text for plain headers, the raw unfolded value for structured ones. */
  headers: Record<string, string>;
  messageId?: string;
  attachments: { filename?: string; contentType: string; content: Buffer }[];
  /** RCPT TO addresses actually accepted for this message (what the server would deliver to). */
  envelopeTo: string[];
  receivedAt: Date;
  /** When the sink answered 250 to the message (epoch ms, sub-millisecond): from here on it counts as delivered. */
  acceptedAtMs: number;
  /** The name the client gave in EHLO (nodemailer's `name` option, e.g. `SMTP_URL=smtp://host:25/?name=worker-a`). */
  client: string;
}

/** Options for {@link SmtpSink.start}. */
export interface SmtpSinkOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Recipients for which RCPT TO is answered `550 5.1.1`, as a real server does for an unknown mailbox. */
  rejectRecipients?: (addr: string) => boolean;
  /** Recipients for which RCPT TO is answered `451 4.3.0` (try again later), as a server with a full queue does. */
  deferRecipients?: (addr: string) => boolean;
  /**
   * Called when a message has fully arrived, before the sink answers it. While a returned promise
   * is pending the client waits for the reply; if it disconnects meanwhile (a killed worker), the
   * message was never accepted and is not kept.
   */
  beforeAccept?: (mail: Omit<ReceivedMail, 'acceptedAtMs'>) => void | Promise<void>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list
    .flatMap((a) => a.value)
    .flatMap((v) => (v.group ?? [v]).map((g) => g.address ?? ''))
    .filter((s) => s !== '');
}

function headerRecord(parsed: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const decoded = parsed.headers.get(key.toLowerCase());
    // Plain headers (Subject, X-*) are decoded from RFC 2047 by mailparser; structured ones
    // (addresses, Content-Type) only exist as objects there, so keep their raw text.
    out[key.toLowerCase()] =
      typeof decoded === 'string'
        ? decoded
        : line
            .slice(line.indexOf(':') + 1)
            .replace(/\r?\n[ \t]+/g, ' ')
            .trim();
  }
  return out;
}

/** A real SMTP server on 127.0.0.1 for tests: records every message, can reject recipients and simulate outages. */
export class SmtpSink {
  /** Every message received since start (or the last clear), oldest first. */
  readonly messages: ReceivedMail[] = [];
  private readonly events = new EventEmitter();
  /** Ids of client sessions whose connection has closed. */
  private readonly closed = new Set<string>();
  private server: SMTPServer | undefined;

  private constructor(
    private boundPort: number,
    private readonly options: SmtpSinkOptions,
  ) {
    // Many concurrent waitFor() calls in one test are legitimate.
    this.events.setMaxListeners(0);
  }

  /** Starts a sink listening on 127.0.0.1 (a free port unless `port` is given). */
  static async start(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(opts.port ?? 0, opts);
    await sink.listen();
    return sink;
  }

  /** The port the sink listens on; stable across stop()/restart(). */
  get port(): number {
    return this.boundPort;
  }

  /** `smtp://127.0.0.1:<port>`, suitable as SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.boundPort}`;
  }

  /** Resolves with the first `count` (default 1) messages matching predicate; rejects after timeoutMs (default 10000) listing what arrived. */
  waitFor(
    predicate: (m: ReceivedMail) => boolean,
    opts: { count?: number; timeoutMs?: number } = {},
  ): Promise<ReceivedMail[]> {
    const count = opts.count ?? 1;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise<ReceivedMail[]>((resolve, reject) => {
      const check = (): boolean => {
        const matches = this.messages.filter(predicate);
        if (matches.length < count) return false;
        cleanup();
        resolve(matches.slice(0, count));
        return true;
      };
      const onMessage = (): void => {
        check();
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.messages
          .map((m) => `  - to=${m.envelopeTo.join(',')} subject=${JSON.stringify(m.subject)}`)
          .join('\n');
        reject(
          new Error(
            `SmtpSink.waitFor: expected ${count} matching message(s) within ${timeoutMs} ms, ${this.messages.filter(predicate).length} matched; received ${this.messages.length}:\n${seen || '  (none)'}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('message', onMessage);
      };
      this.events.on('message', onMessage);
      check();
    });
  }

  /** Forgets received messages (pending waitFor calls keep waiting for new ones). */
  clear(): void {
    this.messages.length = 0;
  }

  /** Closes the server and drops open (pooled) client connections, simulating an outage. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port after stop(). */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen();
  }

  /** Waits for hold; false when the client's connection closed first (or had closed already). */
  private unlessClosed(sessionId: string, hold: Promise<void>): Promise<boolean> {
    if (this.closed.has(sessionId)) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      const onClose = (): void => resolve(false);
      this.events.once(`close:${sessionId}`, onClose);
      hold.then(
        () => {
          this.events.off(`close:${sessionId}`, onClose);
          resolve(!this.closed.has(sessionId));
        },
        (err: unknown) => {
          this.events.off(`close:${sessionId}`, onClose);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  private async listen(): Promise<void> {
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // The default 30 s grace period would make stop() hang while a pooled client is connected.
      closeTimeout: 1,
      onRcptTo: (address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) => {
        if (this.options.rejectRecipients?.(address.address)) {
          const err = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), {
            responseCode: 550,
          });
          callback(err);
          return;
        }
        if (this.options.deferRecipients?.(address.address)) {
          callback(Object.assign(new Error('4.3.0 Temporary failure, try again later'), { responseCode: 451 }));
          return;
        }
        callback();
      },
      onClose: (session: SMTPServerSession) => {
        this.closed.add(session.id);
        this.events.emit(`close:${session.id}`);
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) => {
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        simpleParser(stream)
          .then(async (parsed) => {
            const mail = {
              to: addresses(parsed.to),
              cc: addresses(parsed.cc),
              from: addresses(parsed.from)[0] ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: headerRecord(parsed),
              messageId: parsed.messageId,
              attachments: parsed.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: a.content,
              })),
              envelopeTo,
              receivedAt: new Date(),
              client: session.hostNameAppearsAs,
            };
            const hold = this.options.beforeAccept?.(mail);
            if (hold && !(await this.unlessClosed(session.id, hold))) return;
            this.messages.push({ ...mail, acceptedAtMs: performance.timeOrigin + performance.now() });
            callback();
            this.events.emit('message');
          })
          .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Swallow per-connection errors (client resets during stop()) so they never crash the test process.
    server.on('error', () => undefined);
    this.boundPort = (server.server.address() as AddressInfo).port;
    this.server = server;
  }
}
