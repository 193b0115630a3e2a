/**
 * `patched()` answers from the patch markers the server announced for the workflow task being
 * processed. A call made after awaiting a local activity is not tied to one workflow task: when the
 * activity finished just as its workflow task was heartbeated, the original run continued in the
 * next task, but a replay resolves the activity from its marker one task earlier, calls `patched()`
 * before that later marker is announced, takes the old branch, and fails with "patch marker …
 * but there is no corresponding change command" (a CI run under load; reproduced by replaying the
 * captured history). Since this patch, a workflow decides at its first activation, before any await,
 * every patch it used to decide later; histories without it keep deciding late, as they were recorded.
 */
import { patched } from '@temporalio/workflow';

export const PATCHES_AT_START = 'patches-at-start';

/** Call synchronously at the top of a workflow function: true when later patches are settled (all new). */
export function patchesAtStart(): boolean {
  return patched(PATCHES_AT_START);
}
