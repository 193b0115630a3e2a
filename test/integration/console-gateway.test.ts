/**
 * What the console needs from the gateway: the intake preview agrees with what submitting files,
 * the window's search box finds a project by code, applicant name or USCC, and the built console is
 * served at /console/ with a CSP, a history fallback and long-cached hashed assets.
 */
import fs from 'node:fs';
import path from 'node:path';
import { consoleDistDir } from '../../api/http/console';
import { buildConsole } from '../../scripts/console-build';
import { APPLICANT } from '../support/scenario';
import { useTestSystem } from '../support/system';

describe('console support in the gateway', () => {
  const t = useTestSystem();
  beforeAll(() => {
    buildConsole({ log: () => undefined });
  });

  test('when the window previews a project, then it lists exactly the items submitting files, with their materials and the same due dates', async () => {
    const key = t.sys.key('window');
    const project = { type: 'industrial', investmentWan: 1200 };
    const preview = await t.call('previewProject', 'POST', '/api/v1/project-previews', { key, body: project });
    expect(preview.status).toBe(200);
    const items = preview.body.items as { itemId: string; requiredMaterials: string[]; startsAtIntake: boolean; promisedDueDate: string | null; statutoryDueDate: string | null; departmentName: string }[];
    expect(items.map((i) => i.itemId).sort()).toEqual(['FGW-01', 'GJJ-01', 'GJJ-02', 'GTJ-01', 'HBJ-01', 'SWJ-01', 'ZJJ-01']);
    expect(items.find((i) => i.itemId === 'HBJ-01')).toMatchObject({ departmentName: '县生态环境局', startsAtIntake: true });
    expect(items.find((i) => i.itemId === 'HBJ-01')!.requiredMaterials.length).toBeGreaterThan(0);
    expect(items.find((i) => i.itemId === 'GJJ-01')).toMatchObject({ startsAtIntake: false, promisedDueDate: null, statutoryDueDate: null });

    const filed = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key,
      headers: { 'Idempotency-Key': 'console-preview-0001' },
      body: {
        applicant: APPLICANT,
        project: { name: '预览一致性项目', location: '城东工业园', ...project },
        materials: [{ name: '项目备案申请表' }],
        firstInquiryStaff: '李窗口',
      },
    });
    expect(filed.status).toBe(201);
    const tasks = filed.body.tasks as { itemId: string; clock: { promisedDueDate: string | null; statutoryDueDate: string | null } }[];
    expect(tasks.map((x) => x.itemId).sort()).toEqual(items.map((i) => i.itemId).sort());
    for (const item of items.filter((i) => i.startsAtIntake)) {
      const task = tasks.find((x) => x.itemId === item.itemId)!;
      expect([item.itemId, task.clock.promisedDueDate, task.clock.statutoryDueDate]).toEqual([item.itemId, item.promisedDueDate, item.statutoryDueDate]);
    }

    const green = await t.call('previewProject', 'POST', '/api/v1/project-previews', { key, body: { ...project, greenChannel: true } });
    expect(green.body.items.find((i: { itemId: string }) => i.itemId === 'HBJ-01').promisedDays).toBe(12);

    const bad = await t.call('previewProject', 'POST', '/api/v1/project-previews', { key, body: { type: 'industrial', investmentWan: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ pointer: '/investmentWan' });
    const department = await t.call('previewProject', 'POST', '/api/v1/project-previews', { key: t.sys.key('department', 'FGW'), body: project });
    expect(department.status).toBe(403);
  });

  test('when the window searches, then a code fragment, an applicant name fragment or a whole USCC finds the project and nothing else matches', async () => {
    const key = t.sys.key('supervisor');
    const all = await t.call('listProjects', 'GET', '/api/v1/projects', { key });
    const code: string = all.body.items[0].code;
    for (const q of [code.slice(-6), code.toLowerCase(), APPLICANT.name.slice(1, 5), APPLICANT.uscc]) {
      const found = await t.call('listProjects', 'GET', `/api/v1/projects?q=${encodeURIComponent(q)}`, { key });
      expect([q, found.body.items.map((p: { code: string }) => p.code)]).toEqual([q, [code]]);
    }
    const none = await t.call('listProjects', 'GET', `/api/v1/projects?q=${encodeURIComponent('不存在的单位%')}`, { key });
    expect(none.body.items).toEqual([]);
  });

  test('when a browser asks for the console, then pages fall back to index.html under a CSP and hashed assets are cached for a year', async () => {
    const deepLink = await fetch(`${t.sys.baseUrl}/console/tasks/XM-2026-000001.FGW-01`);
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers.get('content-type')).toMatch(/text\/html/);
    expect(deepLink.headers.get('cache-control')).toBe('no-cache');
    const csp = deepLink.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    const html = await deepLink.text();
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    expect(fs.existsSync(path.join(consoleDistDir, asset!.replace('/console/', '')))).toBe(true);

    const js = await fetch(`${t.sys.baseUrl}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    const missing = await fetch(`${t.sys.baseUrl}/console/assets/nope-123.js`);
    expect(missing.status).toBe(404);
    const bare = await fetch(`${t.sys.baseUrl}/console`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/console/']);
    const root = await fetch(`${t.sys.baseUrl}/console/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('content-type')]).toEqual([200, expect.stringMatching(/text\/html/)]);
  });
});
