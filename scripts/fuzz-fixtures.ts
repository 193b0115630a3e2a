/**
 * Real objects for `npm run fuzz` to aim at. A generated `taskId` never exists, so without these
 * an operation on a task, project, complaint or order only ever reaches its 404 (or 401/403) and
 * its handler is never exercised. Before schemathesis runs, one project is submitted through the
 * API (window key XZFW, agent AG-01, with an FGW task for the department key) and a second one
 * whose tasks are all approved, so its reply and tracking exist; a complaint is filed on an FGW
 * task and assigned to FGW, a supervision order is issued on it, each fuzzing key subscribes a
 * webhook, and a supervisor key and an officer are made for the fuzzer to revoke and edit (the
 * officer's login name and password also feed createSession, so a login succeeds). Their ids,
 * with the catalogue's own (departments, service points, agents, items), become
 * schemathesis dictionaries: each id parameter draws a real id with probability PROBABILITY and a
 * generated one otherwise, so both the handler and the 404 path are exercised.
 */
import { APPLICANT } from '../test/support/scenario';
import { eventually } from '../test/support/eventually';
import type { TestSystem } from '../test/support/system';

/** Half the draws use real ids: the handler is reached often, and generated ids still probe 404. */
const PROBABILITY = 0.5;

/** Dictionary name → the parameters (path, query and body fields) it feeds. */
const BINDINGS: Record<string, string[]> = {
  projectIds: ['path.projectId', 'query.projectId', 'body.projectId'],
  taskIds: ['path.taskId', 'query.taskId', 'body.taskId'],
  subscriptionIds: ['path.subscriptionId'],
  usernames: ['body.username'],
  passwords: ['body.password', 'body.currentPassword'],
  complaintIds: ['path.complaintId'],
  orderIds: ['path.orderId'],
  departmentIds: ['query.departmentId', 'body.departmentId', 'body.unitId'],
  servicePointIds: ['body.servicePointId'],
  agentIds: ['body.agentId'],
  itemIds: ['path.itemId'],
  keyIds: ['path.keyId'],
  officerIds: ['path.officerId'],
  intermediaryIds: ['path.intermediaryId', 'body.intermediaryId'],
};

type Task = { id: string; departmentId: string; status: string };

/** One project submitted by the XZFW window for agent AG-01, with its tasks once they exist. */
async function submitProject(sys: TestSystem, name: string, idempotencyKey: string): Promise<{ id: string; nationalProjectCode: string; tasks: Task[] }> {
  const project = await call<{ id: string; nationalProjectCode: string }>(
    sys,
    sys.key('window', 'XZFW'),
    'POST',
    '/api/v1/projects',
    {
      applicant: APPLICANT,
      project: { name, type: 'warehouse', location: '城东工业园', investmentWan: 800 },
      materials: [{ name: '项目申请报告', copies: 1 }],
      firstInquiryStaff: '李窗口',
      agentId: 'AG-01',
    },
    { 'Idempotency-Key': idempotencyKey },
  );
  // Tasks are written by the workflow's activities after the 201, so ask until they are there.
  const tasks = await eventually(
    () => call<Items<Task>>(sys, sys.key('supervisor'), 'GET', `/api/v1/tasks?projectId=${project.id}`),
    (r) => r.items.some((t) => t.departmentId === 'FGW'),
    `模糊测试项目 ${name} 的审批任务`,
  );
  return { id: project.id, nationalProjectCode: project.nationalProjectCode, tasks: tasks.items };
}

/** Accepts and approves every task as its department until the project is replied, so reply and tracking exist. */
async function replyProject(sys: TestSystem, projectId: string): Promise<void> {
  await eventually(
    async () => {
      const { items } = await call<Items<Task>>(sys, sys.key('supervisor'), 'GET', `/api/v1/tasks?projectId=${projectId}`);
      for (const t of items.filter((x) => x.status === 'received' || x.status === 'accepted')) {
        const key = sys.key('department', t.departmentId);
        const current = await fetch(`${sys.baseUrl}/api/v1/tasks/${t.id}`, { headers: { Authorization: `Bearer ${key}` } });
        const ifMatch = { 'If-Match': current.headers.get('etag') ?? '' };
        if (t.status === 'received') await call(sys, key, 'POST', `/api/v1/tasks/${t.id}/acceptance`, {}, ifMatch);
        else await call(sys, key, 'POST', `/api/v1/tasks/${t.id}/decision`, { decision: 'approved', permitNumber: `FUZZ-${t.id}` }, ifMatch);
      }
      return call<{ status: string }>(sys, sys.key('supervisor'), 'GET', `/api/v1/projects/${projectId}`);
    },
    (p) => p.status !== 'submitted' && p.status !== 'in_review',
    `模糊测试项目 ${projectId} 集中回复`,
    60_000,
  );
}

