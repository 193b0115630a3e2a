/**
 * Activity proxies shared by the workflows; the activity *types* come from activities/ as type-only
 * imports, their options from the retry-policy table (./retry-policies).
 */
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { LifecycleActivities } from '../activities/lifecycle';
import type { TrackingActivities } from '../activities/tracking';
import type { SupervisionActivities } from '../activities/supervision';
import type { CoordinationActivities } from '../activities/coordination';
import type { IntermediaryActivities } from '../activities/intermediary';
import { READ_MODEL_LOCAL_WRITE, READ_MODEL_WRITE } from './retry-policies';

/** Read-model writes are idempotent, so they retry until the database is back. */
export const lifecycle = proxyActivities<LifecycleActivities>(READ_MODEL_WRITE);

/**
 * The same lifecycle activities run as local activities: inside the workflow task, on the worker
 * that holds the workflow, without the server dispatching an activity task (issue #15: an update
 * that writes the read model costs one workflow task instead of three round trips). A local
 * activity runs again when its workflow task fails or the worker dies before the task completes;
 * every write is idempotent by the workflow-chosen event id, so a second run is a no-op.
 */
const lifecycleLocal = proxyLocalActivities<LifecycleActivities>(READ_MODEL_LOCAL_WRITE);

/** Histories recorded before it (test/histories/*.pre-local-writes.json, running workflows) keep their activity tasks. */
export const LOCAL_WRITES_PATCH = 'local-writes';

/**
 * The lifecycle proxy a workflow run uses for its reads and writes. Call it once, at the start of
 * the run, and keep the result: the decision then holds for the whole run, so a run started
 * before the patch keeps normal activities even after it replays onto new code and goes on live.
 */
export function lifecycleWrites(): { writes: typeof lifecycle; local: boolean } {
  const local = patched(LOCAL_WRITES_PATCH);
  return { writes: local ? lifecycleLocal : lifecycle, local };
}

/** Follow-up tracking (跟踪问效) read-model writes; idempotent like the lifecycle ones. */
export const tracking = proxyActivities<TrackingActivities>(READ_MODEL_WRITE);

/** Efficiency supervision (效能监察: complaints, 督办) read-model writes; idempotent like the lifecycle ones. */
export const supervision = proxyActivities<SupervisionActivities>(READ_MODEL_WRITE);

/** Coordination between departments (会签, issue #13) read-model writes; idempotent like the lifecycle ones. */
export const coordination = proxyActivities<CoordinationActivities>(READ_MODEL_WRITE);

/** Intermediary periods (中介服务, issue #12) read-model writes; idempotent like the lifecycle ones. */
export const intermediary = proxyActivities<IntermediaryActivities>(READ_MODEL_WRITE);
