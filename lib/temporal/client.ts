/** Connects the Temporal client (API) and the native connection (worker) from config. */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import { temporalTlsFrom, type TemporalTlsConfig } from './tls';
import { dataConverterFrom } from './data-converter';
import { clientInterceptors } from './request-context';

type ConnectionConfig = Pick<Config, 'TEMPORAL_ADDRESS'> & TemporalTlsConfig;

export async function connectClient(config: ConnectionConfig & Pick<Config, 'TEMPORAL_NAMESPACE' | 'PAYLOAD_ENCRYPTION_KEYS'>): Promise<Client> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, tls: temporalTlsFrom(config) });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFrom(config), interceptors: clientInterceptors });
}

export function connectWorker(config: ConnectionConfig): Promise<NativeConnection> {
  return NativeConnection.connect({ address: config.TEMPORAL_ADDRESS, tls: temporalTlsFrom(config) });
}
