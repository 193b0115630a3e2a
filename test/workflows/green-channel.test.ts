/*
 * 绿色通道 granted by the efficiency office after intake, end to end on the time-skipping server:
 * the project and its tasks are marked green (queue priority in the read model), the running task
 * switches to its item's green-channel promised limit, and a task that starts later starts green.
 *
 * Receipt on Monday D, weekends-only calendar: working days D+1..D+4, D+7..D+11, D+14.. .
 * Items (mock catalogue): statutory 20, promised 10, green channel 5; B needs A.
 */
import { untilPasses } from '../support/eventually';
import { exportHistory } from '../support/histories';
import { useTimeSkippingWorker } from '../support/temporal';
import { item, mockLifecycle } from '../support/mock-activities';
import type { projectWorkflow } from '../../workflows';
import { addDays, type YearSchedule } from '../../domain/clock';
import { APPLICANT, PROJECT } from '../support/scenario';
import type { Actor } from '../../workflows/shared';
import { grantGreenChannelUpdate, intakeResultUpdate, projectWorkflowId } from '../../workflows/project/contracts';
import { acceptTaskUpdate, decideTaskUpdate, taskStateQuery, taskWorkflowId } from '../../workflows/task/contracts';

const QUEUE = 'green-channel';
const supervisor: Actor = { role: 'supervisor', keyId: 'key-sup', name: '县效能办' };
const window: Actor = { role: 'window', keyId: 'win-1', name: '综合受理窗口' };
const dept: Actor = { role: 'department', keyId: 'key-ZJJ', departmentId: 'ZJJ' };
const plainYear = (year: number): YearSchedule => ({ year, source: 'official', reference: '测试日历：只有周末休息', holidays: [], makeupWorkdays: [] });

