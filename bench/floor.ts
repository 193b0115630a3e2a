/**
 * The engine's floor and the system's one-at-a-time latencies, measured in the same run on the
 * same Temporal server (issue #15):
 *
 * - floor probes (bench/baseline/workflows.ts `floorProbe`): start + update, bare update, update
 *   that runs one activity, update that runs one local activity, and update-with-start (the
 *   gateway's one-call intake) — no HTTP, no database;
 * - the real system over HTTP, one request at a time (a sustainable rate: nothing queues), for
 *   `submitProject`, `acceptTask` and `decideTask`, each compared with its floor;
 * - Temporal's work per project, counted from the histories of one serial project.
 */
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { DevCredential } from '../lib/seed';
import { projectWorkflowId } from '../workflows/project/contracts';
import { taskWorkflowId } from '../workflows/task/contracts';
import { trackingWorkflowId } from '../workflows/tracking/contracts';
import { activityUpdate, bareUpdate, finishProbeUpdate, localActivityUpdate, type BaselineItem } from './baseline/contracts';
import type { floorProbe } from './baseline/workflows';
import { Api, type ApiTaskRef } from './http';
import type { Quiet } from './quiet';
import { Latencies, sleep, type Summary } from './stats';

export const FLOOR = {
  startUpdate: 'start + update',
  bare: 'bare update',
  activity: 'update + activity',
  local: 'update + local activity',
  /** How the gateway submits (one call); not a target's floor, shown beside start + update. */
  withStart: 'update-with-start',
} as const;

/** Which floor each product operation is held against (the issue's targets: ≤ 4× and ≤ 3×). */
export const FLOOR_OF: Record<string, { floor: string; target: number }> = {
  submitProject: { floor: FLOOR.startUpdate, target: 4 },
  acceptTask: { floor: FLOOR.local, target: 3 },
  decideTask: { floor: FLOOR.local, target: 3 },
};

export interface ProjectActions {
  workflows: number;
  historyEvents: number;
  workflowTasks: number;
  activities: number;
  localActivities: number;
  childWorkflows: number;
  signalsSent: number;
  updates: number;
  timers: number;
  /** Per workflow type: history events. */
  perWorkflow: Record<string, number>;
  /** Signals the project workflow received (each one a workflow task on the project unless batched). */
  projectSignalsReceived: number;
  /**
   * Task histories cut at each accepted update (`start` = before the first): what one operation costs
   * the engine, summed over the project's tasks — where decideTask and submitProject spend their time.
   */
  segments: Record<string, Segment>;
  /** The project's history from its start to the intake update's completion: `+ms EVENT_TYPE` (server clock). */
  intakeTimeline: string[];
}

export interface Segment {
  count: number;
  events: number;
  workflowTasks: number;
  localActivities: number;
  signalsSent: number;
}

export interface FloorReport {
  rounds: number;
  probes: Record<string, Summary>;
  serialProjects: number;
  /** Each probe and request waited for an idle machine (bench/quiet.ts): how many waits, how many gave up. Absent: back to back. */
  settling?: { waits: number; unsettled: number };
  serial: Record<string, Summary>;
  ratios: { op: string; floor: string; p50: number; floorP50: number; ratio: number; target: number }[];
  actions?: ProjectActions;
}

/** Floor probes: `rounds` probe workflows, each started with an update and then sent one update of each kind. */
export async function runFloorProbes(client: Client, taskQueue: string, rounds: number, quiet: Quiet): Promise<Record<string, Summary>> {
  const lat = new Latencies();
  const runId = `floor-${Date.now().toString(36)}`;
  for (let i = 0; i < rounds; i++) {
    await quiet.settle();
    const t0 = performance.now();
    const handle = await client.workflow.start<typeof floorProbe>('floorProbe', { workflowId: `${runId}-${i}`, taskQueue, args: [] });
    await handle.executeUpdate(bareUpdate);
    lat.record(FLOOR.startUpdate, performance.now() - t0);
    await quiet.settle();
    await lat.time(FLOOR.bare, () => handle.executeUpdate(bareUpdate));
    await quiet.settle();
    await lat.time(FLOOR.activity, () => handle.executeUpdate(activityUpdate));
    await quiet.settle();
    await lat.time(FLOOR.local, () => handle.executeUpdate(localActivityUpdate));
    await handle.executeUpdate(finishProbeUpdate);
    const withStart = new WithStartWorkflowOperation<typeof floorProbe>('floorProbe', { workflowId: `${runId}-${i}-ws`, taskQueue, args: [], workflowIdConflictPolicy: 'FAIL' });
    await quiet.settle();
    await lat.time(FLOOR.withStart, () => client.workflow.executeUpdateWithStart(bareUpdate, { startWorkflowOperation: withStart }));
    await (await withStart.workflowHandle()).executeUpdate(finishProbeUpdate);
  }
  return lat.summary();
}

