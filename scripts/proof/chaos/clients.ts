/**
 * The client systems of a chaos run, each doing what its real counterpart does over HTTP:
 * the window submits (Idempotency-Key) and supplies materials, every department polls its
 * queue and accepts / notices / decides (If-Match from a fresh read), the supervisor tails the
 * event feed with `after`. They keep going through the faults and tolerate 409/412 by reading
 * again; an answer they cannot explain is recorded as an anomaly.
 */
import type { components } from '../../../api/generated/openapi';
import { pause, within, type ChaosHttp, type Reply } from './http';
import { comparePositions, positionOfCursor, type FeedPosition } from '../../../lib/event-feed';

type Task = components['schemas']['Task'];
type Project = components['schemas']['Project'];
type ApiEvent = components['schemas']['Event'];

export const APPLICANT = { name: '闽东精密制造有限公司', uscc: '91350100M000100Y43', contact: { name: '张三', phone: '13800000000' } };

/** Industrial, ≥ 1000 万元: the seed routes it to 7 items (see test/fixtures/catalogue.json). */
export const EXPECTED_ITEMS = ['FGW-01', 'GTJ-01', 'HBJ-01', 'SWJ-01', 'GJJ-01', 'GJJ-02', 'ZJJ-01'];
export const FIRST_WAVE = ['FGW-01', 'GTJ-01', 'HBJ-01', 'SWJ-01'];
export const DEPARTMENTS = ['FGW', 'GTJ', 'HBJ', 'SWJ', 'GJJ', 'ZJJ'];

export const projectName = (index: number) => `混沌演练项目-${String(index).padStart(3, '0')}`;

export function submission(name: string) {
  return {
    applicant: APPLICANT,
    project: { name, type: 'industrial', location: '城东工业园 3 号地块', investmentWan: 5000 },
    materials: [{ name: '项目申请报告', copies: 1 }],
    firstInquiryStaff: '李窗口',
  };
}

/** Which tasks go through 一次性告知 → 补正 before acceptance; derived from the name so any client can tell. */
export function supplementPlanned(name: string, itemId: string): boolean {
  const m = /-(\d+)$/.exec(name);
  if (!m || name.startsWith('混沌超期')) return false;
  const i = Number(m[1]);
  return (itemId === 'HBJ-01' && i % 2 === 1) || (itemId === 'SWJ-01' && i % 3 === 2);
}

export interface Anomaly {
  who: string;
  what: string;
  status: number;
  detail?: string;
}

export interface LoadState {
  /** Every project code the run knows of → how it was created. */
  projects: Map<string, 'http' | 'overdue'>;
  /** Idempotency-Keys sent whose 201 never arrived (the client gave up). */
  unanswered: Set<string>;
  replied: Set<string>;
  /** Tasks the clients leave alone (the harness drives them itself). */
  reserved: Set<string>;
  /** Projects whose tasks wait until the harness has checked their deadline alarms. */
  held: Set<string>;
  stopping: boolean;
  anomalies: Anomaly[];
  counts: { submitted: number; replayed: number; accepted: number; supplementsRequested: number; supplementsSupplied: number; decided: number };
}

export const newLoadState = (): LoadState => ({
  projects: new Map(),
  unanswered: new Set(),
  replied: new Set(),
  reserved: new Set(),
  held: new Set(),
  stopping: false,
  anomalies: [],
  counts: { submitted: 0, replayed: 0, accepted: 0, supplementsRequested: 0, supplementsSupplied: 0, decided: 0 },
});

const IDLE_POLL_MS = 400;

function note(state: LoadState, who: string, what: string, reply: Reply): void {
  // A retry loop cut short by the end of the run is not an answer from the system.
  if (state.stopping && (reply.status === 0 || reply.status === 429 || reply.status >= 500)) return;
  const detail = reply.body && typeof reply.body === 'object' ? JSON.stringify(reply.body).slice(0, 300) : undefined;
  state.anomalies.push({ who, what, status: reply.status, detail });
}

