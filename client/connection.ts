/**
 * Where Temporal is: the standard Temporal environment configuration (TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE and the TOML config
 * file), so a local dev server, a self-hosted cluster and Temporal Cloud need no code change.
 */
import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';

export interface TemporalTarget {
  address: string;
  namespace: string;
  tls?: Parameters<typeof Connection.connect>[0] extends infer O ? (O extends { tls?: infer T } ? T : never) : never;
  apiKey?: string;
  metadata?: Record<string, string>;
}

/** Resolves the target from env config; explicit overrides win (e.g. the embedded dev server). */
export function temporalTarget(overrides: { address?: string; namespace?: string } = {}): TemporalTarget {
  const config = loadClientConnectConfig();
  const o = config.connectionOptions;
  return {
    address: overrides.address ?? o.address ?? 'localhost:7233',
    namespace: overrides.namespace ?? config.namespace ?? 'default',
    tls: o.tls as TemporalTarget['tls'],
    apiKey: typeof o.apiKey === 'string' ? o.apiKey : undefined,
    metadata: o.metadata as Record<string, string> | undefined,
  };
}

/** Opens a client connection; the caller closes it (connection.close()) in a finally block. */
export async function connectClient(target: TemporalTarget = temporalTarget()): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect({
      address: target.address,
      tls: target.tls,
      apiKey: target.apiKey,
      metadata: target.metadata,
      connectTimeout: '5 seconds',
    });
  } catch (err) {
    throw new Error(
      `cannot reach Temporal at ${target.address} (${(err as Error).message.split('\n')[0]}): start it with 'npm start' or set TEMPORAL_ADDRESS`,
      { cause: err },
    );
  }
  return new Client({ connection, namespace: target.namespace });
}
