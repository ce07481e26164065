/**
 * A local mail inbox with a web view (maildev), so that reminders sent by the local stack can be
 * read in a browser. maildev's programmatic API is a process-wide singleton that installs its own
 * SIGINT handler calling process.exit, so we run its bin as a child process instead.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { answers200, freePort, spawnService, waitUntilReady } from './child-service';

export interface MailInboxOptions {
  /** SMTP port; default 1025, 0 picks a free port. */
  smtpPort?: number;
  /** Web inbox port; default 1080, 0 picks a free port. */
  webPort?: number;
  /** Where messages are kept (survive a restart); omit for a temporary directory removed on stop. */
  mailDirectory?: string;
  log?: (line: string) => void;
}

export interface MailInbox {
  smtpUrl: string;
  webUrl: string;
  stop(): Promise<void>;
}

const MAILDEV_BIN = path.join(path.dirname(require.resolve('maildev/package.json')), 'bin', 'maildev');

/** Starts maildev on 127.0.0.1 and resolves once both SMTP and the web inbox answer. */
export async function startMailInbox(opts: MailInboxOptions = {}): Promise<MailInbox> {
  const smtpPort = await choosePort(opts.smtpPort, 1025);
  const webPort = await choosePort(opts.webPort, 1080);
  const tempDir = opts.mailDirectory ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'regulations-inbox-'));
  const mailDirectory = opts.mailDirectory ?? tempDir ?? '';
  fs.mkdirSync(mailDirectory, { recursive: true });
  const webUrl = `http://127.0.0.1:${webPort}`;
  const removeTemp = (): void => {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  };

  const inbox = spawnService(
    'Mail inbox (maildev)',
    process.execPath,
    [
      MAILDEV_BIN,
      '--ip',
      '127.0.0.1',
      '--smtp',
      String(smtpPort),
      '--web',
      String(webPort),
      '--mail-directory',
      mailDirectory,
    ],
    { log: opts.log },
  );
  try {
    await waitUntilReady(inbox, `SMTP answered on port ${smtpPort}`, () => smtpGreets(smtpPort), 30_000);
    await waitUntilReady(inbox, `the inbox answered at ${webUrl}`, () => answers200(`${webUrl}/healthz`), 30_000);
  } catch (err) {
    await inbox.stop();
    removeTemp();
    throw err;
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl,
    async stop() {
      await inbox.stop();
      removeTemp();
    },
  };
}

async function choosePort(requested: number | undefined, fallback: number): Promise<number> {
  // maildev treats 0 as "use the default", so pick a free port ourselves.
  return requested === 0 ? freePort() : (requested ?? fallback);
}

/** True once the SMTP server sends its 220 greeting. */
function smtpGreets(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(2000, () => socket.destroy(new Error('no SMTP greeting')));
    socket.once('error', reject);
    socket.once('data', (data) => {
      socket.end('QUIT\r\n');
      resolve(data.toString().startsWith('220'));
    });
  });
}
