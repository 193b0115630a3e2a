/**
 * 首问负责制 over real HTTP (issue #13): the first-inquiry officer is an officer account recorded on
 * the project — the window officer in the console, or one a system names — and the efficiency office
 * or an admin hands it over with a reason, recorded as an event.
 */
import { APPLICANT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { login, sessionHeaders } from '../support/session';
import { useTestSystem } from '../support/system';
import { problemType } from '../../api/http/problem';

const PROJECT = { name: '首问负责测试项目', type: 'warehouse', location: '城东工业园 9 号地块', investmentWan: 500 };

describe('first-inquiry officer (首问负责)', () => {
  const t = useTestSystem();
  let seq = 0;
  const submit = (auth: { key?: string; headers?: Record<string, string> }, extra: object) =>
    t.call('submitProject', 'POST', '/api/v1/projects', {
      ...auth,
      headers: { ...auth.headers, 'Idempotency-Key': `first-inquiry-${++seq}-${Date.now()}` },
      body: { applicant: APPLICANT, project: { ...PROJECT, name: `${PROJECT.name}${seq}` }, materials: [{ name: '项目申请报告', copies: 1 }], ...extra },
    });

  test('when a window officer submits in the console, then that officer is recorded whatever name is typed', async () => {
    const window = t.sys.officer('window', 'XZFW');
    const s = await login(t.sys.baseUrl, window.username, window.password);
    const r = await submit({ headers: sessionHeaders(s) }, { firstInquiryStaff: '别人的名字' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ firstInquiryOfficerId: window.officerId, firstInquiryOfficerName: s.body.officer.name, firstInquiryStaff: s.body.officer.name });

    const other = t.sys.officer('department', 'FGW');
    const refused = await submit({ headers: sessionHeaders(s) }, { firstInquiryOfficerId: other.officerId });
    expect([refused.status, refused.body.type, refused.body.errors?.[0]?.pointer]).toEqual([422, problemType('rule-violated'), '/firstInquiryOfficerId']);
  });

  test('when a system names the officer, then only a window officer of its service point or a department officer is accepted', async () => {
    const key = t.sys.key('window', 'XZFW');
    const own = t.sys.officer('window', 'XZFW');
    const accepted = await submit({ key }, { firstInquiryOfficerId: own.officerId, firstInquiryStaff: '被忽略' });
    expect([accepted.status, accepted.body.firstInquiryOfficerId, accepted.body.firstInquiryStaff]).toEqual([201, own.officerId, accepted.body.firstInquiryOfficerName]);
    const department = t.sys.officer('department', 'GTJ');
    expect((await submit({ key }, { firstInquiryOfficerId: department.officerId })).body.firstInquiryOfficerId).toBe(department.officerId);

    // Another service point's window, an agent, an unknown id: the same Chinese refusal, and the key stays free.
    for (const officerId of [t.sys.officer('window', 'XDZ').officerId, t.sys.officer('agent').officerId, 'off_missing']) {
      const r = await submit({ key }, { firstInquiryOfficerId: officerId });
      expect([r.status, r.body.errors?.[0]?.pointer, r.body.detail]).toEqual([422, '/firstInquiryOfficerId', expect.stringContaining('不能作为首问责任人')]);
    }
    const nobody = await submit({ key }, {});
    expect([nobody.status, nobody.body.detail]).toEqual([422, expect.stringContaining('请指定首问责任人')]);

    // A client that has not migrated still sends only the name: accepted, with no officer account.
    const legacy = await submit({ key }, { firstInquiryStaff: '李窗口' });
    expect(legacy.body).toMatchObject({ firstInquiryStaff: '李窗口', firstInquiryOfficerId: null, firstInquiryOfficerName: null });
  });

  test('when the efficiency office hands the project over, then the officer changes once and an event records both and the reason', async () => {
    const key = t.sys.key('window', 'XZFW');
    const first = t.sys.officer('window', 'XZFW');
    const created = await submit({ key }, { firstInquiryOfficerId: first.officerId });
    const code = created.body.code as string;
    const before = await t.call('getProject', 'GET', `/api/v1/projects/${code}`, { key });
    const next = t.sys.officer('department', 'FGW');
    const hand = (auth: string, officerId: string, reason = '原首问责任人调离') =>
      t.call('reassignFirstInquiryOfficer', 'PUT', `/api/v1/projects/${code}/first-inquiry-officer`, { key: auth, body: { officerId, reason } });

    expect((await hand(t.sys.key('window', 'XZFW'), next.officerId)).status).toBe(403);
    const refused = await hand(t.sys.key('supervisor'), t.sys.officer('window', 'XDZ').officerId);
    expect([refused.status, refused.body.errors?.[0]?.pointer]).toEqual([422, '/officerId']);
    expect((await t.call('reassignFirstInquiryOfficer', 'PUT', '/api/v1/projects/XM-2099-999999/first-inquiry-officer', { key: t.sys.key('admin'), body: { officerId: next.officerId, reason: '无' } })).status).toBe(404);

    const moved = await hand(t.sys.key('supervisor'), next.officerId);
    expect([moved.status, moved.body.firstInquiryOfficerId, moved.body.firstInquiryStaff]).toEqual([200, next.officerId, moved.body.firstInquiryOfficerName]);
    // A retry changes nothing and records nothing.
    expect((await hand(t.sys.key('admin'), next.officerId)).body.firstInquiryOfficerId).toBe(next.officerId);

    const feed = await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}&type=project.first_inquiry_reassigned`, { key: t.sys.key('supervisor') });
    expect(feed.body.events).toHaveLength(1);
    expect(feed.body.events[0].payload).toMatchObject({
      from: { id: first.officerId },
      to: { id: next.officerId, name: moved.body.firstInquiryOfficerName },
      reason: '原首问责任人调离',
      message: expect.stringContaining('原首问责任人调离'),
    });
    const read = await t.call('getProject', 'GET', `/api/v1/projects/${code}`, { key });
    expect(read.body.firstInquiryOfficerId).toBe(next.officerId);
    // The handover changes no workflow version: a browser revalidating its copy must not be told 304 Not Modified.
    const revalidated = await t.call('getProject', 'GET', `/api/v1/projects/${code}`, { key, headers: { 'If-None-Match': before.headers.get('etag')! } });
    expect([revalidated.status, revalidated.body.firstInquiryOfficerId]).toEqual([200, next.officerId]);
    expect(read.headers.get('cache-control')).toBe('no-store');
  });

  test('when an admin registers 首问责任岗, then everyone signed in lists them, the portal shows them without officers, and the project names the post', async () => {
    const admin = t.sys.key('admin');
    const window = t.sys.officer('window', 'XZFW');
    const put = (id: string, body: object, key = admin) => t.call('putFirstInquiryPost', 'PUT', `/api/v1/first-inquiry-posts/${id}`, { key, body });
    const post = { unitKind: 'service_point', unitId: 'XZFW', postName: '综合受理窗口首问岗', duties: '接待首次咨询，一次性告知办理要求并跟踪到集中回复', phone: '0825-5421234', officerIds: [window.officerId] };

    expect((await put('XZFW-SW', post, t.sys.key('supervisor'))).status).toBe(403);
    const refusals = [
      [{ ...post, unitId: 'NOPE' }, problemType('unknown-reference'), '/unitId'],
      [{ ...post, officerIds: [t.sys.officer('window', 'XDZ').officerId] }, problemType('rule-violated'), '/officerIds/0'],
      [{ ...post, officerIds: [window.officerId, 'off_missing'] }, problemType('rule-violated'), '/officerIds/1'],
      [{ ...post, duties: '   ' }, problemType('rule-violated'), '/duties'],
    ] as const;
    for (const [body, type, pointer] of refusals) {
      const r = await put('XZFW-SW', body);
      expect([r.status, r.body.type, r.body.errors?.[0]?.pointer]).toEqual([422, type, pointer]);
    }
    const created = await put('XZFW-SW', post);
    expect([created.status, created.body.unitName, created.body.officers]).toEqual([201, expect.any(String), [{ id: window.officerId, name: expect.any(String) }]]);
    // Idempotent by key: the same write again is 200 with the same post.
    const again = await put('XZFW-SW', post);
    expect([again.status, again.body.officers]).toEqual([200, created.body.officers]);
    const moved = await put('XZFW-SW', { ...post, unitKind: 'department', unitId: 'FGW', officerIds: [] });
    expect([moved.status, moved.body.errors?.[0]?.pointer]).toEqual([422, '/unitId']);
    const fgw = t.sys.officer('department', 'FGW');
    expect((await put('FGW-SW', { ...post, unitKind: 'department', unitId: 'FGW', postName: '发改局首问岗', phone: null, officerIds: [fgw.officerId] })).status).toBe(201);

    const agent = await login(t.sys.baseUrl, t.sys.officer('agent').username, t.sys.officer('agent').password);
    const listed = await t.call('listFirstInquiryPosts', 'GET', '/api/v1/first-inquiry-posts', { headers: sessionHeaders(agent, false) });
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual(['FGW-SW', 'XZFW-SW']);
    const filtered = await t.call('listFirstInquiryPosts', 'GET', '/api/v1/first-inquiry-posts?unitId=FGW', { key: t.sys.key('window', 'XZFW') });
    expect(filtered.body.items.map((p: { id: string }) => p.id)).toEqual(['FGW-SW']);

    const open = await t.call('listPublicFirstInquiryPosts', 'GET', '/api/v1/public/first-inquiry-posts', {});
    expect(open.body.items).toContainEqual({ unitName: created.body.unitName, postName: post.postName, duties: post.duties, phone: post.phone });
    expect(JSON.stringify(open.body)).not.toContain(window.officerId);
    expect(JSON.stringify(open.body)).not.toContain(created.body.officers[0].name);

    const project = await submit({ key: t.sys.key('window', 'XZFW') }, { firstInquiryOfficerId: window.officerId });
    expect(project.body.firstInquiryPost).toEqual({ id: 'XZFW-SW', unitName: created.body.unitName, postName: post.postName, phone: post.phone });
    const legacy = await submit({ key: t.sys.key('window', 'XZFW') }, { firstInquiryStaff: '李窗口' });
    expect(legacy.body.firstInquiryPost).toBeNull();
  });

  test('when a project of the officer gets a notice and its reply, then only that officer is told, and reads are their own', async () => {
    const window = t.sys.officer('window', 'XZFW');
    const s = await login(t.sys.baseUrl, window.username, window.password);
    const created = await submit({ headers: sessionHeaders(s) }, {});
    const code = created.body.code as string;
    const fgwKey = t.sys.key('department', 'FGW');
    const act = async (key: string, taskId: string, segment: string, op: 'acceptTask' | 'requestSupplement' | 'decideTask', body: object) => {
      const current = await t.call('getTask', 'GET', `/api/v1/tasks/${taskId}`, { key });
      const r = await t.call(op, 'POST', `/api/v1/tasks/${taskId}/${segment}`, { key, headers: { 'If-Match': current.headers.get('etag')! }, body });
      expect([op, r.status]).toEqual([op, 200]);
    };
    await act(fgwKey, `${code}.FGW-01`, 'supplement-notice', 'requestSupplement', { items: [{ material: '项目备案表', reason: '缺少法人签章' }] });
    const inbox = (session = s, query = '') => t.call('listMyNotifications', 'GET', `/api/v1/notifications${query}`, { headers: sessionHeaders(session, false) });
    const first = await eventually(() => inbox(), (r) => r.body.items.some((n: { projectId: string }) => n.projectId === code), '一次性告知到达首问责任人');
    const mine = first.body.items.filter((n: { projectId: string }) => n.projectId === code);
    expect(mine.map((n: { kind: string; message: string }) => [n.kind, n.message])).toEqual([['notice', expect.stringContaining('项目备案表')]]);
    expect(mine[0]).toMatchObject({ projectCode: code, projectName: created.body.name, read: false });

    // Another officer (a second window officer of the same service point) sees none of it, and cannot mark it read.
    const admin = t.sys.key('admin');
    await t.call('createOfficer', 'POST', '/api/v1/officers', { key: admin, body: { username: 'zhou.chuang', name: '周窗口', role: 'window', servicePointId: 'XZFW', password: 'Window2026pass' } });
    const other = await login(t.sys.baseUrl, 'zhou.chuang', 'Window2026pass');
    expect((await inbox(other)).body).toMatchObject({ items: [], unreadCount: 0 });
    const theirs = await t.call('markNotificationsRead', 'POST', '/api/v1/notifications/read', { headers: sessionHeaders(other), body: { ids: [mine[0].id] } });
    expect(theirs.body.unreadCount).toBe(0);
    expect((await inbox()).body.unreadCount).toBe(first.body.unreadCount);
    // API keys have no inbox.
    expect((await t.call('listMyNotifications', 'GET', '/api/v1/notifications', { key: t.sys.key('window', 'XZFW') })).status).toBe(401);

    const marked = await t.call('markNotificationsRead', 'POST', '/api/v1/notifications/read', { headers: sessionHeaders(s), body: { ids: [mine[0].id] } });
    expect(marked.body.unreadCount).toBe(first.body.unreadCount - 1);
    const unread = await inbox(s, '?unread=true');
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(mine[0].id);

    // The reply reaches the officer; paging walks newest first without repeats.
    const supplied = await t.call('submitMaterials', 'POST', `/api/v1/projects/${code}/supplements`, { headers: sessionHeaders(s), body: { materials: [{ name: '项目备案表（已签章）', copies: 1 }] } });
    expect(supplied.status).toBe(200);
    await act(fgwKey, `${code}.FGW-01`, 'acceptance', 'acceptTask', {});
    await act(fgwKey, `${code}.FGW-01`, 'decision', 'decideTask', { decision: 'approved', permitNumber: 'FGW-2026-301' });
    const gtjKey = t.sys.key('department', 'GTJ');
    await act(gtjKey, `${code}.GTJ-01`, 'acceptance', 'acceptTask', {});
    await act(gtjKey, `${code}.GTJ-01`, 'decision', 'decideTask', { decision: 'rejected', reasons: ['选址位于永久基本农田保护范围内'] }); // a refusal: the later wave never starts, so the reply follows
    const replied = await eventually(() => inbox(), (r) => r.body.items.some((n: { kind: string; projectId: string }) => n.kind === 'reply' && n.projectId === code), '集中回复到达首问责任人');
    expect(replied.body.items[0]).toMatchObject({ kind: 'reply', projectId: code });
    const page1 = await inbox(s, '?limit=1');
    const page2 = await inbox(s, `?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);

    const all = await t.call('markNotificationsRead', 'POST', '/api/v1/notifications/read', { headers: sessionHeaders(s), body: { all: true } });
    expect(all.body.unreadCount).toBe(0);
    expect((await inbox()).body.items.every((n: { read: boolean }) => n.read)).toBe(true);
  });
});