describe('green channel granted by the efficiency office', () => {
  const acts = mockLifecycle([item('ZJJ-A', 'ZJJ'), item('ZJJ-B', 'ZJJ', ['ZJJ-A'])]);
  acts.loadCalendar.mockImplementation(async ({ years }) => years.map(plainYear));
  const h = useTimeSkippingWorker(QUEUE, acts);
  const taskOf = (itemId: string, code: string) => h.env.client.workflow.getHandle(taskWorkflowId(`${code}.${itemId}`));

  test('when the office grants it mid-way, then the running task gets the green limit, the rows move up the queue and the next task starts green', async () => {
    const d = await h.nextMonday(9);
    const code = 'XM-2026-GREEN1';
    const project = await h.env.client.workflow.start<typeof projectWorkflow>('projectWorkflow', {
      taskQueue: QUEUE,
      workflowId: projectWorkflowId(code),
      args: [{ projectId: code, code, submittedBy: window, intake: { applicant: APPLICANT, ...PROJECT, greenChannel: false, materials: [], firstInquiryStaff: '李窗口' } }],
    });
    await project.executeUpdate(intakeResultUpdate);
    const task = (itemId: string) => taskOf(itemId, code);
    expect((await task('ZJJ-A').query(taskStateQuery)).clock).toMatchObject({ promisedDays: 10, promisedDueDate: addDays(d, 14) });

    await expect(project.executeUpdate(grantGreenChannelUpdate, { args: [{ actor: supervisor, reason: '  ' }] })).rejects.toMatchObject({
      cause: expect.objectContaining({ message: '开通绿色通道必须说明理由' }),
    });
    const granted = await project.executeUpdate(grantGreenChannelUpdate, { args: [{ actor: supervisor, reason: '省重点项目' }] });
    expect(granted.greenChannel).toMatchObject({ reason: '省重点项目', grantedBy: supervisor });
    expect(acts.recordProject).toHaveBeenCalledWith(
      expect.objectContaining({ patch: { greenChannel: true }, event: expect.objectContaining({ type: 'project.green_channel_granted', payload: expect.objectContaining({ reason: '省重点项目' }) }) }),
    );
    // Green limit 5: D+1..D+4, D+7 → D+7; the statutory limit stays.
    await untilPasses(async () => expect((await task('ZJJ-A').query(taskStateQuery)).clock).toMatchObject({ promisedDays: 5, promisedDueDate: addDays(d, 7), statutoryDueDate: addDays(d, 28) }));
    const call = acts.recordTask.mock.calls.find(([c]) => c.event.type === 'task.green_channel_granted')![0];
    expect(call).toMatchObject({ taskId: `${code}.ZJJ-A`, patch: { greenChannel: true, promisedDueDate: addDays(d, 7) } });
    expect((call.event.payload as { message?: string }).message).toBe(
      `年产 10 万件精密零部件项目（${code}）“事项 ZJJ-A”经县效能办批准走绿色通道（省重点项目），优先办理，承诺时限改为5个工作日，承诺办结日期由${addDays(d, 14)}提前至${addDays(d, 7)}`,
    );
    expect(call.patch.clock!.explanation.join('\n')).toContain('承诺时限（绿色通道）：');
    await expect(project.executeUpdate(grantGreenChannelUpdate, { args: [{ actor: supervisor, reason: '再次' }] })).rejects.toMatchObject({
      cause: expect.objectContaining({ message: '该项目已走绿色通道' }),
    });

    // A approved → B starts green with the green-channel limit from its own receipt.
    const a = task('ZJJ-A');
    const accepted = await a.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: (await a.query(taskStateQuery)).version, actor: dept }] });
    await a.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: accepted.version, actor: dept, decision: 'approved', reasons: [], permitNumber: 'A-1' }] });
    await untilPasses(async () => expect((await task('ZJJ-B').query(taskStateQuery)).clock).toMatchObject({ promisedDays: 5, promisedDueDate: addDays(d, 7) }));
    const received = acts.recordTask.mock.calls.find(([c]) => c.taskId === `${code}.ZJJ-B` && c.event.type === 'task.received')![0];
    expect(received.event.payload).toMatchObject({ greenChannel: true, promisedDays: 5 });

    // Both concluded: the project replies, and its run is the replay fixture for the grant.
    const b = task('ZJJ-B');
    const bAccepted = await b.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: (await b.query(taskStateQuery)).version, actor: dept }] });
    await b.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: bAccepted.version, actor: dept, decision: 'approved', reasons: [], permitNumber: 'B-1' }] });
    expect((await h.outcome(project)).status).toBe('replied');
    await exportHistory(project, 'project-green-channel');
    await exportHistory(a, 'task-green-channel');
  });

  test('when the catalogue lists the project type (目录规则), then every task starts green from intake and the grant is recorded with that reason', async () => {
    const d = await h.nextMonday(9);
    const code = 'XM-2026-GREEN2';
    const project = await h.env.client.workflow.start<typeof projectWorkflow>('projectWorkflow', {
      taskQueue: QUEUE,
      workflowId: projectWorkflowId(code),
      args: [
        {
          projectId: code,
          code,
          submittedBy: window,
          greenChannelRule: { projectTypeName: '县重点招商引资项目' },
          intake: { applicant: APPLICANT, ...PROJECT, greenChannel: true, materials: [], firstInquiryStaff: '李窗口' },
        },
      ],
    });
    const intake = await project.executeUpdate(intakeResultUpdate);
    expect(intake.greenChannel).toMatchObject({ reason: '目录规则', grantedBy: { role: 'system' } });
    const registered = acts.registerProject.mock.calls.find(([c]) => c.input.code === code)![0];
    expect(registered.related).toEqual([
      expect.objectContaining({ type: 'project.green_channel_granted', payload: expect.objectContaining({ reason: '目录规则', rule: { projectTypeName: '县重点招商引资项目' } }) }),
    ]);
    // Green limit 5 from receipt on Monday D: D+1..D+4, D+7 → D+7; statutory 20 → D+28.
    const a = taskOf('ZJJ-A', code);
    expect((await a.query(taskStateQuery)).clock).toMatchObject({ promisedDays: 5, promisedDueDate: addDays(d, 7), statutoryDueDate: addDays(d, 28) });
    await expect(project.executeUpdate(grantGreenChannelUpdate, { args: [{ actor: supervisor, reason: '省重点项目' }] })).rejects.toMatchObject({
      cause: expect.objectContaining({ message: '该项目已走绿色通道' }),
    });
    const accepted = await a.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: (await a.query(taskStateQuery)).version, actor: dept }] });
    await a.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: accepted.version, actor: dept, decision: 'approved', reasons: [], permitNumber: 'A-2' }] });
    const b = taskOf('ZJJ-B', code);
    await untilPasses(async () => expect((await b.query(taskStateQuery)).clock).toMatchObject({ promisedDays: 5 }));
    const bAccepted = await b.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: (await b.query(taskStateQuery)).version, actor: dept }] });
    await b.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: bAccepted.version, actor: dept, decision: 'approved', reasons: [], permitNumber: 'B-2' }] });
    expect((await h.outcome(project)).status).toBe('replied');
    await exportHistory(project, 'project-green-channel-rule');
  });
});
