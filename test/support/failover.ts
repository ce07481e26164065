/**
 * Worker crashes while sending, for real: a Temporal dev server, an SMTP sink and several worker
 * processes (`worker/main.ts`, each with its own MAIL_LEDGER_DIR, as on separate machines) on one
 * task queue. A lifecycle logs an information exchange to a body with two contacts, so one
 * sendMail activity sends two messages, and the worker sending them is SIGKILLed at a chosen point.
 * Used by test/stack/mail-failover.test.ts and `npm run bench`, which also measures the window
 * between the SMTP server's acceptance and the record on Temporal (measureRecordWindow).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowUpdateStage } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type OutgoingMail } from '../../activities';
import { FileSendLedger, type SentMailDetails } from '../../activities/mail/ledger';
import { createMailer } from '../../activities/mail/mailer';
import type { SendResult } from '../../domain/mail';
import { loadRegulation, type Regulation } from '../../config/regulation';
import type { DevServer } from '../../scripts/dev-server';
import { acknowledgedHeartbeat, calendarLoader } from '../../worker/run';
import { logInformationExchange } from '../../workflows/definitions';
import { workflowBundle } from './lifecycle-harness';
import { SmtpSink, type ReceivedMail } from './smtp-sink';
import { TcpProxy } from './tcp-proxy';
import { startTestDevServer } from './temporal';

const ROOT = path.resolve(__dirname, '../..');

/** The two contacts of the receiving body: the activity sends to them in this order. */
export const CONTACTS = ['lienlac@hdnd.example.org', 'vanphong@hdnd.example.org'] as const;

/**
 * Where the sending worker dies:
 * - `after-record`: the first message was accepted and recorded; the sink holds the second one
 *   unanswered and the worker is killed then (the second never counts as delivered);
 * - `before-record`: the sink accepts the first message, but the worker's link to Temporal is cut
 *   just before the sink's answer and the worker is killed right after it, so the record of
 *   that message never reaches the server: the window the README describes.
 */
export type CrashPoint = 'after-record' | 'before-record';

/** What one crash led to, read from the workflow history and the sink. */
export interface FailoverOutcome {
  victim: string;
  /** When the victim was SIGKILLed (epoch ms). */
  killedAt: number;
  /** ActivityTaskCompleted event time of the sendMail activity (epoch ms, server clock). */
  completedAt: number;
  /** The attempt that completed it, and the identity of its worker. */
  attempt: number;
  completedBy: string;
  result: SendResult;
  /** Message-IDs the sink accepted for this exchange, per contact of the receiving body. */
  copies: Record<string, string[]>;
}

/** Schedule start of the lifecycles: the Long An kick-off, in real time, so no deadline comes near. */
const KICKOFF_AT = '2022-08-17T07:00:00.000Z';

/** The Long An definition with the council's contacts replaced by these addresses. */
function regulationWith(contacts: readonly string[]): Regulation {
  const regulation = loadRegulation(path.join(ROOT, 'config/regulations/long-an-2022.yaml'));
  regulation.bodies.find((b) => b.id === 'hdnd')!.contacts = contacts.map((email, i) => ({
    name: `Văn thư ${i + 1}`,
    email,
  }));
  return regulation;
}

/** The update that makes the lifecycle send one message to each council contact (then one to the secretariat). */
function exchangeInput(n: number) {
  return { from: 'tand', to: ['hdnd'], subject: `Số liệu quý ${n}`, summary: 'Thống kê án đã xét xử trong quý.' };
}

/** One `worker/main.ts` process, reaching Temporal through its own proxy. */
export interface WorkerProcess {
  name: string;
  pid: number;
  proxy: TcpProxy;
  /** Everything it printed, for failure messages. */
  output(): string;
  alive(): boolean;
  /** SIGKILL; returns the instant (epoch ms). */
  kill(): number;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms / 1000} s`)), ms);
    }),
  ]);
}

/** Starts `worker/main.ts` in its own process (no SMTP or ledger shared with the others but the sink). */
export async function spawnWorker(
  name: string,
  opts: { server: DevServer; taskQueue: string; sink: SmtpSink; ledgerDir: string },
): Promise<WorkerProcess> {
  const proxy = await TcpProxy.start(opts.server.address);
  const env: NodeJS.ProcessEnv = {};
  // Nothing from the caller's Temporal, mail or portal settings leaks into the worker.
  for (const [k, v] of Object.entries(process.env))
    if (!/^(TEMPORAL_|SMTP_|MAIL_|PORTAL_|REMINDER_)/.test(k)) env[k] = v;
  Object.assign(env, {
    TEMPORAL_ADDRESS: proxy.address,
    TEMPORAL_NAMESPACE: opts.server.namespace,
    TEMPORAL_TASK_QUEUE: opts.taskQueue,
    // The EHLO name tells the sink which worker is sending.
    SMTP_URL: `${opts.sink.url}/?name=${name}`,
    MAIL_LEDGER_DIR: opts.ledgerDir,
    REMINDER_DIGEST_MINUTES: '0',
  });
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'worker/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    name,
    pid: child.pid ?? -1,
    proxy,
    output: () => out,
    alive,
    kill() {
      const at = Date.now();
      child.kill('SIGKILL');
      return at;
    },
    async stop() {
      if (alive()) {
        child.kill('SIGTERM');
        // A graceful shutdown waits for running activities; past 10 s it is killed.
        await within(10_000, `${name} shutting down`, exited(child)).catch(() => child.kill('SIGKILL'));
        await exited(child);
      }
      await proxy.close();
    },
  };
}

/** Resolves once each worker's process polls the task queue for activities (identity `<pid>@<host>`). */
export async function pollingWorkers(
  client: Client,
  namespace: string,
  taskQueue: string,
  workers: WorkerProcess[],
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const types = temporal.api.enums.v1;
  for (;;) {
    const dead = workers.find((w) => !w.alive());
    if (dead) throw new Error(`${dead.name} exited while starting:\n${dead.output()}`);
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue, kind: types.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: types.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    const polling = new Set((pollers ?? []).map((p) => (p.identity ?? '').split('@')[0]));
    const missing = workers.filter((w) => !polling.has(String(w.pid)));
    if (missing.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `workers not polling after ${timeoutMs / 1000} s: ${missing.map((w) => `${w.name}:\n${w.output()}`).join('\n')}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A dev server, an SMTP sink and `workers` worker processes on one task queue, with a lifecycle to drive. */
