/**
 * Officer administration and attribution over real HTTP: the admin operations with their Chinese
 * refusals, and a project carried by officers in the console whose events, timeline, notice,
 * decision and consolidated reply name the 经办人 with the unit.
 */
import { APPLICANT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { login, sessionHeaders, type TestSession } from '../support/session';
import { useTestSystem } from '../support/system';
import { problemType } from '../../api/http/problem';

describe('officers', () => {
  const t = useTestSystem();
  const admin = () => ({ key: t.sys.key('admin') });
  const as = (s: TestSession, write = true) => ({ headers: sessionHeaders(s, write) });

  test('when an admin creates officers, then bindings, user names and passwords are checked with Chinese reasons', async () => {
    const create = (body: object) => t.call('createOfficer', 'POST', '/api/v1/officers', { ...admin(), body });
    const base = { username: 'li.si', name: '李四', role: 'window', servicePointId: 'XDZ', password: 'Window2026pass' };

    // A weak password breaks the contract's own rule (400); one containing the login name is a rule across fields (422);
    // a binding that is missing or names nothing is 422 unknown-reference.
    const refusals = [
      [{ ...base, password: 'passwordpassword' }, 400, '/password', '字母和数字'],
      [{ ...base, password: 'li.si2026abc' }, 422, '/password', '登录名'],
      [{ ...base, servicePointId: undefined }, 422, '/servicePointId', '便民服务中心'],
      [{ ...base, role: 'department', servicePointId: undefined, departmentId: 'NOPE' }, 422, '/departmentId', '部门'],
      [{ ...base, role: 'agent', servicePointId: undefined }, 422, '/agentId', '代办专员'],
    ] as const;
    for (const [body, status, pointer, words] of refusals) {
      const r = await create(body);
      expect([r.status, r.body.errors?.[0]?.pointer, r.body.errors?.[0]?.message]).toEqual([status, pointer, expect.stringContaining(words)]);
    }
    const created = await create({ ...base, username: 'Li.Si', departmentId: 'FGW' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/officers/${created.body.id}`);
    // Stored in lower case; a binding the role does not use is dropped.
    expect(created.body).toMatchObject({ username: 'li.si', role: 'window', servicePointId: 'XDZ', departmentId: null, disabled: false });
    const duplicate = await create({ ...base, username: 'LI.SI' });
    expect([duplicate.status, duplicate.body.reason]).toEqual([409, 'already_exists']);

    const windows = await t.call('listOfficers', 'GET', '/api/v1/officers?role=window', admin());
    expect(windows.body.items.map((o: { username: string }) => o.username)).toContain('li.si');
    expect(windows.body.items.every((o: { role: string }) => o.role === 'window')).toBe(true);
  });

  test('when an admin changes an officer, then the role is re-bound, the sessions end, and the last admin is kept', async () => {
    const created = await t.call('createOfficer', 'POST', '/api/v1/officers', {
      ...admin(),
      body: { username: 'wang.wu', name: '王五', role: 'window', servicePointId: 'BMX', password: 'Window2026pass' },
    });
    const id = created.body.id as string;
    const s = await login(t.sys.baseUrl, 'wang.wu', 'Window2026pass');
    const update = (body: object) => t.call('updateOfficer', 'PATCH', `/api/v1/officers/${id}`, { ...admin(), body });

    const unbound = await update({ role: 'department' });
    expect([unbound.status, unbound.body.type, unbound.body.errors?.[0]?.pointer]).toEqual([422, problemType('unknown-reference'), '/departmentId']);
    const moved = await update({ role: 'department_head', departmentId: 'SWJ', name: '王五（科长）' });
    expect(moved.body).toMatchObject({ role: 'department_head', departmentId: 'SWJ', servicePointId: null, name: '王五（科长）' });
    expect((await t.call('getSession', 'GET', '/api/v1/session', as(s, false))).status).toBe(401);
    expect((await update({ name: '' })).status).toBe(400);
    expect((await t.call('updateOfficer', 'PATCH', '/api/v1/officers/off_missing', { ...admin(), body: { name: '无' } })).status).toBe(404);

    // With a second admin the dev admin could be disabled; once that one is disabled, it cannot.
    const second = await t.call('createOfficer', 'POST', '/api/v1/officers', {
      ...admin(),
      body: { username: 'admin.two', name: '赵管理', role: 'admin', password: 'Admin2026pass' },
    });
    expect((await t.call('updateOfficer', 'PATCH', `/api/v1/officers/${second.body.id}`, { ...admin(), body: { disabled: true } })).status).toBe(200);
    const devAdmin = t.sys.officer('admin').officerId;
    for (const body of [{ disabled: true }, { role: 'supervisor' }]) {
      const r = await t.call('updateOfficer', 'PATCH', `/api/v1/officers/${devAdmin}`, { ...admin(), body });
      expect([r.status, r.body.detail]).toEqual([409, expect.stringContaining('最后一名')]);
    }
    const active = await t.call('listOfficers', 'GET', '/api/v1/officers?role=admin&includeDisabled=false', admin());
    expect(active.body.items.map((o: { id: string }) => o.id)).toEqual([devAdmin]);
  });

  test('when officers carry a project in the console, then events, timeline, notice, decision and reply name the 经办人 with the unit', async () => {
    const window = t.sys.officer('window', 'XZFW');
    const fgw = t.sys.officer('department', 'FGW');
    const gtj = t.sys.officer('department_head', 'GTJ');
    const [ws, fs, gs] = await Promise.all([window, fgw, gtj].map((o) => login(t.sys.baseUrl, o.username, o.password)));

    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      headers: { ...sessionHeaders(ws), 'Idempotency-Key': 'officer-story-0001' },
      body: {
        applicant: APPLICANT,
        project: { name: '年产 5 万件五金件项目', type: 'warehouse', location: '城东工业园 7 号地块', investmentWan: 600 },
        materials: [{ name: '项目申请报告', copies: 1 }],
        firstInquiryStaff: window.name,
      },
    });
    expect([submitted.status, submitted.body.servicePointId]).toEqual([201, 'XZFW']);
    const code = submitted.body.code as string;
    const taskOf = (itemId: string) => `${code}.${itemId}`;
    const act = async (s: TestSession, taskId: string, segment: string, body: object) => {
      const current = await t.call('getTask', 'GET', `/api/v1/tasks/${taskId}`, as(s, false));
      const op = ({ acceptance: 'acceptTask', 'supplement-notice': 'requestSupplement', decision: 'decideTask' } as const)[segment]!;
      const r = await t.call(op, 'POST', `/api/v1/tasks/${taskId}/${segment}`, { headers: { ...sessionHeaders(s), 'If-Match': current.headers.get('etag')! }, body });
      expect([op, r.status]).toEqual([op, 200]);
      return r;
    };

    const notice = await act(fs, taskOf('FGW-01'), 'supplement-notice', { items: [{ material: '项目备案表', reason: '缺少法人签章' }] });
    expect(notice.body.supplementNotice.issuedBy).toBe(`县发展和改革局（经办人：${fgw.name}）`);
    const supplied = await t.call('submitMaterials', 'POST', `/api/v1/projects/${code}/supplements`, {
      ...as(ws),
      body: { materials: [{ name: '项目备案表（已签章）', copies: 1 }] },
    });
    expect(supplied.status).toBe(200);
    await act(fs, taskOf('FGW-01'), 'acceptance', {});
    const decided = await act(fs, taskOf('FGW-01'), 'decision', { decision: 'approved', permitNumber: 'FGW-2026-088' });
    expect(decided.body.decision.decidedBy).toBe(`县发展和改革局（经办人：${fgw.name}）`);
    await act(gs, taskOf('GTJ-01'), 'acceptance', {});
    await act(gs, taskOf('GTJ-01'), 'decision', { decision: 'rejected', reasons: ['选址位于永久基本农田保护范围内'] });

    const reply = await eventually(
      () => t.call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, as(ws, false)),
      (r) => r.status === 200,
      '集中回复生成',
    );
    const byItem = new Map(reply.body.items.map((i: { itemId: string; decidedBy: string | null }) => [i.itemId, i.decidedBy]));
    expect(byItem.get('FGW-01')).toBe(`县发展和改革局（经办人：${fgw.name}）`);
    expect(byItem.get('GTJ-01')).toBe(`县国土资源局（经办人：${gtj.name}）`);

    const supervisor = t.sys.officer('supervisor');
    const ss = await login(t.sys.baseUrl, supervisor.username, supervisor.password);
    const feed = await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}&type=project.submitted&type=task.decided`, as(ss, false));
    const actors = feed.body.events.map((e: { type: string; actor: Record<string, unknown> }) => [e.type, e.actor.officerName, e.actor.name]);
    expect(actors).toEqual(
      expect.arrayContaining([
        ['project.submitted', window.name, '县政务服务中心'],
        ['task.decided', fgw.name, '县发展和改革局'],
        ['task.decided', gtj.name, '县国土资源局'],
      ]),
    );
    const timeline = await t.call('getProjectTimeline', 'GET', `/api/v1/projects/${code}/timeline`, as(ws, false));
    const accepted = timeline.body.entries.find((e: { type: string; taskId: string }) => e.type === 'task.accepted' && e.taskId === taskOf('FGW-01'));
    expect(accepted.summary).toMatch(new RegExp(`^县发改委签收受理“.+”（经办人：${fgw.name}）$`));
    expect(accepted.actor).toMatchObject({ officerId: fgw.officerId, officerName: fgw.name, departmentId: 'FGW' });
  });
});
