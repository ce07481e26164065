/**
 * jest globalSetup: both Temporal binaries must be there before any test runs. A missing binary
 * fails the run with the resolver's message; nothing is skipped. The paths reach the test
 * workers through the environment, which they inherit.
 */
import { resolveBinary, TEMPORAL_CLI, TEMPORAL_TEST_SERVER } from '../../scripts/binaries';

export default function globalSetup(): void {
  for (const spec of [TEMPORAL_CLI, TEMPORAL_TEST_SERVER]) {
    let resolved;
    try {
      resolved = resolveBinary(spec, { install: true });
    } catch (err) {
      throw new Error(`Cannot run the tests: ${(err as Error).message}`, { cause: err });
    }
    if (!resolved) throw new Error(`Cannot run the tests: ${spec.name} not found; set ${spec.envVar}`);
    process.env[spec.envVar] = resolved.path;
    console.log(`${spec.name}: ${resolved.path} (from ${resolved.source})`);
  }
}
