/**
 * recordTask when a retried workflow task takes its inputs in another order (issue #15): the first
 * attempt wrote A (accepted, v2); the retry processed a newly arrived B first — B's event is new,
 * so B's row snapshot (taken before A, so still 'received', also v2) is written over A's — then A
 * again, whose event is already in. A must not be appended twice, and its newer snapshot (v3) must
 * still land, or the row stays 'received' while the workflow has the task accepted.
 * Real read model: SQLite, or PostgreSQL when TEST_DATABASE_URL_PG is set.
 */
import { createLifecycleActivities } from '../../activities/lifecycle';
import type { EventInput } from '../../activities/events';
import { createDb, type Db } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { readCatalogue, seedCatalogue } from '../../lib/seed';
import { SYSTEM_ACTOR } from '../../workflows/shared';
import { freshDatabase } from '../support/system';

describe('recordTask under a retried workflow task that reordered its inputs', () => {
  let db: Db;
  let drop: () => Promise<void>;
  const taskId = 'XM-2026-000001.ITEM';

  beforeAll(async () => {
    const scratch = await freshDatabase();
    drop = scratch.drop;
    await migrateDatabase(scratch.url, { log: () => undefined });
    db = createDb(scratch.url);
    const catalogue = readCatalogue();
    await seedCatalogue(db, catalogue);
    const item = catalogue.items[0];
    await db.project.create({
      data: {
        id: 'XM-2026-000001',
        code: 'XM-2026-000001',
        name: '县城污水处理厂扩建',
        type: 'industrial',
        location: '城关镇',
        applicantName: '某某水务有限公司',
        applicantContact: {},
        investmentWan: 1200,
        applicantUscc: '91510921MA62XXXX0X',
        firstInquiryStaff: '王芳',
        status: 'in_review',
        materials: [],
        workflowId: 'project-XM-2026-000001',
        submittedAt: new Date(),
      },
    });
    await db.task.create({ data: { id: taskId, projectId: 'XM-2026-000001', itemId: item.id, departmentId: item.departmentId, status: 'received', version: 1 } });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await drop?.();
  });

  const event = (id: string, type: 'task.accepted' | 'task.reassigned', version: number, status: 'received' | 'accepted'): EventInput =>
    ({ id, type, projectId: 'XM-2026-000001', taskId, actor: SYSTEM_ACTOR, payload: { status, version }, occurredAt: Date.now() }) as unknown as EventInput;

  it('when the already-written input comes again with a newer snapshot, then its event is not appended twice and the row takes the newer snapshot', async () => {
    const { recordTask } = createLifecycleActivities({ db });
    // First attempt: A accepted the task (v2).
    await recordTask({ taskId, patch: { status: 'accepted', version: 2 }, event: event('event-a', 'task.accepted', 2, 'accepted') });
    // Retry: B first (its snapshot from before A: received, v2), then A again (accepted, v3).
    await recordTask({ taskId, patch: { status: 'received', version: 2 }, event: event('event-b', 'task.reassigned', 2, 'received') });
    await recordTask({ taskId, patch: { status: 'accepted', version: 3 }, event: event('event-a', 'task.accepted', 3, 'accepted') });

    expect(await db.event.count({ where: { taskId } })).toBe(2);
    expect(await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true, version: true } })).toEqual({ status: 'accepted', version: 3 });
  });

  it('when a plain retry repeats a write that already landed, then the row is left as it is', async () => {
    const { recordTask } = createLifecycleActivities({ db });
    // An older snapshot under an existing event never goes over a newer row.
    await recordTask({ taskId, patch: { status: 'received', version: 2 }, event: event('event-b', 'task.reassigned', 2, 'received') });
    expect(await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true, version: true } })).toEqual({ status: 'accepted', version: 3 });
    expect(await db.event.count({ where: { taskId } })).toBe(2);
  });
});
