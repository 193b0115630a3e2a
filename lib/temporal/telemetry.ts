/**
 * The worker's Temporal runtime (process-wide, installed before the first connection):
 * - its log lines — the SDK's workflow and activity lines, with their attributes such as the
 *   workflow id and the gateway's request id (workflows/request-id.ts) — go to the worker's pino
 *   logger as JSON, at the worker's LOG_LEVEL;
 * - its SDK metrics (task latencies, slots, sticky cache, polls) for Prometheus: the Temporal Core
 *   runtime serves them on WORKER_METRICS_ADDRESS under /metrics, next to the gateway's /metrics.
 */
import type { Logger as PinoLogger } from 'pino';
import { DefaultLogger, Runtime, type LogLevel, type Logger } from '@temporalio/worker';
import type { Config } from '../config';

const SDK_LEVEL: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN' };

/** The SDK's logger interface over pino: same level, attributes as fields, the message as msg. */
export function sdkLoggerFrom(logger: PinoLogger): Logger {
  return new DefaultLogger(SDK_LEVEL[logger.level] ?? 'ERROR', ({ level, message, meta }) => {
    const method = level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    logger[method]({ ...meta }, message);
  });
}

export function installWorkerRuntime(config: Pick<Config, 'WORKER_METRICS_ADDRESS'>, logger: PinoLogger): void {
  Runtime.install({
    logger: sdkLoggerFrom(logger),
    ...(config.WORKER_METRICS_ADDRESS ? { telemetryOptions: { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } } } } : {}),
  });
}
