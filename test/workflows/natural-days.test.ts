/*
 * A natural-day item (法律依据写“日”) through the project and task workflows on the time-skipping
 * server: the item's unit, YELLOW_RATIO and the catalogue version travel from routing into the
 * task clock. The receipt is set in the past (receivedAt), so the dates follow the real 2026
 * calendar and every alarm is already due and catches up at once.
 *
 *       August 2026           September 2026          October 2026
 * Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su
 *                 1  2      1  2  3  4  5  6            1  2  3  4
 *  3  4  5  6  7  8  9   7  8  9 10 11 12 13   5  6  7  8  9 10 11
 * 10 11 12 13 14 15 16  14 15 16 17 18 19 20  12 13 14 15 16 17 18
 * 17 18 19 20 21 22 23  21 22 23 24 25 26 27  19 20 21 22 23 24 25
 * 24 25 26 27 28 29 30  28 29 30              26 27 28 29 30 31
 * 31
 * 国庆 10/1–10/7 off. Receipt Wed 8/5 (not counted).
 * Statutory 60 日: Aug 6–31 = 26, Sep = 30 (56), Oct 1–4 = 60 → day 60 is 10/4 (国庆) → rolls to Thu 10/8.
 * Promised 20 日: Aug 6–25 → Tue 8/25. Yellow at 50 %: the 10th day, Sat 8/15 (counted like any day).
 */
import { untilPasses } from '../support/eventually';
import { useTimeSkippingWorker } from '../support/temporal';
import { item, mockLifecycle } from '../support/mock-activities';
import type { projectWorkflow } from '../../workflows';
import { intakeResultUpdate, projectWorkflowId, type ProjectWorkflowInput } from '../../workflows/project/contracts';
import { taskStateQuery, taskWorkflowId } from '../../workflows/task/contracts';

const QUEUE = 'natural-days';
const receivedAt = Date.parse('2026-08-05T10:00:00+08:00');

const eia = { ...item('STHJ-01', 'STHJ'), name: '建设项目环境影响报告书审批', statutoryDays: 60, promisedDays: 20, limitUnit: 'naturalDays' as const };
const filing = { ...item('FGJ-01', 'FGJ'), statutoryDays: 5, promisedDays: 2 };

const input = (code: string): ProjectWorkflowInput => ({
  projectId: code,
  code,
  submittedBy: { role: 'window', keyId: 'win-1' },
  receivedAt,
  intake: {
    applicant: { name: '某某化工有限公司', uscc: '91350100M000100Y43', contact: { name: '张三', phone: '13800000000' } },
    name: '年产 2 万吨精细化工项目',
    type: 'industrial',
    location: '蓬溪县经济开发区',
    investmentWan: 30000,
    eiaCategory: 'report',
    greenChannel: false,
    materials: [{ name: '环境影响报告书' }],
    firstInquiryStaff: '李窗口',
  },
});

describe('natural-day limits in the workflows', () => {
  const acts = mockLifecycle([filing, eia]);
  acts.loadRoutingContext.mockImplementation(async () => ({ catalogue: [filing, eia], catalogueVersion: 7, yellowPercent: 50 }));
  const h = useTimeSkippingWorker(QUEUE, acts);

  test('when a 60-day 环评 item is received on 8/5, then its statutory deadline rolls over 国庆 to 10/8 and the breach fires after it', async () => {
    const code = 'XM-NATURAL-1';
    const project = await h.env.client.workflow.start<typeof projectWorkflow>('projectWorkflow', { taskQueue: QUEUE, workflowId: projectWorkflowId(code), args: [input(code)] });
    await project.executeUpdate(intakeResultUpdate);
    expect(acts.registerProject.mock.calls[0][0]).toMatchObject({ catalogueVersion: 7 });

    const task = h.env.client.workflow.getHandle(taskWorkflowId(`${code}.STHJ-01`));
    // Every write of the task in order: its receipt (written with the project, first wave) and its own records.
    const writes = () => [
      ...acts.registerProject.mock.calls.flatMap(([c]) => c.receipts ?? []),
      ...acts.recordTask.mock.calls.map(([c]) => c),
    ].filter((c) => c.taskId === `${code}.STHJ-01`);
    const events = () => writes().map((c) => c.event);
    await untilPasses(async () => expect(events().map((e) => e.type)).toContain('task.statutory_breached'));

    const s = await task.query(taskStateQuery);
    expect(s.clock).toMatchObject({ unit: 'naturalDays', startDate: '2026-08-05', statutoryDueDate: '2026-10-08', promisedDueDate: '2026-08-25', yellowDate: '2026-08-15' });
    const breach = events().find((e) => e.type === 'task.statutory_breached')!;
    expect(breach.payload).toMatchObject({ statutoryDueDate: '2026-10-08', dueAt: Date.parse('2026-10-09T00:00:00+08:00') });
    const received = events().find((e) => e.type === 'task.received')!;
    expect(received.payload).toMatchObject({ statutoryDays: 60, promisedDays: 20, limitUnit: 'naturalDays' });

    const record = writes().find((c) => c.patch.clock)!.patch.clock!;
    expect(record.unit).toBe('naturalDays');
    expect(record.explanation.join('\n')).toContain('法定时限：自2026-08-05收件次日起算60日（自然日），顺延经过国庆节假期（2026-10-05至2026-10-07），第60日2026-10-04为法定休假日，依《民法典》第二百零三条顺延至休假日结束的次日，截止2026-10-08 24:00');
    expect(record.explanation.join('\n')).toContain('承诺时限预警比例50%');

    // The working-day item of the same project keeps counting working days.
    const other = await h.env.client.workflow.getHandle(taskWorkflowId(`${code}.FGJ-01`)).query(taskStateQuery);
    // 8/6 Thu, 8/7 Fri, 8/10 Mon, 8/11 Tue, 8/12 Wed → statutory 5 working days ends Wed 8/12.
    expect(other.clock).toMatchObject({ unit: 'workingDays', statutoryDueDate: '2026-08-12' });
  });
});
