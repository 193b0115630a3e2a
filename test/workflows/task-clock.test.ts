/*
 * The legal clock inside the approval-task workflow, on Temporal's time-skipping test server.
 *
 * The server's clock starts at the real "now" and only moves forward, so two techniques are used:
 *  - a receipt date in the past through the `receivedAt` input (as for a migrated task): due dates
 *    follow the real 2026 calendar, and every alarm is already due, so they catch up at once;
 *  - `receivedOnMonday()`: sleep to the next Monday 09:00 Shanghai (D) and run on a calendar with
 *    weekends only, so every expectation is plain weekday arithmetic done by hand:
 *        D Mon (receipt, not counted)  D+1 Tue  D+2 Wed  D+3 Thu  D+4 Fri  D+5/D+6 weekend  D+7 Mon …
 */
import { untilPasses } from '../support/eventually';
import { shanghaiAt, useTimeSkippingWorker } from '../support/temporal';
import { item, mockLifecycle, standaloneTask } from '../support/mock-activities';
import type { approvalTaskWorkflow, projectWorkflow } from '../../workflows';
import type { EventInput } from '../../activities/events';
import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { buildProvisionalYear } from '../../domain/calendar/provisional';
import { addDays, createWorkCalendar, type IsoDate, type YearSchedule } from '../../domain/clock';
import { workingDaysOver } from '../../domain/working-deadline';
import { SYSTEM_ACTOR, type Actor } from '../../workflows/shared';
import { calendarUpdatedSignal as projectCalendarSignal, intakeResultUpdate, projectWorkflowId } from '../../workflows/project/contracts';
import {
  acceptTaskUpdate,
  calendarUpdatedSignal,
  cancelTaskSignal,
  requestSupplementUpdate,
  supplyMaterialsUpdate,
  taskStateQuery,
  taskWorkflowId,
  type TaskState,
  type TaskWorkflowInput,
} from '../../workflows/task/contracts';

const QUEUE = 'task-clock';
const dept: Actor = { role: 'department', keyId: 'key-ZJJ', departmentId: 'ZJJ' };
const applicant: Actor = { role: 'window', keyId: 'win-1' };
const missing = [{ material: '建设工程规划许可证', reason: '未提供复印件' }];

/** `hour` o'clock Shanghai on `date` (24 = midnight at the end of the day). */
const at = shanghaiAt;
/** Timers fire a few ms late (the server clock runs while the worker processes), so compare minutes. */
const minute = (ms: number | undefined) => (ms === undefined ? undefined : ms - (ms % 60_000));
const plainYear = (year: number): YearSchedule => ({ year, source: 'official', reference: '测试日历：只有周末休息', holidays: [], makeupWorkdays: [] });
const plainYears = (d: IsoDate) => [0, 1, 2].map((i) => plainYear(Number(d.slice(0, 4)) + i));

