/**
 * The one data converter of every Temporal client and worker of ours (gateway, worker, npm start,
 * scripts, bench, chaos, test systems): the default payload converter plus payload encryption
 * (lib/temporal/codec.ts), and failures whose messages and stack traces are sealed by the same
 * codec (workflows/failure-converter.ts). A client and a worker that disagree here cannot read
 * each other's payloads, so nothing builds its own.
 */
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config';
import { payloadCodecFrom } from './codec';

/** Also baked into prebuilt workflow bundles (scripts/bundle-workflows.ts). */
export const failureConverterPath = require.resolve('../../workflows/failure-converter');

export function dataConverterFrom(config: Pick<Config, 'PAYLOAD_ENCRYPTION_KEYS'>): DataConverter {
  return { payloadCodecs: [payloadCodecFrom(config)], failureConverterPath };
}
