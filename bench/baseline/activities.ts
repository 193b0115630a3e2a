/** No-op activities with the names of the real ones (activities/lifecycle.ts, activities/tracking.ts): the baseline pays only Temporal's cost. */
export async function loadRoutingContext(): Promise<void> {}
export async function loadCalendar(): Promise<void> {}
export async function registerProject(): Promise<void> {}
export async function recordTask(): Promise<void> {}
export async function compileReply(): Promise<void> {}
export async function startTracking(): Promise<void> {}
/** Floor probe body: nothing, so an update that runs it measures the activity round trip alone. */
export async function probe(): Promise<void> {}
