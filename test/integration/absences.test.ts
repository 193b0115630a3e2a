/**
 * 职位代理 AB 角 over real HTTP, Temporal and a database: an HBJ officer declares leave with the
 * department head as B 角; the task HBJ has in hand and a task arriving during the leave go to the
 * deputy; when the head is away too, a new task stays with the department and is flagged. Who may
 * declare and who sees the lists is checked object by object. A GTJ officer comes back early: the
 * task with the B 角 keeps the deputy to the new last day, then returns at once when the leave is
 * withdrawn. (The return after the last day, and that a task's own timer returns nothing twice, are
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

  /** A department's clerk and head, signed in, and a clerk of another department. */
  async function clerkAndHead(departmentId: string, otherDepartmentId: string) {
    const clerk = t.sys.officer('department', departmentId);
    const head = t.sys.officer('department_head', departmentId);
    const sessions = await Promise.all([clerk, head, t.sys.officer('department', otherDepartmentId)].map((o) => login(t.sys.baseUrl, o.username, o.password)));
    return { clerk, head, sessions };
  }

  test('when an officer is on leave, then the task in hand and a new task go to the B 角, and with the B 角 away too a new task is flagged to the department', async () => {
    const { clerk, head, sessions: [clerkS, headS, otherS] } = await clerkAndHead('HBJ', 'GTJ');
    // The deputy picker lists the department's own officers; another department's are not disclosed.
    const colleagues = await t.call('listDepartmentOfficers', 'GET', '/api/v1/departments/HBJ/officers', as(clerkS));
    expect(colleagues.body.items).toEqual(expect.arrayContaining([{ id: head.officerId, name: head.name, role: 'department_head' }, { id: clerk.officerId, name: clerk.name, role: 'department' }]));
    expect((await t.call('listDepartmentOfficers', 'GET', '/api/v1/departments/HBJ/officers', as(otherS))).status).toBe(404);
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

  test('when the officer comes back early, then the task keeps the B 角 to the new last day or returns at once, repeats answer the same, and only the officer, the head or an admin may do it', async () => {
    const { clerk, head, sessions: [clerkS, headS, hbjS] } = await clerkAndHead('GTJ', 'HBJ');
    const gtjTask = (code: string, ready: (task: { assignee: { delegateId: string; until: string } | null }) => boolean, what: string) =>
      eventually(() => t.call('getTask', 'GET', `/api/v1/tasks/${code}.GTJ-01`, { key: t.sys.key('department', 'GTJ') }), (r) => r.status === 200 && ready(r.body), what);
    const code = await submit();
    const today = shanghaiDateOf(Date.now());
    const declared = await t.call('declareOfficerAbsence', 'POST', `/api/v1/officers/${clerk.officerId}/absences`, {
      ...as(clerkS), body: { kind: 'training', from: today, to: addDays(today, 3), deputyOfficerId: head.officerId, reason: '市级业务培训' },
    });
    expect(declared.status).toBe(201);
    expect(declared.body.status).toBe('declared');
    await gtjTask(code, (x) => x.assignee?.delegateId === head.officerId && x.assignee.until === addDays(today, 3), '在办任务转给 B 角');
    const shorten = (id: string, body: object, opts: object) => t.call('shortenOfficerAbsence', 'POST', `/api/v1/officer-absences/${id}/shorten`, { ...opts, body });

    // Who may: not a department system key, not another department's officer, not a missing absence.
    expect((await shorten(declared.body.id, { backOn: today }, { key: t.sys.key('department', 'GTJ') })).status).toBe(403);
    expect((await shorten(declared.body.id, { backOn: today }, as(hbjS))).status).toBe(404);
    expect((await shorten('AB-2099-999999', { backOn: today }, as(headS))).status).toBe(404);
    for (const [backOn, why] of [[addDays(today, -1), '早于今天'], [addDays(today, 4), '原定返岗']]) {
      const r = await shorten(declared.body.id, { backOn }, as(clerkS));
      expect([r.status, r.body.errors?.[0]?.pointer, String(r.body.errors?.[0]?.detail ?? r.body.detail)]).toEqual([422, '/backOn', expect.stringContaining(why)]);
    }

    // Back tomorrow: the leave now ends today and the deputy keeps the task until 24:00 today.
    const shortened = await shorten(declared.body.id, { backOn: addDays(today, 1), reason: '培训提前结束' }, as(headS));
    expect(shortened.status).toBe(200);
    expect(shortened.body).toMatchObject({ status: 'shortened', to: today, declaredTo: addDays(today, 3), changedBy: expect.stringContaining(head.name), changeReason: '培训提前结束' });
    await gtjTask(code, (x) => x.assignee?.delegateId === head.officerId && x.assignee.until === today, '代理期缩短到今天');
    const again = await shorten(declared.body.id, { backOn: addDays(today, 1), reason: '培训提前结束' }, as(headS));
    expect([again.status, again.body]).toEqual([200, shortened.body]);

    // Back today, the leave's first day: withdrawn, and the task returns to the department at once.
    const withdrawn = await shorten(declared.body.id, { backOn: today }, as(clerkS));
    expect(withdrawn.body).toMatchObject({ status: 'cancelled', to: today, declaredTo: addDays(today, 3) });
    await gtjTask(code, (x) => x.assignee === null, '撤销后任务立即回到本部门');
    const events = await t.call('listEvents', 'GET', '/api/v1/events?limit=500', { key: t.sys.key('department', 'GTJ') });
    const back = events.body.events.filter((e: { type: string; taskId: string }) => e.type === 'task.delegation_expired' && e.taskId === `${code}.GTJ-01`);
    expect(back).toHaveLength(1);
    expect(back[0].payload).toMatchObject({ endedEarly: true, delegation: { delegateId: head.officerId } });
    expect((await shorten(declared.body.id, { backOn: today }, as(clerkS))).body).toEqual(withdrawn.body);
    const later = await shorten(declared.body.id, { backOn: addDays(today, 1) }, as(clerkS));
    expect([later.status, later.body.errors?.[0]?.pointer]).toEqual([422, '/backOn']);

    // A withdrawn absence routes nothing and no longer blocks a new declaration; an admin may withdraw that one.
    const next = await submit();
    await gtjTask(next, (x) => x.assignee === null, '撤销后的新任务留在本部门');
    const redeclared = await t.call('declareOfficerAbsence', 'POST', `/api/v1/officers/${clerk.officerId}/absences`, {
      ...as(clerkS), body: { kind: 'leave', from: addDays(today, 1), to: addDays(today, 2), deputyOfficerId: head.officerId, reason: '事假' },
    });
    expect(redeclared.status).toBe(201);
    const byAdmin = await shorten(redeclared.body.id, { backOn: addDays(today, 1) }, { key: t.sys.key('admin') });
    expect([byAdmin.status, byAdmin.body.status]).toEqual([200, 'cancelled']);
    const listed = await t.call('listOfficerAbsences', 'GET', '/api/v1/officer-absences', as(headS));
    expect(listed.body.items.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([[declared.body.id, 'cancelled'], [redeclared.body.id, 'cancelled']]);
  });
});
