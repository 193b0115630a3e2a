/**
 * 职位代理 AB 角 over real HTTP, Temporal and a database: an HBJ officer declares leave with the
 * department head as B 角; the task HBJ has in hand and a task arriving during the leave go to the
 * deputy; when the head is away too, a new task stays with the department and is flagged. Who may
 * declare and who sees the lists is checked object by object. (The return after the last day is
 * covered on the time-skipping server by test/workflows/absence.test.ts.)
 */
import { APPLICANT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { login, sessionHeaders, type TestSession } from '../support/session';
import { useTestSystem } from '../support/system';
import { addDays, shanghaiDateOf } from '../../domain/clock';

const submission = {
  applicant: APPLICANT,
  project: { name: '智能装备制造项目', type: 'industrial', location: '城东工业园 12 号地块', investmentWan: 3000 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
  agentId: 'AG-01',
};

describe('职位代理 AB 角 (officer absences) over HTTP', () => {
  const t = useTestSystem();
  const as = (s: TestSession) => ({ headers: sessionHeaders(s) });
  let seq = 0;

  async function submit(): Promise<string> {
    const r = await t.call('submitProject', 'POST', '/api/v1/projects', { key: t.sys.key('window'), body: submission, headers: { 'Idempotency-Key': `absence-${++seq}` } });
    expect(r.status).toBe(201);
    return r.body.code as string;
  }
  const hbjTask = (code: string, ready: (task: { status: string; assignee: { delegateId: string } | null }) => boolean, what: string) =>
    eventually(
      () => t.call('getTask', 'GET', `/api/v1/tasks/${code}.HBJ-01`, { key: t.sys.key('department', 'HBJ') }),
      (r) => r.status === 200 && ready(r.body),
      what,
    );

  test('when an officer is on leave, then the task in hand and a new task go to the B 角, and with the B 角 away too a new task is flagged to the department', async () => {
    const clerk = t.sys.officer('department', 'HBJ');
    const head = t.sys.officer('department_head', 'HBJ');
    const [clerkS, headS, otherS] = await Promise.all([
      login(t.sys.baseUrl, clerk.username, clerk.password),
      login(t.sys.baseUrl, head.username, head.password),
      login(t.sys.baseUrl, t.sys.officer('department', 'GTJ').username, t.sys.officer('department', 'GTJ').password),
    ]);
    const first = await submit();
    await hbjTask(first, (x) => x.status === 'received', '环评任务推送到县环保局');

    const today = shanghaiDateOf(Date.now());
    const leave = { kind: 'leave', from: today, to: addDays(today, 2), deputyOfficerId: head.officerId, reason: '年休假' };
    const declare = (officerId: string, body: object, opts: object) => t.call('declareOfficerAbsence', 'POST', `/api/v1/officers/${officerId}/absences`, { ...opts, body });

    // Who may declare: the officer, the head, an admin; not a department system key, not another department.
    expect((await declare(clerk.officerId, leave, { key: t.sys.key('department', 'HBJ') })).status).toBe(403);
    expect((await declare(clerk.officerId, leave, as(otherS))).status).toBe(404);
    expect((await declare(clerk.officerId, leave, { key: t.sys.key('window') })).status).toBe(403);
    const past = await declare(clerk.officerId, { ...leave, from: addDays(today, -1) }, as(clerkS));
    expect([past.status, past.body.errors?.[0]?.pointer]).toEqual([422, '/from']);
    const foreignDeputy = await declare(clerk.officerId, { ...leave, deputyOfficerId: t.sys.officer('department', 'GTJ').officerId }, as(clerkS));
    expect([foreignDeputy.status, foreignDeputy.body.errors?.[0]?.pointer]).toEqual([422, '/deputyOfficerId']);

    const declared = await declare(clerk.officerId, leave, as(clerkS));
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({
      id: expect.stringMatching(/^AB-\d{4}-\d{6}$/), officerId: clerk.officerId, officerName: clerk.name, departmentId: 'HBJ',
      deputyOfficerId: head.officerId, deputyName: head.name, kind: 'leave', from: today, to: addDays(today, 2),
    });
    const twice = await declare(clerk.officerId, { ...leave, from: addDays(today, 1) }, as(headS));
    expect([twice.status, twice.body.reason]).toEqual([409, 'already_exists']);

    // The task in hand moves to the deputy; a task arriving during the leave goes there at once.
    const moved = await hbjTask(first, (x) => x.assignee?.delegateId === head.officerId, '在办任务转给 B 角');
    expect(moved.body.assignee).toMatchObject({ delegateName: head.name, until: addDays(today, 2), absence: { officerId: clerk.officerId, officerName: clerk.name, kind: 'leave' } });
    const second = await submit();
    await hbjTask(second, (x) => x.assignee?.delegateId === head.officerId, '新任务直接转给 B 角');
    const events = await t.call('listEvents', 'GET', `/api/v1/events?limit=500`, { key: t.sys.key('department', 'HBJ') });
    const routed = events.body.events.filter((e: { type: string; taskId: string }) => e.type === 'task.reassigned' && e.taskId === `${second}.HBJ-01`);
    expect(routed).toHaveLength(1);
    expect(routed[0].payload.absence).toMatchObject({ officerId: clerk.officerId, deputyId: head.officerId, deputyName: head.name });

    const listed = await t.call('listOfficerAbsences', 'GET', '/api/v1/officer-absences', as(headS));
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([declared.body.id]);
    expect((await t.call('listOfficerAbsences', 'GET', '/api/v1/officer-absences', as(otherS))).body.items).toEqual([]);

    // The head (B 角) goes to training with the clerk as deputy: both are away, nobody can take new work.
    const training = await declare(head.officerId, { ...leave, kind: 'training', deputyOfficerId: clerk.officerId, reason: '省厅业务培训' }, as(headS));
    expect(training.status).toBe(201);
    const third = await submit();
    // The clerk's leave routes to the head, whose own deputy is the clerk: the chain comes back, nobody is left.
    const flagged = await eventually(
      () => t.call('listStaffingAlerts', 'GET', '/api/v1/staffing-alerts', as(headS)),
      (r) => r.body.items.some((a: { taskId: string }) => a.taskId === `${third}.HBJ-01`),
      '无人可办的任务列给部门负责人',
    );
    expect(flagged.body.items.find((a: { taskId: string }) => a.taskId === `${third}.HBJ-01`)).toMatchObject({ departmentId: 'HBJ', absenceId: declared.body.id, officerName: clerk.name });
    expect((await t.call('getTask', 'GET', `/api/v1/tasks/${third}.HBJ-01`, { key: t.sys.key('department', 'HBJ') })).body.assignee).toBeNull();
    expect((await t.call('listStaffingAlerts', 'GET', '/api/v1/staffing-alerts', as(otherS))).body.items).toEqual([]);
    const supervisor = await t.call('listStaffingAlerts', 'GET', '/api/v1/staffing-alerts', { key: t.sys.key('supervisor') });
    expect(supervisor.body.items.map((a: { taskId: string }) => a.taskId)).toContain(`${third}.HBJ-01`);
  });
});
