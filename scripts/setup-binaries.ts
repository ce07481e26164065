/** postinstall: makes sure both Temporal binaries are available and says where each came from. */
import { resolveBinary, TEMPORAL_CLI, TEMPORAL_TEST_SERVER } from './binaries';

function main(): void {
  for (const spec of [TEMPORAL_CLI, TEMPORAL_TEST_SERVER]) {
    const resolved = resolveBinary(spec, { allowMissing: true });
    if (resolved) console.log(`${spec.name}: ${resolved.path} (from ${resolved.source})`);
    else
      console.warn(
        `${spec.name}: not installed; the SDK will try its own download when needed. Set ${spec.envVar} to provide it.`,
      );
  }
}

main();
