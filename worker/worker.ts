/** Builds the Temporal worker that runs every workflow exported by workflows/index.ts and the activities, with injected dependencies. */
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { requestIdActivityInterceptor } from './request-id';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Payload encryption shared with the clients (lib/temporal/data-converter.ts). */
  dataConverter: DataConverter;
  /** A prebuilt bundle (production image) or undefined to bundle from sources. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Unset: the SDK's default, sized from the heap. */
  maxCachedWorkflows?: number;
}

/**
 * A stopping worker lets a read-model write already running finish (grace) so its workflow task completes rather than
 * timing out on the server. No force time: the SDK's forced stop left the workflow VM undisposed and panicked its core
 * thread when tried here; a failing write cannot hold the stop open because local writes move their retries to a
 * workflow timer (workflows/retry-policies.ts READ_MODEL_LOCAL_WRITE).
 */
export const SHUTDOWN_OPTIONS = { shutdownGraceTime: '10 seconds' } as const;

export const workflowsPath = require.resolve('../workflows');
/** Bundled with the workflows (also by scripts/bundle-workflows.ts): the request id (workflows/request-id.ts). */
export const workflowInterceptorModules = [require.resolve('../workflows/interceptors')];

export async function createWorker({ connection, namespace, taskQueue, deps, dataConverter, workflowBundle, maxCachedWorkflows }: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    dataConverter,
    ...SHUTDOWN_OPTIONS,
    ...(maxCachedWorkflows !== undefined ? { maxCachedWorkflows } : {}),
    activities: createActivities(deps),
    // A prebuilt bundle has the workflow interceptors baked in (scripts/bundle-workflows.ts).
    interceptors: { activity: [requestIdActivityInterceptor], ...(workflowBundle ? {} : { workflowModules: workflowInterceptorModules }) },
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
  });
}

