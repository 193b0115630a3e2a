/**
 * The task's receipt (收件), one definition for both writers: the task records it when it starts,
 * or the project records the first wave's receipts in registerProject (one write instead of one per
 * task, and the intake answer no longer waits for every task to report back).
 */
import type { TaskPatch } from '../../activities/lifecycle';
import type { EventPayloads } from '../../domain/vocabulary';
import * as clock from './clock';
import type { TaskWorkflowInput } from './contracts';

type ReceiptPayload = Omit<EventPayloads['task.received'], 'status' | 'version'>;

export function receiptPayload(input: TaskWorkflowInput, view: { statutoryDueDate?: string | null; promisedDueDate?: string | null }, parentWorkflowId: string | undefined): ReceiptPayload {
  return {
    itemId: input.itemId,
    parentWorkflowId,
    statutoryDueDate: view.statutoryDueDate,
    promisedDueDate: view.promisedDueDate,
    // The limits travel with the event so statistics can be recomputed from the event log alone.
    statutoryDays: input.statutoryDays,
    promisedDays: input.promisedDays,
    ...(input.limitUnit ? { limitUnit: input.limitUnit } : {}),
    greenChannel: input.greenChannel,
    ...(input.onTheSpot ? { onTheSpot: true } : {}),
  } as ReceiptPayload;
}

/**
 * What the task itself would write at its start (`receivedAt` its receipt instant, `now` the write
 * instant): the same clock, due dates and light, so a task started with `receiptRecorded` holds
 * exactly the state its row shows.
 */
export function receiptRecord(input: TaskWorkflowInput, receivedAt: number, now: number, parentWorkflowId: string) {
  const book = clock.openClock(input, receivedAt);
  const patch: TaskPatch = { light: 'green', ...clock.clockRecord(book, 'received', false, now), status: 'received', receivedAt, version: 1 };
  return { patch, payload: { status: 'received' as const, version: 1, ...receiptPayload(input, clock.clockView(book, 'received'), parentWorkflowId) } };
}
