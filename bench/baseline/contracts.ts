/** Update and signal definitions of the baseline workflows, shared by the workflows and the driver (as in workflows/<name>/contracts.ts). */
import { defineSignal, defineUpdate } from '@temporalio/workflow';

export interface BaselineItem {
  id: string;
  prerequisites: string[];
}

export const intakeUpdate = defineUpdate<string[]>('baselineIntake');
export const acceptUpdate = defineUpdate<number, [number]>('baselineAccept');
export const decideUpdate = defineUpdate<number, [number]>('baselineDecide');
export const taskChangedSignal = defineSignal<[{ itemId: string; status: string }]>('baselineTaskChanged');

export const baselineTaskId = (code: string, itemId: string) => `bl-task-${code}.${itemId}`;

/** Floor probes (bench/floor.ts): one long-lived workflow answers each kind of update so its cost is Temporal's alone. */
export const bareUpdate = defineUpdate<number>('floorBare');
export const activityUpdate = defineUpdate<number>('floorActivity');
export const localActivityUpdate = defineUpdate<number>('floorLocalActivity');
export const finishProbeUpdate = defineUpdate<number>('floorFinish');
