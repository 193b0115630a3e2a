/**
 * The chaos run's CI preset (scripts/proof/chaos.ts) in-process: the system as separate OS
 * processes, the worker killed -9 three times, the Temporal dev server restarted, the webhook
 * receiver offline for a while — and afterwards no project, task, reply, event or delivery lost
 * or duplicated. On PostgreSQL (TEST_DATABASE_URL_PG) database connections are dropped as well.
 * runChaos tears down every process it started on every path, including failures.
 */
import { presetOptions } from '../../scripts/proof/chaos/options';
import { formatReport, writeReport } from '../../scripts/proof/chaos/report';
import { runChaos, type ChaosReport } from '../../scripts/proof/chaos/run';
import path from 'node:path';
import { repoRoot } from '../../lib/paths';

jest.setTimeout(6 * 60_000);

describe('chaos (CI preset)', () => {
  let report: ChaosReport;
  const lines: string[] = [];

  beforeAll(async () => {
    report = await runChaos(presetOptions('ci', { pgUrl: process.env.TEST_DATABASE_URL_PG || undefined }), (l) => lines.push(l));
    writeReport(report, path.join(repoRoot, '.cache', 'chaos', `jest-${report.database}.json`));
  });

  test('when the worker is killed, the server restarted and the receiver is down during the load, then every injected fault happened', () => {
    expect(report.error).toBeUndefined();
    expect(report.injected).toMatchObject({ workerKills: 3, devServerRestarts: 1, receiverOutages: 1 });
    if (report.database === 'postgresql') expect(report.injected.pgTerminations).toBe(3);
    else expect(report.skipped.join('')).toContain('SQLite');
  });

  test('when the run is over, then no project, task, event or webhook delivery is lost or duplicated', () => {
    const failed = report.checks.filter((c) => !c.ok);
    if (failed.length > 0) process.stderr.write(`${formatReport(report)}\n${lines.join('\n')}\n`);
    expect(failed.map((c) => `${c.title}: ${c.problems.join('; ')}`)).toEqual([]);
    expect(report.checks.map((c) => c.id).sort()).toEqual(['clients', 'concurrency', 'deadlines', 'feed', 'projects', 'tasks', 'temporal', 'webhooks']);
    expect(report.ok).toBe(true);
  });

  test('when ten identical intakes race and two decisions share one If-Match, then one project and one decision result', () => {
    expect(report.concurrency?.intake.codes).toHaveLength(1);
    expect([...(report.concurrency?.decision.statuses ?? [])].sort()).toEqual([200, expect.any(Number)]);
  });
});