const SUBMISSION = {
  applicant: { name: '闽东精密制造有限公司', uscc: '91350100M000100Y43', contact: { name: '张三', phone: '13800000000' } },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
};

/**
 * Projects one at a time over HTTP: intake, then every task accepted and decided in catalogue
 * order (topological), then the reply. Waiting for a dependant to appear is not timed, nor is
 * waiting for the machine to go idle before each request (bench/quiet.ts).
 * Returns the latencies and the code of the last project.
 */
export async function runSerialProjects(
  apiBase: string,
  credentials: DevCredential[],
  items: BaselineItem[],
  departmentOf: Map<string, string>,
  projects: number,
  deadline: number,
  quiet: Quiet,
): Promise<{ latency: Record<string, Summary>; lastCode?: string }> {
  const timed = new Api(apiBase, deadline);
  const untimed = new Api(apiBase, deadline);
  const windowKey = credentials.find((c) => c.role === 'window')!.apiKey;
  const deptKey = (itemId: string) => credentials.find((c) => c.role === 'department' && c.departmentId === departmentOf.get(itemId))!.apiKey;
  const runId = Date.now().toString(36);
  let lastCode: string | undefined;
  for (let i = 0; i < projects; i++) {
    await quiet.settle();
    const res = await timed.call<{ code: string }>('submitProject', 'POST', '/api/v1/projects', windowKey, {
      body: { ...SUBMISSION, project: { name: `单请求项目 ${runId}-${i}`, type: 'industrial', location: '城东工业园', investmentWan: 5000 } },
      headers: { 'Idempotency-Key': `serial-${runId}-${i}` },
    });
    if (res.status !== 201) throw new Error(`submitProject 返回 ${res.status}：${JSON.stringify(res.body).slice(0, 200)}`);
    const code = res.body.code;
    for (const item of items) {
      const key = deptKey(item.id);
      const path = `/api/v1/tasks/${encodeURIComponent(`${code}.${item.id}`)}`;
      let task: ApiTaskRef | undefined;
      while (task?.status !== 'received') {
        const r = await untimed.call<ApiTaskRef>('getTask', 'GET', path, key);
        if (r.status === 200) task = r.body;
        if (task?.status !== 'received') await sleep(10);
      }
      await quiet.settle();
      const accepted = await timed.call<ApiTaskRef>('acceptTask', 'POST', `${path}/acceptance`, key, { body: {}, headers: { 'If-Match': `"${task.version}"` } });
      if (accepted.status !== 200) throw new Error(`acceptTask 返回 ${accepted.status}`);
      await quiet.settle();
      const decided = await timed.call<ApiTaskRef>('decideTask', 'POST', `${path}/decision`, key, {
        body: { decision: 'approved', permitNumber: `单请求〔2026〕${i}-${item.id}` },
        headers: { 'If-Match': `"${accepted.body.version}"` },
      });
      if (decided.status !== 200) throw new Error(`decideTask 返回 ${decided.status}`);
    }
    while ((await untimed.call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, windowKey)).status !== 200) await sleep(20);
    lastCode = code;
  }
  return { latency: timed.latencies.summary(), lastCode };
}

const { EventType } = temporal.api.enums.v1;

/** What Temporal did for one project: every workflow's history (project, tasks, follow-up tracking so far). */
export async function countProjectActions(client: Client, code: string, items: BaselineItem[]): Promise<ProjectActions> {
  const ids = [
    ['project', projectWorkflowId(code)],
    ...items.map((i) => ['task', taskWorkflowId(`${code}.${i.id}`)]),
    ['tracking', trackingWorkflowId(code)],
  ] as const;
  const out: ProjectActions = {
    workflows: 0, historyEvents: 0, workflowTasks: 0, activities: 0, localActivities: 0, childWorkflows: 0, signalsSent: 0, updates: 0, timers: 0,
    perWorkflow: {}, projectSignalsReceived: 0, segments: {}, intakeTimeline: [],
  };
  const segment = (name: string): Segment => (out.segments[name] ??= { count: 0, events: 0, workflowTasks: 0, localActivities: 0, signalsSent: 0 });
  for (const [kind, id] of ids) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const events = history.events ?? [];
    out.workflows++;
    out.historyEvents += events.length;
    out.perWorkflow[kind] = (out.perWorkflow[kind] ?? 0) + events.length;
    let current: Segment | undefined = kind === 'task' ? segment('start') : undefined;
    if (kind === 'project') out.intakeTimeline = intakeTimeline(events);
    if (current) current.count++;
    for (const e of events) {
      if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED && kind === 'task') {
        current = segment(e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? 'update');
        current.count++;
      }
      if (current) {
        current.events++;
        if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) current.workflowTasks++;
        if (e.eventType === EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED) current.signalsSent++;
        if (e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED && e.markerRecordedEventAttributes?.markerName === 'core_local_activity') current.localActivities++;
      }
      if (kind === 'project' && e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) out.projectSignalsReceived++;
      switch (e.eventType) {
        case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED: out.workflowTasks++; break;
        case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: out.activities++; break;
        case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: out.childWorkflows++; break;
        case EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: out.signalsSent++; break;
        case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: out.updates++; break;
        case EventType.EVENT_TYPE_TIMER_STARTED: out.timers++; break;
        case EventType.EVENT_TYPE_MARKER_RECORDED:
          if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') out.localActivities++;
          break;
        default:
      }
    }
  }
  return out;
}

