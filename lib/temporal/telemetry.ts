/**
 * The worker's SDK metrics (task latencies, slots, sticky cache, polls) for Prometheus: the
 * Temporal Core runtime serves them on WORKER_METRICS_ADDRESS under /metrics, next to the
 * gateway's own /metrics. The runtime is process-wide and must be installed before the first
 * connection; without the setting the SDK's default runtime (no metrics endpoint) is used.
 */
import { Runtime } from '@temporalio/worker';
import type { Config } from '../config';

export function installWorkerRuntime(config: Pick<Config, 'WORKER_METRICS_ADDRESS'>): void {
  if (!config.WORKER_METRICS_ADDRESS) return;
  Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } } } });
}
