/**
 * registerProject with the first wave's receipts (workflows/project: receipts-at-registration, issue #15):
 * the project, every routed task and the receipts go in one transaction — first-wave rows are created
 * received with the receipt's clock and keep the project's green channel, later-wave rows wait — and a
 * second run (a local activity re-run after a failed workflow task) writes nothing.
 * Real read model: SQLite, or PostgreSQL when TEST_DATABASE_URL_PG is set.
 */
import { createLifecycleActivities } from '../../activities/lifecycle';
import type { EventInput } from '../../activities/events';
import type { RegisterProjectInput } from '../../activities/lifecycle-records';
import { createDb, type Db } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { readCatalogue, seedCatalogue } from '../../lib/seed';
import { loadSchedules } from '../../lib/calendar';
import { readyToStart, type CatalogueItem } from '../../domain/routing';
import { calendarYears } from '../../workflows/project/rules';
import { receiptRecord } from '../../workflows/task/receipt';
import type { TaskWorkflowInput } from '../../workflows/task/contracts';
import { SYSTEM_ACTOR } from '../../workflows/shared';
import { freshDatabase } from '../support/system';

describe('registerProject with the first wave’s receipts', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let items: CatalogueItem[];

  beforeAll(async () => {
    const scratch = await freshDatabase();
    drop = scratch.drop;
    await migrateDatabase(scratch.url, { log: () => undefined });
    db = createDb(scratch.url);
    await seedCatalogue(db, readCatalogue());
    const { loadRoutingContext } = createLifecycleActivities({ db });
    const { catalogue } = await loadRoutingContext();
    // Two items without prerequisites (first wave) and one that waits for the first of them.
    const [a, b] = catalogue.filter((i) => i.prerequisites.length === 0);
    items = [a, b, { ...catalogue.find((i) => i.prerequisites.length === 0 && i.id !== a.id && i.id !== b.id)!, prerequisites: [a.id] }];
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
    await drop?.();
  });

  it('when the receipts come with the registration, then first-wave rows are received with their clock and green channel, the rest wait, and a re-run writes nothing', async () => {
    const { registerProject } = createLifecycleActivities({ db });
    const code = 'XM-2026-000101';
    const now = Date.now();
    const calendar = await loadSchedules(db, calendarYears(now, now));
    const first = readyToStart(items, new Set(), new Set());
    expect(first.map((i) => i.id)).toEqual([items[0].id, items[1].id]);
    const event = (id: string, type: string, payload: object, scope: object = {}) => ({ id, type, projectId: code, actor: SYSTEM_ACTOR, occurredAt: now, payload, ...scope }) as unknown as EventInput;
    const receipts = first.map((item) => {
      const args = { taskId: `${code}.${item.id}`, projectId: code, projectCode: code, projectName: '县城污水处理厂扩建', itemId: item.id, itemName: item.name, departmentId: item.departmentId, statutoryDays: item.statutoryDays, promisedDays: item.promisedDays, greenChannel: true, calendar, yellowPercent: 80, receivedAt: now, receiptRecorded: true } as TaskWorkflowInput;
      const r = receiptRecord(args, now, now, `project-${code}`);
      return { taskId: args.taskId, patch: r.patch, event: event(`${code}.received.${item.id}`, 'task.received', r.payload, { taskId: args.taskId, departmentId: item.departmentId }) as EventInput<'task.received'> };
    });
    const input: RegisterProjectInput = {
      workflowId: `project-${code}`,
      input: {
        projectId: code,
        code,
        submittedBy: SYSTEM_ACTOR,
        intake: {
          applicant: { name: '某某水务有限公司', uscc: '91510921MA62XXXX0X', contact: { name: '李明', phone: '13800000000' } },
          name: '县城污水处理厂扩建',
          type: 'industrial',
          location: '城关镇',
          investmentWan: 1200,
          greenChannel: true,
          materials: [],
          firstInquiryStaff: '王芳',
        },
      },
      items,
      submittedAt: now,
      event: event(`${code}.submitted`, 'project.submitted', { code, items: items.map((i) => i.id) }),
      receipts,
    };
    await registerProject(input);

    const rows = await db.task.findMany({ where: { projectId: code }, orderBy: { id: 'asc' } });
    const row = (itemId: string) => rows.find((t) => t.itemId === itemId)!;
    for (const r of receipts) {
      const t = rows.find((x) => x.id === r.taskId)!;
      expect(t).toMatchObject({ status: 'received', version: 1, greenChannel: true, statutoryDueDate: r.patch.statutoryDueDate, promisedDueDate: r.patch.promisedDueDate });
      expect(t.receivedAt?.getTime()).toBe(now);
    }
    expect(row(items[2].id)).toMatchObject({ status: 'waiting', receivedAt: null, greenChannel: true });
    const events = await db.event.findMany({ where: { projectId: code }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['project.submitted', 'task.waiting', 'task.received', 'task.received']);

    // A local activity re-run (the workflow task failed after the write) is a no-op.
    await registerProject(input);
    expect(await db.event.count({ where: { projectId: code } })).toBe(events.length);
    expect(await db.task.count({ where: { projectId: code } })).toBe(3);
  });
});
