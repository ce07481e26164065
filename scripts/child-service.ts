/**
 * Plumbing for the long-running helper processes of the local stack (Temporal dev server,
 * mail inbox): each runs in its own process group so that stopping it also stops anything it
 * spawned, and so that a terminal's Ctrl-C reaches only `npm start`, which then stops them in order.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';

export interface ChildService {
  readonly name: string;
  readonly pid: number;
  /** Resolves once the process has exited and its output is drained. */
  readonly closed: Promise<string>;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** The last lines the process wrote (stderr and stdout), for error messages. */
  outputTail(): string;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_LINES = 15;

/** Spawns `command` detached in its own process group, forwarding each output line to `log`. */
export function spawnService(
  name: string,
  command: string,
  args: string[],
  opts: { log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {},
): ChildService {
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.env ?? process.env,
  });
  const tail: string[] = [];
  let exited = false;
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    opts.log?.(line);
  };
  readline.createInterface({ input: child.stdout }).on('line', onLine);
  readline.createInterface({ input: child.stderr }).on('line', onLine);

  // If our own process dies without stopping the service, do not leave it orphaned on its port.
  const killOnExit = (): void => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  process.on('exit', killOnExit);

  const closed = new Promise<string>((resolve) => {
    child.once('error', (err) => {
      exited = true;
      process.off('exit', killOnExit);
      onLine(`${name} could not be started: ${err.message}`);
      resolve(`failed to start (${err.message})`);
    });
    child.once('close', (code, signal) => {
      exited = true;
      process.off('exit', killOnExit);
      resolve(signal ? `killed by ${signal}` : `exit code ${code}`);
    });
  });

  return {
    name,
    pid: child.pid ?? -1,
    closed,
    hasExited: () => exited,
    outputTail: () => tail.join('\n'),
    async stop(graceMs = 10_000) {
      if (exited || !child.pid) return;
      signalGroup(child.pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const outcome = await Promise.race([closed, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        signalGroup(child.pid, 'SIGKILL');
        await closed;
      }
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* the group is already gone */
  }
}

/**
 * Polls `probe` until it returns true, the deadline passes, or the service exits; a readiness
 * poll, not a sleep: it returns as soon as the service answers.
 */
export async function waitUntilReady(
  service: ChildService,
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    if (service.hasExited())
      throw new Error(`${service.name} exited (${await service.closed}) before ${what}:\n${service.outputTail()}`);
    try {
      if (await probe()) return;
    } catch (err) {
      lastError = (err as Error).message.split('\n')[0] ?? '';
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${service.name}: ${what} not reached within ${Math.round(timeoutMs / 1000)}s${lastError ? ` (${lastError})` : ''}:\n${service.outputTail()}`,
      );
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([service.closed, new Promise((resolve) => (timer = setTimeout(resolve, 200)))]);
    clearTimeout(timer);
  }
}

/** True if nothing listens on `port` (checked by binding it on `host`). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port that is free right now, chosen by the OS. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned')),
      );
    });
  });
}

/** GET `url` and report whether it answered 200. */
export async function answers200(url: string, timeoutMs = 2000): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  return res.status === 200;
}
