/**
 * What the read model must show after the faults: each project once with one reply (version 1),
 * each task once and decided with a legal event history, and the overdue tasks red with every
 * alarm recorded exactly once.
 */
import type { Db } from '../../../lib/db/client';
import { shanghaiDateOf } from '../../../domain/clock';
import { guarded, type Check, type CheckBuilder } from './check';
import { EXPECTED_ITEMS, FIRST_WAVE } from './clients';

interface EventRow {
  seq: number;
  id: string;
  type: string;
  projectId: string | null;
  taskId: string | null;
  payload: unknown;
}

const STATUS_LETTER: Record<string, string> = {
  'task.waiting': 'W',
  'task.received': 'R',
  'task.supplement_requested': 'S',
  'task.supplement_received': 'M',
  'task.accepted': 'A',
  'task.deemed_accepted': 'A',
  'task.decided': 'D',
  'task.not_started': 'N',
  'task.cancelled': 'C',
};
/** (waiting, for a later wave →) received → (supplement_requested → supplement_received)* → accepted (or deemed) → decided. */
const LEGAL_HISTORY = /^W?R(SM)*AD$/;

const versionOf = (e: EventRow) => Number((e.payload as { version?: unknown } | null)?.version);

export interface ModelInput {
  db: Db;
  /** Every project code the run created (HTTP and direct starts). */
  expectedCodes: string[];
  /** Distinct Idempotency-Keys the window used: one project each. */
  idempotencyKeys: number;
  httpCodes: string[];
  overdueCodes: string[];
  /** Keys whose submission never got its 201: a project behind one is an unanswered intake, not a duplicate. */
  unansweredKeys: Set<string>;
}

export async function loadEvents(db: Db): Promise<EventRow[]> {
  return db.event.findMany({ orderBy: { seq: 'asc' }, select: { seq: true, id: true, type: true, projectId: true, taskId: true, payload: true } });
}

