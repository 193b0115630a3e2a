/**
 * 联席会议 by the supplement-disagreement rule over real HTTP, Temporal and a database: HBJ accepts
 * the project's materials, then GTJ issues a 一次性告知 on the same project → a meeting is convened
 * by rule (trigger `disagreement`) in the same transaction as GTJ's notice, inviting the departments
 * with open tasks.
 */
import { INDUSTRIAL_SUBMISSION } from '../support/scenario';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

describe('joint meeting on a supplement disagreement', () => {
  const t = useTestSystem();
  const dept = (id: string) => t.sys.key('department', id);

  async function received(code: string, dep: string) {
    const r = await eventually(
      () => t.call('getTask', 'GET', `/api/v1/tasks/${code}.${dep}-01`, { key: dept(dep) }),
      (x) => x.status === 200 && x.body.status === 'received',
      `${dep}-01 推送到部门`,
    );
    return r.body as { id: string; version: number };
  }

  test('when one department asks for supplements after another accepted, then a meeting is convened by rule naming the disagreement', async () => {
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      headers: { 'Idempotency-Key': 'disagreement-0001' },
      body: INDUSTRIAL_SUBMISSION,
    });
    expect(submitted.status).toBe(201);
    const code: string = submitted.body.code;
    const meetings = () => t.call('listJointMeetings', 'GET', `/api/v1/projects/${code}/joint-meetings`, { key: t.sys.key('supervisor') });

    // A supplement request with nobody else accepted is an ordinary 一次性告知.
    const hbj = await received(code, 'HBJ');
    const gtj = await received(code, 'GTJ');
    const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${hbj.id}/acceptance`, { key: dept('HBJ'), body: {}, headers: { 'If-Match': `"${hbj.version}"` } });
    expect(accepted.status).toBe(200);
    expect((await meetings()).body.items).toEqual([]);

    const notice = await t.call('requestSupplement', 'POST', `/api/v1/tasks/${gtj.id}/supplement-notice`, {
      key: dept('GTJ'),
      body: { items: [{ material: '用地红线图', reason: '缺少自然资源部门盖章' }] },
      headers: { 'If-Match': `"${gtj.version}"` },
    });
    expect(notice.status).toBe(200);
    const convened = await eventually(meetings, (r) => r.body.items.length > 0, '按规则召集联席会议');
    expect(convened.body.items).toHaveLength(1);
    expect(convened.body.items[0]).toMatchObject({ trigger: 'disagreement', status: 'scheduled', kind: 'joint_meeting' });
    expect(convened.body.items[0].triggerDetail).toBe(`GTJ 对审批任务 ${gtj.id} 一次性告知补正材料，而 HBJ 已受理，部门意见不一致`);
    expect(convened.body.items[0].invitees.map((i: { departmentId: string }) => i.departmentId)).toEqual(expect.arrayContaining(['GTJ', 'HBJ']));
  });
});
