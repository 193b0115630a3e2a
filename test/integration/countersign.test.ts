/**
 * 会签 over real HTTP, Temporal and a database: the lead department of an industrial project (FGW)
 * starts a countersign naming GTJ and HBJ; GTJ declines, then signs with an opinion; HBJ signs; the
 * countersign completes and the signed opinion is part of the consolidated reply. Who may see and
 * sign it is object-level: other departments, agents and windows see it as missing.
 */
import { APPLICANT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

const submission = {
  applicant: APPLICANT,
  project: { name: '新型建材生产线项目', type: 'industrial', location: '城东工业园 9 号地块', investmentWan: 3000 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
  agentId: 'AG-01',
};

describe('countersign (会签) over HTTP', () => {
  const t = useTestSystem();
  const dept = (id: string) => t.sys.key('department', id);

  async function decideAll(code: string): Promise<void> {
    for (const [itemId, body] of [
      ['FGW-01', { decision: 'approved', permitNumber: 'FGW-2026-201' }],
      ['GTJ-01', { decision: 'rejected', reasons: ['用地不符合国土空间规划'] }],
      ['HBJ-01', { decision: 'approved', permitNumber: 'HBJ-2026-201' }],
      ['SWJ-01', { decision: 'approved', permitNumber: 'SWJ-2026-201' }],
    ] as const) {
      const key = dept(itemId.slice(0, 3));
      const queue = await eventually(
        () => t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${code}&status=received`, { key }),
        (r) => r.body.items.some((x: { itemId: string }) => x.itemId === itemId),
        `${itemId} 推送到部门`,
      );
      const task = queue.body.items.find((x: { itemId: string }) => x.itemId === itemId);
      const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${task.id}/acceptance`, { key, body: {}, headers: { 'If-Match': `"${task.version}"` } });
      expect(accepted.status).toBe(200);
      const decided = await t.call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, { key, body, headers: { 'If-Match': accepted.headers.get('etag')! } });
      expect(decided.status).toBe(200);
    }
  }

  test('when the lead department starts a countersign and one department declines then signs, then it completes and the reply carries the signed opinion', async () => {
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', { key: t.sys.key('window'), body: submission, headers: { 'Idempotency-Key': 'countersign-0001' } });
    expect(submitted.status).toBe(201);
    const code: string = submitted.body.code;
    const start = `/api/v1/projects/${code}/countersigns`;
    const body = { title: '关于项目选址的联合意见', draft: '同意在城东工业园 9 号地块选址建设。', departmentIds: ['GTJ', 'HBJ'], workingDays: 5 };

    // Only the lead department may start one; bad department lists are refused field by field.
    expect((await t.call('startCountersign', 'POST', start, { key: dept('GTJ'), body })).status).toBe(404);
    const self = await t.call('startCountersign', 'POST', start, { key: dept('FGW'), body: { ...body, departmentIds: ['FGW', 'XFJ'] } });
    expect([self.status, self.body.errors.map((e: { pointer: string }) => e.pointer)]).toEqual([400, ['/departmentIds/0', '/departmentIds/1']]);

    const created = await t.call('startCountersign', 'POST', start, { key: dept('FGW'), body });
    expect(created.status).toBe(201);
    const cs = created.body;
    expect(cs).toMatchObject({ id: expect.stringMatching(/^HQ-\d{4}-\d{6}$/), projectId: code, leadDepartmentId: 'FGW', status: 'open', workingDays: 5 });
    expect(cs.signatures.map((s: { departmentId: string; status: string }) => [s.departmentId, s.status])).toEqual([
      ['GTJ', 'pending'],
      ['HBJ', 'pending'],
    ]);
    const twin = await t.call('startCountersign', 'POST', start, { key: dept('FGW'), body });
    expect([twin.status, twin.body.reason]).toEqual([409, 'already_exists']);

    // Visibility: lead, named departments, the project's agent and window, supervision; nobody else.
    const path = `/api/v1/countersigns/${cs.id}`;
    for (const key of [dept('FGW'), dept('GTJ'), t.sys.key('agent', 'AG-01'), t.sys.key('window', 'XZFW'), t.sys.key('supervisor')]) {
      expect((await t.call('getCountersign', 'GET', path, { key })).status).toBe(200);
    }
    for (const key of [dept('SWJ'), t.sys.key('agent', 'AG-02'), t.sys.key('window', 'CGZ')]) {
      expect((await t.call('getCountersign', 'GET', path, { key })).status).toBe(404);
      expect((await t.call('listCountersigns', 'GET', start, { key })).body.items).toEqual([]);
    }

    const sign = (key: string, b: object) => t.call('signCountersign', 'POST', `${path}/signature`, { key, body: b });
    expect((await sign(dept('SWJ'), { decision: 'sign' })).status).toBe(404);
    const byLead = await sign(dept('FGW'), { decision: 'sign' });
    expect([byLead.status, byLead.body.reason]).toEqual([409, 'illegal_transition']);
    const noReasons = await sign(dept('GTJ'), { decision: 'decline' });
    expect([noReasons.status, noReasons.body.errors[0].pointer]).toEqual([400, '/reasons']);

    const declined = await sign(dept('GTJ'), { decision: 'decline', reasons: ['选址与生态保护红线的距离需核实'] });
    expect(declined.status).toBe(200);
    expect(declined.body.signatures[0]).toMatchObject({ departmentId: 'GTJ', status: 'declined', declines: 1, reasons: ['选址与生态保护红线的距离需核实'] });
    const signed = await sign(dept('GTJ'), { decision: 'sign', opinion: '经核实距离符合要求，同意' });
    expect(signed.body.signatures[0]).toMatchObject({ status: 'signed', opinion: '经核实距离符合要求，同意', declines: 1 });
    const again = await sign(dept('GTJ'), { decision: 'sign' });
    expect([again.status, again.body.reason]).toEqual([409, 'already_signed']);

    const done = await sign(dept('HBJ'), { decision: 'sign', opinion: '同意' });
    expect([done.status, done.body.status]).toEqual([200, 'completed']);
    expect(done.body.completedAt).not.toBeNull();
    const late = await sign(dept('HBJ'), { decision: 'sign' });
    expect([late.status, late.body.reason]).toEqual([409, 'already_signed']);

    // Events: each named department hears its own request; the agent hears them all.
    const gtjFeed = await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}&type=countersign.requested`, { key: dept('GTJ') });
    expect(gtjFeed.body.events.map((e: { departmentId: string }) => e.departmentId)).toEqual(['GTJ']);
    const agentFeed = await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}&limit=500`, { key: t.sys.key('agent', 'AG-01') });
    const countersignTypes = agentFeed.body.events.map((e: { type: string }) => e.type).filter((type: string) => type.startsWith('countersign.'));
    expect(countersignTypes).toEqual(['countersign.started', 'countersign.requested', 'countersign.requested', 'countersign.declined', 'countersign.signed', 'countersign.signed', 'countersign.completed']);

    await decideAll(code);
    const reply = await eventually(() => t.call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, { key: t.sys.key('window') }), (r) => r.status === 200, '集中回复生成');
    expect(reply.body.countersigns).toEqual([
      {
        countersignId: cs.id,
        title: '关于项目选址的联合意见',
        leadDepartmentId: 'FGW',
        draft: '同意在城东工业园 9 号地块选址建设。',
        completedAt: done.body.completedAt,
        signatures: [
          { departmentId: 'GTJ', opinion: '经核实距离符合要求，同意', signedAt: expect.any(String), signedBy: expect.any(String) },
          { departmentId: 'HBJ', opinion: '同意', signedAt: expect.any(String), signedBy: expect.any(String) },
        ],
      },
    ]);
    // After the reply no new countersign can start.
    const closed = await t.call('startCountersign', 'POST', start, { key: dept('FGW'), body: { ...body, title: '补充意见' } });
    expect([closed.status, closed.body.reason]).toEqual([409, 'project_closed']);
  });
});
