/** Latency samples per operation and their percentiles (all samples kept: runs are thousands, not millions). */

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const round = (n: number) => Math.round(n * 10) / 10;

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? NaN),
    mean: round(sorted.length ? sum / sorted.length : NaN),
  };
}

export class Latencies {
  private readonly samples = new Map<string, number[]>();

  record(op: string, ms: number): void {
    let list = this.samples.get(op);
    if (!list) this.samples.set(op, (list = []));
    list.push(ms);
  }

  async time<T>(op: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.record(op, performance.now() - t0);
    }
  }

  summary(): Record<string, Summary> {
    return Object.fromEntries([...this.samples.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([op, s]) => [op, summarize(s)]));
  }
}

/** Counts of unexpected answers per operation and status, e.g. `{ "acceptTask 412": 3 }`. */
export class Tally {
  readonly counts: Record<string, number> = {};

  add(what: string): void {
    this.counts[what] = (this.counts[what] ?? 0) + 1;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A FIFO that consumers await; `close()` releases every waiting consumer with `undefined`. */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: ((v: T | undefined) => void)[] = [];
  private closed = false;

  push(item: T): void {
    const w = this.waiters.shift();
    if (w) w(item);
    else this.items.push(item);
  }

  pop(): Promise<T | undefined> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((r) => this.waiters.push(r));
  }

  get length(): number {
    return this.items.length;
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}

/** At most `limit` callers run at once; the rest wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    // A released slot is handed straight to the next waiter, so no newcomer can overtake it.
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((r) => this.waiting.push(r));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Counting gate whose release is decoupled from the acquirer (a project holds a slot until its reply). */
export class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  async acquire(): Promise<void> {
    if (this.used < this.capacity) this.used++;
    else await new Promise<void>((r) => this.waiting.push(r));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used--;
  }
}
