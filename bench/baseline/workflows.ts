/**
 * The raw-Temporal baseline: the same Temporal work per project as the real system — one project
 * workflow, six task child workflows started the same way (the first wave one after another, a
 * dependant after its prerequisite's result), an abandoned tracking child, the intake update, two
 * updates per task, a signal to the parent after every task write, the task's alarm timer and the
 * same activity calls —
 * with no-op bodies, no HTTP and no read model. What it sustains on a machine is the ceiling the
 * engine (dev server + one worker) allows there.
 */
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from './activities';
import {
  acceptUpdate,
  activityUpdate,
  bareUpdate,
  baselineTaskId,
  decideUpdate,
  finishProbeUpdate,
  intakeUpdate,
  localActivityUpdate,
  taskChangedSignal,
  type BaselineItem,
} from './contracts';

// Same activity options as workflows/proxies.ts.
const a = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// Same options as the product's local write proxy (workflows/proxies.ts).
const local = proxyLocalActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function baselineProject(input: { code: string; items: BaselineItem[] }): Promise<number> {
  const reported = new Set<string>();
  const firstWave = input.items.filter((i) => i.prerequisites.length === 0).map((i) => i.id);
  let registered = false;
  setHandler(intakeUpdate, async () => {
    await condition(() => registered && firstWave.every((id) => reported.has(id)));
    return firstWave;
  });
  setHandler(taskChangedSignal, ({ itemId }) => void reported.add(itemId));

  await a.loadRoutingContext();
  await a.loadCalendar();
  await a.registerProject();
  registered = true;

  const started = new Set<string>();
  const approved = new Set<string>();
  const running = new Map<string, Promise<string>>();
  for (;;) {
    for (const item of input.items.filter((i) => !started.has(i.id) && i.prerequisites.every((p) => approved.has(p)))) {
      started.add(item.id);
      const handle = await startChild(baselineTask, {
        workflowId: baselineTaskId(input.code, item.id),
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        args: [{ itemId: item.id }],
      });
      running.set(item.id, handle.result());
    }
    if (running.size === 0) break;
    const done = await Promise.race(running.values());
    running.delete(done);
    approved.add(done);
  }
  await a.compileReply();
  await startChild(baselineTracking, {
    workflowId: `bl-tracking-${input.code}`,
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [],
  });
  await condition(allHandlersFinished);
  return approved.size;
}

export async function baselineTask(input: { itemId: string }): Promise<string> {
  let status = 'received';
  let version = 1;
  const record = async () => {
    await a.recordTask();
    const parent = workflowInfo().parent;
    if (parent) await getExternalWorkflowHandle(parent.workflowId).signal(taskChangedSignal, { itemId: input.itemId, status }).catch(() => undefined);
  };
  const guarded = (from: string, to: string) => ({
    handler: async () => {
      status = to;
      version++;
      await record();
      return version;
    },
    validator: (expected: number) => {
      if (expected !== version || status !== from) throw new Error(`stale or illegal: ${status} v${version}`);
    },
  });
  const accept = guarded('received', 'accepted');
  const decide = guarded('accepted', 'decided');
  setHandler(acceptUpdate, accept.handler, { validator: accept.validator });
  setHandler(decideUpdate, decide.handler, { validator: decide.validator });
  await record();
  // The real task waits on its legal-clock alarm the same way: one timer, cancelled by the decision.
  await condition(() => status === 'decided', '30 days');
  await condition(allHandlersFinished);
  return input.itemId;
}

/** Like the real tracking workflow after a reply: one write, then waiting for milestones that never come here. */
export async function baselineTracking(): Promise<void> {
  await a.startTracking();
  await condition(() => false);
}

/**
 * The engine's floor (bench/floor.ts): an update that does nothing, one that runs one activity,
 * one that runs one local activity; the workflow ends on `floorFinish`. Nothing else happens in
 * it, so each update's latency is what Temporal itself costs on this server.
 */
export async function floorProbe(): Promise<void> {
  let finished = false;
  setHandler(bareUpdate, () => 1);
  setHandler(activityUpdate, async () => {
    await a.probe();
    return 1;
  });
  setHandler(localActivityUpdate, async () => {
    await local.probe();
    return 1;
  });
  setHandler(finishProbeUpdate, () => {
    finished = true;
    return 1;
  });
  await condition(() => finished);
  await condition(allHandlersFinished);
}
