/**
 * The chaos run's read-model verifier must not be vacuous: on a read model written the way the
 * activities write it, it passes; a duplicated decision, a missing or second reply, a regressing
 * version, an illegal history or a project nobody submitted each make it fail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { DEMO_CATALOGUE_FILE, readCatalogue, seedCatalogue } from '../../lib/seed';
import { EXPECTED_ITEMS } from '../../scripts/proof/chaos/clients';
import { loadEvents, verifyProjects, verifyTasks, type ModelInput } from '../../scripts/proof/chaos/verify-model';

const CODE = 'XM-2026-000001';
let dir: string;
let db: Db;
let seq = 0;

const event = (type: string, version: number | undefined, taskId?: string) =>
  db.event.create({
    data: {
      id: `e-${++seq}`,
      type,
      projectId: CODE,
      taskId: taskId ?? null,
      departmentId: taskId ? taskId.split('.')[1].slice(0, 3) : null,
      payload: version === undefined ? {} : { version },
      occurredAt: new Date(),
    },
  });

/** One project as a clean run leaves it: 7 tasks received → accepted → decided, one reply. */
async function writeCleanProject(): Promise<void> {
  await db.project.create({
    data: {
      id: CODE, code: CODE, name: '核验器自测项目', type: 'industrial', location: '城东', investmentWan: 5000,
      applicantName: '闽东精密制造有限公司', applicantUscc: '91350100M000100Y43', applicantContact: {}, firstInquiryStaff: '李窗口',
      status: 'replied', materials: [], workflowId: `project-${CODE}`, submittedAt: new Date(),
    },
  });
  await event('project.submitted', undefined);
  for (const item of EXPECTED_ITEMS) {
    const id = `${CODE}.${item}`;
    await db.task.create({ data: { id, projectId: CODE, itemId: item, departmentId: item.slice(0, 3), status: 'decided', decision: 'approved', version: 3 } });
    await event('task.received', 1, id);
    await event('task.accepted', 2, id);
    await event('task.decided', 3, id);
  }
  await db.consolidatedReply.create({ data: { id: `${CODE}.reply.1`, projectId: CODE, version: 1, content: {} } });
  await event('project.replied', undefined);
}

const input = (): ModelInput => ({ db, expectedCodes: [CODE], idempotencyKeys: 1, httpCodes: [CODE], overdueCodes: [], unansweredKeys: new Set() });
const verify = async () => {
  const events = await loadEvents(db);
  return { projects: await verifyProjects(input(), events), tasks: await verifyTasks(input(), events) };
};

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-verify-'));
  const url = `file:${path.join(dir, 'read-model.db')}`;
  await migrateDatabase(url, { log: () => undefined });
  db = createDb(url);
  await seedCatalogue(db, readCatalogue(DEMO_CATALOGUE_FILE));
  await writeCleanProject();
});
afterEach(async () => {
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('when the read model is what a clean run leaves, then the verifier passes', async () => {
  const r = await verify();
  expect(r.projects.problems).toEqual([]);
  expect(r.tasks.problems).toEqual([]);
  expect(r.tasks.counts['历史合法']).toBe(EXPECTED_ITEMS.length);
});

test('when a task was decided twice, then the task check fails', async () => {
  await event('task.decided', 4, `${CODE}.FGW-01`);
  await db.task.update({ where: { id: `${CODE}.FGW-01` }, data: { version: 4 } });
  const r = await verify();
  expect(r.tasks.ok).toBe(false);
  expect(r.tasks.problems.join('\n')).toContain('2 条 task.decided');
});

test('when a history skips acceptance or a version goes back, then the task check fails', async () => {
  await db.event.deleteMany({ where: { taskId: `${CODE}.GTJ-01`, type: 'task.accepted' } });
  await event('task.light_changed', 1, `${CODE}.HBJ-01`);
  const r = await verify();
  expect(r.tasks.problems.join('\n')).toMatch(/GTJ-01 的状态事件序列 .* 不合法/);
  expect(r.tasks.problems.join('\n')).toMatch(/HBJ-01 .*版本/);
});

test('when a second reply exists or a project nobody submitted appears, then the project check fails', async () => {
  await db.consolidatedReply.create({ data: { id: `${CODE}.reply.2`, projectId: CODE, version: 2, content: {} } });
  await db.project.create({
    data: {
      id: 'XM-2026-000002', code: 'XM-2026-000002', name: '多出的项目', type: 'industrial', location: '城东', investmentWan: 5000,
      applicantName: 'x', applicantUscc: '91350100M000100Y43', applicantContact: {}, firstInquiryStaff: '李窗口',
      status: 'in_review', materials: [], workflowId: 'project-XM-2026-000002', submittedAt: new Date(),
    },
  });
  const r = await verify();
  expect(r.projects.ok).toBe(false);
  expect(r.projects.problems.join('\n')).toContain('2 份集中回复');
  expect(r.projects.problems.join('\n')).toContain('多出项目 XM-2026-000002');
});
