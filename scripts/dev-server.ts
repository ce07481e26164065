/**
 * The embedded Temporal: `temporal server start-dev` with the Web UI and the project's custom
 * search attributes, used by `npm start` (persisted to a file) and by integration tests (in memory).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { resolveBinary, TEMPORAL_CLI } from './binaries';
import type { ChildService } from './child-service';
import { answers200, freePort, isPortFree, spawnService, waitUntilReady } from './child-service';

/**
 * The server marks a run whose workflow tasks failed (or timed out) twice in a row with
 * `TemporalReportedProblems`, so `regulation list` finds stuck lifecycles from visibility alone.
 * Clusters set the same dynamic config (docs/operations.md).
 */
export const REPORTED_PROBLEMS_CONFIG = { 'system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute': 2 };

export interface DevServerOptions {
  /** SQLite file to persist to; omit for an in-memory server. */
  dbFile?: string;
  /** gRPC port; 0 or undefined picks a free port. */
  port?: number;
  /** Web UI port; 0 or undefined picks a free port. */
  uiPort?: number;
  namespace?: string;
  /** Receives every line the server prints. */
  log?: (line: string) => void;
  /** How long to wait for the server to answer, in ms. */
  readyTimeoutMs?: number;
  /** Extra dynamic config, KEY → JSON value. */
  dynamicConfig?: Record<string, unknown>;
}

export interface DevServer {
  /** host:port of the frontend gRPC service, e.g. 127.0.0.1:7233 */
  address: string;
  uiUrl: string;
  /** The server process (for its CPU and memory in benchmarks). */
  pid: number;
  namespace: string;
  stop(): Promise<void>;
}

const CLI_TYPES: Record<string, 'KEYWORD' | 'DATETIME' | 'KEYWORD_LIST' | 'TEXT'> = {
  Keyword: 'KEYWORD',
  Text: 'TEXT',
  Datetime: 'DATETIME',
  KeywordList: 'KEYWORD_LIST',
};

/** Starts a Temporal dev server and resolves once its frontend, namespace and Web UI answer. */
export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const cli = resolveBinary(TEMPORAL_CLI);
  if (!cli) throw new Error(`${TEMPORAL_CLI.name} not found`);
  const namespace = opts.namespace ?? 'default';
  const port = opts.port || (await freePort());
  const uiPort = opts.uiPort || (await freePort());
  const address = `127.0.0.1:${port}`;
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  for (const p of [port, uiPort]) {
    // Otherwise the readiness check would happily talk to whatever server already holds the port.
    if (!(await isPortFree(p)))
      throw new Error(`port ${p} is already in use: stop what holds it or choose another port`);
  }
  if (opts.dbFile) fs.mkdirSync(path.dirname(path.resolve(opts.dbFile)), { recursive: true });

  const baseArgs = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--log-level',
    'warn',
    '--ui-disable-news-fetch',
    '--namespace',
    'default',
    ...(namespace !== 'default' ? ['--namespace', namespace] : []),
    ...(opts.dbFile ? ['--db-filename', path.resolve(opts.dbFile)] : []),
    ...Object.entries({ ...REPORTED_PROBLEMS_CONFIG, ...opts.dynamicConfig }).flatMap(([k, v]) => [
      '--dynamic-config-value',
      `${k}=${JSON.stringify(v)}`,
    ]),
  ];
  const saArgs = Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);

  let server = spawnService('Temporal dev server', cli.path, [...baseArgs, ...saArgs], { log: opts.log });
  try {
    await waitForFrontend(server, address, namespace, opts.readyTimeoutMs);
  } catch (err) {
    // Older CLIs refuse to start when a persisted db already has the attributes; they are
    // registered then, so start without the flags (ensureSearchAttributes checks below).
    if (!(opts.dbFile && server.hasExited() && /already (exists|registered)/i.test(server.outputTail()))) {
      await server.stop();
      throw err;
    }
    opts.log?.('search attributes already registered in the db file; starting without --search-attribute');
    server = spawnService('Temporal dev server', cli.path, baseArgs, { log: opts.log });
    try {
      await waitForFrontend(server, address, namespace, opts.readyTimeoutMs);
    } catch (retryErr) {
      await server.stop();
      throw retryErr;
    }
  }
  const started = server;
  try {
    await ensureSearchAttributes(address, namespace);
    await waitUntilReady(
      started,
      `the Web UI answered at ${uiUrl}`,
      () => answers200(uiUrl),
      opts.readyTimeoutMs ?? 60_000,
    );
  } catch (err) {
    await started.stop();
    throw err;
  }
  return { address, uiUrl, namespace, pid: started.pid, stop: () => started.stop() };
}

async function waitForFrontend(
  server: ChildService,
  address: string,
  namespace: string,
  timeoutMs = 60_000,
): Promise<void> {
  await waitUntilReady(
    server,
    `it answered on ${address}`,
    async () => {
      // No retry interceptor: this loop retries, and a retry timer left pending would fire on the
      // closed channel ("Channel has been shut down"). Lazy, so a failed connect is closed as well.
      const connection = Connection.lazy({ address, connectTimeout: 2000, interceptors: [] });
      try {
        await connection.ensureConnected();
        return await connection.withDeadline(Date.now() + 2000, async () => {
          await connection.workflowService.getSystemInfo({});
          await connection.workflowService.describeNamespace({ namespace });
          return true;
        });
      } finally {
        await connection.close();
      }
    },
    timeoutMs,
  );
}

function indexedValueType(cliType: string): NonNullable<ReturnType<typeof encodeSearchAttributeIndexedValueType>> {
  const encoded = encodeSearchAttributeIndexedValueType(CLI_TYPES[cliType]);
  if (encoded === undefined) throw new Error(`unknown search attribute type ${cliType}`);
  return encoded;
}

/** Registers any of the project's search attributes that the namespace lacks. */
async function ensureSearchAttributes(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !(name in (customAttributes ?? {})));
    if (missing.length === 0) return;
    const searchAttributes = Object.fromEntries(missing.map(([name, type]) => [name, indexedValueType(type)]));
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } finally {
    await connection.close();
  }
}
