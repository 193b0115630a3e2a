/**
 * Drives the real system over HTTP the way its clients do: window clients submit projects
 * (Idempotency-Key each), one simulated department system per department key works its queue —
 * pulled with listTasks (status=received, cursor pages) or pushed as `task.received` webhooks —
 * accepting and deciding with If-Match, and the window fetches each consolidated reply once the
 * last decision is in.
 */
import type { DevCredential } from '../lib/seed';
import { Api, type ApiTaskRef } from './http';
import type { Mode } from './options';
import { driveIntake, type ScheduleOptions, type ScheduleResult } from './schedule';
import { AsyncQueue, Latencies, Tally, sleep, summarize, type Summary } from './stats';
import { startReceivers, type Receiver } from './webhooks';

export interface WorkItem {
  id: string;
  version: number;
}

export interface Department {
  id: string;
  key: string;
  queue: AsyncQueue<WorkItem>;
  /** Task ids already taken into work, so a queue listed again is not worked twice. */
  claimed: Set<string>;
}

interface Track {
  submitAt: number;
  firstWave: string[];
  total?: number;
  decided: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

export interface PhaseResult {
  projects: number;
  completed: number;
  failures: string[];
  wallS: number;
  projectsPerS: number;
  tasksDecided: number;
  tasksPerS: number;
  latency: Record<string, Summary>;
  endToEnd: Summary;
  firstWaveVisible: Summary;
  intakeLag: Summary;
  errors: Record<string, number>;
}

/** A phase's result from its intake schedule and what its driver counted; shared by the system and baseline drivers. */
export function phaseResult(
  run: ScheduleResult,
  m: { tasksDecided: number; latency: Record<string, Summary>; endToEnd: number[]; firstWaveVisible: number[]; errors: Record<string, number> },
): PhaseResult {
  const wallS = run.wallMs / 1000;
  return {
    projects: run.submitted,
    completed: run.completed,
    failures: run.failures.slice(0, 20),
    wallS: Math.round(wallS * 100) / 100,
    projectsPerS: Math.round((run.completed / wallS) * 1000) / 1000,
    tasksDecided: m.tasksDecided,
    tasksPerS: Math.round((m.tasksDecided / wallS) * 1000) / 1000,
    latency: m.latency,
    endToEnd: summarize(m.endToEnd),
    firstWaveVisible: summarize(m.firstWaveVisible),
    intakeLag: summarize(run.lagMs),
    errors: m.errors,
  };
}

const SUBMISSION = {
  applicant: { name: '闽东精密制造有限公司', uscc: '91350100M000100Y43', contact: { name: '张三', phone: '13800000000' } },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
};

export interface DriverOptions {
  mode: Mode;
  deptConcurrency: number;
  pollMs: number;
  replyPollMs: number;
  deadline: number;
}

export class SystemDriver {
  readonly api: Api;
  private readonly departments: Department[];
  private readonly windowKey: string;
  private receivers: Receiver[] = [];
  private stopping = false;
  private loops: Promise<void>[] = [];
  private tracks = new Map<string, Track>();
  private firstSeen = new Map<string, number>();
  private decidedEarly = new Map<string, number>();
  private tasksDecided = 0;
  private replied = 0;
  private e2e: number[] = [];
  private runId = Date.now().toString(36);
  /** Part of every Idempotency-Key: project #0 of the measured phase is not the warm-up's #0 replayed. */
  private phaseNo = 0;

  constructor(
    apiBase: string,
    credentials: DevCredential[],
    private readonly o: DriverOptions,
  ) {
    this.api = new Api(apiBase, o.deadline);
    this.windowKey = credentials.find((c) => c.role === 'window')!.apiKey;
    this.departments = credentials
      .filter((c) => c.role === 'department' && c.departmentId)
      .map((c) => ({ id: c.departmentId!, key: c.apiKey, queue: new AsyncQueue<WorkItem>(), claimed: new Set<string>() }));
  }

  /** Subscriptions (webhook mode) are created before any project, since they see only later events. */
  async start(): Promise<void> {
    if (this.o.mode === 'webhook') {
      this.receivers = await startReceivers(this.api, this.departments, (d, item) => this.offer(d, item, Date.now()));
    } else {
      for (const d of this.departments) this.loops.push(this.pollLoop(d));
    }
    for (const d of this.departments) for (let i = 0; i < this.o.deptConcurrency; i++) this.loops.push(this.workLoop(d));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const d of this.departments) d.queue.close();
    await Promise.all(this.loops);
    await Promise.all(this.receivers.map((r) => r.close()));
  }

  progress(): { done: number; detail: string } {
    const queued = this.departments.reduce((s, d) => s + d.queue.length, 0);
    return { done: this.replied, detail: `任务已决定 ${this.tasksDecided} · 部门待办 ${queued}` };
  }

  /** One measured (or warm-up) phase; latencies and counters start afresh. */
  async runPhase(schedule: ScheduleOptions): Promise<PhaseResult> {
    this.phaseNo++;
    this.api.latencies = new Latencies();
    this.api.errors = new Tally();
    this.tracks = new Map();
    this.firstSeen = new Map();
    this.decidedEarly = new Map();
    this.tasksDecided = 0;
    this.replied = 0;
    this.e2e = [];
    // A project whose last task never gets decided must still end the phase, as a failure.
    const guard = setTimeout(() => {
      for (const [code, t] of this.tracks) t.reject(new Error(`项目 ${code} 在时限内没有办结`));
    }, Math.max(0, this.o.deadline - Date.now()));
    const run = await driveIntake(schedule, (i) => this.submit(i)).finally(() => clearTimeout(guard));
    const visible: number[] = [];
    for (const t of this.tracks.values()) {
      const seen = t.firstWave.map((id) => this.firstSeen.get(id));
      if (t.firstWave.length > 0 && seen.every((s) => s !== undefined)) visible.push(Math.max(...(seen as number[])) - t.submitAt);
    }
    return phaseResult(run, { tasksDecided: this.tasksDecided, latency: this.api.latencies.summary(), endToEnd: this.e2e, firstWaveVisible: visible, errors: this.api.errors.counts });
  }