function groupBy<T>(rows: T[], key: (r: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return m;
}

export async function verifyProjects(input: ModelInput, events: EventRow[]): Promise<Check> {
  return guarded('projects', '项目：每个申报恰好一个项目、恰好一份集中回复（版本 1）', async (c) => {
    const { db, expectedCodes } = input;
    const projects = await db.project.findMany({ select: { id: true, code: true, status: true } });
    const replies = await db.consolidatedReply.findMany({ select: { projectId: true, version: true } });
    const byProject = groupBy(events, (e) => (e.taskId === null ? e.projectId : null));
    const records = await db.idempotencyRecord.findMany({ select: { key: true, responseBody: true } });
    const keyOf = new Map(records.map((r) => [(r.responseBody as { code?: string }).code ?? '', r.key]));
    const repliesOf = groupBy(replies, (r) => r.projectId);
    const expected = new Set(expectedCodes);
    c.set('预期项目', expected.size);
    c.set('读模型项目', projects.length);
    c.set('集中回复', replies.length);
    c.expect(
      input.httpCodes.length === input.idempotencyKeys,
      `窗口用了 ${input.idempotencyKeys} 个 Idempotency-Key，却得到 ${input.httpCodes.length} 个项目编号`,
    );
    for (const code of expected) {
      if (!c.expect(projects.some((p) => p.id === code), `缺失项目 ${code}`)) c.count('缺失');
    }
    for (const p of projects) {
      if (!expected.has(p.id)) {
        const key = keyOf.get(p.id);
        if (key && input.unansweredKeys.has(key)) {
          c.count('已受理但应答未送达');
          c.fail(`项目 ${p.id} 已受理，但窗口（Idempotency-Key ${key}）始终没有收到 201（应答丢失，客户端放弃重试）`);
        } else {
          c.count('多余（重复）');
          c.fail(`读模型中多出项目 ${p.id}（${key ? `对应 Idempotency-Key ${key}，但客户端记录的项目中没有它` : '无对应申报'}，疑似重复受理）`);
        }
        continue;
      }
      c.expect(['replied', 'tracking', 'closed'].includes(p.status), `项目 ${p.id} 状态为 ${p.status}，未集中回复`);
      const rs = repliesOf.get(p.id) ?? [];
      c.expect(rs.length === 1 && rs[0].version === 1, `项目 ${p.id} 有 ${rs.length} 份集中回复（版本 ${rs.map((r) => r.version).join(',')}）`);
      const evs = byProject.get(p.id) ?? [];
      const submitted = evs.filter((e) => e.type === 'project.submitted').length;
      const replied = evs.filter((e) => e.type === 'project.replied').length;
      c.expect(submitted === 1, `项目 ${p.id} 有 ${submitted} 条 project.submitted`);
      c.expect(replied === 1, `项目 ${p.id} 有 ${replied} 条 project.replied`);
      if (rs.length === 1 && submitted === 1 && replied === 1) c.count('完整');
    }
  });
}

const COORDINATION_EVENT = /^(joint_meeting|countersign)\./;

export async function verifyTasks(input: ModelInput, events: EventRow[]): Promise<Check> {
  return guarded('tasks', '审批任务：每个任务恰好一个、已决定、事件历史合法（版本递增、只有一次决定）', async (c) => {
    const { db, expectedCodes } = input;
    const tasks = await db.task.findMany({ select: { id: true, projectId: true, itemId: true, status: true, version: true, decision: true } });
    // Coordination events (a 联席会议 convened by a red light, a 会签) name a department's task so the
    // department hears of them, but they are not the task workflow's history and carry no task version.
    const byTask = groupBy(events.filter((e) => !COORDINATION_EVENT.test(e.type)), (e) => e.taskId);
    const tasksOf = groupBy(tasks, (t) => t.projectId);
    c.set('任务', tasks.length);
    for (const code of expectedCodes) {
      const items = (tasksOf.get(code) ?? []).map((t) => t.itemId).sort();
      c.expect(
        JSON.stringify(items) === JSON.stringify([...EXPECTED_ITEMS].sort()),
        `项目 ${code} 的任务为 [${items.join(', ')}]，应为 [${EXPECTED_ITEMS.join(', ')}]`,
      );
    }
    for (const t of tasks) {
      const evs = byTask.get(t.id) ?? [];
      c.count('任务事件', evs.length);
      if (!c.expect(t.status === 'decided' && t.decision !== null, `任务 ${t.id} 状态 ${t.status}，未决定`)) continue;
      checkHistory(c, t, evs);
    }
    for (const [taskId] of groupBy(events, (e) => e.taskId)) {
      c.expect(tasks.some((t) => t.id === taskId), `事件引用了不存在的任务 ${taskId}`);
    }
  });
}

function checkHistory(c: CheckBuilder, t: { id: string; version: number }, evs: EventRow[]): void {
  const statusEvents = evs.filter((e) => e.type in STATUS_LETTER);
  const history = statusEvents.map((e) => STATUS_LETTER[e.type]).join('');
  const decided = evs.filter((e) => e.type === 'task.decided').length;
  let ok = c.expect(LEGAL_HISTORY.test(history), `任务 ${t.id} 的状态事件序列 ${statusEvents.map((e) => e.type).join(' → ')} 不合法`);
  ok = c.expect(decided === 1, `任务 ${t.id} 有 ${decided} 条 task.decided`) && ok;
  // Receipt keeps the version a waiting task was registered with (1): nothing a department holds is stale.
  const versioned = statusEvents.filter((e) => e.type !== 'task.waiting');
  for (let i = 1; i < versioned.length; i++) {
    ok = c.expect(versionOf(versioned[i]) > versionOf(versioned[i - 1]), `任务 ${t.id} 的版本未递增：${versioned[i - 1].type}@${versionOf(versioned[i - 1])} → ${versioned[i].type}@${versionOf(versioned[i])}`) && ok;
  }
  for (let i = 1; i < evs.length; i++) {
    ok = c.expect(versionOf(evs[i]) >= versionOf(evs[i - 1]), `任务 ${t.id} 的事件版本倒退：${evs[i - 1].type}@${versionOf(evs[i - 1])} → ${evs[i].type}@${versionOf(evs[i])}`) && ok;
  }
  const last = evs[evs.length - 1];
  ok = c.expect(last !== undefined && versionOf(last) === t.version, `任务 ${t.id} 读模型版本 ${t.version} 与最后一条事件版本 ${last ? versionOf(last) : '无'} 不一致`) && ok;
  if (history.includes('S')) c.count('含补正的任务');
  if (ok) c.count('历史合法');
}

/**
 * The overdue projects' first-wave tasks: red in the read model, and each alarm that fell due
 * recorded exactly once — deemed acceptance, yellow, red, and the statutory breach where the
 * statutory deadline has passed.
 */
export async function verifyDeadlines(input: ModelInput, events: EventRow[]): Promise<Check> {
  return guarded('deadlines', '时限定时器：超期项目的首批任务亮红灯，各提醒恰好记录一次', async (c) => {
    const today = shanghaiDateOf(Date.now());
    const byTask = groupBy(events, (e) => e.taskId);
    c.set('超期项目', input.overdueCodes.length);
    if (input.overdueCodes.length === 0) c.note('未启动超期项目，跳过本项检查');
    for (const code of input.overdueCodes) {
      const projectEvents = events.filter((e) => e.projectId === code && e.type === 'project.light_changed');
      c.expect(
        projectEvents.some((e) => (e.payload as { to?: string }).to === 'red'),
        `项目 ${code} 没有转为红灯的 project.light_changed`,
      );
      for (const itemId of FIRST_WAVE) {
        const taskId = `${code}.${itemId}`;
        const task = await input.db.task.findUnique({ where: { id: taskId } });
        if (!c.expect(task !== null, `缺少超期任务 ${taskId}`) || !task) continue;
        c.count('首批任务');
        const evs = byTask.get(taskId) ?? [];
        const lights = evs.filter((e) => e.type === 'task.light_changed').map((e) => (e.payload as { to?: string }).to);
        const n = (type: string) => evs.filter((e) => e.type === type).length;
        let ok = c.expect(task.light === 'red', `任务 ${taskId} 读模型灯色为 ${task.light}，应为红灯`);
        ok = c.expect(lights.filter((l) => l === 'yellow').length === 1 && lights.filter((l) => l === 'red').length === 1,
          `任务 ${taskId} 的亮灯事件为 [${lights.join(', ')}]，应各有一次黄灯、红灯`) && ok;
        ok = c.expect(n('task.deemed_accepted') === 1, `任务 ${taskId} 有 ${n('task.deemed_accepted')} 条视为受理事件，应为 1`) && ok;
        const breachDue = task.statutoryDueDate !== null && task.statutoryDueDate < today;
        ok = c.expect(n('task.statutory_breached') === (breachDue ? 1 : 0),
          `任务 ${taskId} 法定到期日 ${task.statutoryDueDate}，有 ${n('task.statutory_breached')} 条超法定时限事件，应为 ${breachDue ? 1 : 0}`) && ok;
        if (breachDue) c.count('超法定时限');
        if (ok) c.count('红灯且提醒完整');
      }
    }
  });
}
