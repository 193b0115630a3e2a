/**
 * 联席会议 end to end on the time-skipping test server (real gateway, worker, workflows, database):
 * a task that turns red convenes a meeting by rule, invited departments confirm, the minutes give
 * two departments a commitment each, tracked as 督办 orders; one is kept, the other is missed and
 * becomes an accountability record.
 *
 * Weekends-only calendar, so dates are weekday arithmetic from the Monday (D) the test starts on:
 *     D Mon  D+1 Tue  D+2 Wed  D+3 Thu  D+4 Fri  D+5/D+6 weekend  D+7 Mon  D+8 Tue
 * FGW-01 (promised 2 working days) received on D → red at D+2 24:00 (= D+3 00:00), meeting held
 * 3 working days later on D+8; commitments of 2 working days made on D+3 → due D+7 24:00.
 */
import { eventually } from '../support/eventually';
import { APPLICANT } from '../support/scenario';
import { useTestSystem } from '../support/system';
import { putWeekendOnlyCalendars } from '../support/weekend-calendar';
import { nextMondayOf, shanghaiAt, skipTo } from '../support/temporal';
import { addDays, type IsoDate } from '../../domain/clock';

interface MeetingView {
  id: string;
  triggerDetail: string;
  invitees: { departmentId: string }[];
}

