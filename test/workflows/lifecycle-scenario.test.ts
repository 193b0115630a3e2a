/*
 * The issue's end-to-end scenario on the time-skipping server: a project with six items (two with
 * prerequisites) through every path, with deadlines exactly as the official 2026 calendar says,
 * and a second project withdrawn mid-way. Activities are typed jest.fn over an in-memory read
 * model, so the consolidated reply is the real builder's output from what the workflows wrote.
 *
 * The test server starts at the real "now" and only moves forward, so the project is submitted
 * with the documented receipt override (ProjectWorkflowInput.receivedAt) of Fri 2026-09-25 10:00:
 * the four first-wave tasks take it as their receipt, and every alarm between then and now fires
 * at once, in legal order, at the instants the 2026 calendar gives. The dependant GJJ-01 starts
 * when FGW-01 is approved — today, on a Monday the test sleeps to (D) — and runs in real
 * (skipped) time. Years other than 2026 get a weekends-only calendar, and the rest of 2026 after
 * 10/10 has no holidays either, so GJJ-01's dates are plain weekday arithmetic from D whenever
 * the suite runs.
 *
 *        September 2026              October 2026               November 2026
 *  Mo Tu We Th Fr Sa Su       Mo Tu We Th Fr Sa Su       Mo Tu We Th Fr Sa Su
 *  21 22 23 24 25 26 27                 1  2  3  4                          1
 *  28 29 30                    5  6  7  8  9 10 11        2  3  4  5  6  7  8
 *                             12 13 14 15 16 17 18        9 10 11 12 13 14 15
 *                             19 20 21 22 23 24 25
 *                             26 27 28 29 30 31
 * 中秋 9/25–9/27 and 国庆 10/1–10/7 are off; Sat 10/10 is a 调休 working day. The receipt day is
 * not counted, so the working days (W) after Fri 9/25 are:
 *   W1 9/28  W2 9/29  W3 9/30  W4 10/8  W5 10/9  W6 10/10 (Sat)  W7 10/12  W8 10/13  W9 10/14
 *   W10 10/15  W11 10/16  W12 10/19 … W15 10/22  W16 10/23  W17 10/26 … W20 10/29  W21 10/30
 *   W22 11/2 … W26 11/6  W27 11/9 … W30 11/12.
 * Deemed acceptance (5 working days, 行政许可法 Art. 32): window ends W5 10/09 → from 10/10 00:00.
 * Yellow at 24:00 of W(m), m = floor(promised × 80 %); red at 24:00 of the promised due day.
 */
import { untilPasses } from '../support/eventually';
import { shanghaiAt, useTimeSkippingWorker } from '../support/temporal';
import { memoryReadModel } from '../support/memory-read-model';
import { exportHistory } from '../support/histories';
import { APPLICANT, CONDITIONS, FIRST_WAVE, PROJECT, REJECTION_REASONS, SCENARIO_ITEMS } from '../support/scenario';
import type { projectWorkflow } from '../../workflows';
import { officialSchedule } from '../../domain/calendar/official';
import { addDays, dayOfWeek, shanghaiDateOf, shanghaiStartOfDay, type IsoDate, type YearSchedule } from '../../domain/clock';
import type { Actor } from '../../workflows/shared';
import { intakeResultUpdate, projectStateQuery, projectWorkflowId, withdrawProjectUpdate, type ProjectWorkflowInput } from '../../workflows/project/contracts';
import {
  acceptTaskUpdate,
  decideTaskUpdate,
  requestSupplementUpdate,
  supplyMaterialsUpdate,
  taskStateQuery,
  taskWorkflowId,
  type DecideInput,
  type TaskState,
} from '../../workflows/task/contracts';

