/**
 * 部门审批系统对接示例 · Example department integration (typed with openapi-fetch).
 *
 * A department system pulls its own queue (listTasks, cursor pages), accepts tasks with the ETag as
 * If-Match, issues the one-time supplement notice and records decisions. Errors are RFC 9457
 * problems; the code branches on `type` (and `reason` for 409), never on the Chinese title.
 *
 *   APPROVAL_BASE_URL=http://127.0.0.1:3000 APPROVAL_API_KEY=pa_… npx tsx examples/department-client.ts [--accept]
 *
 * The integration test test/integration/department-client.test.ts runs these functions against a
 * real gateway, so the example keeps compiling and working as the contract evolves.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../api/generated/openapi';

export type Task = components['schemas']['Task'];
export type TaskStatus = components['schemas']['TaskStatus'];
export type Problem = components['schemas']['Problem'];
export type DecisionRequest = components['schemas']['DecisionRequest'];
export type MissingMaterial = components['schemas']['MissingMaterial'];
export type DepartmentClient = Client<paths>;

const PROBLEM_BASE = 'https://approval.gov.local/problems/';

/** A problem+json answer. `kind` is the last segment of `type`, e.g. `precondition-failed`. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(`${problem.title}${problem.detail ? `：${problem.detail}` : ''}（${problem.type}，请求号 ${problem.requestId ?? '-'}）`);
    this.name = 'ApiProblem';
  }

  get kind(): string {
    return this.problem.type.startsWith(PROBLEM_BASE) ? this.problem.type.slice(PROBLEM_BASE.length) : this.problem.type;
  }

  /** 409 reason code such as `illegal_transition` or `supplement_already_requested`. */
  get reason(): string | undefined {
    return this.problem.reason;
  }
}

export interface ClientOptions {
  /** Replaces global fetch (proxies, tests, request logging). */
  fetch?: (request: Request) => Promise<Response>;
  /** Longest Retry-After honoured before giving up on 429/503; default 60 seconds. */
  maxRetryAfterSeconds?: number;
}

const retryLimits = new WeakMap<DepartmentClient, number>();

