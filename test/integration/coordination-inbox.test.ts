/**
 * 协同待办 over real HTTP, Temporal and a database: a department's joint meetings to confirm and
 * 会签 waiting for its signature, across projects, with counts for the console's menu. Only the
 * caller's department is listed; other roles are refused.
 */
import { addDays, shanghaiDateOf } from '../../domain/clock';
import { eventually } from '../support/eventually';
import { fileIndustrialProject } from '../support/filing';
import { login, sessionHeaders } from '../support/session';
import { useTestSystem } from '../support/system';

describe('协同待办 (listCoordinationInbox) over HTTP', () => {
  const t = useTestSystem();
  const dept = (id: string) => ({ key: t.sys.key('department', id) });
  const inbox = (opts: object) => t.call('listCoordinationInbox', 'GET', '/api/v1/coordination-inbox', opts);

  test('when a meeting and a 会签 await a department, then its inbox lists them with counts until it confirms and signs, and only its own', async () => {
    const project = await fileIndustrialProject(t, 'inbox-0001');
    const code: string = project.code;
    const empty = await inbox(dept('GTJ'));
    expect(empty.body).toEqual({ departmentId: 'GTJ', counts: { meetingsToConfirm: 0, meetingsUpcoming: 0, countersignsToSign: 0 }, meetings: [], countersigns: [] });

    const meetingDate = addDays(shanghaiDateOf(Date.now()), 3);
    const meeting = await t.call('scheduleJointMeeting', 'POST', `/api/v1/projects/${code}/joint-meetings`, { key: t.sys.key('supervisor'), body: { kind: 'consultation', agenda: '用地与环评衔接', meetingDate } });
    expect(meeting.status).toBe(201);
    const countersign = await t.call('startCountersign', 'POST', `/api/v1/projects/${code}/countersigns`, {
      ...dept('FGW'), body: { title: '关于项目选址的联合意见', draft: '同意选址。', departmentIds: ['GTJ', 'HBJ'], workingDays: 3 },
    });
    expect(countersign.status).toBe(201);

    const listed = await eventually(() => inbox(dept('GTJ')), (r) => r.body.counts.countersignsToSign === 1 && r.body.counts.meetingsToConfirm === 1, '国土局的协同待办');
    expect(listed.body.meetings).toEqual([expect.objectContaining({
      meetingId: meeting.body.id, projectId: project.id, projectCode: code, kind: 'consultation', agenda: '用地与环评衔接', meetingDate, meetingStatus: 'scheduled', taskId: `${code}.GTJ-01`, confirmedAt: null,
    })]);
    expect(listed.body.countersigns).toEqual([expect.objectContaining({
      countersignId: countersign.body.id, projectCode: code, title: '关于项目选址的联合意见', leadDepartmentId: 'FGW', countersignStatus: 'open', signatureStatus: 'pending', declines: 0, taskId: `${code}.GTJ-01`,
    })]);

    // The same list for an officer of the department (session); the head of another department sees its own only.
    const clerk = t.sys.officer('department', 'GTJ');
    const session = await login(t.sys.baseUrl, clerk.username, clerk.password);
    expect((await inbox({ headers: sessionHeaders(session) })).body.counts).toEqual(listed.body.counts);
    const swj = await inbox(dept('SWJ'));
    expect([swj.body.counts, swj.body.countersigns]).toEqual([{ meetingsToConfirm: 1, meetingsUpcoming: 0, countersignsToSign: 0 }, []]);
    for (const role of ['supervisor', 'window', 'admin'] as const) expect((await inbox({ key: t.sys.key(role) })).status).toBe(403);

    // Confirmed and signed: the meeting stays as upcoming, the 会签 leaves the list; HBJ still has to sign.
    expect((await t.call('confirmJointMeeting', 'POST', `/api/v1/joint-meetings/${meeting.body.id}/confirmation`, dept('GTJ'))).status).toBe(200);
    expect((await t.call('signCountersign', 'POST', `/api/v1/countersigns/${countersign.body.id}/signature`, { ...dept('GTJ'), body: { decision: 'sign' } })).status).toBe(200);
    const after = await eventually(() => inbox(dept('GTJ')), (r) => r.body.counts.countersignsToSign === 0, '签署后会签离开待办');
    expect(after.body.counts).toEqual({ meetingsToConfirm: 0, meetingsUpcoming: 1, countersignsToSign: 0 });
    expect(after.body.meetings[0].confirmedAt).toEqual(expect.any(String));
    expect((await inbox(dept('HBJ'))).body.countersigns.map((c: { countersignId: string }) => c.countersignId)).toEqual([countersign.body.id]);
  });
});
