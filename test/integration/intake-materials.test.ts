/**
 * 受理材料核验 (行政许可法 Art. 32) over HTTP on the dev server: an intake with `checkMaterials` whose
 * materials are incomplete is not yet accepted (awaiting_materials, every task waiting, no clock),
 * the window and the agent see the one-time notice (getProject, listProjects, feed); submitMaterials
 * by the agent or the window completes it and starts the fan-out; others cannot. Contract-checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { APPLICANT, PROJECT } from '../support/scenario';
import { useTestSystem } from '../support/system';
import { shanghaiDateOf } from '../../domain/clock';
import type { CatalogueItem } from '../../domain/routing';

const catalogue = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'catalogue.json'), 'utf8')) as { items: CatalogueItem[] };
/** Every material the industrial project below needs (all demo items apply to it but 消防安全检查). */
const required = [...new Set(catalogue.items.filter((i) => i.id !== 'XFJ-01').flatMap((i) => i.requiredMaterials))];

describe('intake materials check over HTTP', () => {
  const t = useTestSystem();
  const window = () => t.sys.key('window');
  const submit = (idem: string, materials: string[]) =>
    t.call('submitProject', 'POST', '/api/v1/projects', {
      key: window(),
      headers: { 'Idempotency-Key': idem },
      body: { applicant: APPLICANT, project: PROJECT, materials: materials.map((name) => ({ name })), firstInquiryStaff: '李窗口', agentId: 'AG-01', checkMaterials: true },
    });
  const supply = (code: string, key: string, materials: string[], taskId?: string) =>
    t.call('submitMaterials', 'POST', `/api/v1/projects/${code}/supplements`, { key, body: { materials: materials.map((name) => ({ name })), ...(taskId ? { taskId } : {}) } });

  test('when materials are missing, then the project awaits them, visible to window and agent, and the completing submission accepts it', async () => {
    const submitted = await submit('intake-materials-1', ['项目备案申请表']);
    expect(submitted.status).toBe(201);
    const code = submitted.body.code as string;
    expect(submitted.body).toMatchObject({ status: 'awaiting_materials', acceptedAt: null });
    expect(submitted.body.tasks.map((x: { status: string }) => x.status).every((s: string) => s === 'waiting')).toBe(true);
    const missing = (submitted.body.missingMaterials as { itemId: string; materials: string[] }[]).flatMap((m) => m.materials);
    expect(new Set(missing)).toEqual(new Set(required.filter((m) => m !== '项目备案申请表')));
    expect(submitted.body.missingMaterials[0]).toEqual({ itemId: 'FGW-01', itemName: '企业投资项目备案', departmentId: 'FGW', materials: ['企业营业执照'] });

    // Window and agent see the state and the notice; a department's queue does not show the tasks as received.
    const agent = t.sys.key('agent', 'AG-01');
    expect((await t.call('getProject', 'GET', `/api/v1/projects/${code}`, { key: agent })).body.status).toBe('awaiting_materials');
    const listed = await t.call('listProjects', 'GET', '/api/v1/projects?status=awaiting_materials', { key: window() });
    expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(code);
    for (const key of [window(), agent]) {
      const feed = await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}`, { key });
      const notice = feed.body.events.find((e: { type: string }) => e.type === 'project.materials_required');
      expect(notice.payload.message).toContain('申请材料不齐全，暂不予受理，请一次性补齐以下');
    }
    const queue = await t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${code}`, { key: t.sys.key('department', 'FGW') });
    expect(queue.body.items.map((x: { status: string }) => x.status)).toEqual(['waiting']);

    // Who may supply: the window and the agent of the project; not a department, not another service point's window.
    expect((await supply(code, t.sys.key('department', 'FGW'), ['企业营业执照'])).status).toBe(403);
    expect((await supply(code, t.sys.key('window', 'CGZ'), ['企业营业执照'])).status).toBe(404);
    expect((await supply(code, t.sys.key('agent', 'AG-02'), ['企业营业执照'])).status).toBe(404);
    const aimed = await supply(code, window(), ['企业营业执照'], `${code}.FGW-01`);
    expect([aimed.status, aimed.body.reason]).toEqual([409, 'not_waiting_for_materials']);

    // Partial, by the agent: still waiting, the list shrinks, nothing already filed is lost.
    const partial = await supply(code, agent, ['企业营业执照', '用地预审申请表']);
    expect(partial.status).toBe(200);
    expect(partial.body.status).toBe('awaiting_materials');
    const still = (partial.body.missingMaterials as { materials: string[] }[]).flatMap((m) => m.materials);
    expect(still).not.toContain('企业营业执照');
    expect(partial.body.missingMaterials.find((m: { itemId: string }) => m.itemId === 'FGW-01')).toBeUndefined();
    expect(partial.body.materials.map((m: { name: string }) => m.name)).toEqual(['项目备案申请表', '企业营业执照', '用地预审申请表']);

    // Complete, by the window: accepted today, first wave received and running.
    const done = await supply(code, window(), required);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'in_review', missingMaterials: [] });
    expect(shanghaiDateOf(Date.parse(done.body.acceptedAt))).toBe(shanghaiDateOf(Date.now()));
    const fgw = done.body.tasks.find((x: { itemId: string }) => x.itemId === 'FGW-01');
    expect(fgw.status).toBe('received');
    const again = await supply(code, window(), ['企业营业执照']);
    expect([again.status, again.body.reason]).toEqual([409, 'not_waiting_for_materials']);
    const timeline = await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}`, { key: window() });
    expect(timeline.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['project.materials_required', 'project.intake_materials_received', 'project.accepted']),
    );
  });

  test('when every material is there, then the project is accepted at intake', async () => {
    const submitted = await submit('intake-materials-2', required);
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ status: 'in_review', missingMaterials: [], acceptedAt: submitted.body.submittedAt });
    // FGW-01 (备案) is a 即办件 in the catalogue: once decided it counts toward 现场办结率 (statistics and CSV).
    const code = submitted.body.code as string;
    const fgw = t.sys.key('department', 'FGW');
    const read = async () => t.call('getTask', 'GET', `/api/v1/tasks/${code}.FGW-01`, { key: fgw });
    const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${code}.FGW-01/acceptance`, { key: fgw, body: {}, headers: { 'If-Match': (await read()).headers.get('etag')! } });
    expect(accepted.status).toBe(200);
    const decided = await t.call('decideTask', 'POST', `/api/v1/tasks/${code}.FGW-01/decision`, {
      key: fgw,
      body: { decision: 'approved', reasons: [], permitNumber: 'FGW-2026-BA-1' },
      headers: { 'If-Match': (await read()).headers.get('etag')! },
    });
    expect(decided.status).toBe(200);
    const today = shanghaiDateOf(Date.now());
    const stats = await t.call('getStatistics', 'GET', `/api/v1/statistics?from=${today}&to=${today}`, { key: t.sys.key('supervisor') });
    expect(stats.body.departments.FGW.onTheSpotIntake).toBe(1);
  });

  test('when the project awaits materials, then the applicant may withdraw it', async () => {
    const code = (await submit('intake-materials-3', ['项目备案申请表'])).body.code as string;
    const r = await t.call('withdrawProject', 'POST', `/api/v1/projects/${code}/withdrawal`, { key: window(), body: { reason: '不再建设' } });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('withdrawn');
  });
});
