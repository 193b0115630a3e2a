/**
 * The benchmark's HTTP client: plain fetch (undici keep-alive pool), one latency sample per
 * attempt under the contract's operationId, and the retry rules of the integration guide —
 * 429/503 after Retry-After, a dropped connection after a short pause — bounded in count and by
 * the run's deadline.
 */
import { Latencies, Tally, sleep } from './stats';

export interface Reply<T = unknown> {
  status: number;
  etag: string | null;
  body: T;
}

export class Api {
  latencies = new Latencies();
  errors = new Tally();

  constructor(
    private readonly base: string,
    private readonly deadline: number,
  ) {}

  async call<T = unknown>(
    op: string,
    method: 'GET' | 'POST',
    path: string,
    key: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    for (let attempt = 1; ; attempt++) {
      if (Date.now() > this.deadline) throw new Error(`基准运行超时（${op}）`);
      const t0 = performance.now();
      let res: Response;
      try {
        res = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...options.headers,
          },
          body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
          // A request that never answers must not hold the run past its deadline.
          signal: AbortSignal.timeout(Math.max(1_000, Math.min(120_000, this.deadline - Date.now()))),
        });
      } catch (err) {
        this.errors.add(`${op} network`);
        if (attempt >= 5) throw err;
        await sleep(200 * attempt);
        continue;
      }
      const text = await res.text();
      this.latencies.record(op, performance.now() - t0);
      if ((res.status === 429 || res.status === 503) && attempt < 10) {
        this.errors.add(`${op} ${res.status}`);
        await sleep(Math.min(5_000, Number(res.headers.get('retry-after') ?? 1) * 1000));
        continue;
      }
      if (res.status >= 400 && res.status !== 404) this.errors.add(`${op} ${res.status}`);
      return { status: res.status, etag: res.headers.get('etag'), body: (text ? JSON.parse(text) : undefined) as T };
    }
  }
}

export interface ApiTaskRef {
  id: string;
  projectId: string;
  status: string;
  version: number;
}
