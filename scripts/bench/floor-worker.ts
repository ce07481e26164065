/**
 * The floor's worker (bench only): `node dist/scripts/bench/floor-worker.js`, compiled like the
 * product's worker, with the floor's prebuilt bundle (FLOOR_BUNDLE) on its own task queue
 * (TEMPORAL_TASK_QUEUE). Its one activity sends FLOOR_MESSAGE (a JSON copy of a product reminder:
 * subject, text, html, attachments) through a nodemailer pool set up as the product's mailer sets
 * its own (SMTP_URL, MAIL_CONNECTIONS, MAIL_RATE_LIMIT), after one acknowledged heartbeat. Worker
 * options are the product's where they apply (WORKFLOW_CACHE_SIZE; node flags from the caller).
 */
import fs from 'node:fs';
import { Context } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import nodemailer, { type Transporter } from 'nodemailer';
import { connectClient, temporalTarget } from '../../client/connection';
import { readEnv } from '../../config/env';
import { acknowledgedHeartbeat } from '../../worker/run';

interface FloorMessage {
  from: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename?: string; contentType: string; content: string }[];
}

export function floorActivities(
  transport: Transporter,
  message: FloorMessage,
  ack: (taskToken: Uint8Array, details: unknown) => Promise<void>,
) {
  return {
    async floorSend(to: string, id: string): Promise<void> {
      const ctx = Context.current();
      await ack(ctx.info.taskToken, { sending: to });
      await transport.sendMail({
        from: message.from,
        to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.content, 'base64'),
        })),
        headers: { 'X-Lifecycle-Id': id, 'X-Mail-Kind': 'floor' },
      });
    },
  };
}
export type FloorActivities = ReturnType<typeof floorActivities>;

async function main(): Promise<void> {
  const env = readEnv();
  const bundle = process.env.FLOOR_BUNDLE;
  const messageFile = process.env.FLOOR_MESSAGE;
  if (!bundle || !messageFile) throw new Error('FLOOR_BUNDLE and FLOOR_MESSAGE must name the floor bundle and message');
  const message = JSON.parse(fs.readFileSync(messageFile, 'utf8')) as FloorMessage;
  const target = temporalTarget({});
  const connection = await NativeConnection.connect({ address: target.address, tls: target.tls });
  const client = await connectClient(target);
  const transport = nodemailer.createTransport({
    url: env.smtpUrl,
    pool: true,
    maxConnections: env.mailConnections,
    rateDelta: 1000,
    rateLimit: env.mailRateLimit,
  } as never);
  const worker = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: env.taskQueue,
    workflowBundle: { codePath: bundle },
    maxCachedWorkflows: env.workflowCacheSize,
    activities: floorActivities(transport, message, acknowledgedHeartbeat(client)),
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => worker.shutdown());
  console.log(`worker: task queue ${env.taskQueue} (floor)`);
  try {
    await worker.run();
  } finally {
    transport.close();
    await client.connection.close();
    await connection.close();
  }
}

if (require.main === module)
  main().catch((err: Error) => {
    console.error(`floor worker: ${err.message}`);
    process.exit(1);
  });