const millis = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

/** Where the intake answer's time goes inside the engine: each event until the intake update completes. */
function intakeTimeline(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  const t0 = millis(events[0]?.eventTime);
  const end = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
  return events.slice(0, end + 1).map((e) => `+${Math.round(millis(e.eventTime) - t0)} ${EventType[e.eventType ?? 0].replace('EVENT_TYPE_', '')}`);
}

export function ratios(probes: Record<string, Summary>, serial: Record<string, Summary>): FloorReport['ratios'] {
  return Object.entries(FLOOR_OF)
    .filter(([op, { floor }]) => serial[op] && probes[floor])
    .map(([op, { floor, target }]) => ({
      op,
      floor,
      p50: serial[op].p50,
      floorP50: probes[floor].p50,
      ratio: Math.round((serial[op].p50 / probes[floor].p50) * 10) / 10,
      target,
    }));
}

export async function connectClient(address: string, dataConverter: DataConverter): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, namespace: 'default', dataConverter }), close: () => connection.close() };
}

const ms = (s: Summary | undefined) => (s && s.count > 0 ? `${s.p50} / ${s.p95} / ${s.p99}` : '—');

export function floorMarkdown(f: FloorReport): string[] {
  const a = f.actions;
  return [
    '## 引擎下限与单请求时延 / Engine floor, one request at a time',
    '',
    `同一 Temporal 服务器、同一次运行：下限探针 ${f.rounds} 轮（基线 worker，空活动体，无 HTTP、无读模型）；系统经 HTTP 逐个办理 ${f.serialProjects} 个项目（一次只有一个请求在途）。` +
      (f.settling
        ? `探针与请求之前都不计时地等到整机空闲（100 毫秒内忙碌 < 0.1 核，最多等 3 秒；共等 ${f.settling.waits} 次，其中 ${f.settling.unsettled} 次未等到空闲）。`
        : '探针与请求紧接着发出，不等机器空闲（`--serial-back-to-back`）。'),
    '',
    '| 下限探针 | 次数 | p50 / p95 / p99（毫秒） |',
    '| --- | ---: | --- |',
    ...Object.values(FLOOR).map((k) => `| ${k} | ${f.probes[k]?.count ?? 0} | ${ms(f.probes[k])} |`),
    '',
    '| 系统操作（单请求） | 次数 | p50 / p95 / p99（毫秒） | 对照下限 | 下限 p50 | **p50 比值** | 目标 |',
    '| --- | ---: | --- | --- | ---: | ---: | ---: |',
    ...f.ratios.map((r) => `| \`${r.op}\` | ${f.serial[r.op].count} | ${ms(f.serial[r.op])} | ${r.floor} | ${r.floorP50} | **${r.ratio}×** | ≤ ${r.target}× |`),
    '',
    ...(a
      ? [
          `每个项目的 Temporal 工作（从最后一个单请求项目的 ${a.workflows} 个工作流历史统计；跟踪问效流程计到启动为止）：` +
            `历史事件 ${a.historyEvents}（项目 ${a.perWorkflow.project ?? 0}、任务 ${a.perWorkflow.task ?? 0}、跟踪 ${a.perWorkflow.tracking ?? 0}），` +
            `工作流任务 ${a.workflowTasks}，活动 ${a.activities}，本地活动 ${a.localActivities}，子工作流 ${a.childWorkflows}，` +
            `发出的 signal ${a.signalsSent}，update ${a.updates}，定时器 ${a.timers}；项目流程收到的 signal ${a.projectSignalsReceived ?? 0}。`,
          '',
          ...(a.segments
            ? [
                '任务流程历史按 update 切段（`start` 为首个 update 之前；各任务合计）：',
                '',
                '| 段 | 次数 | 历史事件 | 工作流任务 | 本地活动（读模型写入） | 发给项目的 signal |',
                '| --- | ---: | ---: | ---: | ---: | ---: |',
                ...Object.entries(a.segments).map(([k, g]) => `| ${k} | ${g.count} | ${g.events} | ${g.workflowTasks} | ${g.localActivities} | ${g.signalsSent} |`),
                '',
                `受理（项目流程历史，从启动到受理 update 完成，服务器时钟毫秒）：${(a.intakeTimeline ?? []).join('，')}。`,
                '',
              ]
            : []),
        ]
      : []),
  ];
}
