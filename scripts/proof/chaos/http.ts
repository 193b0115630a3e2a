/**
 * HTTP as a well-behaved client system does it: a retry repeats the *same* request (same
 * Idempotency-Key, same If-Match) after a connection error, a timeout, 429 or 5xx, with capped
 * backoff; anything else is the answer. Counts what it saw so the report can show the faults
 * from the clients' side.
 */

export interface HttpStats {
  requests: number;
  networkErrors: number;
  timeouts: number;
  serverErrors: number;
  tooManyRequests: number;
  retries: number;
  preconditionFailed: number;
  conflicts: number;
  /** Longest single attempt: how long a client waited on a dead worker or a restarting server. */
  maxLatencyMs: number;
  /** Attempts that took longer than 5 s. */
  slowAttempts: number;
}

export const emptyHttpStats = (): HttpStats => ({
  requests: 0,
  networkErrors: 0,
  timeouts: 0,
  serverErrors: 0,
  tooManyRequests: 0,
  retries: 0,
  preconditionFailed: 0,
  conflicts: 0,
  maxLatencyMs: 0,
  slowAttempts: 0,
});

export interface Reply<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- callers narrow the bodies they read
  /** 0 when no HTTP answer arrived (refused, reset, timed out). */
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  key: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request must not hang forever on a dead worker: the client gives up and retries. */
const REQUEST_TIMEOUT_MS = 60_000;

const retryable = (status: number) => status === 0 || status === 429 || status >= 500;

export class ChaosHttp {
  readonly stats = emptyHttpStats();

  constructor(
    private readonly baseUrl: string,
    /** When this returns true, retry loops give up (the run is being torn down). */
    private readonly aborted: () => boolean = () => false,
  ) {}

  /** Exactly one attempt. */
  async once<T = any>(method: string, path: string, opts: RequestOptions): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any -- see Reply
    this.stats.requests++;
    const began = Date.now();
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${opts.key}`,
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      if (res.status >= 500) this.stats.serverErrors++;
      if (res.status === 429) this.stats.tooManyRequests++;
      if (res.status === 412) this.stats.preconditionFailed++;
      if (res.status === 409) this.stats.conflicts++;
      return { status: res.status, headers: res.headers, body: body as T };
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'TimeoutError') this.stats.timeouts++;
      else this.stats.networkErrors++;
      return { status: 0, headers: new Headers(), body: undefined as T };
    } finally {
      const took = Date.now() - began;
      this.stats.maxLatencyMs = Math.max(this.stats.maxLatencyMs, took);
      if (took > 5000) this.stats.slowAttempts++;
    }
  }

  /**
   * Repeats the identical request until it gets a non-retryable answer, or `maxMs` passes (then
   * the last retryable answer is returned and the caller decides).
   */
  async send<T = any>(method: string, path: string, opts: RequestOptions, maxMs = 180_000): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any -- see Reply
    const deadline = Date.now() + maxMs;
    for (let attempt = 0; ; attempt++) {
      const reply = await this.once<T>(method, path, opts);
      if (!retryable(reply.status) || Date.now() > deadline || this.aborted()) return reply;
      this.stats.retries++;
      const retryAfter = Number(reply.headers.get('retry-after'));
      const backoff = Math.min(2000, 100 * 2 ** attempt);
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 5000) : backoff;
      await pause(wait * (0.5 + Math.random() / 2));
    }
  }
}

/** A client's own cadence (poll interval, backoff) — not a synchronisation device. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `p`, or undefined once `ms` have passed; the timer is cleared either way, so a bound that was
 * not needed does not keep the process (or a Jest worker) alive.
 */
export async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Retries a harness-side call (Prisma, Temporal client) across the faults the harness itself
 * injects: a dropped database connection or a restarting Temporal server.
 */
export async function persistently<T>(what: string, fn: () => Promise<T>, maxMs = 60_000): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}失败（已重试 ${attempt} 次）：${err instanceof Error ? err.message : String(err)}`);
      await pause(Math.min(2000, 100 * 2 ** attempt));
    }
  }
}
