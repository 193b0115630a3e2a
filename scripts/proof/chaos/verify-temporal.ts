/**
 * What Temporal must show after the faults: exactly one run per project (`project-<code>`), per
 * task (`task-<taskId>`) and per follow-up (`tracking-<code>`), each project and task run
 * completed — no duplicate start survived a retry, no workflow was lost with the server restart.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { projectWorkflowId } from '../../../workflows/project/contracts';
import { taskWorkflowId } from '../../../workflows/task/contracts';
import { trackingWorkflowId } from '../../../workflows/tracking/contracts';
import { guarded, type Check } from './check';
import { EXPECTED_ITEMS } from './clients';
import { pause, persistently } from './http';

async function runsOfType(temporal: Client, type: string): Promise<Map<string, WorkflowExecutionInfo[]>> {
  const runs = new Map<string, WorkflowExecutionInfo[]>();
  for await (const w of temporal.workflow.list({ query: `WorkflowType = '${type}'` })) {
    runs.set(w.workflowId, [...(runs.get(w.workflowId) ?? []), w]);
  }
  return runs;
}

/** Visibility is eventually consistent: wait (bounded) until it has caught up with `expected`. */
async function settledRuns(temporal: Client, type: string, expected: string[], done: (w: WorkflowExecutionInfo) => boolean): Promise<Map<string, WorkflowExecutionInfo[]>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const runs = await persistently(`列出 ${type}`, () => runsOfType(temporal, type));
    const settled = expected.every((id) => (runs.get(id) ?? []).some(done));
    if (settled || Date.now() > deadline) return runs;
    await pause(500);
  }
}

export async function verifyTemporal(temporal: Client, codes: string[]): Promise<Check> {
  return guarded('temporal', 'Temporal：每个项目、任务、跟踪流程恰好一次运行，项目与任务流程已完成', async (c) => {
    const completed = (w: WorkflowExecutionInfo) => w.status.name === 'COMPLETED';
    const kinds: { type: string; ids: string[]; label: string; mustComplete: boolean }[] = [
      { type: 'projectWorkflow', ids: codes.map(projectWorkflowId), label: '项目流程', mustComplete: true },
      {
        type: 'approvalTaskWorkflow',
        ids: codes.flatMap((code) => EXPECTED_ITEMS.map((item) => taskWorkflowId(`${code}.${item}`))),
        label: '任务流程',
        mustComplete: true,
      },
      { type: 'projectTrackingWorkflow', ids: codes.map(trackingWorkflowId), label: '跟踪流程', mustComplete: false },
    ];
    for (const k of kinds) {
      const runs = await settledRuns(temporal, k.type, k.ids, k.mustComplete ? completed : () => true);
      const expected = new Set(k.ids);
      let exactlyOnce = 0;
      for (const id of k.ids) {
        const rs = runs.get(id) ?? [];
        if (!c.expect(rs.length > 0, `缺少${k.label} ${id}`)) continue;
        if (!c.expect(rs.length === 1, `${k.label} ${id} 有 ${rs.length} 次运行`)) continue;
        if (k.mustComplete && !c.expect(completed(rs[0]), `${k.label} ${id} 状态为 ${rs[0].status.name}`)) continue;
        exactlyOnce++;
      }
      for (const id of runs.keys()) c.expect(expected.has(id), `多出${k.label} ${id}`);
      c.set(`${k.label}（恰好一次）`, exactlyOnce);
      c.set(`${k.label}（可见性中共计）`, [...runs.values()].reduce((n, rs) => n + rs.length, 0));
    }
    // Describe by id as well: visibility is an index, the execution itself is the record.
    let described = 0;
    for (const code of codes) {
      const d = await persistently(`查询 ${projectWorkflowId(code)}`, () => temporal.workflow.getHandle(projectWorkflowId(code)).describe());
      if (c.expect(d.status.name === 'COMPLETED', `describe ${projectWorkflowId(code)}：${d.status.name}`)) described++;
    }
    c.set('describe 已完成的项目流程', described);
  });
}
