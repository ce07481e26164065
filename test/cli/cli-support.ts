/**
 * CLI tests run the real binary (bin/regulation.js) in a child process, as a clerk would, against
 * a real dev server (visibility for `list`) with a worker running the real activities.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { RegulationsClient } from '../../client/api';
import { connectClient } from '../../client/connection';
import { LONG_AN, ROOT, testActivities, workflowBundle } from '../support/lifecycle-harness';
import { SmtpSink } from '../support/smtp-sink';
import { startTestDevServer } from '../support/temporal';

export const BIN = path.join(ROOT, 'bin/regulation.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `regulation …` with the given environment on top of a clean Temporal environment. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_') && k !== 'DEBUG'),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...base, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A copy of the Long An definition under another id (and optionally other edits), in a temp dir. */
export function definitionFile(id: string, edit: (yaml: string) => string = (y) => y): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-def-'));
  const file = path.join(dir, `${id}.yaml`);
  fs.writeFileSync(file, edit(fs.readFileSync(LONG_AN, 'utf8').replace(/^id: .*$/m, `id: ${id}`)));
  return file;
}

export interface CliServer {
  address: string;
  uiUrl: string;
  taskQueue: string;
  /** The environment the binary needs to reach this server and worker. */
  env: Record<string, string>;
  /** The typed API, for waiting on state the CLI does not wait for. */
  api: RegulationsClient;
  sink: SmtpSink;
  /** Runs the CLI against this server. */
  cli(...args: string[]): Promise<CliResult>;
  /** Polls until fn returns a value (not undefined); fails with `what` after the timeout. */
  until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** One dev server, SMTP sink and worker per test file. */
export async function startCliServer(): Promise<CliServer> {
  const [server, sink] = await Promise.all([startTestDevServer(), SmtpSink.start()]);
  const taskQueue = `cli-${Math.random().toString(36).slice(2)}`;
  const client = await connectClient({ address: server.address, namespace: server.namespace });
  const { activities, mailer } = testActivities(sink, client);
  const api = new RegulationsClient(client, taskQueue, server.uiUrl);
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection,
    namespace: server.namespace,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
  });
  const running = worker.run();
  const env = {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: server.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_UI_URL: server.uiUrl,
  };
  return {
    address: server.address,
    uiUrl: server.uiUrl,
    taskQueue,
    env,
    api,
    sink,
    cli: (...args) => runCli(args, env),
    async until(what, fn, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await fn();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      // Lifecycles left running would send reminders into a worker that is shutting down.
      for await (const w of client.workflow.list({
        query: `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`,
      })) {
        await client.workflow
          .getHandle(w.workflowId, w.runId)
          .terminate('end of the CLI tests')
          .catch(() => undefined);
      }
      worker.shutdown();
      await running;
      await connection.close();
      await api.close();
      mailer.close();
      await Promise.all([server.stop(), sink.stop()]);
    },
  };
}
