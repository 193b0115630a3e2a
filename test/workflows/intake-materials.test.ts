/*
 * 受理材料核验 (行政许可法 Art. 32) on the time-skipping server: materials incomplete at intake leave
 * the project not yet accepted (no task workflow, no clock) with one notice listing what every item
 * lacks; a partial submission keeps it waiting; the completing one accepts it and the clocks start
 * on that day. Without `checkMaterials` the project is accepted at intake as before.
 *
 * Intake on Monday D, weekends-only calendar. Items (mock catalogue): statutory 20, promised 10.
 * Accepted on Wednesday D+2: working days D+3, D+4, D+7..D+11, D+14.. → promised 10 = D+16, statutory 20 = D+30.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { exportHistory } from '../support/histories';
import { shanghaiAt, useTimeSkippingWorker } from '../support/temporal';
import { item, mockLifecycle } from '../support/mock-activities';
import type { projectWorkflow } from '../../workflows';
import { addDays, createWorkCalendar, shanghaiDateOf, type YearSchedule } from '../../domain/clock';
import { computeStatistics, type StatEvent } from '../../domain/statistics';
import { APPLICANT, PROJECT } from '../support/scenario';
import type { Actor } from '../../workflows/shared';
import { intakeResultUpdate, projectStateQuery, projectWorkflowId, submitIntakeMaterialsUpdate, withdrawProjectUpdate, type ProjectWorkflowInput } from '../../workflows/project/contracts';
import { acceptTaskUpdate, decideTaskUpdate, taskStateQuery, taskWorkflowId } from '../../workflows/task/contracts';

const QUEUE = 'intake-materials';
const window: Actor = { role: 'window', keyId: 'win-1', name: '综合受理窗口' };
const dept: Actor = { role: 'department', keyId: 'key-ZJJ', departmentId: 'ZJJ' };
const plainYear = (year: number): YearSchedule => ({ year, source: 'official', reference: '测试日历：只有周末休息', holidays: [], makeupWorkdays: [] });

const A = { ...item('ZJJ-A', 'ZJJ'), requiredMaterials: ['申请表', '营业执照'], onTheSpot: true };
const B = { ...item('ZJJ-B', 'ZJJ'), requiredMaterials: ['申请表', '项目位置图', '营业执照'] };

const start = (code: string, materials: string[], checkMaterials = true): ProjectWorkflowInput => ({
  projectId: code,
  code,
  ...(checkMaterials ? { checkMaterials: true as const } : {}),
  submittedBy: window,
  intake: { applicant: APPLICANT, ...PROJECT, greenChannel: false, materials: materials.map((name) => ({ name })), firstInquiryStaff: '李窗口' },
});

describe('intake materials check (受理材料核验)', () => {
  const acts = mockLifecycle([A, B]);
  acts.loadCalendar.mockImplementation(async ({ years }) => years.map(plainYear));
  const h = useTimeSkippingWorker(QUEUE, acts);
  const task = (code: string, itemId: string) => h.env.client.workflow.getHandle(taskWorkflowId(`${code}.${itemId}`));
  const run = (input: ProjectWorkflowInput) =>
    h.env.client.workflow.start<typeof projectWorkflow>('projectWorkflow', { taskQueue: QUEUE, workflowId: projectWorkflowId(input.code), args: [input] });

  test('when materials are missing, then nothing starts until they are complete, and the clocks start on the day they are', async () => {
    const d = await h.nextMonday(9);
    const code = 'XM-2026-INTAKE1';
    const project = await run(start(code, ['申请表']));
    const intake = await project.executeUpdate(intakeResultUpdate);
    expect(intake.status).toBe('awaiting_materials');
    expect(intake.missingMaterials).toEqual([
      { itemId: 'ZJJ-A', itemName: '事项 ZJJ-A', departmentId: 'ZJJ', materials: ['营业执照'] },
      { itemId: 'ZJJ-B', itemName: '事项 ZJJ-B', departmentId: 'ZJJ', materials: ['项目位置图', '营业执照'] },
    ]);
    // One window-level notice for all items, written with the registration.
    const registered = acts.registerProject.mock.calls.find(([c]) => c.input.code === code)![0];
    expect(registered.awaiting!.notice).toMatchObject({ type: 'project.materials_required', actor: window });
    expect((registered.awaiting!.notice.payload as { message: string }).message).toBe(
      `年产 10 万件精密零部件项目（${code}）申请材料不齐全，暂不予受理，请一次性补齐以下 2 项材料：“事项 ZJJ-A”缺《营业执照》；“事项 ZJJ-B”缺《项目位置图》《营业执照》`,
    );
    await expect(task(code, 'ZJJ-A').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // A partial submission a day later: still waiting, still no task.
    await h.sleepUntil(shanghaiAt(addDays(d, 1), 10));
    const partial = await project.executeUpdate(submitIntakeMaterialsUpdate, { args: [{ actor: window, materials: [{ name: ' 营业执照 ' }] }] });
    expect(partial.status).toBe('awaiting_materials');
    expect(partial.missingMaterials).toEqual([{ itemId: 'ZJJ-B', itemName: '事项 ZJJ-B', departmentId: 'ZJJ', materials: ['项目位置图'] }]);
    const partialWrite = acts.recordProject.mock.calls.find(([c]) => c.projectId === code && c.event.type === 'project.intake_materials_received')![0];
    expect(partialWrite).toMatchObject({ patch: { missingMaterials: partial.missingMaterials }, materials: { materials: [{ name: ' 营业执照 ' }] } });
    await expect(task(code, 'ZJJ-A').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // Complete on Wednesday: accepted, first wave received, clocks from that day.
    await h.sleepUntil(shanghaiAt(addDays(d, 2), 15));
    const accepted = await project.executeUpdate(submitIntakeMaterialsUpdate, { args: [{ actor: window, materials: [{ name: '项目位置图' }] }] });
    expect(accepted).toMatchObject({ status: 'in_review', missingMaterials: [] });
    expect(shanghaiDateOf(accepted.acceptedAt!)).toBe(addDays(d, 2));
    expect(accepted.tasks.map((t) => t.status)).toEqual(['received', 'received']);
    // Accepted after supplying materials: not on the spot, so not 现场办结 even for the 即办件.
    expect((acts.recordTask.mock.calls.find(([c]) => c.taskId === `${code}.ZJJ-A` && c.event.type === 'task.received')![0].event.payload as { onTheSpot?: boolean }).onTheSpot).toBeUndefined();
    expect(acts.recordProject).toHaveBeenCalledWith(
      expect.objectContaining({ projectId: code, patch: { status: 'in_review', acceptedAt: accepted.acceptedAt, missingMaterials: null }, event: expect.objectContaining({ type: 'project.accepted' }) }),
    );
    expect((await task(code, 'ZJJ-A').query(taskStateQuery)).clock).toMatchObject({ startDate: addDays(d, 2), promisedDueDate: addDays(d, 16), statutoryDueDate: addDays(d, 30) });
    await expect(project.executeUpdate(submitIntakeMaterialsUpdate, { args: [{ actor: window, materials: [{ name: '再交一份' }] }] })).rejects.toMatchObject({
      cause: expect.objectContaining({ message: '项目已受理或已撤回，不在待补齐材料状态' }),
    });

    for (const itemId of ['ZJJ-A', 'ZJJ-B']) {
      const t = task(code, itemId);
      const taken = await t.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: (await t.query(taskStateQuery)).version, actor: dept }] });
      await t.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: taken.version, actor: dept, decision: 'approved', reasons: [], permitNumber: `${itemId}-1` }] });
    }
    expect((await h.outcome(project)).status).toBe('replied');
    await exportHistory(project, 'project-intake-materials');
  });

  test('when every material is there at intake, then it is accepted on the spot and the first wave starts at once', async () => {
    const code = 'XM-2026-INTAKE2';
    const project = await run(start(code, ['申请表', '营业执照', '项目位置图']));
    const intake = await project.executeUpdate(intakeResultUpdate);
    expect(intake).toMatchObject({ status: 'in_review', acceptedOnTheSpot: true });
    expect(intake.tasks.map((t) => t.status)).toEqual(['received', 'received']);
    const registered = acts.registerProject.mock.calls.find(([c]) => c.input.code === code)![0];
    expect(registered.awaiting).toBeUndefined();
    // The 即办件 (A) counts toward 现场办结率; B is an ordinary item. The project writes the first wave's receipts with its registration.
    const receipts = acts.registerProject.mock.calls.flatMap(([c]) => c.receipts ?? []);
    const receipt = (itemId: string) => receipts.find((r) => r.taskId === `${code}.${itemId}`)!.event.payload as { onTheSpot?: boolean };
    expect(receipt('ZJJ-A').onTheSpot).toBe(true);
    expect(receipt('ZJJ-B').onTheSpot).toBeUndefined();
    await project.executeUpdate(withdrawProjectUpdate, { args: [{ actor: window, reason: '测试结束' }] });
  });

  test('when the client did not ask for the check, then incomplete materials are accepted at intake as before', async () => {
    const code = 'XM-2026-INTAKE3';
    const project = await run(start(code, ['申请表'], false));
    const intake = await project.executeUpdate(intakeResultUpdate);
    expect(intake.status).toBe('in_review');
    expect(intake.acceptedOnTheSpot).toBeUndefined();
    await project.executeUpdate(withdrawProjectUpdate, { args: [{ actor: window, reason: '测试结束' }] });
  });

  test('when the applicant withdraws while materials are awaited, then the project closes with nothing started', async () => {
    const code = 'XM-2026-INTAKE4';
    const project = await run(start(code, []));
    expect((await project.executeUpdate(intakeResultUpdate)).status).toBe('awaiting_materials');
    const withdrawn = await project.executeUpdate(withdrawProjectUpdate, { args: [{ actor: window, reason: '不再建设' }] });
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.tasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
    expect((await project.query(projectStateQuery)).status).toBe('withdrawn');
    await expect(task(code, 'ZJJ-A').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await h.outcome(project);
  });

  test('when a project waits a week for materials, then statistics count its tasks from the acceptance day, not the intake day', async () => {
    const d = await h.nextMonday(9);
    const code = 'XM-2026-INTAKE5';
    const project = await run(start(code, ['申请表']));
    expect((await project.executeUpdate(intakeResultUpdate)).status).toBe('awaiting_materials');
    // Complete the next Monday (D+7); ZJJ-A is decided on Wednesday D+9: 2 working days from acceptance (6 from intake).
    await h.sleepUntil(shanghaiAt(addDays(d, 7), 10));
    await project.executeUpdate(submitIntakeMaterialsUpdate, { args: [{ actor: window, materials: [{ name: '营业执照' }, { name: '项目位置图' }] }] });
    await h.sleepUntil(shanghaiAt(addDays(d, 9), 10));
    const t = task(code, 'ZJJ-A');
    const taken = await t.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: (await t.query(taskStateQuery)).version, actor: dept }] });
    await t.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: taken.version, actor: dept, decision: 'approved', reasons: [], permitNumber: 'ZJJ-A-5' }] });

    // Every event the workflows wrote for this project, as the statistics read them from the outbox.
    const written = [
      ...acts.registerProject.mock.calls.flatMap(([c]) => [c.event, ...(c.awaiting ? [c.awaiting.notice] : [])]),
      ...acts.recordProject.mock.calls.map(([c]) => c.event),
      ...acts.recordTask.mock.calls.flatMap(([c]) => [c.event, ...(c.related ?? [])]),
    ].filter((e) => e.projectId === code);
    const events: StatEvent[] = written.map((e) => ({ ...e, payload: e.payload as unknown as Record<string, unknown> }));
    const calendar = createWorkCalendar([plainYear(Number(d.slice(0, 4))), plainYear(Number(d.slice(0, 4)) + 1)]);
    const week = computeStatistics(events, d, addDays(d, 6), calendar);
    expect(week.county.tasksReceived).toBe(0);
    const stats = computeStatistics(events, d, addDays(d, 9), calendar);
    expect(stats.county).toMatchObject({ tasksReceived: 2, tasksConcluded: 1, averageWorkingDays: 2 });
    expect(stats.county.onTimePromised).toMatchObject({ numerator: 1, denominator: 1 });
    await project.executeUpdate(withdrawProjectUpdate, { args: [{ actor: window, reason: '测试结束' }] });
  });
});
