/**
 * Role rules of efficiency complaints (效能投诉), on real objects over HTTP. The generic matrix
 * (authz-matrix.test.ts) checks every operation's x-roles; this file adds what only real
 * complaints can show: who sees which complaint, and that the complainant's contact reaches
 * supervision alone. A complaint that may not be seen must look exactly like a missing one (404).
 */
import { APPLICANT } from '../support/scenario';
import { apiClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/system';
import { problemType } from '../../api/http/problem';

const complainant = { name: '赵群众', phone: '13700001111', email: 'zhao@example.com' };

describe('complaint role rules', () => {
  let sys: TestSystem;
  let call: ReturnType<typeof apiClient>;
  let byWindow: string;
  let byAgent: string;

  beforeAll(async () => {
    sys = await startTestSystem();
    call = apiClient(sys.baseUrl);
    const w = await call('fileComplaint', 'POST', '/api/v1/complaints', {
      key: sys.key('window'),
      body: { departmentId: 'ZJJ', category: 'attitude', description: '窗口人员态度生硬', complainant },
    });
    const a = await call('fileComplaint', 'POST', '/api/v1/complaints', {
      key: sys.key('agent', 'AG-01'),
      body: { departmentId: 'HBJ', category: 'overdue', description: '环评批复超时未办', complainant },
    });
    expect([w.status, a.status]).toEqual([201, 201]);
    [byWindow, byAgent] = [w.body.id, a.body.id];
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const get = (key: string, id: string) => call('getComplaint', 'GET', `/api/v1/complaints/${id}`, { key });
  const listIds = async (key: string, query = '') =>
    (await call('listComplaints', 'GET', `/api/v1/complaints${query}`, { key })).body.items.map((c: { id: string }) => c.id);

  test('when the window tries to assign a complaint, then 403', async () => {
    const r = await call('assignComplaint', 'POST', `/api/v1/complaints/${byWindow}/assignment`, { key: sys.key('window'), body: { unitId: 'ZJJ', workingDays: 5 } });
    expect([r.status, r.body.type]).toEqual([403, 'https://approval.gov.local/problems/forbidden']);
    expect((await get(sys.key('supervisor'), byWindow)).body.status).toBe('filed');
  });

  test('when a complaint is not yet assigned, then even the department complained against cannot see it', async () => {
    expect((await get(sys.key('department', 'ZJJ'), byWindow)).status).toBe(404);
    expect(await listIds(sys.key('department', 'ZJJ'))).toEqual([]);
  });

  test('when a complaint is assigned to a unit, then the unit sees it without the contact, another department gets 404, and supervision sees the contact', async () => {
    const assigned = await call('assignComplaint', 'POST', `/api/v1/complaints/${byWindow}/assignment`, { key: sys.key('supervisor'), body: { unitId: 'ZJJ', workingDays: 5 } });
    expect(assigned.status).toBe(200);
    expect(assigned.body.complainant).toEqual(complainant);

    const unit = sys.key('department', 'ZJJ');
    const seen = await get(unit, byWindow);
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty('complainant');
    expect(JSON.stringify(seen.body)).not.toContain(complainant.phone);
    const page = await call('listComplaints', 'GET', '/api/v1/complaints', { key: unit });
    expect(page.body.items.map((c: { id: string }) => c.id)).toEqual([byWindow]);
    expect(page.body.items[0]).not.toHaveProperty('complainant');
    // A department cannot widen its view with filters.
    expect(await listIds(unit, '?unitId=HBJ')).toEqual([byWindow]);

    const other = sys.key('department', 'FGW');
    for (const r of [
      await get(other, byWindow),
      await call('explainComplaint', 'POST', `/api/v1/complaints/${byWindow}/explanation`, { key: other, body: { explanation: '越权说明' } }),
      await call('resolveComplaint', 'POST', `/api/v1/complaints/${byWindow}/resolution`, { key: other, body: { finding: 'unsubstantiated', detail: '越权', action: '越权' } }),
    ]) {
      expect([r.status, r.body.type]).toEqual([404, 'https://approval.gov.local/problems/not-found']);
    }
    expect(await listIds(other)).toEqual([]);
    expect((await get(sys.key('supervisor'), byWindow)).body.complainant).toEqual(complainant);
    expect((await get(sys.key('admin'), byWindow)).body.complainant).toEqual(complainant);
  });

  test('when filers list complaints, then each sees only its own, without the contact', async () => {
    expect(await listIds(sys.key('window'))).toEqual([byWindow]);
    expect(await listIds(sys.key('agent', 'AG-01'))).toEqual([byAgent]);
    expect(await listIds(sys.key('agent', 'AG-02'))).toEqual([]);
    expect((await get(sys.key('agent', 'AG-02'), byAgent)).status).toBe(404);
    expect((await get(sys.key('window'), byAgent)).status).toBe(404);
    expect((await get(sys.key('agent', 'AG-01'), byAgent)).body).not.toHaveProperty('complainant');
    expect((await listIds(sys.key('supervisor'))).sort()).toEqual([byAgent, byWindow].sort());
  });

  test("when an agent names another agent's project, then the complaint is refused as if the project did not exist", async () => {
    const submitted = await call('submitProject', 'POST', '/api/v1/projects', {
      key: sys.key('window'),
      headers: { 'Idempotency-Key': 'complaint-authz-0001' },
      body: {
        applicant: APPLICANT,
        project: { name: '仓储项目', type: 'warehouse', location: '城东工业园', investmentWan: 800 },
        materials: [{ name: '项目申请报告', copies: 1 }],
        firstInquiryStaff: '李窗口',
        agentId: 'AG-01',
      },
    });
    const r = await call('fileComplaint', 'POST', '/api/v1/complaints', {
      key: sys.key('agent', 'AG-02'),
      body: { departmentId: 'FGW', projectId: submitted.body.id, category: 'other', description: '试图关联他人代办的项目', complainant },
    });
    expect([r.status, r.body.type, r.body.errors?.[0]?.pointer]).toEqual([422, problemType('unknown-reference'), '/projectId']);
  });

  test('when a department lists accountability records, then it only ever gets its own', async () => {
    const r = await call('listAccountabilityRecords', 'GET', '/api/v1/accountability-records?departmentId=HBJ', { key: sys.key('department', 'ZJJ') });
    expect(r.status).toBe(200);
    expect(r.body.items.filter((x: { departmentId: string }) => x.departmentId !== 'ZJJ')).toEqual([]);
    const exported = await fetch(`${sys.baseUrl}/api/v1/accountability-records/export`, { headers: { authorization: `Bearer ${sys.key('department', 'ZJJ')}` } });
    expect(exported.status).toBe(403);
  });
});
