/**
 * 绿色通道 only by the efficiency office or by the catalogue rule (问题 #12), over HTTP on the dev server:
 * the window asking for it at intake is refused (422, nothing stored); a project of a type the
 * catalogue lists for the green channel gets it at intake with the reason 目录规则 — tasks on the
 * items' green-channel limits and first in the department queue; the office cannot grant it twice.
 */
import { APPLICANT } from '../support/scenario';
import { useTestSystem } from '../support/system';

const project = (type: string, greenChannel?: boolean) => ({
  name: `${type} 绿色通道测试项目`,
  type,
  location: '城东工业园 9 号地块',
  investmentWan: 800,
  ...(greenChannel !== undefined ? { greenChannel } : {}),
});

describe('green channel by catalogue rule over HTTP', () => {
  const t = useTestSystem();
  const submit = (idem: string, body: object) =>
    t.call('submitProject', 'POST', '/api/v1/projects', { key: t.sys.key('window'), headers: { 'Idempotency-Key': idem }, body });
  const intake = (p: object) => ({ applicant: APPLICANT, project: p, materials: [{ name: '项目申请报告' }], firstInquiryStaff: '李窗口' });

  test('when the window asks for the green channel at intake, then 422 in Chinese and the key stays free', async () => {
    const refused = await submit('green-rule-1', intake(project('industrial', true)));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ type: 'https://approval.gov.local/problems/rule-violated', errors: [expect.objectContaining({ pointer: '/project/greenChannel' })] });
    expect(refused.body.detail).toContain('窗口受理时不能开通绿色通道');
    // Nothing was reserved: the same key accepts the corrected request.
    const plain = await submit('green-rule-1', intake(project('industrial', false)));
    expect(plain.status).toBe(201);
    expect(plain.body.greenChannel).toBe(false);
  });

  test('when the project type is listed for the green channel, then it starts green by 目录规则 and its tasks lead the queue', async () => {
    const ordinary = await submit('green-rule-2', intake(project('warehouse')));
    const listed = await submit('green-rule-3', intake(project('key_project')));
    expect([ordinary.status, listed.status]).toEqual([201, 201]);
    const code = listed.body.code as string;
    expect(listed.body.greenChannel).toBe(true);
    // Demo catalogue FGW-01: promised 2, green channel 1 working day (both received today); the statutory limit is unchanged.
    const fgw = listed.body.tasks.find((x: { itemId: string }) => x.itemId === 'FGW-01');
    const plainFgw = ordinary.body.tasks.find((x: { itemId: string }) => x.itemId === 'FGW-01');
    expect([fgw.greenChannel, plainFgw.greenChannel]).toEqual([true, false]);
    expect(fgw.clock.promisedDueDate < plainFgw.clock.promisedDueDate).toBe(true);
    expect(fgw.clock.statutoryDueDate).toBe(plainFgw.clock.statutoryDueDate);

    // Queue priority: the green project's task comes before the earlier ordinary one.
    const queue = await t.call('listTasks', 'GET', '/api/v1/tasks?status=received&limit=100', { key: t.sys.key('department', 'FGW') });
    const ids = queue.body.items.map((x: { id: string }) => x.id);
    expect(ids.indexOf(`${code}.FGW-01`)).toBeLessThan(ids.indexOf(`${ordinary.body.code}.FGW-01`));

    // Recorded with the reason 目录规则, seen by the efficiency office; the office cannot grant it again.
    const feed = await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}`, { key: t.sys.key('supervisor') });
    const grant = feed.body.events.find((e: { type: string }) => e.type === 'project.green_channel_granted');
    expect(grant.payload).toMatchObject({ reason: '目录规则', rule: { projectTypeName: '县重点招商引资项目' } });
    const again = await t.call('grantGreenChannel', 'POST', `/api/v1/projects/${code}/green-channel`, { key: t.sys.key('supervisor'), body: { reason: '省重点项目' } });
    expect([again.status, again.body.reason]).toEqual([409, 'already_granted']);
  });
});
