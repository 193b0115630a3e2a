/**
 * The one table of activity options (issue #15): every activity and local activity a workflow
 * calls takes its timeouts and retry policy from a row here, with the reason next to it, instead
 * of options written inline at each proxy. Changing a row changes only future schedules (options
 * are not part of a workflow's commands), so histories replay either way.
 */
import type { ActivityOptions, LocalActivityOptions, RetryPolicy } from '@temporalio/workflow';

/** Backoff shared by every row: quick first retry, then no faster than once a minute. */
const BACKOFF = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const satisfies RetryPolicy;

/**
 * Read-model and outbox writes (lifecycle, tracking, 督办/complaints, 会签, 中介服务), as activities
 * and as local activities.
 * - No maximum attempts and no non-retryable types: every write is idempotent by its content-derived
 *   event id (workflows/event-ids.ts), and the only failure it meets is the database being away,
 *   which a retry outlasts; giving up would leave the read model behind the workflow for good.
 * - 30 s start-to-close: one transaction of a few rows; longer means a stuck connection, and the
 *   retry gets a fresh one.
 */
export const READ_MODEL_WRITE = {
  startToCloseTimeout: '30 seconds',
  retry: BACKOFF,
} as const satisfies ActivityOptions & LocalActivityOptions;

/**
 * Read-model writes as local activities: the row above, and once the next backoff would pass 3 s the retry waits on a
 * workflow timer instead of inside the SDK, so the workflow task completes. The SDK retries a failing local activity
 * inside its workflow task even after shutdown is requested (sdk-rust #709): with the default threshold (1 minute, above
 * the maximum interval) a write that kept failing kept a stopping worker from ever draining — CI saw a test system's
 * teardown hang (test/integration/worker-shutdown.test.ts).
 */
export const READ_MODEL_LOCAL_WRITE = { ...READ_MODEL_WRITE, localRetryThreshold: '3 seconds' } as const satisfies LocalActivityOptions;

/**
 * The webhook outbox's long poll (fetch the subscription's next events, waiting while there are none).
 * - Start-to-close = the poll's own wait + 60 s, so a long poll is never cut short.
 * - 30 s heartbeat: the poll heartbeats every poll interval, so a lost worker is noticed within it.
 * - Unlimited attempts: a read, safe to repeat.
 */
export function webhookOutboxPoll(pollWaitMs: number): ActivityOptions {
  return { startToCloseTimeout: pollWaitMs + 60_000, heartbeatTimeout: '30 seconds', retry: BACKOFF };
}

/**
 * One delivery to a subscriber's receiver.
 * - Start-to-close = the request's timeout + 30 s (the request itself is bounded by its timeout).
 * - No maximum attempts and no schedule-to-close: an event is never dropped because the receiver
 *   was down too long; the subscription's own max interval spaces the attempts.
 * - Non-retryable types: none — a failed delivery is always worth another try (receivers dedupe
 *   by event id, as documented for integrators).
 */
export function webhookDelivery(requestTimeoutMs: number, retryMaxIntervalMs: number): ActivityOptions {
  return { startToCloseTimeout: requestTimeoutMs + 30_000, retry: { ...BACKOFF, maximumInterval: retryMaxIntervalMs } };
}