const QUEUE = 'lifecycle-scenario';
const RECEIPT = Date.parse('2026-09-25T10:00:00+08:00');
const window: Actor = { role: 'window', keyId: 'win-1', name: '综合受理窗口' };
const dept = (departmentId: string): Actor => ({ role: 'department', keyId: `key-${departmentId}`, name: `${departmentId}审批科`, departmentId });
const plainYear = (year: number): YearSchedule => ({ year, source: 'official', reference: '测试日历：只有周末休息', holidays: [], makeupWorkdays: [] });
const at = shanghaiAt;
const midnightAfter = (date: IsoDate) => shanghaiStartOfDay(addDays(date, 1));

describe('lifecycle scenario: six items, two with prerequisites, on the 2026 calendar', () => {
  // Only 2026 is official here, even once later years ship: GJJ-01's dates must stay weekday arithmetic.
  const rm = memoryReadModel(SCENARIO_ITEMS, (years) => years.map((y) => (y === 2026 ? officialSchedule(2026)! : plainYear(y))));

  const h = useTimeSkippingWorker(QUEUE, rm.acts);

  const { sleepUntil, settled } = h;
  /** Queries race the activities the workflows are awaiting; retry the assertion briefly. */
  const eventually = (check: () => void | Promise<void>) => untilPasses(check, 200);
  const input = (code: string, receivedAt?: number): ProjectWorkflowInput => ({
    projectId: code,
    code,
    submittedBy: window,
    intake: { applicant: APPLICANT, ...PROJECT, greenChannel: false, materials: [{ name: '项目申请报告' }], firstInquiryStaff: '李窗口' },
    receivedAt,
  });
  const startProject = (code: string, receivedAt?: number) =>
    h.env.client.workflow.start<typeof projectWorkflow>('projectWorkflow', { taskQueue: QUEUE, workflowId: projectWorkflowId(code), args: [input(code, receivedAt)] });
  const taskHandle = (code: string, itemId: string) => h.env.client.workflow.getHandle(taskWorkflowId(`${code}.${itemId}`));
  const taskState = (code: string, itemId: string): Promise<TaskState> => taskHandle(code, itemId).query(taskStateQuery);
  const types = (taskId: string) => rm.eventsOf({ taskId }).map((e) => e.type);
  const decide = async (code: string, itemId: string, d: Omit<DecideInput, 'expectedVersion' | 'actor'>) => {
    const { version } = await taskState(code, itemId);
    return taskHandle(code, itemId).executeUpdate(decideTaskUpdate, { args: [{ ...d, expectedVersion: version, actor: dept(itemId.slice(0, 3)) }] });
  };

  describe('project XM-2026-000901, received Fri 2026-09-25 (receipt override)', () => {
    const code = 'XM-2026-000901';
    const project = () => h.env.client.workflow.getHandle<typeof projectWorkflow>(projectWorkflowId(code));
    const decisions: Record<string, TaskState> = {};
    let d: IsoDate; // the Monday FGW-01 is approved and GJJ-01 is received
    let supplied: TaskState;

    test('when the window submits, then the four ready items fan out at once and the two dependants wait', async () => {
      const intake = await (await startProject(code, RECEIPT)).executeUpdate(intakeResultUpdate);
      expect(intake.tasks.map((t) => t.itemId)).toEqual(SCENARIO_ITEMS.map((i) => i.id));
      const waiting = intake.tasks.filter((t) => t.status === 'waiting').map((t) => t.itemId);
      expect(waiting).toEqual(['GJJ-01', 'ZJJ-01']);
      expect(rm.projects.get(code)).toMatchObject({ status: 'in_review', submittedAt: new Date(RECEIPT) });
      for (const itemId of FIRST_WAVE) {
        expect(rm.tasks.get(`${code}.${itemId}`)!.receivedAt).toEqual(new Date(RECEIPT));
        expect((await taskHandle(code, itemId).describe()).parentExecution?.workflowId).toBe(projectWorkflowId(code));
      }
      await expect(taskHandle(code, 'GJJ-01').describe()).rejects.toThrow();
    });

    test('when two months have passed since receipt, then deemed acceptance, yellow, red and statutory breach catch up at the 2026 instants', async () => {
      await eventually(() => FIRST_WAVE.forEach((i) => expect(types(`${code}.${i}`)).toContain('task.statutory_breached')));
      const light = ['task.light_changed', 'task.reminder'];
      const red = [...light, 'supervision.alerted'];
      const breach = ['task.statutory_breached', 'supervision.alerted'];
      // [item, event types in order, promised due, statutory due, yellow date]
      const expected: [string, string[], IsoDate, IsoDate, IsoDate][] = [
        // promised 2 → W2 9/29, statutory 5 → W5 10/09; m = 1 → yellow after W1 9/28. Both lights
        // precede deemed acceptance (10/10 00:00), which ties with the breach: legal order.
        ['FGW-01', ['task.received', ...light, ...red, 'task.deemed_accepted', ...breach], '2026-09-29', '2026-10-09', '2026-09-28'],
        // promised 10 → W10 10/15, statutory 20 → W20 10/29; m = 8 → W8 10/13.
        ['GTJ-01', ['task.received', 'task.deemed_accepted', ...light, ...red, ...breach], '2026-10-15', '2026-10-29', '2026-10-13'],
        // promised 15 → W15 10/22, statutory 30 → W30 11/12; m = 12 → W12 10/19.
        ['HBJ-01', ['task.received', 'task.deemed_accepted', ...light, ...red, ...breach], '2026-10-22', '2026-11-12', '2026-10-19'],
        // promised 5 → W5 10/09, statutory 10 → W10 10/15; m = 4 → W4 10/08. Red ties with deemed
        // acceptance at 10/10 00:00: deemed acceptance first.
        ['SWJ-01', ['task.received', ...light, 'task.deemed_accepted', ...red, ...breach], '2026-10-09', '2026-10-15', '2026-10-08'],
      ];
      for (const [itemId, sequence, promised, statutory, yellow] of expected) {
        const taskId = `${code}.${itemId}`;
        expect(types(taskId)).toEqual(sequence);
        const s = await taskState(code, itemId);
        expect(s).toMatchObject({ status: 'accepted', deemedAccepted: true, acceptedAt: RECEIPT, light: 'red', version: 2 });
        expect(s.clock).toMatchObject({ startDate: '2026-09-25', promisedDueDate: promised, statutoryDueDate: statutory, yellowDate: yellow, provisional: false });
        const payloads = (type: string) => rm.eventsOf({ taskId, type }).map((e) => e.payload);
        expect(payloads('task.deemed_accepted')).toEqual([expect.objectContaining({ deemedFrom: '2026-09-25', windowEndDate: '2026-10-09' })]);
        expect(payloads('task.light_changed')).toEqual([
          expect.objectContaining({ from: 'green', to: 'yellow', dueAt: midnightAfter(yellow) }),
          expect.objectContaining({ from: 'yellow', to: 'red', dueAt: midnightAfter(promised), promisedDueDate: promised }),
        ]);
        expect(payloads('task.statutory_breached')).toEqual([expect.objectContaining({ departmentId: itemId.slice(0, 3), statutoryDueDate: statutory, dueAt: midnightAfter(statutory) })]);
        expect(rm.tasks.get(taskId)).toMatchObject({ status: 'accepted', light: 'red', promisedDueDate: promised, statutoryDueDate: statutory, deemedAccepted: true });
      }
      await eventually(async () => expect((await project().query(projectStateQuery)).light).toBe('red'));
      expect(rm.projects.get(code)!.light).toBe('red');
    });

    test('when the land pre-review is rejected, then its dependant is recorded as not started and the others are decided', async () => {
      decisions['GTJ-01'] = await decide(code, 'GTJ-01', { decision: 'rejected', reasons: REJECTION_REASONS });
      decisions['HBJ-01'] = await decide(code, 'HBJ-01', { decision: 'approved_with_conditions', reasons: [], conditions: CONDITIONS, permitNumber: '环审〔2026〕18号' });
      decisions['SWJ-01'] = await decide(code, 'SWJ-01', { decision: 'approved', reasons: [], permitNumber: '水保〔2026〕7号' });

      await eventually(() => expect(rm.tasks.get(`${code}.ZJJ-01`)).toMatchObject({ status: 'not_started', receivedAt: null }));
      expect(rm.eventsOf({ taskId: `${code}.ZJJ-01` })).toEqual([
        expect.objectContaining({ type: 'task.waiting', departmentId: 'ZJJ', payload: expect.objectContaining({ status: 'waiting', prerequisites: ['GTJ-01'] }) }),
        expect.objectContaining({ type: 'task.not_started', departmentId: 'ZJJ', payload: expect.objectContaining({ reason: 'prerequisite_rejected' }) }),
      ]);
      const summary = (await project().query(projectStateQuery)).tasks;
      expect(summary.find((t) => t.itemId === 'ZJJ-01')?.status).toBe('not_started');
      // FGW-01 is still open and red; GJJ-01 has not been sent to its department.
      expect(summary.find((t) => t.itemId === 'GJJ-01')?.status).toBe('waiting');
      await expect(taskHandle(code, 'GJJ-01').describe()).rejects.toThrow();
      expect((await project().query(projectStateQuery)).light).toBe('red');
    });

    test('when the filing is approved on a Monday, then its dependant is received that day with a fresh clock', async () => {
      const today = shanghaiDateOf(await h.env.currentTimeMs());
      d = addDays(today, (8 - dayOfWeek(today)) % 7 || 7);
      await sleepUntil(at(d, 9));
      decisions['FGW-01'] = await decide(code, 'FGW-01', { decision: 'approved', reasons: [], permitNumber: '备案〔2026〕925号' });

      await eventually(async () => expect((await taskState(code, 'GJJ-01')).status).toBe('received'));
      const s = await taskState(code, 'GJJ-01');
      expect(s.receivedAt).toBeGreaterThanOrEqual(decisions['FGW-01'].decision!.decidedAt);
      // Promised 7: D+1..D+4, D+7..D+9 → D+9. Statutory 20: D+1..D+4, D+7..D+11, D+14..D+18, D+21..D+25, D+28 → D+28.
      // Deemed-acceptance window: D+1..D+4, D+7 → D+7.
      expect(s.clock).toMatchObject({ startDate: d, promisedDueDate: addDays(d, 9), statutoryDueDate: addDays(d, 28), deemedAcceptanceDate: addDays(d, 7) });
      await eventually(async () => expect((await project().query(projectStateQuery)).light).toBe('green'));
    });

    test('when a notice is answered, then the clock pauses and resumes; a second notice is served but reported as a violation', async () => {
      const gjj = taskHandle(code, 'GJJ-01');
      const missing = [{ material: '建设项目用地红线图', reason: '未加盖测绘单位公章' }];
      const noticed = await gjj.executeUpdate(requestSupplementUpdate, { args: [{ expectedVersion: 1, actor: dept('GJJ'), items: missing }] });
      expect(noticed).toMatchObject({ status: 'supplement_requested', clock: { state: 'suspended', promisedDueDate: null, statutoryDueDate: null } });

      await sleepUntil(at(addDays(d, 2), 10));
      const back = await gjj.executeUpdate(supplyMaterialsUpdate, { args: [{ actor: window, materials: [{ name: '用地红线图（盖章）' }] }] });
      // Suspension D..D+2 excludes Tue and Wed; counting resumes Thu D+3: promised D+3, D+4, D+7..D+11 → D+11;
      // statutory D+3, D+4, D+7..D+11, D+14..D+18, D+21..D+25, D+28..D+30 → D+30; deemed window D+3, D+4, D+7..D+9 → D+9.
      expect(back.clock).toMatchObject({ state: 'running', promisedDueDate: addDays(d, 11), statutoryDueDate: addDays(d, 30), deemedAcceptanceDate: addDays(d, 9) });

      await sleepUntil(at(addDays(d, 3), 10));
      const second = await gjj.executeUpdate(requestSupplementUpdate, { args: [{ expectedVersion: back.version, actor: dept('GJJ'), items: missing }] });
      expect(second.notices.map((n) => n.violation)).toEqual([false, true]);
      expect(rm.eventsOf({ taskId: `${code}.GJJ-01`, type: 'task.notice_violation' })).toEqual([
        expect.objectContaining({ departmentId: 'GJJ', payload: expect.objectContaining({ noticeCount: 2 }) }),
      ]);

      await sleepUntil(at(addDays(d, 4), 10));
      supplied = await gjj.executeUpdate(supplyMaterialsUpdate, { args: [{ actor: window, materials: [{ name: '用地红线图（盖章）' }] }] });
      // Suspensions D..D+2 and D+3..D+4; counting resumes Mon D+7: promised D+7..D+11, D+14, D+15 → D+15 (yellow after the
      // 5th, D+11); statutory D+7..D+11, D+14..D+18, D+21..D+25, D+28..D+32 → D+32; deemed window D+7..D+11 → D+11.
      expect(supplied.clock).toMatchObject({
        promisedDueDate: addDays(d, 15),
        statutoryDueDate: addDays(d, 32),
        yellowDate: addDays(d, 11),
        deemedAcceptanceDate: addDays(d, 11),
        suspensions: [expect.objectContaining({ from: d, to: addDays(d, 2) }), expect.objectContaining({ from: addDays(d, 3), to: addDays(d, 4) })],
      });
    });

    test('when five working days pass after the materials, then the task is deemed accepted and turns yellow, and so does the project', async () => {
      await sleepUntil(at(addDays(d, 11), 23));
      await settled(taskHandle(code, 'GJJ-01'));
      expect(await taskState(code, 'GJJ-01')).toMatchObject({ status: 'received', light: 'green' });
      await sleepUntil(at(addDays(d, 12), 1));
      await eventually(async () => expect(await taskState(code, 'GJJ-01')).toMatchObject({ status: 'accepted', deemedAccepted: true, light: 'yellow' }));
      // Deemed accepted from the supply that restarted the window; same instant as yellow, legal order.
      expect((await taskState(code, 'GJJ-01')).acceptedAt).toBe(supplied.notices[1].resolvedAt);
      expect(types(`${code}.GJJ-01`).slice(-3)).toEqual(['task.deemed_accepted', 'task.light_changed', 'task.reminder']);
      await eventually(async () => expect((await project().query(projectStateQuery)).light).toBe('yellow'));
    });

    test('when the last task is decided, then one reply lists every decision, condition, reason, permit number, dates and timeliness', async () => {
      decisions['GJJ-01'] = await decide(code, 'GJJ-01', { decision: 'approved', reasons: [], permitNumber: '地字第 2026-031 号' });
      const final = await h.outcome(project());
      expect(final).toMatchObject({ status: 'replied', light: 'green', replyVersion: 1 });
      expect(rm.acts.compileReply).toHaveBeenCalledTimes(1);

      const iso = (ms: number) => new Date(ms).toISOString();
      const decided = (itemId: string) => iso(decisions[itemId].decision!.decidedAt);
      const received = iso(RECEIPT);
      const reply = rm.replyOf(code)!;
      expect(reply.outcome).toBe('partially_approved');
      expect(reply.summary).toBe(
        `${APPLICANT.name}：“${PROJECT.name}”（${code}）共 6 个审批事项，准予许可 3 项，不予许可 1 项，附条件准予许可 1 项，未启动（前置事项未获批准） 1 项。`,
      );
      const base = { reasons: [], conditions: [], permitNumber: null, status: 'decided' };
      expect(reply.items).toEqual([
        { ...base, taskId: `${code}.FGW-01`, itemId: 'FGW-01', itemName: '企业投资项目备案', departmentId: 'FGW', decision: 'approved', permitNumber: '备案〔2026〕925号',
          receivedAt: received, decidedAt: decided('FGW-01'), promisedDueDate: '2026-09-29', statutoryDueDate: '2026-10-09', onTime: false, decidedBy: 'FGW审批科' },
        { ...base, taskId: `${code}.GTJ-01`, itemId: 'GTJ-01', itemName: '建设项目用地预审与选址意见书', departmentId: 'GTJ', decision: 'rejected', reasons: REJECTION_REASONS,
          receivedAt: received, decidedAt: decided('GTJ-01'), promisedDueDate: '2026-10-15', statutoryDueDate: '2026-10-29', onTime: false, decidedBy: 'GTJ审批科' },
        { ...base, taskId: `${code}.HBJ-01`, itemId: 'HBJ-01', itemName: '建设项目环境影响评价文件审批', departmentId: 'HBJ', decision: 'approved_with_conditions',
          conditions: CONDITIONS, permitNumber: '环审〔2026〕18号', receivedAt: received, decidedAt: decided('HBJ-01'), promisedDueDate: '2026-10-22', statutoryDueDate: '2026-11-12', onTime: false, decidedBy: 'HBJ审批科' },
        { ...base, taskId: `${code}.SWJ-01`, itemId: 'SWJ-01', itemName: '生产建设项目水土保持方案审批', departmentId: 'SWJ', decision: 'approved', permitNumber: '水保〔2026〕7号',
          receivedAt: received, decidedAt: decided('SWJ-01'), promisedDueDate: '2026-10-09', statutoryDueDate: '2026-10-15', onTime: false, decidedBy: 'SWJ审批科' },
        { ...base, taskId: `${code}.GJJ-01`, itemId: 'GJJ-01', itemName: '建设用地规划许可证核发', departmentId: 'GJJ', decision: 'approved', permitNumber: '地字第 2026-031 号',
          receivedAt: iso((await taskState(code, 'GJJ-01')).receivedAt!), decidedAt: decided('GJJ-01'), promisedDueDate: addDays(d, 15), statutoryDueDate: addDays(d, 32), onTime: true, decidedBy: 'GJJ审批科' },
        { ...base, taskId: `${code}.ZJJ-01`, itemId: 'ZJJ-01', itemName: '建筑工程施工许可证核发', departmentId: 'ZJJ', status: 'not_started', decision: null,
          receivedAt: null, decidedAt: null, promisedDueDate: null, statutoryDueDate: null, onTime: null, decidedBy: null },
      ]);

      // The project's light followed its worst open task, with one event per change.
      const changes = rm.eventsOf({ projectId: code, type: 'project.light_changed' }).map((e) => e.payload as { from: string; to: string });
      changes.forEach((c, i) => expect(c.from).toBe(i === 0 ? 'green' : changes[i - 1].to));
      expect(changes.map((c) => c.to).slice(-4)).toEqual(['red', 'green', 'yellow', 'green']);
      expect(rm.projects.get(code)).toMatchObject({ status: 'replied', light: 'green' });

      await exportHistory(project(), 'project-replied');
      await exportHistory(taskHandle(code, 'GJJ-01'), 'task-notices-deemed');
      await exportHistory(taskHandle(code, 'FGW-01'), 'task-catch-up');
    });
  });

  describe('project XM-2026-000902, withdrawn mid-way', () => {
    const code = 'XM-2026-000902';

    test('when the applicant withdraws, then every open task is cancelled and told, waiting ones too, and the applicant gets one withdrawn reply', async () => {
      const handle = await startProject(code);
      await handle.executeUpdate(intakeResultUpdate);
      const accepted = await taskHandle(code, 'FGW-01').executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: 1, actor: dept('FGW') }] });
      expect(accepted.status).toBe('accepted');
      await decide(code, 'FGW-01', { decision: 'approved', reasons: [], permitNumber: '备案〔2026〕926号' });
      await eventually(async () => expect((await taskState(code, 'GJJ-01')).status).toBe('received'));
      await taskHandle(code, 'HBJ-01').executeUpdate(requestSupplementUpdate, {
        args: [{ expectedVersion: 1, actor: dept('HBJ'), items: [{ material: '环境影响报告表', reason: '缺少公众参与说明' }] }],
      });
      await taskHandle(code, 'GTJ-01').executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: 1, actor: dept('GTJ') }] });

      const reason = '申请人调整建设方案，撤回申请';
      const [first, second] = await Promise.allSettled([
        handle.executeUpdate(withdrawProjectUpdate, { args: [{ actor: window, reason }] }),
        handle.executeUpdate(withdrawProjectUpdate, { args: [{ actor: window, reason }] }),
      ]);
      const [done, refused] = first.status === 'fulfilled' ? [first, second] : [second, first];
      expect(refused).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ cause: expect.objectContaining({ message: '项目已撤回，不能重复撤回' }) }) });
      expect(done.status).toBe('fulfilled');
      const withdrawn = (done as PromiseFulfilledResult<Awaited<ReturnType<typeof handle.result>>>).value;
      expect(withdrawn).toMatchObject({ status: 'withdrawn', replyVersion: 1 });
      expect(Object.fromEntries(withdrawn.tasks.map((t) => [t.itemId, t.status]))).toEqual({
        'FGW-01': 'decided', 'GTJ-01': 'cancelled', 'HBJ-01': 'cancelled', 'SWJ-01': 'cancelled', 'GJJ-01': 'cancelled', 'ZJJ-01': 'cancelled',
      });

      // Everything was written before the update answered.
      const cancelled = rm.eventsOf({ projectId: code, type: 'task.cancelled' });
      expect(cancelled.map((e) => [e.taskId, e.departmentId]).sort()).toEqual(
        ['GTJ-01', 'HBJ-01', 'SWJ-01', 'GJJ-01', 'ZJJ-01'].map((i) => [`${code}.${i}`, i.slice(0, 3)]).sort(),
      );
      cancelled.forEach((e) => expect(e).toMatchObject({ actor: window, payload: expect.objectContaining({ reason, status: 'cancelled' }) }));
      expect(cancelled.find((e) => e.taskId === `${code}.ZJJ-01`)!.payload).toMatchObject({ started: false });
      for (const i of ['GTJ-01', 'HBJ-01', 'SWJ-01', 'GJJ-01', 'ZJJ-01']) expect(rm.tasks.get(`${code}.${i}`)!.status).toBe('cancelled');
      const order = rm.eventsOf({ projectId: code }).map((e) => e.type).filter((t) => t.startsWith('project.') || t === 'task.cancelled');
      expect(order[order.length - 1]).toBe('project.replied');
      expect(order.indexOf('project.withdrawn')).toBeLessThan(order.indexOf('task.cancelled'));
      expect(rm.projects.get(code)).toMatchObject({ status: 'withdrawn' });

      const reply = rm.replyOf(code)!;
      expect(reply.outcome).toBe('withdrawn');
      expect(reply.summary).toContain('已应申请人撤回终止审批');
      expect(reply.items.map((i) => [i.itemId, i.status, i.decision])).toEqual([
        ['FGW-01', 'decided', 'approved'], ['GTJ-01', 'cancelled', null], ['HBJ-01', 'cancelled', null],
        ['SWJ-01', 'cancelled', null], ['GJJ-01', 'cancelled', null], ['ZJJ-01', 'cancelled', null],
      ]);
      expect(await h.outcome(handle)).toMatchObject({ status: 'withdrawn', light: 'green' });
      expect(rm.eventsOf({ projectId: code, type: 'project.light_changed' })).toEqual([]);
      await exportHistory(handle, 'project-withdrawn');
    });
  });
});
