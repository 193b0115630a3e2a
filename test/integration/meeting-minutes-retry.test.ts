/**
 * Minutes of a 联席会议 interrupted half-way (the request died after recording the minutes and the
 * commitments, before every 督办 order was started) are finished by submitting again: the orders
 * still missing are issued — one under the id already reserved for it — none twice, one
 * `joint_meeting.minuted` event; once all are issued, a further submission is a 409.
 */
import { INDUSTRIAL_SUBMISSION } from '../support/scenario';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';
import { addDays, shanghaiDateOf } from '../../domain/clock';

describe('interrupted meeting minutes', () => {
  const t = useTestSystem();
  const supervisor = () => t.sys.key('supervisor');

  test('when minutes stopped after the claim, then submitting again issues the remaining 督办 orders once each', async () => {
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      headers: { 'Idempotency-Key': 'minutes-retry-0001' },
      body: INDUSTRIAL_SUBMISSION,
    });
    expect(submitted.status).toBe(201);
    const code: string = submitted.body.code;
    await eventually(
      () => t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${code}&status=received`, { key: supervisor() }),
      (r) => ['GTJ', 'HBJ'].every((d) => r.body.items.some((x: { departmentId: string }) => x.departmentId === d)),
      '任务推送到 GTJ 与 HBJ',
    );
    const scheduled = await t.call('scheduleJointMeeting', 'POST', `/api/v1/projects/${code}/joint-meetings`, {
      key: supervisor(),
      body: { kind: 'consultation', agenda: '用地与环评意见协调', meetingDate: addDays(shanghaiDateOf(Date.now()), 1) },
    });
    expect(scheduled.status).toBe(201);
    const id: string = scheduled.body.id;

    // What an interrupted request leaves: minutes and commitments recorded; HBJ's order id reserved but never started, GTJ's not even reserved.
    const db = t.sys.db;
    await db.jointMeeting.update({ where: { id }, data: { status: 'minuted', minutes: '会议议定事项', minutedAt: new Date(), minutedBy: { role: 'supervisor', keyId: 'x', name: '县效能办' } } });
    await db.jointMeetingInvitee.update({ where: { id: `${id}.GTJ` }, data: { commitment: '3 个工作日内出具用地预审意见', commitmentWorkingDays: 3 } });
    await db.jointMeetingInvitee.update({ where: { id: `${id}.HBJ` }, data: { commitment: '5 个工作日内完成环评审查', commitmentWorkingDays: 5, supervisionOrderId: 'DB-2099-000777' } });

    const minutes = (commitments: object[]) => t.call('recordMeetingMinutes', 'POST', `/api/v1/joint-meetings/${id}/minutes`, { key: supervisor(), body: { minutes: '重新提交', commitments } });
    const resumed = await minutes([{ departmentId: 'SWJ', commitment: '不应被读取', workingDays: 9 }]);
    expect(resumed.status).toBe(200);
    const byDept = Object.fromEntries(resumed.body.invitees.map((i: { departmentId: string; commitment: string | null; supervisionOrderId: string | null }) => [i.departmentId, i]));
    expect(byDept.HBJ).toMatchObject({ commitment: '5 个工作日内完成环评审查', supervisionOrderId: 'DB-2099-000777' });
    expect(byDept.GTJ).toMatchObject({ commitment: '3 个工作日内出具用地预审意见', supervisionOrderId: expect.stringMatching(/^DB-\d{4}-\d{6}$/) });
    expect(byDept.SWJ?.commitment ?? null).toBeNull();
    expect(resumed.body.minutes).toBe('会议议定事项');

    const orders = await db.supervisionOrder.findMany({ where: { projectId: code }, orderBy: { departmentId: 'asc' } });
    expect(orders.map((o) => [o.id, o.departmentId, o.workingDays, o.directive])).toEqual([
      [byDept.GTJ.supervisionOrderId, 'GTJ', 3, '【会商承诺】3 个工作日内出具用地预审意见'],
      ['DB-2099-000777', 'HBJ', 5, '【会商承诺】5 个工作日内完成环评审查'],
    ]);

    const again = await minutes([{ departmentId: 'GTJ', commitment: '再来一次', workingDays: 2 }]);
    expect([again.status, again.body.reason]).toEqual([409, 'already_exists']);
    expect(await db.supervisionOrder.count({ where: { projectId: code } })).toBe(2);
    expect(await db.event.count({ where: { type: 'joint_meeting.minuted', projectId: code } })).toBe(1);
  });
});