  private async submit(i: number): Promise<{ done: Promise<void> }> {
    const submitAt = Date.now();
    const res = await this.api.call<{ code: string; tasks: { id: string; status: string }[] }>('submitProject', 'POST', '/api/v1/projects', this.windowKey, {
      body: { ...SUBMISSION, project: { name: `基准项目 ${this.runId}-${this.phaseNo}-${i}`, type: 'industrial', location: '城东工业园', investmentWan: 5000 } },
      headers: { 'Idempotency-Key': `bench-${this.runId}-${this.phaseNo}-${i}` },
    });
    if (res.status !== 201) throw new Error(`submitProject 返回 ${res.status}：${JSON.stringify(res.body).slice(0, 200)}`);
    const { code, tasks } = res.body;
    const done = new Promise<void>((resolve, reject) => {
      this.tracks.set(code, {
        submitAt,
        firstWave: tasks.filter((t) => t.status === 'received').map((t) => t.id),
        total: tasks.length,
        decided: this.decidedEarly.get(code) ?? 0,
        resolve,
        reject,
      });
    });
    this.maybeComplete(code);
    return { done };
  }

  /** The department sees a task (listed or pushed) and takes it into work unless it already has. */
  private offer(d: Department, item: WorkItem, at: number): void {
    if (!this.firstSeen.has(item.id)) this.firstSeen.set(item.id, at);
    if (d.claimed.has(item.id)) return;
    d.claimed.add(item.id);
    d.queue.push(item);
  }

  private async pollLoop(d: Department): Promise<void> {
    while (!this.stopping && Date.now() < this.o.deadline) {
      let cursor: string | null = null;
      // One pass over the department's received queue, bounded so a backlog cannot trap the loop.
      for (let page = 0; page < 20 && !this.stopping; page++) {
        const q: string = `/api/v1/tasks?status=received&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const r = await this.api.call<{ items: ApiTaskRef[]; nextCursor: string | null }>('listTasks', 'GET', q, d.key).catch(() => undefined);
        if (r?.status !== 200) break;
        const now = Date.now();
        for (const t of r.body.items) this.offer(d, { id: t.id, version: t.version }, now);
        cursor = r.body.nextCursor;
        if (!cursor) break;
      }
      await sleep(this.o.pollMs);
    }
  }

  private async workLoop(d: Department): Promise<void> {
    for (;;) {
      const item = await d.queue.pop();
      if (!item) return;
      try {
        if (await this.work(d, item)) this.decided(item.id);
      } catch (err) {
        this.api.errors.add(`work ${err instanceof Error ? err.message.slice(0, 60) : 'error'}`);
      }
    }
  }

  /** Accept, then decide; a stale ETag (412) or a conflict (409) is resolved by reading the task again. */
  private async work(d: Department, item: WorkItem): Promise<boolean> {
    const path = `/api/v1/tasks/${encodeURIComponent(item.id)}`;
    let etag = `"${item.version}"`;
    let status = 'received';
    for (let attempt = 0; attempt < 4 && status !== 'decided'; attempt++) {
      const op = status === 'received' ? 'acceptTask' : 'decideTask';
      const body = op === 'acceptTask' ? {} : { decision: 'approved', permitNumber: `基准〔2026〕${item.id}` };
      const r = await this.api.call<ApiTaskRef>(op, 'POST', `${path}/${op === 'acceptTask' ? 'acceptance' : 'decision'}`, d.key, {
        body,
        headers: { 'If-Match': etag },
      });
      if (r.status === 200) {
        status = r.body.status;
        etag = r.etag ?? `"${r.body.version}"`;
        continue;
      }
      const cur = await this.api.call<ApiTaskRef>('getTask', 'GET', path, d.key);
      if (cur.status !== 200) return false;
      status = cur.body.status;
      etag = cur.etag ?? `"${cur.body.version}"`;
    }
    return status === 'decided';
  }

  private decided(taskId: string): void {
    this.tasksDecided++;
    const code = taskId.slice(0, taskId.indexOf('.'));
    const t = this.tracks.get(code);
    if (!t) {
      // The decision beat the intake response back to the window.
      this.decidedEarly.set(code, (this.decidedEarly.get(code) ?? 0) + 1);
      return;
    }
    t.decided++;
    this.maybeComplete(code);
  }

  private maybeComplete(code: string): void {
    const t = this.tracks.get(code);
    if (!t || t.total === undefined || t.decided < t.total) return;
    void this.awaitReply(code, t);
  }

  private async awaitReply(code: string, t: Track): Promise<void> {
    try {
      while (Date.now() < this.o.deadline) {
        const r = await this.api.call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, this.windowKey);
        if (r.status === 200) {
          this.replied++;
          this.e2e.push(Date.now() - t.submitAt);
          return t.resolve();
        }
        await sleep(this.o.replyPollMs);
      }
      t.reject(new Error(`项目 ${code} 在时限内没有集中回复`));
    } catch (err) {
      t.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