async function call<T>(sys: TestSystem, key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${sys.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`准备模糊测试数据失败：${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

type Items<T = { id: string }> = { items: Array<T> };

/** Creates the objects and returns the TOML that binds their ids (appended to scripts/fuzz.toml). */
export async function fuzzFixtures(sys: TestSystem, subscribers: string[]): Promise<string> {
  const supervisor = sys.key('supervisor');
  const admin = sys.key('admin');
  const open = await submitProject(sys, '模糊测试仓储项目', 'fuzz-fixture-open');
  const replied = await submitProject(sys, '模糊测试已回复项目', 'fuzz-fixture-replied');
  await replyProject(sys, replied.id);
  const fgwTask = open.tasks.find((t) => t.departmentId === 'FGW')!.id;
  const complaint = await call<{ id: string }>(sys, supervisor, 'POST', '/api/v1/complaints', {
    departmentId: 'FGW',
    projectId: open.id,
    taskId: fgwTask,
    category: 'other',
    description: '模糊测试投诉',
    complainant: { name: '张三', phone: '13800000000' },
  });
  await call(sys, supervisor, 'POST', `/api/v1/complaints/${complaint.id}/assignment`, { unitId: 'FGW', workingDays: 5 });
  const order = await call<{ id: string }>(sys, supervisor, 'POST', `/api/v1/tasks/${fgwTask}/supervision-orders`, { directive: '模糊测试督办', workingDays: 3 });

  // An intermediary of the catalogue, so startIntermediaryPeriod reaches the task workflow.
  const intermediary = await call<{ id: string }>(sys, admin, 'PUT', '/api/v1/intermediaries/ZJ-FUZZ-01', {
    name: '模糊测试咨询有限公司',
    uscc: '91510921MA6X8K2Q1N',
    serviceKinds: ['环境影响评价报告书编制'],
    limitDays: 10,
    contact: { name: '王工', phone: '0825-5551234' },
  });

  // A key and an officer of their own to revoke and edit: the fuzzer must not revoke the keys it
  // runs with (every later request would be a 401) nor lock out the dev officers.
  const key = await call<{ apiKey: { id: string } }>(sys, admin, 'POST', '/api/v1/api-keys', { role: 'supervisor', label: '模糊测试（可吊销）' });
  const officer = await call<{ id: string }>(sys, admin, 'POST', '/api/v1/officers', {
    username: 'fuzz.target',
    name: '模糊测试',
    role: 'supervisor',
    password: 'Fuzzing2026pass',
  });
  // One webhook subscription per role key (subscriptions belong to the key that made them).
  const subscriptions = await Promise.all(
    subscribers.map((k) => call<{ subscription: { id: string } }>(sys, k, 'POST', '/api/v1/webhooks/subscriptions', { url: 'http://127.0.0.1:9/fuzz', description: '模糊测试' })),
  );
  const [departments, servicePoints, items] = await Promise.all([
    call<Items>(sys, admin, 'GET', '/api/v1/departments'),
    call<Items>(sys, admin, 'GET', '/api/v1/service-points'),
    call<Items>(sys, admin, 'GET', '/api/v1/approval-items'),
  ]);
  const agents = [...new Set(sys.credentials.map((c) => c.agentId).filter((a): a is string => Boolean(a)))];
  const ids = (r: Items) => r.items.map((i) => i.id);
  const values: Record<string, string[]> = {
    // Both forms of a project reference: the project id and the 全国投资项目代码.
    projectIds: [open.id, replied.id, open.nationalProjectCode, replied.nationalProjectCode],
    taskIds: [...open.tasks, ...replied.tasks].map((t) => t.id),
    complaintIds: [complaint.id],
    orderIds: [order.id],
    departmentIds: ids(departments),
    servicePointIds: ids(servicePoints),
    agentIds: agents,
    itemIds: ids(items),
    subscriptionIds: subscriptions.map((x) => x.subscription.id),
    usernames: ['fuzz.target'],
    passwords: ['Fuzzing2026pass'],
    keyIds: [key.apiKey.id],
    officerIds: [officer.id],
    intermediaryIds: [intermediary.id],
  };

  const toml = ['', '# --- generated by scripts/fuzz-fixtures.ts: real ids of the objects seeded before the run ---'];
  for (const [name, list] of Object.entries(values)) {
    // A response shape misread here would silently feed `null`: fail the run instead.
    if (list.length === 0 || list.some((v) => typeof v !== 'string' || v === '')) throw new Error(`模糊测试词典 ${name} 无效：${JSON.stringify(list)}`);
  }
  for (const [name, list] of Object.entries(values)) toml.push(`[dictionaries.${name}]`, `values = ${JSON.stringify(list)}`);
  toml.push('[parameters]');
  for (const [name, params] of Object.entries(BINDINGS)) {
    for (const p of params) toml.push(`"${p}" = { dictionary = "${name}", probability = ${PROBABILITY} }`);
  }
  return `${toml.join('\n')}\n`;
}
