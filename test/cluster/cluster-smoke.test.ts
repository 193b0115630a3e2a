/**
 * CI smoke of the production topology (`npm run cluster`): from an empty cluster directory the
 * command brings up PostgreSQL, four Temporal services with mTLS, two workers, two gateways and the
 * nginx TLS edge; the frontend refuses plaintext and clients without our certificate; one project
 * runs end to end through https while one worker is killed with SIGKILL; stop leaves nothing running.
 * Run by .ci/run through jest.cluster.config.js (not part of `npm test`: it needs the Temporal server
 * binaries, nginx and minutes of CPU).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { Agent, fetch as tlsFetch } from 'undici';
import { cacheDir, repoRoot } from '../../lib/paths';
import type { DevCredential } from '../../lib/seed';
import { status, stop } from '../../scripts/cluster/commands';
import { appEnv, clusterLayout, edgeUrl, frontendAddress } from '../../scripts/cluster/layout';
import { postgresDir } from '../../scripts/cluster/postgres';
import { kill9, runningPid } from '../../scripts/cluster/processes';
import { eventually } from '../support/eventually';
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

// An industrial project under 1000 万元 on the county catalogue (a type outside it is 不予受理): a first wave, then dependants as prerequisites are approved.
const submission = {
  applicant: { name: '闽东冷链物流有限公司', uscc: '91350100M000100Y43', contact: { name: '林经理', phone: '13900000000' } },
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

  test('when stopped, then no process of the cluster is left running', async () => {
    await cluster('stop');
    const s = status(layout);
    expect(s.members.filter((m) => m.pid)).toEqual([]);
    expect(s.postgres).toBe(false);
  });
});
