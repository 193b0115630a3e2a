/** One verified property of a chaos run, with its counts and (capped) problems, in Chinese. */

export interface Check {
  id: string;
  title: string;
  ok: boolean;
  counts: Record<string, number>;
  problems: string[];
  /** Observations that are not losses or duplicates (e.g. a worker exit the watchdog repaired). */
  notes: string[];
}

const MAX_PROBLEMS = 30;

export class CheckBuilder {
  private readonly problems: string[] = [];
  private problemCount = 0;
  readonly counts: Record<string, number> = {};
  private readonly notes: string[] = [];

  constructor(
    private readonly id: string,
    private readonly title: string,
  ) {}

  count(name: string, n = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + n;
  }

  set(name: string, n: number): void {
    this.counts[name] = n;
  }

  fail(problem: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }

  expect(condition: boolean, problem: string): boolean {
    if (!condition) this.fail(problem);
    return condition;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  build(): Check {
    const problems = [...this.problems];
    if (this.problemCount > this.problems.length) problems.push(`……另有 ${this.problemCount - this.problems.length} 个问题未列出`);
    return { id: this.id, title: this.title, ok: this.problemCount === 0, counts: this.counts, problems, notes: this.notes };
  }
}

/** A check that could not run at all is a failed check, not a crash of the whole report. */
export async function guarded(id: string, title: string, run: (c: CheckBuilder) => Promise<void>): Promise<Check> {
  const c = new CheckBuilder(id, title);
  try {
    await run(c);
  } catch (err) {
    c.fail(`检查未能完成：${err instanceof Error ? err.message : String(err)}`);
  }
  return c.build();
}