export class FailoverRig {
  readonly workers: WorkerProcess[] = [];
  private hook: ((mail: Omit<ReceivedMail, 'acceptedAtMs'>) => void | Promise<void>) | undefined;
  private readonly workflowId = `failover-${Date.now()}`;
  private windowRuns = 0;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-failover-'));
  readonly taskQueue = `failover-${Math.random().toString(36).slice(2)}`;
  server!: DevServer;
  sink!: SmtpSink;
  client!: Client;

  /** Starts everything and resolves once every worker polls for activities and the lifecycle runs. */
  static async start(opts: { workers: number }): Promise<FailoverRig> {
    const rig = new FailoverRig();
    try {
      [rig.server, rig.sink] = await Promise.all([
        startTestDevServer(),
        SmtpSink.start({ beforeAccept: (m) => rig.hook?.(m) }),
      ]);
      rig.client = new Client({
        connection: await Connection.connect({ address: rig.server.address }),
        namespace: rig.server.namespace,
      });
      const names = Array.from({ length: opts.workers }, (_, i) => `worker-${String.fromCharCode(97 + i)}`);
      for (const name of names) {
        const ledgerDir = path.join(rig.dir, name, 'mail-ledger');
        rig.workers.push(
          await spawnWorker(name, { server: rig.server, taskQueue: rig.taskQueue, sink: rig.sink, ledgerDir }),
        );
      }
      await rig.pollingWorkers(rig.workers);
      await rig.client.workflow.start('regulationLifecycle', {
        taskQueue: rig.taskQueue,
        workflowId: rig.workflowId,
        args: [{ regulation: regulationWith(CONTACTS), clock: { startAt: KICKOFF_AT } }],
      });
      return rig;
    } catch (err) {
      await rig.stop();
      throw err;
    }
  }

  private pollingWorkers(workers: WorkerProcess[]): Promise<void> {
    return pollingWorkers(this.client, this.server.namespace, this.taskQueue, workers);
  }