describe('legal clock of the approval task', () => {
  const acts = mockLifecycle([item('ZJJ-01', 'ZJJ')]);
  let seq = 0;

  const h = useTimeSkippingWorker(QUEUE, acts);

  const { sleepUntil, settled } = h;
  const receivedOnMonday = () => h.nextMonday(9);
  const start = async (over: Partial<TaskWorkflowInput> & { calendar: YearSchedule[] }) => {
    const taskId = `XM-CLOCK-${++seq}.ZJJ-01`;
    const input = standaloneTask(taskId, { id: 'p-clock', code: 'XM-CLOCK' }, {
      ...over,
    });
    const handle = await h.env.client.workflow.start<typeof approvalTaskWorkflow>('approvalTaskWorkflow', {
      taskQueue: QUEUE,
      workflowId: taskWorkflowId(taskId),
      args: [input],
    });
    return { taskId, handle, state: () => handle.query(taskStateQuery) };
  };
  /** Every event written for the task, related events right after the one they accompany. */
  const events = (taskId: string): EventInput[] =>
    acts.recordTask.mock.calls.filter(([c]) => c.taskId === taskId).flatMap(([c]) => [c.event, ...(c.related ?? [])]);
  const types = (taskId: string) => events(taskId).map((e) => e.type);
  const lastPatch = (taskId: string) => acts.recordTask.mock.calls.filter(([c]) => c.taskId === taskId).at(-1)![0].patch;

  test('when received on Fri 2026-09-18, then due dates follow the official 2026 calendar and past-due alarms catch up in order', async () => {
    //        September 2026              October 2026        中秋 9/25–9/27 off, 国庆 10/1–10/7 off,
    //  Mo Tu We Th Fr Sa Su       Mo Tu We Th Fr Sa Su       9/20 (Sun) and 10/10 (Sat) are 调休上班.
    //  14 15 16 17 18 19 20        5  6  7  8  9 10 11
    //  21 22 23 24 25 26 27       12 13 14 15 16 17 18
    //  28 29 30  1  2  3  4       19 20 21 22 23 24 25
    // Receipt 9/18 is not counted. 9/19 Sat skipped; 9/20 make-up Sunday = 1; 9/21–9/24 = 2–5
    // (deemed acceptance ends 9/24); 9/25–9/27 中秋; 9/28 = 6, 9/29 = 7, 9/30 = 8 (yellow: 80 % of 10);
    // 10/1–10/7 国庆; 10/8 = 9, 10/9 = 10 → promised due 10/09. Statutory 20 continues:
    // 10/10 make-up Saturday = 11, 10/12–10/16 = 12–16, 10/19–10/22 = 17–20 → due 10/22.
    const receivedAt = Date.parse('2026-09-18T10:00:00+08:00');
    const calendar = [...OFFICIAL_SCHEDULES, buildProvisionalYear(2027), buildProvisionalYear(2028)];
    const { taskId, state } = await start({ receivedAt, calendar });

    await untilPasses(async () => expect(types(taskId)).toContain('task.statutory_breached'));
    const s = await state();
    expect(s.clock).toMatchObject({ startDate: '2026-09-18', promisedDueDate: '2026-10-09', statutoryDueDate: '2026-10-22', yellowDate: '2026-09-30', provisional: false });
    expect(s).toMatchObject({ status: 'accepted', deemedAccepted: true, acceptedAt: receivedAt, light: 'red' });
    expect(types(taskId)).toEqual([
      'task.received',
      'task.deemed_accepted',
      'task.light_changed', 'task.reminder',
      'task.light_changed', 'task.reminder', 'supervision.alerted',
      'task.statutory_breached', 'supervision.alerted',
    ]);
    const [, deemed, yellow, , red, , , breach] = events(taskId);
    expect(deemed.payload).toMatchObject({ deemedFrom: '2026-09-18', windowEndDate: '2026-09-24' });
    expect(yellow.payload).toMatchObject({ from: 'green', to: 'yellow', dueAt: Date.parse('2026-10-01T00:00:00+08:00') });
    expect(red.payload).toMatchObject({ from: 'yellow', to: 'red', dueAt: Date.parse('2026-10-10T00:00:00+08:00') });
    expect(breach.payload).toMatchObject({ departmentId: 'ZJJ', statutoryDueDate: '2026-10-22' });
    // Recorded on catching up, long after 10/22: the days over are counted to the moment it was recorded.
    const cal = createWorkCalendar(calendar);
    expect((breach.payload as { workingDaysOver: number }).workingDaysOver).toBe(workingDaysOver(cal, '2026-10-22', breach.occurredAt - 60_000)); // less the timer grace
    expect((breach.payload as { workingDaysOver: number }).workingDaysOver).toBeGreaterThan(20);

    const explanation = acts.recordTask.mock.calls.find(([c]) => c.taskId === taskId)![0].patch.clock!.explanation.join('\n');
    expect(explanation).toContain('承诺时限：自2026-09-18收件次日起算10个工作日，跳过中秋节假期（2026-09-25至2026-09-27）、国庆节假期（2026-10-01至2026-10-07）、周末1天，含调休上班日2026-09-20，截止2026-10-09 24:00');
    expect(explanation).toContain('含调休上班日2026-09-20、2026-10-10，截止2026-10-22 24:00');
  });

  test('when a notice is answered two days later, then both deadlines move by the two excluded days and the deemed-acceptance window restarts', async () => {
    const d = await receivedOnMonday();
    const { taskId, handle, state } = await start({ calendar: plainYears(d) });
    // Promised 10: D+1..D+4, D+7..D+11, D+14 → D+14. Statutory 20 → D+28.
    expect((await state()).clock).toMatchObject({ promisedDueDate: addDays(d, 14), statutoryDueDate: addDays(d, 28), deemedAcceptanceDate: addDays(d, 7) });

    const noticed = await handle.executeUpdate(requestSupplementUpdate, { args: [{ expectedVersion: 1, actor: dept, items: missing }] });
    expect(noticed.clock).toMatchObject({ state: 'suspended', promisedDueDate: null, statutoryDueDate: null, deemedAcceptanceDate: null });
    expect(noticed.clock.suspensions).toEqual([{ kind: 'correction', from: d, to: null, reason: '一次性告知补正材料', id: noticed.notices[0].noticeId }]);

    await sleepUntil(at(addDays(d, 2), 10));
    const supplied = await handle.executeUpdate(supplyMaterialsUpdate, { args: [{ actor: applicant, materials: [{ name: '规划许可证复印件' }] }] });
    // Suspension D..D+2 excludes Tue and Wed; counting resumes Thu D+3:
    // promised D+3, D+4, D+7..D+11, D+14..D+16 → D+16; statutory → D+30; deemed window D+3, D+4, D+7..D+9 → D+9.
    expect(supplied.clock).toMatchObject({ state: 'running', promisedDueDate: addDays(d, 16), statutoryDueDate: addDays(d, 30), deemedAcceptanceDate: addDays(d, 9) });
    expect(supplied.clock.suspensions[0].to).toBe(addDays(d, 2));
    expect(lastPatch(taskId)).toMatchObject({ promisedDueDate: addDays(d, 16), clock: { state: 'running', suspensions: [{ from: d, to: addDays(d, 2) }] } });

    await sleepUntil(at(addDays(d, 9), 23));
    await settled(handle);
    expect((await state()).status).toBe('received');
    await sleepUntil(at(addDays(d, 10), 1));
    await untilPasses(async () => expect(await state()).toMatchObject({ status: 'accepted', deemedAccepted: true, acceptedAt: supplied.notices[0].resolvedAt }));
  });

  test('when the clock is paused after yellow, then the light holds until the materials arrive and red follows the moved deadline', async () => {
    const d = await receivedOnMonday();
    // Promised 2 at 50 %: yellow after D+1, red after D+2.
    const { taskId, handle, state } = await start({ calendar: plainYears(d), promisedDays: 2, statutoryDays: 20, yellowPercent: 50 });
    await sleepUntil(at(addDays(d, 2), 9));
    await untilPasses(async () => expect((await state()).light).toBe('yellow'));

    const { version } = await state();
    await handle.executeUpdate(requestSupplementUpdate, { args: [{ expectedVersion: version, actor: dept, items: missing }] });
    await sleepUntil(at(addDays(d, 4), 9)); // past the original red instant
    await settled(handle);
    expect(await state()).toMatchObject({ light: 'yellow', clock: { state: 'suspended' } });

    // Suspension D+2..D+4 (Wed–Fri); the 2nd day is Mon D+7.
    const supplied = await handle.executeUpdate(supplyMaterialsUpdate, { args: [{ actor: applicant, materials: [] }] });
    expect(supplied.clock.promisedDueDate).toBe(addDays(d, 7));
    await sleepUntil(at(addDays(d, 7), 23));
    await settled(handle);
    expect((await state()).light).toBe('yellow');
    await sleepUntil(at(addDays(d, 8), 1));
    await untilPasses(async () => expect((await state()).light).toBe('red'));
    expect(types(taskId).filter((t) => t === 'task.light_changed')).toHaveLength(2);
  });

  test('when a second notice is issued, then it is served but flagged and reported as a notice violation', async () => {
    const d = await receivedOnMonday();
    const { taskId, handle } = await start({ calendar: plainYears(d) });
    const first = await handle.executeUpdate(requestSupplementUpdate, { args: [{ expectedVersion: 1, actor: dept, items: missing }] });
    const back = await handle.executeUpdate(supplyMaterialsUpdate, { args: [{ actor: applicant, materials: [] }] });
    const second = await handle.executeUpdate(requestSupplementUpdate, { args: [{ expectedVersion: back.version, actor: dept, items: missing }] });

    expect(first.notices[0].violation).toBe(false);
    expect(second.notices.map((n) => n.violation)).toEqual([false, true]);
    expect(second.clock.state).toBe('suspended');
    expect(types(taskId)).toEqual([
      'task.received', 'task.supplement_requested', 'task.supplement_received', 'project.materials_supplemented', 'task.supplement_requested', 'task.notice_violation',
    ]);
    expect(events(taskId).at(-1)).toMatchObject({ actor: dept, payload: { noticeCount: 2, noticeId: second.notices[1].noticeId } });
  });

  test('when the department neither accepts nor issues a notice for 5 working days, then the task is deemed accepted from receipt', async () => {
    const d = await receivedOnMonday();
    const { taskId, handle, state } = await start({ calendar: plainYears(d) });
    const { receivedAt } = await state();

    // 5th working day after Mon D is Mon D+7; deemed accepted from 24:00 that day.
    await sleepUntil(at(addDays(d, 7), 23));
    await settled(handle);
    expect(await state()).toMatchObject({ status: 'received', deemedAccepted: false });
    await sleepUntil(at(addDays(d, 8), 1));
    await untilPasses(async () => expect(await state()).toMatchObject({ status: 'accepted', deemedAccepted: true, acceptedAt: receivedAt, version: 2 }));

    const deemed = events(taskId).find((e) => e.type === 'task.deemed_accepted')!;
    expect(deemed).toMatchObject({ actor: SYSTEM_ACTOR, payload: { deemedFrom: d, windowEndDate: addDays(d, 7) } });
    expect(minute(deemed.occurredAt)).toBe(at(addDays(d, 7), 24));
    expect(lastPatch(taskId)).toMatchObject({ status: 'accepted', deemedAccepted: true, acceptedAt: receivedAt });
  });

  test('when time runs past yellow, red and the statutory deadline, then each is recorded in order at its instant', async () => {
    const d = await receivedOnMonday();
    // Promised 2 at 50 %: yellow from 24:00 D+1, red from 24:00 D+2; statutory 3: breached from 24:00 D+3.
    const { taskId, handle, state } = await start({ calendar: plainYears(d), promisedDays: 2, statutoryDays: 3, yellowPercent: 50 });
    await handle.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: 1, actor: dept }] });

    await sleepUntil(at(addDays(d, 1), 23));
    await settled(handle);
    expect((await state()).light).toBe('green');
    await sleepUntil(at(addDays(d, 2), 1));
    await untilPasses(async () => expect((await state()).light).toBe('yellow'));
    await sleepUntil(at(addDays(d, 3), 1));
    await untilPasses(async () => expect((await state()).light).toBe('red'));
    await sleepUntil(at(addDays(d, 4), 1));
    await untilPasses(async () => expect(minute((await state()).clock.statutoryBreachedAt)).toBe(at(addDays(d, 3), 24)));

    const timed = events(taskId).filter((e) => e.actor?.role === 'system');
    expect(timed.map((e) => [e.type, minute(e.occurredAt)])).toEqual([
      ['task.light_changed', at(addDays(d, 1), 24)],
      ['task.reminder', at(addDays(d, 1), 24)],
      ['task.light_changed', at(addDays(d, 2), 24)],
      ['task.reminder', at(addDays(d, 2), 24)],
      ['supervision.alerted', at(addDays(d, 2), 24)],
      ['task.statutory_breached', at(addDays(d, 3), 24)],
      ['supervision.alerted', at(addDays(d, 3), 24)],
    ]);
    expect(timed[1].payload).toMatchObject({ departmentId: 'ZJJ', light: 'yellow', promisedDueDate: addDays(d, 2) });
    expect(timed[5].payload).toMatchObject({ departmentId: 'ZJJ', statutoryDueDate: addDays(d, 3), workingDaysOver: 0 });
    expect(timed[6].payload).toMatchObject({ reason: 'statutory_breached' });
    expect((await state()).version).toBe(2); // clock alarms do not invalidate the department's ETag
  });

  test('when the project withdraws the task, then the clock stops and no alarm fires afterwards', async () => {
    const d = await receivedOnMonday();
    const { taskId, handle, state } = await start({ calendar: plainYears(d), promisedDays: 2, statutoryDays: 3 });
    await handle.signal(cancelTaskSignal, { actor: applicant, reason: '申请人撤回' });
    expect((await handle.result()).status).toBe('cancelled');
    expect((await state()).clock.state).toBe('stopped');
    expect(lastPatch(taskId).clock?.state).toBe('stopped');

    await sleepUntil(at(addDays(d, 14), 9));
    expect(types(taskId)).toEqual(['task.received', 'task.cancelled']);
  });

  test('when a revised calendar adds a holiday inside the window, then the deadlines are re-projected and the diff is recorded', async () => {
    const d = await receivedOnMonday();
    const { taskId, handle, state } = await start({ calendar: plainYears(d), promisedDays: 3, statutoryDays: 6 });
    // Before: promised D+1..D+3 → D+3; statutory D+1..D+4, D+7, D+8 → D+8.
    expect((await state()).clock).toMatchObject({ promisedDueDate: addDays(d, 3), statutoryDueDate: addDays(d, 8) });

    const off = addDays(d, 2);
    const schedule: YearSchedule = { ...plainYear(Number(off.slice(0, 4))), holidays: [{ name: '临时放假', from: off, to: off }] };
    await handle.signal(calendarUpdatedSignal, { schedule });
    // After: D+2 off, so promised D+1, D+3, D+4 → D+4; statutory D+1, D+3, D+4, D+7..D+9 → D+9.
    await untilPasses(async () => expect(types(taskId)).toContain('task.deadline_reprojected'));
    expect((await state()).clock).toMatchObject({ promisedDueDate: addDays(d, 4), statutoryDueDate: addDays(d, 9) });
    const e = events(taskId).find((x) => x.type === 'task.deadline_reprojected')!;
    expect(e.payload).toMatchObject({
      dueDateChanged: true,
      promised: { oldDueDate: addDays(d, 3), newDueDate: addDays(d, 4), reason: { reclassifiedDays: [{ date: off, before: 'workday', after: 'holiday' }] } },
      statutory: { oldDueDate: addDays(d, 8), newDueDate: addDays(d, 9) },
    });
    expect(lastPatch(taskId)).toMatchObject({ promisedDueDate: addDays(d, 4), statutoryDueDate: addDays(d, 9) });

    await handle.signal(calendarUpdatedSignal, { schedule: { year: 1, holidays: 'bad' } as unknown as YearSchedule });
    await handle.signal(calendarUpdatedSignal, { schedule }); // same schedule again: nothing to record
    await settled(handle); // both signals handled before checking that nothing changed
    expect((await state()).clock.promisedDueDate).toBe(addDays(d, 4));
    expect(types(taskId).filter((t) => t === 'task.deadline_reprojected')).toHaveLength(1);
  });

  test('when the project receives a calendar update, then it loads the calendar once and forwards the update to its running tasks', async () => {
    const d = await receivedOnMonday();
    acts.loadCalendar.mockImplementationOnce(async ({ years }) => years.map(plainYear));
    const code = 'XM-CLOCK-PROJECT';
    const project = await h.env.client.workflow.start<typeof projectWorkflow>('projectWorkflow', {
      taskQueue: QUEUE,
      workflowId: projectWorkflowId(code),
      args: [{
        projectId: `id-${code}`,
        code,
        submittedBy: applicant,
        intake: {
          applicant: { name: '某某科技有限公司', uscc: '91350100M000100Y43', contact: { name: '张三', phone: '13800000000' } },
          name: '厂房扩建', type: 'industrial', location: '城东工业园', investmentWan: 800, greenChannel: false,
          materials: [], firstInquiryStaff: '李窗口',
        },
      }],
    });
    await project.executeUpdate(intakeResultUpdate);
    const year = Number(d.slice(0, 4));
    expect(acts.loadCalendar).toHaveBeenLastCalledWith({ years: [year, year + 1, year + 2] });

    const task = h.env.client.workflow.getHandle<typeof approvalTaskWorkflow>(taskWorkflowId(`${code}.ZJJ-01`));
    const taskState = (): Promise<TaskState> => task.query(taskStateQuery);
    await untilPasses(async () => expect((await taskState()).clock.promisedDueDate).toBe(addDays(d, 14)));

    const off = addDays(d, 2);
    await project.signal(projectCalendarSignal, { schedule: { ...plainYear(Number(off.slice(0, 4))), holidays: [{ name: '临时放假', from: off, to: off }] } });
    // Promised 10 loses Wed D+2: D+14 → D+15.
    await untilPasses(async () => expect((await taskState()).clock.promisedDueDate).toBe(addDays(d, 15)));
    await project.terminate('test finished');
  });
});