/** Submits one project, retrying with the same Idempotency-Key until it is accepted; returns its code. */
export async function submitProject(http: ChaosHttp, state: LoadState, windowKey: string, idempotencyKey: string, name: string): Promise<Reply<Project>> {
  const reply = await http.send<Project>('POST', '/api/v1/projects', {
    key: windowKey,
    body: submission(name),
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  if (reply.status !== 201) {
    state.unanswered.add(idempotencyKey);
    note(state, '窗口', `申报 ${name}`, reply);
    return reply;
  }
  state.unanswered.delete(idempotencyKey);
  state.counts.submitted++;
  if (reply.headers.get('idempotent-replayed') === 'true') state.counts.replayed++;
  state.projects.set(reply.body.code, state.projects.get(reply.body.code) ?? 'http');
  return reply;
}

/** A read of one task with its ETag, retried through faults. */
export async function readTask(http: ChaosHttp, key: string, taskId: string): Promise<{ task: Task; etag: string } | undefined> {
  const r = await http.send<Task>('GET', `/api/v1/tasks/${taskId}`, { key });
  return r.status === 200 ? { task: r.body, etag: r.headers.get('etag') ?? `"${r.body.version}"` } : undefined;
}

const SEGMENT = { accept: 'acceptance', notice: 'supplement-notice', decide: 'decision' } as const;

export function decisionFor(task: Pick<Task, 'id' | 'itemId'>) {
  return task.itemId === 'HBJ-01'
    ? { decision: 'approved_with_conditions', permitNumber: `${task.id}-许可`, conditions: ['投产前完成环保设施竣工验收'] }
    : { decision: 'approved', permitNumber: `${task.id}-许可` };
}

/** One guarded operation; retries keep the same If-Match. true when it took effect. */
async function act(http: ChaosHttp, state: LoadState, who: string, key: string, taskId: string, op: keyof typeof SEGMENT, etag: string, body: object): Promise<boolean> {
  const reply = await http.send('POST', `/api/v1/tasks/${taskId}/${SEGMENT[op]}`, { key, body, headers: { 'If-Match': etag } });
  if (reply.status === 200) return true;
  // Someone (a deemed acceptance, our own earlier attempt whose answer was lost) moved the task on.
  if (reply.status === 412 || reply.status === 409) return false;
  note(state, who, `${op} ${taskId}`, reply);
  return false;
}

async function listOpenTasks(http: ChaosHttp, key: string): Promise<Task[] | undefined> {
  const tasks: Task[] = [];
  let cursor: string | null = null;
  do {
    const q: string = `status=received&status=accepted&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await http.send<components['schemas']['TaskPage']>('GET', `/api/v1/tasks?${q}`, { key });
    if (r.status !== 200) return undefined;
    tasks.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return tasks;
}

/** A department system: poll the queue, act on each task in turn. */
export async function departmentLoop(http: ChaosHttp, state: LoadState, departmentId: string, key: string): Promise<void> {
  const who = `部门 ${departmentId}`;
  while (!state.stopping) {
    const tasks = await listOpenTasks(http, key);
    let acted = false;
    for (const listed of tasks ?? []) {
      if (state.stopping) break;
      if (state.reserved.has(listed.id) || state.held.has(listed.projectId)) continue;
      const fresh = await readTask(http, key, listed.id);
      if (!fresh) continue;
      const { task, etag } = fresh;
      if (task.status === 'received') {
        if (supplementPlanned(task.projectName, task.itemId) && task.supplementNotice === null) {
          const items = [{ material: `${task.itemName}补充材料`, reason: '材料不齐全，请一次性补正' }];
          if (await act(http, state, who, key, task.id, 'notice', etag, { items })) {
            state.counts.supplementsRequested++;
            acted = true;
          }
        } else if (await act(http, state, who, key, task.id, 'accept', etag, { note: '材料齐全，予以受理' })) {
          state.counts.accepted++;
          acted = true;
        }
      } else if (task.status === 'accepted') {
        if (await act(http, state, who, key, task.id, 'decide', etag, decisionFor(task))) {
          state.counts.decided++;
          acted = true;
        }
      }
    }
    if (!acted) await pause(IDLE_POLL_MS);
  }
}

/** The window: supplies requested materials and notes which projects have their reply. */
export async function windowLoop(http: ChaosHttp, state: LoadState, key: string): Promise<void> {
  while (!state.stopping) {
    let acted = false;
    for (const code of [...state.projects.keys()]) {
      if (state.stopping) break;
      if (state.replied.has(code)) continue;
      const r = await http.send<Project>('GET', `/api/v1/projects/${code}`, { key });
      // The intake of a directly started project may not be written yet.
      if (r.status === 404) continue;
      if (r.status !== 200) {
        note(state, '窗口', `读取项目 ${code}`, r);
        continue;
      }
      if (r.body.status !== 'in_review') state.replied.add(code);
      for (const t of r.body.tasks.filter((x) => x.status === 'supplement_requested')) {
        const supplied = await http.send('POST', `/api/v1/projects/${code}/supplements`, {
          key,
          body: { taskId: t.id, materials: [{ name: `${t.itemName}补正材料`, copies: 1 }] },
        });
        if (supplied.status === 200) {
          state.counts.supplementsSupplied++;
          acted = true;
        }
        // 409 not_waiting_for_materials: an earlier attempt whose answer was lost already supplied them.
        else if (supplied.status !== 409) note(state, '窗口', `补正 ${t.id}`, supplied);
      }
    }
    if (!acted) await pause(IDLE_POLL_MS);
  }
}

/** The supervisor's pull consumer: pages the feed with `after` while the load runs. */
export class EventTail {
  readonly received = new Map<string, number>();
  readonly cursors: FeedPosition[] = [];
  private after: string | undefined;
  private target: FeedPosition | undefined;
  private stopped = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly http: ChaosHttp,
    private readonly state: LoadState,
    private readonly key: string,
  ) {}

  start(): Promise<void> {
    this.done = this.run();
    return this.done;
  }

  /** Keeps reading until the cursor has reached `end` (the outbox's end once the load is over), bounded. */
  async drainTo(end: FeedPosition | undefined, timeoutMs = 60_000): Promise<void> {
    this.target = end ?? { txid: -1n, seq: 0 };
    await within(this.done, timeoutMs);
    this.stop();
    await this.done;
  }

  /** Ends the tail after its current request (teardown). */
  stop(): void {
    this.stopped = true;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const q = `limit=500${this.after ? `&after=${this.after}` : ''}`;
      const r = await this.http.send<{ events: ApiEvent[]; nextCursor: string | null }>('GET', `/api/v1/events?${q}`, { key: this.key });
      if (r.status !== 200) {
        note(this.state, '效能办事件流', `listEvents after=${this.after ?? ''}`, r);
        await pause(IDLE_POLL_MS);
        continue;
      }
      for (const e of r.body.events) {
        this.received.set(e.id, (this.received.get(e.id) ?? 0) + 1);
        this.cursors.push(positionOfCursor(e.cursor));
      }
      this.after = r.body.nextCursor ?? this.after;
      if (r.body.events.length === 0) {
        // Only the drain ends a quiet tail: the load stopping is not the outbox's end.
        const at = this.cursors.at(-1);
        if (this.target !== undefined && (this.target.txid < 0n || (at && comparePositions(at, this.target) >= 0))) return;
        await pause(300);
      }
    }
  }
}