  /**
   * Logs information exchange number n (to the body with two contacts) and SIGKILLs the worker that
   * sends its messages at the crash point; resolves once the update is done, with what happened.
   */
  async crashWhileSending(n: number, crash: CrashPoint): Promise<FailoverOutcome> {
    const stepKey = `exchange-${n}`;
    let fired = false;
    let victimName: ((name: string) => void) | undefined;
    const victim = new Promise<string>((resolve) => (victimName = resolve));
    const [first, second] = CONTACTS;
    this.hook = (mail) => {
      if (fired || mail.headers['x-step-key'] !== stepKey) return;
      if (crash === 'after-record' && mail.to.includes(second)) {
        fired = true;
        victimName?.(mail.client);
        // Never answered: the sink drops it when the killed worker's connection closes.
        return new Promise<void>(() => undefined);
      }
      if (crash === 'before-record' && mail.to.includes(first)) {
        fired = true;
        // Cut before the sink answers 250, so nothing the worker sends after acceptance gets through.
        this.worker(mail.client).proxy.freeze();
        victimName?.(mail.client);
      }
      return undefined;
    };
    const handle = this.client.workflow.getHandle(this.workflowId);
    const update = await handle.startUpdate(logInformationExchange, {
      args: [exchangeInput(n)],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    const name = await within(60_000, 'the sink waiting for the message to hold', victim);
    if (crash === 'before-record')
      await this.sink.waitFor((m) => m.headers['x-step-key'] === stepKey && m.to.includes(first), {
        timeoutMs: 10_000,
      });
    const killedAt = this.worker(name).kill();
    await within(90_000, 'the update after the kill', update.result());
    this.hook = undefined;
    return { victim: name, killedAt, ...(await this.sendMailOutcome(stepKey)), copies: this.copies(stepKey) };
  }

  /** The worker whose EHLO name is name. */
  worker(name: string): WorkerProcess {
    const w = this.workers.find((x) => x.name === name);
    if (!w) throw new Error(`no worker named ${JSON.stringify(name)}`);
    return w;
  }

  /** The sendMail activity of the exchange to the two contacts, from history. */
  private async sendMailOutcome(
    stepKey: string,
  ): Promise<Pick<FailoverOutcome, 'completedAt' | 'attempt' | 'completedBy' | 'result'>> {
    const events = (await this.client.workflow.getHandle(this.workflowId).fetchHistory()).events ?? [];
    const scheduled = events.find((e) => {
      const a = e.activityTaskScheduledEventAttributes;
      if (a?.activityType?.name !== 'sendMail' || !a.input?.payloads?.[0]) return false;
      const req = defaultPayloadConverter.fromPayload<OutgoingMail>(a.input.payloads[0]);
      return req.stepKey === stepKey && req.to.some((r) => r.email === CONTACTS[0]);
    });
    if (!scheduled) throw new Error(`no sendMail activity for ${stepKey} in history`);
    const id = scheduled.eventId?.toString();
    const started = events.find(
      (e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === id,
    )?.activityTaskStartedEventAttributes;
    const completed = events.find((e) => e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() === id);
    const payload = completed?.activityTaskCompletedEventAttributes?.result?.payloads?.[0];
    if (!completed || !payload) throw new Error(`the sendMail activity for ${stepKey} did not complete`);
    return {
      completedAt: tsToMs(completed.eventTime),
      attempt: started?.attempt ?? 0,
      completedBy: completed.activityTaskCompletedEventAttributes?.identity ?? '',
      result: defaultPayloadConverter.fromPayload<SendResult>(payload),
    };
  }

  private copies(stepKey: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const m of this.sink.messages.filter((x) => x.headers['x-step-key'] === stepKey)) {
      for (const to of m.to) if ((CONTACTS as readonly string[]).includes(to)) (out[to] ??= []).push(m.messageId ?? '');
    }
    return out;
  }

  /**
   * The crash window, measured: a worker in this process (the real activities, acknowledged
   * heartbeats) sends one message to each of `messages` contacts; for each, the time from the
   * sink's 250 to the moment the server acknowledged the heartbeat that records it, in ms.
   */
  async measureRecordWindow(messages = 20): Promise<number[]> {
    const contacts = Array.from({ length: messages }, (_, i) => `vanthu-${i + 1}@hdnd.example.org`);
    const acked: { at: number; sent: string[] }[] = [];
    const ack = acknowledgedHeartbeat(this.client);
    const mailer = createMailer({
      smtpUrl: this.sink.url,
      from: 'secretariat@regulations.local',
      ledger: new FileSendLedger(path.join(this.dir, 'in-process', 'mail-ledger')),
    });
    const activities = createActivities({
      mailer,
      calendar: calendarLoader(path.join(ROOT, 'config/calendars')),
      ackHeartbeat: async (token, details) => {
        await ack(token, details);
        acked.push({ at: performance.timeOrigin + performance.now(), sent: (details as SentMailDetails).sentMail });
      },
    });
    const workflowId = `${this.workflowId}-window-${++this.windowRuns}`;
    const taskQueue = `${this.taskQueue}-window`;
    const connection = await NativeConnection.connect({ address: this.server.address });
    try {
      const worker = await Worker.create({
        connection,
        namespace: this.server.namespace,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities,
      });
      await worker.runUntil(async () => {
        const handle = await this.client.workflow.start('regulationLifecycle', {
          taskQueue,
          workflowId,
          args: [{ regulation: regulationWith(contacts), clock: { startAt: KICKOFF_AT } }],
        });
        await handle.executeUpdate(logInformationExchange, { args: [exchangeInput(1)] });
        await handle.terminate('measured');
      });
    } finally {
      mailer.close();
      await connection.close();
    }
    // The last message of the attempt is recorded by the activity's completion, not by a heartbeat.
    return contacts.slice(0, -1).map((email) => {
      const mail = this.sink.messages.find((m) => m.headers['x-lifecycle-id'] === workflowId && m.to.includes(email));
      // The Message-ID is the first 32 hex digits of the key hash that the heartbeat carries.
      const prefix = mail?.messageId?.slice(1, 33) ?? '?';
      const recorded = acked.find((a) => a.sent.some((h) => h.startsWith(prefix)));
      if (!mail || !recorded) throw new Error(`no record of the message to ${email}`);
      return recorded.at - mail.acceptedAtMs;
    });
  }

  /** Stops the workers (SIGTERM, then SIGKILL), the sink and the server, and removes the ledgers. */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.client?.connection.close();
    await Promise.all([this.sink?.stop(), this.server?.stop()]);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
