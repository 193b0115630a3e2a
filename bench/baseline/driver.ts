/**
 * Drives the baseline with a Temporal client: the same schedule, the same per-department
 * concurrency and the same order of work as the HTTP run (accept, then decide; a dependant once
 * its prerequisite is decided), but straight to Temporal — no gateway, no polling, no database.
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { driveIntake, type ScheduleOptions } from '../schedule';
import { Latencies, Semaphore, Tally, sleep } from '../stats';
import { phaseResult, type PhaseResult } from '../system';
import { acceptUpdate, baselineTaskId, decideUpdate, intakeUpdate, type BaselineItem } from './contracts';
import type { baselineProject } from './workflows';

export class BaselineDriver {
  private latencies = new Latencies();
  private errors = new Tally();
  private readonly departments = new Map<string, Semaphore>();
  private client?: Client;
  private connection?: Connection;
  private readonly runId = `bl${Date.now().toString(36)}`;
  private tasksDecided = 0;
  private replied = 0;

  constructor(
    private readonly address: string,
    private readonly taskQueue: string,
    private readonly items: BaselineItem[],
    private readonly o: { deptConcurrency: number; deadline: number },
    private readonly dataConverter: DataConverter,
  ) {}

  async connect(): Promise<void> {
    this.connection = await Connection.connect({ address: this.address });
    this.client = new Client({ connection: this.connection, namespace: 'default', dataConverter: this.dataConverter });
  }

  async close(): Promise<void> {
    await this.connection?.close();
  }

  progress(): { done: number; detail: string } {
    return { done: this.replied, detail: `任务已决定 ${this.tasksDecided}` };
  }

  async runPhase(schedule: ScheduleOptions, phase: string): Promise<PhaseResult> {
    this.latencies = new Latencies();
    this.errors = new Tally();
    this.tasksDecided = 0;
    this.replied = 0;
    const e2e: number[] = [];
    const run = await driveIntake(schedule, (i) => this.project(`${this.runId}-${phase}-${i}`, e2e));
    // No department systems here, so no first-wave visibility to measure.
    return phaseResult(run, { tasksDecided: this.tasksDecided, latency: this.latencies.summary(), endToEnd: e2e, firstWaveVisible: [], errors: this.errors.counts });
  }

  private department(itemId: string): Semaphore {
    const dept = itemId.slice(0, itemId.indexOf('-'));
    let s = this.departments.get(dept);
    if (!s) this.departments.set(dept, (s = new Semaphore(this.o.deptConcurrency)));
    return s;
  }

  private async project(code: string, e2e: number[]): Promise<{ done: Promise<void> }> {
    const client = this.client!;
    const t0 = Date.now();
    const handle = await this.latencies.time('startWorkflow', () =>
      client.workflow.start<typeof baselineProject>('baselineProject', {
        workflowId: `bl-project-${code}`,
        taskQueue: this.taskQueue,
        args: [{ code, items: this.items }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    );
    await this.latencies.time('intakeUpdate', () => handle.executeUpdate(intakeUpdate));
    this.latencies.record('submit (start + intake)', Date.now() - t0);
    const done = (async () => {
      // Catalogue order is topological, so every prerequisite's promise exists before its dependant's.
      const decided = new Map<string, Promise<void>>();
      for (const item of this.items) {
        const after = Promise.all(item.prerequisites.map((p) => decided.get(p)));
        decided.set(item.id, after.then(() => this.department(item.id).run(() => this.acceptAndDecide(code, item.id))));
      }
      await Promise.all(decided.values());
      await this.latencies.time('result', () => handle.result());
      this.replied++;
      e2e.push(Date.now() - t0);
    })();
    return { done };
  }

  private async acceptAndDecide(code: string, itemId: string): Promise<void> {
    const handle = this.client!.workflow.getHandle(baselineTaskId(code, itemId));
    // A dependant's workflow starts only after the parent has seen its prerequisite's result.
    let version: number | undefined;
    while (version === undefined) {
      if (Date.now() > this.o.deadline) throw new Error(`基线任务 ${code}.${itemId} 超时`);
      const t0 = performance.now();
      try {
        version = await handle.executeUpdate(acceptUpdate, { args: [1] });
        this.latencies.record('acceptUpdate', performance.now() - t0);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        this.errors.add('acceptUpdate: child not started yet (retried)');
        await sleep(20);
      }
    }
    await this.latencies.time('decideUpdate', () => handle.executeUpdate(decideUpdate, { args: [version] }));
    this.tasksDecided++;
  }
}
