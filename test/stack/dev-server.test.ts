/**
 * The local stack that `npm start` runs: a persisted Temporal dev server with the project's
 * search attributes and Web UI, and the mail inbox. Real processes on free ports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import nodemailer from 'nodemailer';
import type { DevServer } from '../../scripts/dev-server';
import { startDevServer } from '../../scripts/dev-server';
import type { MailInbox } from '../../scripts/mail-inbox';
import { startMailInbox } from '../../scripts/mail-inbox';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { startTestDevServer } from '../support/temporal';

const EXPECTED_TYPES = { Keyword: 'KEYWORD', Datetime: 'DATETIME', KeywordList: 'KEYWORD_LIST', Text: 'TEXT' } as const;

async function withClient<T>(
  server: DevServer,
  fn: (client: Client, connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await Connection.connect({ address: server.address });
  try {
    return await fn(new Client({ connection, namespace: server.namespace }), connection);
  } finally {
    await connection.close();
  }
}

/** Polls `read` until `done` accepts its value or the deadline passes; returns the last value. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Visibility is eventually consistent: wait until the list query shows the workflow. */
async function listedIds(client: Client, workflowId: string): Promise<string[]> {
  return eventually(
    async () => {
      const ids: string[] = [];
      for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) ids.push(wf.workflowId);
      return ids;
    },
    (ids) => ids.length > 0,
  );
}

describe('local stack', () => {
  let dir: string;
  let server: DevServer | undefined;
  let inbox: MailInbox | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulations-stack-'));
  });

  afterEach(async () => {
    await server?.stop();
    await inbox?.stop();
    server = undefined;
    inbox = undefined;
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('dev server registers the search attributes, serves the UI, and keeps workflows across a restart', async () => {
    const dbFile = path.join(dir, 'dev-server.db');
    const workflowId = `persisted-${Date.now()}`;

    server = await startTestDevServer({ dbFile });
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    await withClient(server, async (client, connection) => {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: server!.namespace,
      });
      for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
        expect({ name, type: customAttributes?.[name] }).toEqual({
          name,
          type: encodeSearchAttributeIndexedValueType(EXPECTED_TYPES[type]),
        });
      }
      // No worker polls this queue and the type is not registered anywhere: the workflow just waits.
      await client.workflow.start('notRegisteredAnywhere', { taskQueue: 'no-worker-here', workflowId });
      expect(await listedIds(client, workflowId)).toEqual([workflowId]);
    });
    const ui = await fetch(server.uiUrl);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<html');

    const firstUi = server.uiUrl;
    await server.stop();
    server = undefined;
    await expect(fetch(firstUi)).rejects.toThrow();

    // Same db file again: the attributes are already registered, which must not stop the start.
    server = await startTestDevServer({ dbFile });
    await withClient(server, async (client, connection) => {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: server!.namespace,
      });
      expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)));
      const description = await client.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('RUNNING');
      expect(await listedIds(client, workflowId)).toEqual([workflowId]);
    });
    expect((await fetch(server.uiUrl)).status).toBe(200);
  });

  it('an in-memory dev server starts without a db file', async () => {
    server = await startTestDevServer();
    await withClient(server, async (client) => {
      const workflowId = `in-memory-${Date.now()}`;
      await client.workflow.start('notRegisteredAnywhere', { taskQueue: 'no-worker-here', workflowId });
      expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    });
  });

  it('mail inbox accepts SMTP and shows the message in its web inbox', async () => {
    inbox = await startMailInbox({ smtpPort: 0, webPort: 0 });
    const page = await fetch(inbox.webUrl);
    expect(page.status).toBe(200);

    const transport = nodemailer.createTransport(inbox.smtpUrl);
    try {
      await transport.sendMail({
        from: 'secretariat@regulations.local',
        to: 'so-tu-phap@longan.example',
        subject: 'Nhắc hạn: dự thảo quy chế phối hợp',
        text: 'Hạn nộp dự thảo sắp đến.',
      });
    } finally {
      transport.close();
    }
    // maildev acknowledges the SMTP DATA first and files the parsed message a moment later.
    const emails = await eventually(
      async () =>
        (await (await fetch(`${inbox!.webUrl}/email`)).json()) as Array<{
          subject: string;
          to: Array<{ address: string }>;
        }>,
      (list) => list.length > 0,
    );
    expect(emails.map((e) => [e.subject, e.to[0]?.address])).toEqual([
      ['Nhắc hạn: dự thảo quy chế phối hợp', 'so-tu-phap@longan.example'],
    ]);
  });

  it('dev server refuses a taken port instead of talking to whoever holds it', async () => {
    server = await startTestDevServer();
    const port = Number(server.address.split(':')[1]);
    await expect(startDevServer({ port, uiPort: 0 })).rejects.toThrow(`port ${port} is already in use`);
  });

  it('dev server that exits early fails with its own last output lines', async () => {
    // A directory is not an SQLite file: the server gives up right away and says why.
    await expect(startTestDevServer({ dbFile: dir })).rejects.toThrow(
      /Temporal dev server exited \(exit code 1\)[^]*unable to open database file/,
    );
  });
});