describe('joint meetings (联席会议)', () => {
  const t = useTestSystem({}, { timeSkipping: true });
  let d: IsoDate;
  const skip = (days: number, hour: number) => skipTo(t.sys.env, shanghaiAt(addDays(d, days), hour));
  const dept = (id: string) => t.sys.key('department', id);

  beforeAll(() => putWeekendOnlyCalendars(t));

  test('when a task turns red, then a meeting is convened by rule; its minutes issue commitments as 督办 orders and a missed one becomes an accountability record', async () => {
    d = await nextMondayOf(t.sys.env);
    await skip(0, 9);
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      body: {
        applicant: APPLICANT,
        project: { name: '新型建材生产线项目', type: 'industrial', location: '城东工业园 9 号地块', investmentWan: 3000 },
        materials: [{ name: '项目申请报告', copies: 1 }],
        firstInquiryStaff: '李窗口',
        agentId: 'AG-01',
      },
      headers: { 'Idempotency-Key': 'joint-meeting-0001' },
    });
    expect(submitted.status).toBe(201);
    const code: string = submitted.body.code;
    const list = `/api/v1/projects/${code}/joint-meetings`;
    expect((await t.call('listJointMeetings', 'GET', list, { key: t.sys.key('supervisor') })).body.items).toEqual([]);

    // By hand: another department may not convene (404); a past date is refused.
    expect((await t.call('scheduleJointMeeting', 'POST', list, { key: dept('GTJ'), body: { kind: 'consultation', agenda: '选址', meetingDate: addDays(d, 1) } })).status).toBe(404);
    const past = await t.call('scheduleJointMeeting', 'POST', list, { key: dept('FGW'), body: { kind: 'consultation', agenda: '选址', meetingDate: '2020-01-06' } });
    expect([past.status, past.body.errors?.[0]?.pointer, past.body.detail]).toEqual([422, '/meetingDate', '会议日期不能早于今天']);

    // FGW-01 turns red at D+2 24:00: the rule convenes a meeting of every department with an open task.
    await skip(3, 10);
    const [meeting] = await eventually(
      async () => (await t.call('listJointMeetings', 'GET', list, { key: t.sys.key('supervisor') })).body.items as MeetingView[],
      (items) => items.length > 0,
      '红灯触发联席会议',
    );
    expect(meeting).toMatchObject({ kind: 'joint_meeting', trigger: 'red_task', status: 'scheduled', meetingDate: addDays(d, 8) });
    expect(meeting.triggerDetail).toContain(`${code}.FGW-01`);
    expect(meeting.invitees.map((i: { departmentId: string }) => i.departmentId)).toEqual(['FGW', 'GTJ', 'HBJ', 'SWJ']);
    const path = `/api/v1/joint-meetings/${meeting.id}`;
    // Invitees hear of it in their feeds; the agent of the project too; other agents do not see it.
    const gtjFeed = await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}&type=joint_meeting.scheduled`, { key: dept('GTJ') });
    expect(gtjFeed.body.events.map((e: { departmentId: string; taskId: string }) => [e.departmentId, e.taskId])).toEqual([['GTJ', `${code}.GTJ-01`]]);
    expect((await t.call('getJointMeeting', 'GET', path, { key: t.sys.key('agent', 'AG-01') })).status).toBe(200);
    expect((await t.call('getJointMeeting', 'GET', path, { key: t.sys.key('agent', 'AG-02') })).status).toBe(404);
    // A second red (or any rule) does not convene another while this one awaits its minutes.
    expect((await t.call('listJointMeetings', 'GET', list, { key: t.sys.key('supervisor') })).body.items).toHaveLength(1);

    const confirmed = await t.call('confirmJointMeeting', 'POST', `${path}/confirmation`, { key: dept('GTJ') });
    expect(confirmed.body.invitees.find((i: { departmentId: string }) => i.departmentId === 'GTJ').confirmedAt).not.toBeNull();
    const again = await t.call('confirmJointMeeting', 'POST', `${path}/confirmation`, { key: dept('GTJ') });
    expect(again.body).toEqual(confirmed.body);

    // Minutes: the lead or supervision; commitments only for invited departments, each a 督办 order.
    const notInvited = await t.call('recordMeetingMinutes', 'POST', `${path}/minutes`, {
      key: t.sys.key('supervisor'),
      body: { minutes: '会议纪要', commitments: [{ departmentId: 'XFJ', commitment: '出具意见', workingDays: 2 }] },
    });
    expect([notInvited.status, notInvited.body.errors[0].pointer]).toEqual([422, '/commitments/0/departmentId']);
    expect((await t.call('recordMeetingMinutes', 'POST', `${path}/minutes`, { key: dept('GTJ'), body: { minutes: '纪要', commitments: [{ departmentId: 'GTJ', commitment: '出具意见', workingDays: 2 }] } })).status).toBe(404);
    const minuted = await t.call('recordMeetingMinutes', 'POST', `${path}/minutes`, {
      key: t.sys.key('supervisor'),
      body: {
        minutes: '会议议定：国土与环保部门限期出具意见。',
        commitments: [
          { departmentId: 'GTJ', commitment: '两个工作日内出具用地预审意见', workingDays: 2 },
          { departmentId: 'HBJ', commitment: '两个工作日内出具环评审查意见', workingDays: 2 },
        ],
      },
    });
    expect(minuted.status).toBe(200);
    expect(minuted.body.status).toBe('minuted');
    const orderOf = (dep: string): string => minuted.body.invitees.find((i: { departmentId: string }) => i.departmentId === dep).supervisionOrderId;
    expect([orderOf('GTJ'), orderOf('HBJ')]).toEqual([expect.stringMatching(/^DB-/), expect.stringMatching(/^DB-/)]);
    const twice = await t.call('recordMeetingMinutes', 'POST', `${path}/minutes`, { key: t.sys.key('supervisor'), body: { minutes: '再记', commitments: [{ departmentId: 'SWJ', commitment: '再承诺', workingDays: 1 }] } });
    expect([twice.status, twice.body.reason]).toEqual([409, 'already_exists']);

    // The commitment shows on the department's task as a 督办 order with its own clock.
    const gtjOrders = await t.call('listSupervisionOrders', 'GET', `/api/v1/tasks/${code}.GTJ-01/supervision-orders`, { key: dept('GTJ') });
    expect(gtjOrders.body.items).toEqual([expect.objectContaining({ id: orderOf('GTJ'), status: 'open', dueDate: addDays(d, 7) })]);
    const kept = await t.call('respondSupervisionOrder', 'POST', `/api/v1/tasks/${code}.GTJ-01/supervision-orders/${orderOf('GTJ')}/response`, {
      key: dept('GTJ'),
      body: { response: '已出具用地预审意见' },
    });
    expect(kept.status).toBe(200);

    await skip(8, 10);
    const records = await eventually(
      async () => (await t.call('listAccountabilityRecords', 'GET', '/api/v1/accountability-records?kind=supervision_order_overdue', { key: t.sys.key('supervisor') })).body.items,
      (items: { departmentId: string; supervisionOrderId: string }[]) => items.some((r) => r.supervisionOrderId === orderOf('HBJ')),
      '未履行的承诺记入责任追究',
    );
    expect(records.map((r: { departmentId: string; supervisionOrderId: string }) => [r.departmentId, r.supervisionOrderId])).toEqual([['HBJ', orderOf('HBJ')]]);
  });
});
