/**
 * CI smoke of the production topology (`npm run cluster`): from an empty cluster directory the
 * command brings up PostgreSQL, four Temporal services with mTLS, two workers, two gateways and the
 * nginx TLS edge; the frontend refuses plaintext and clients without our certificate; one project
 * runs end to end through https while one worker is killed with SIGKILL; then a complaint, after
 * which neither Temporal's PostgreSQL tables, nor `temporal workflow show`, nor the Temporal Web UI
 * (up behind TLS, codec server configured) show the applicant's or complainant's contact in clear
 * text; stop leaves nothing running.
 * Run by .ci/run through jest.cluster.config.js (not part of `npm test`: it needs the Temporal server
 * binaries, nginx and minutes of CPU).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { Agent, fetch as tlsFetch } from 'undici';
import { cacheDir, repoRoot } from '../../lib/paths';
import type { DevCredential } from '../../lib/seed';
import { status, stop } from '../../scripts/cluster/commands';
import { appEnv, clusterLayout, edgeUrl, frontendAddress, pgUrl, uiUrl } from '../../scripts/cluster/layout';
import { postgresDir } from '../../scripts/cluster/postgres';
import { kill9, runningPid } from '../../scripts/cluster/processes';
import { TEMPORAL_DB, VISIBILITY_DB } from '../../scripts/cluster/temporal-config';
import { temporalCli } from '../../scripts/cluster/topology';
import { digits, leakedIn, readableCliJson } from '../support/clear-text';
import { eventually } from '../support/eventually';
import { containsInTables } from '../support/pg-scan';
import { apiClient } from '../support/http';

const run = promisify(execFile);
const env = { CLUSTER_DIR: path.join(cacheDir, 'cluster-ci'), CLUSTER_PORT_BASE: process.env.CLUSTER_CI_PORT_BASE ?? '28000' };
const layout = clusterLayout(env);

interface ApiTask {
  id: string;
  itemId: string;
  departmentId: string;
  status: string;
  version: number;
}

// Contacts made up per run, so a hit in Temporal's tables or output can only be ours.
const applicantPhone = `139${digits(8)}`;
const complainantPhone = `158${digits(8)}`;
const complainantEmail = `cl${digits(6)}@example.com`;
const SECRETS = [applicantPhone, complainantPhone, complainantEmail, '东方启明', '慕容晓岚'];

// An industrial project under 1000 万元 on the county catalogue (a type outside it is 不予受理): a first wave, then dependants as prerequisites are approved.
const submission = {
  applicant: { name: '闽东冷链物流有限公司', uscc: '91350100M000100Y43', contact: { name: '东方启明', phone: applicantPhone } },
  project: { name: '集群冒烟项目', type: 'industrial', location: '城南物流园', investmentWan: 600 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '陈窗口',
};

async function cluster(command: 'start' | 'stop'): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/cluster/main.ts', command], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    timeout: 5 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

describe('npm run cluster (production topology on this machine)', () => {
  jest.setTimeout(8 * 60_000);
  const ca = () => fs.readFileSync(path.join(layout.certDir, 'ca.pem'));
  let projectCode = '';

  beforeAll(async () => {
    // A clean cluster every run, as on a fresh clone: new CA, new database cluster, schema from scratch.
    await stop(layout);
    fs.rmSync(layout.dir, { recursive: true, force: true });
    fs.rmSync(postgresDir(layout), { recursive: true, force: true });
  });

  afterAll(async () => {
    await stop(layout); // also when a test failed midway: nothing may keep running
  });

  test('when started, then every process runs, the URLs are printed and a second start changes nothing', async () => {
    const out = await cluster('start');
    expect(out).toContain(`${edgeUrl(layout)}/api/v1`);
    expect(status(layout).members.filter((m) => !m.pid)).toEqual([]);
    const pids = status(layout).members.map((m) => m.pid);
    await cluster('start');
    expect(status(layout).members.map((m) => m.pid)).toEqual(pids);
  });

  test('when a client connects to the Temporal frontend without our client certificate, then it is refused', async () => {
    const plaintext = Connection.connect({ address: frontendAddress(layout), connectTimeout: 3000 });
    await expect(plaintext).rejects.toThrow();
    const ca = fs.readFileSync(path.join(layout.certDir, 'ca.pem'));
    const noClientCert = Connection.connect({
      address: frontendAddress(layout),
      connectTimeout: 3000,
      tls: { serverRootCACertificate: ca, serverNameOverride: layout.serverNames.frontend },
    });
    await expect(noClientCert).rejects.toThrow();
    const mtls = await Connection.connect({
      address: frontendAddress(layout),
      tls: {
        serverRootCACertificate: ca,
        serverNameOverride: layout.serverNames.frontend,
        clientCertPair: { crt: fs.readFileSync(appEnv(layout).TEMPORAL_TLS_CERT_FILE), key: fs.readFileSync(appEnv(layout).TEMPORAL_TLS_KEY_FILE) },
      },
    });
    await mtls.close();
  });

  test('when one worker is killed with SIGKILL mid-project, then the project still runs to its reply through the https edge', async () => {
    const dispatcher = new Agent({ connect: { ca: fs.readFileSync(path.join(layout.certDir, 'ca.pem')) } });
    const call = apiClient(edgeUrl(layout), (url, init) => tlsFetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>);
    const credentials = (JSON.parse(fs.readFileSync(path.join(layout.dir, 'dev-credentials.json'), 'utf8')) as { credentials: DevCredential[] }).credentials;
    const key = (role: DevCredential['role'], dept?: string) => credentials.find((c) => c.role === role && (!dept || c.departmentId === dept))!.apiKey;

    const window = key('window');
    const submitted = await call('submitProject', 'POST', '/api/v1/projects', { key: window, body: submission, headers: { 'Idempotency-Key': 'cluster-smoke-0001' } });
    expect([submitted.status, submitted.status === 201 ? '' : JSON.stringify(submitted.body)]).toEqual([201, '']);
    const code: string = submitted.body.code;
    projectCode = code;

    const project = () => call('getProject', 'GET', `/api/v1/projects/${code}`, { key: window });
    const received = (p: Awaited<ReturnType<typeof project>>) => (p.body.tasks as ApiTask[]).filter((t) => t.status === 'received');
    const approve = async (task: ApiTask) => {
      const dept = key('department', task.departmentId);
      const accepted = await call('acceptTask', 'POST', `/api/v1/tasks/${task.id}/acceptance`, { key: dept, body: {}, headers: { 'If-Match': `"${task.version}"` } });
      expect(accepted.status).toBe(200);
      const decided = await call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, {
        key: dept,
        body: { decision: 'approved', permitNumber: `${task.itemId}-2026-0001` },
        headers: { 'If-Match': accepted.headers.get('etag')! },
      });
      expect([decided.status, decided.body.status]).toEqual([200, 'decided']);
    };
    await eventually(project, (p) => p.status === 200 && received(p).length > 0, '首批事项推送', 60_000);

    // A crash, not a shutdown: no draining; its cached workflows and sticky queue die with it.
    expect(await kill9(layout, 'worker-1')).toBeDefined();
    expect(runningPid(layout, 'worker-1')).toBeUndefined();
    expect(runningPid(layout, 'worker-2')).toBeDefined();

    // Every department approves what reaches it; dependants follow their prerequisites, all on worker-2.
    const approved = new Set<string>();
    await eventually(
      async () => {
        const p = await project();
        for (const task of received(p).filter((t) => !approved.has(t.id))) {
          await approve(task);
          approved.add(task.id);
        }
        return p;
      },
      (p) => ['replied', 'tracking', 'closed'].includes(p.body.status),
      '全部事项办结并集中回复',
      120_000,
    );
    const reply = await call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, { key: window });
    expect(reply.status).toBe(200);
    expect(reply.body.outcome).toBe('all_approved');
    expect(reply.body.items).toHaveLength(approved.size);
    expect(approved.size).toBeGreaterThan(1);
    await dispatcher.close();
  });

  test('when a complaint has run too, then neither Temporal\'s PostgreSQL, nor the CLI, nor the Web UI shows a contact in clear text', async () => {
    expect(projectCode).not.toBe('');
    const dispatcher = new Agent({ connect: { ca: ca() } });
    const call = apiClient(edgeUrl(layout), (url, init) => tlsFetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>);
    const credentials = (JSON.parse(fs.readFileSync(path.join(layout.dir, 'dev-credentials.json'), 'utf8')) as { credentials: DevCredential[] }).credentials;
    const key = (role: DevCredential['role']) => credentials.find((c) => c.role === role)!.apiKey;
    const filed = await call('fileComplaint', 'POST', '/api/v1/complaints', {
      key: key('window'),
      body: { departmentId: 'ZJJ', projectId: projectCode, category: 'buck_passing', description: '部门要求补充已提交的材料', complainant: { name: '慕容晓岚', phone: complainantPhone, email: complainantEmail } },
      headers: { 'Idempotency-Key': 'cluster-smoke-complaint-1' },
    });
    expect([filed.status, filed.status === 201 ? '' : JSON.stringify(filed.body)]).toEqual([201, '']);
    const assigned = await call('assignComplaint', 'POST', `/api/v1/complaints/${filed.body.id}/assignment`, { key: key('supervisor'), body: { unitId: 'ZJJ', workingDays: 5 } });
    // The system itself reads the contact back through the codec.
    expect(assigned.body.complainant).toEqual({ name: '慕容晓岚', phone: complainantPhone, email: complainantEmail });
    await dispatcher.close();

    // Temporal's two databases: every text and binary column of every table. The project code (a
    // search attribute, indexed in clear) and the workflow ids are found: the scan looks in the right place.
    const temporalTables = await containsInTables(pgUrl(layout, TEMPORAL_DB), [projectCode, ...SECRETS]);
    const visibilityTables = await containsInTables(pgUrl(layout, VISIBILITY_DB), [`complaint-${filed.body.id}`, ...SECRETS]);
    expect(temporalTables[projectCode].length).toBeGreaterThan(0);
    expect(visibilityTables[`complaint-${filed.body.id}`].length).toBeGreaterThan(0);
    expect(SECRETS.map((s) => [s, temporalTables[s], visibilityTables[s]])).toEqual(SECRETS.map((s) => [s, [], []]));

    // The operator's CLI (admin certificate), on every workflow of the run.
    const connection = await Connection.connect({
      address: frontendAddress(layout),
      tls: { serverRootCACertificate: ca(), serverNameOverride: layout.serverNames.frontend, clientCertPair: { crt: fs.readFileSync(appEnv(layout).TEMPORAL_TLS_CERT_FILE), key: fs.readFileSync(appEnv(layout).TEMPORAL_TLS_KEY_FILE) } },
    });
    const ids: string[] = [];
    for await (const w of new Client({ connection }).workflow.list()) ids.push(w.workflowId);
    await connection.close();
    expect(ids).toEqual(expect.arrayContaining([`project-${projectCode}`, `complaint-${filed.body.id}`]));
    for (const id of ids) {
      const shown = temporalCli(layout, ['workflow', 'show', '--workflow-id', id, '--output', 'json']);
      const detailed = temporalCli(layout, ['workflow', 'show', '--workflow-id', id, '--detailed']);
      expect([id, shown.status, detailed.status]).toEqual([id, 0, 0]);
      expect({ id, leaked: leakedIn(SECRETS, Buffer.concat([readableCliJson(shown.stdout), Buffer.from(detailed.stdout)])) }).toEqual({ id, leaked: [] });
    }

    // The Web UI, through nginx's TLS only: its server reaches the frontend over mTLS (the history
    // comes back), points browsers at our codec server, and shows the payloads sealed.
    const ui = new Agent({ connect: { ca: ca() } });
    const uiGet = async (p: string) => {
      const r = await tlsFetch(`${uiUrl(layout)}${p}`, { dispatcher: ui });
      return { status: r.status, text: await r.text() };
    };
    expect((await uiGet('/')).status).toBe(200);
    const settings = JSON.parse((await uiGet('/api/v1/settings')).text) as { Codec: { Endpoint: string; IncludeCredentials: boolean } };
    expect(settings.Codec).toMatchObject({ Endpoint: `${edgeUrl(layout)}/api/v1/temporal-codec`, IncludeCredentials: true });
    const history = await uiGet(`/api/v1/namespaces/default/workflows/complaint-${filed.body.id}/history`);
    expect(history.status).toBe(200);
    expect(history.text).toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(leakedIn(SECRETS, readableCliJson(history.text))).toEqual([]);
    await ui.close();
  });

  test('when stopped, then no process of the cluster is left running', async () => {
    await cluster('stop');
    const s = status(layout);
    expect(s.members.filter((m) => m.pid)).toEqual([]);
    expect(s.postgres).toBe(false);
  });
});
