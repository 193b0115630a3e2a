/**
 * mTLS options for connections to the Temporal frontend, from config (TEMPORAL_TLS_*). Kept apart
 * from client.ts so that connection options of other kinds (data converter) merge independently.
 * The production cluster (`npm run cluster`) refuses plaintext and unknown clients; the dev server
 * speaks plaintext, so with none of the variables set the connection stays plaintext.
 */
import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { ConfigError, type Config } from '../config';

export type TemporalTlsConfig = Partial<Pick<Config, 'TEMPORAL_TLS_CA_FILE' | 'TEMPORAL_TLS_CERT_FILE' | 'TEMPORAL_TLS_KEY_FILE' | 'TEMPORAL_TLS_SERVER_NAME'>>;

function readPem(variable: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new ConfigError(`${variable} 指向的文件无法读取：${file}（${(err as NodeJS.ErrnoException).code ?? String(err)}）`);
  }
}

/** undefined: plaintext. Half a configuration is refused rather than silently falling back to plaintext. */
export function temporalTlsFrom(config: TemporalTlsConfig): TLSConfig | undefined {
  const files = {
    TEMPORAL_TLS_CA_FILE: config.TEMPORAL_TLS_CA_FILE,
    TEMPORAL_TLS_CERT_FILE: config.TEMPORAL_TLS_CERT_FILE,
    TEMPORAL_TLS_KEY_FILE: config.TEMPORAL_TLS_KEY_FILE,
  };
  const missing = Object.entries(files).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length === 3) {
    if (config.TEMPORAL_TLS_SERVER_NAME) throw new ConfigError('设置了 TEMPORAL_TLS_SERVER_NAME，但未设置 TEMPORAL_TLS_CA_FILE、TEMPORAL_TLS_CERT_FILE、TEMPORAL_TLS_KEY_FILE');
    return undefined;
  }
  if (missing.length > 0) throw new ConfigError(`Temporal mTLS 配置不完整：缺少 ${missing.join('、')}（三项须同时设置）`);
  return {
    serverRootCACertificate: readPem('TEMPORAL_TLS_CA_FILE', files.TEMPORAL_TLS_CA_FILE!),
    clientCertPair: {
      crt: readPem('TEMPORAL_TLS_CERT_FILE', files.TEMPORAL_TLS_CERT_FILE!),
      key: readPem('TEMPORAL_TLS_KEY_FILE', files.TEMPORAL_TLS_KEY_FILE!),
    },
    ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
}