export function createDepartmentClient(baseUrl: string, apiKey: string, options: ClientOptions = {}): DepartmentClient {
  const client = createClient<paths>({
    baseUrl,
    headers: { Authorization: `Bearer ${apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  retryLimits.set(client, options.maxRetryAfterSeconds ?? 60);
  return client;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function toProblem(status: number, error: unknown): Problem {
  if (typeof error === 'object' && error !== null && typeof (error as Problem).type === 'string') return error as Problem;
  // Proxies in front of the gateway may answer with HTML; keep the status, invent nothing else.
  return { type: 'about:blank', title: `HTTP ${status}`, status };
}

/**
 * Sends a request; on 429 (rate-limited) and 503 (unavailable) waits Retry-After and tries again,
 * up to three times. Every other problem is thrown as ApiProblem for the caller to branch on.
 */
export async function send<T>(client: DepartmentClient, request: () => Promise<FetchResult<T>>): Promise<{ data: T; response: Response }> {
  for (let attempt = 1; ; attempt += 1) {
    const { data, error, response } = await request();
    if (response.ok) return { data: data as T, response };
    const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
    const problem = new ApiProblem(response.status, toProblem(response.status, error), Number.isFinite(retryAfter) ? retryAfter : undefined);
    const transient = problem.kind === 'rate-limited' || problem.kind === 'unavailable';
    const wait = problem.retryAfterSeconds ?? 1;
    if (!transient || attempt >= 3 || wait > (retryLimits.get(client) ?? 60)) throw problem;
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}

/** Every task in the own queue matching the filter, page by page (the gateway scopes departments to their own tasks). */
export async function* pollQueue(
  client: DepartmentClient,
  filter: { status?: TaskStatus[]; projectId?: string; pageSize?: number } = {},
): AsyncGenerator<Task> {
  let cursor: string | undefined;
  do {
    const { data } = await send(client, () =>
      client.GET('/api/v1/tasks', { params: { query: { status: filter.status, projectId: filter.projectId, limit: filter.pageSize, cursor } } }),
    );
    yield* data.items;
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
}

/** The strong ETag of a task version as listed in the queue, usable as If-Match without another GET. */
export function versionTag(task: Pick<Task, 'version'>): string {
  return `"${task.version}"`;
}

export async function getTask(client: DepartmentClient, taskId: string): Promise<{ task: Task; etag: string }> {
  const { data, response } = await send(client, () => client.GET('/api/v1/tasks/{taskId}', { params: { path: { taskId } } }));
  return { task: data, etag: response.headers.get('etag') ?? versionTag(data) };
}

/**
 * Runs a task operation under optimistic concurrency: If-Match is the known version (or a fresh
 * GET). When someone else changed the task meanwhile (412), the task is re-read and the operation
 * retried once on the new version — the workflow still rejects it with 409 if it no longer applies.
 */
async function withVersion(
  client: DepartmentClient,
  taskId: string,
  etag: string | undefined,
  operation: (ifMatch: string) => Promise<FetchResult<Task>>,
): Promise<Task> {
  let ifMatch = etag ?? (await getTask(client, taskId)).etag;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return (await send(client, () => operation(ifMatch))).data;
    } catch (err) {
      if (!(err instanceof ApiProblem) || err.kind !== 'precondition-failed' || attempt >= 2) throw err;
      ifMatch = (await getTask(client, taskId)).etag;
    }
  }
}

/** 签收受理 (`received` → `accepted`). */
export function acceptTask(client: DepartmentClient, taskId: string, options: { etag?: string; note?: string } = {}): Promise<Task> {
  return withVersion(client, taskId, options.etag, (ifMatch) =>
    client.POST('/api/v1/tasks/{taskId}/acceptance', {
      params: { path: { taskId }, header: { 'If-Match': ifMatch } },
      body: options.note ? { note: options.note } : {},
    }),
  );
}

/** 一次性告知: list every missing material at once; the task's clock pauses until the window supplies them. */
export function requestSupplement(
  client: DepartmentClient,
  taskId: string,
  items: MissingMaterial[],
  options: { etag?: string; note?: string } = {},
): Promise<Task> {
  return withVersion(client, taskId, options.etag, (ifMatch) =>
    client.POST('/api/v1/tasks/{taskId}/supplement-notice', {
      params: { path: { taskId }, header: { 'If-Match': ifMatch } },
      body: { items, ...(options.note ? { note: options.note } : {}) },
    }),
  );
}

/** 审批决定: approved (permit number), approved_with_conditions (plus conditions) or rejected (reasons). */
export function decideTask(client: DepartmentClient, taskId: string, decision: DecisionRequest, options: { etag?: string } = {}): Promise<Task> {
  return withVersion(client, taskId, options.etag, (ifMatch) =>
    client.POST('/api/v1/tasks/{taskId}/decision', { params: { path: { taskId }, header: { 'If-Match': ifMatch } }, body: decision }),
  );
}

/** What a department system typically does with each problem type. */
export function describeProblem(err: ApiProblem): string {
  switch (err.kind) {
    case 'unauthorized':
      return '密钥无效或已吊销：停止调用并联系管理员重新签发。';
    case 'forbidden':
      return '当前角色无权执行该操作。';
    case 'not-found':
      return '任务不存在或不属于本部门：从本地待办中移除。';
    case 'conflict':
      return `状态冲突（${err.reason ?? '未知原因'}）：重新读取任务后按当前状态处理。`;
    case 'precondition-failed':
      return '任务已被他人修改：重新读取后再操作。';
    case 'validation':
      return `请求不符合接口约定：${(err.problem.errors ?? []).map((e) => e.message).join('；')}`;
    case 'rate-limited':
    case 'unavailable':
      return `稍后重试（Retry-After ${err.retryAfterSeconds ?? '?'} 秒）。`;
    default:
      return `未预期的错误，请凭请求号 ${err.problem.requestId ?? '-'} 联系网关运维。`;
  }
}

async function main(): Promise<void> {
  const baseUrl = process.env.APPROVAL_BASE_URL ?? 'http://127.0.0.1:3000';
  const apiKey = process.env.APPROVAL_API_KEY;
  if (!apiKey) throw new Error('请设置 APPROVAL_API_KEY（部门的 API Key，见 data/dev-credentials.json）');
  const client = createDepartmentClient(baseUrl, apiKey);
  const accept = process.argv.includes('--accept');
  for await (const task of pollQueue(client, { status: ['received'] })) {
    process.stdout.write(`${task.id}  ${task.itemName}  承诺到期 ${task.clock.promisedDueDate ?? '-'}  ${task.light}\n`);
    if (!accept) continue;
    try {
      const accepted = await acceptTask(client, task.id, { etag: versionTag(task), note: '示例程序签收' });
      process.stdout.write(`  已签收，版本 ${accepted.version}\n`);
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      process.stdout.write(`  未签收：${describeProblem(err)}\n`);
    }
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
