/** Temporal servers for tests, always from the binaries that globalSetup resolved. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveBinary, TEMPORAL_TEST_SERVER } from '../../scripts/binaries';
import type { DevServer, DevServerOptions } from '../../scripts/dev-server';
import { startDevServer } from '../../scripts/dev-server';

function testServerPath(): string {
  // Set by globalSetup; resolving again covers a run that bypassed it (and throws if missing).
  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) return fromEnv;
  const resolved = resolveBinary(TEMPORAL_TEST_SERVER);
  if (!resolved) throw new Error(`${TEMPORAL_TEST_SERVER.name} not found; set ${TEMPORAL_TEST_SERVER.envVar}`);
  return resolved.path;
}

/** A time-skipping test server (one per test file; tear it down in afterAll). */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() } },
  });
}

/**
 * A real dev server (search attributes, visibility, Web UI) on free ports, in memory unless a
 * `dbFile` is given. The CLI comes from TEMPORAL_CLI_PATH, which globalSetup sets.
 */
export function startTestDevServer(opts: Omit<DevServerOptions, 'port' | 'uiPort'> = {}): Promise<DevServer> {
  return startDevServer({ ...opts, port: 0, uiPort: 0 });
}
