/*
 * Replay safety: every history in test/histories (completed runs exported by the workflow tests
 * with UPDATE_HISTORIES=1) must replay against the current workflow code. A change that would
 * break running workflows in production (a new activity call, a reordered command) fails here.
 */
import fs from 'node:fs';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { HISTORIES_DIR, readHistory, updatingHistories } from '../support/histories';
import { quietRuntime } from '../support/temporal';
import { failureConverterPath } from '../../lib/temporal/data-converter';
import { workflowInterceptorModules, workflowsPath } from '../../worker/worker';

const files = fs.existsSync(HISTORIES_DIR) ? fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort() : [];

describe('replay of committed workflow histories', () => {
  let bundle: WorkflowBundle;
  beforeAll(async () => {
    quietRuntime();
    bundle = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, failureConverterPath, logger: { info: () => undefined, warn: () => undefined, error: console.error, debug: () => undefined, trace: () => undefined, log: () => undefined } });
  });

  test('when the suite runs, then there are histories to replay', () => {
    // Exporting rewrites them in the same run; otherwise an empty folder would pass silently.
    if (!updatingHistories()) expect(files.length).toBeGreaterThanOrEqual(4);
  });

  // test.each refuses an empty table; the test above reports a missing folder instead.
  if (files.length > 0) test.each(files)('when %s is replayed on the current workflow code, then it is deterministic', async (file) => {
    const { workflowId, history } = readHistory(file);
    await Worker.runReplayHistory({ workflowBundle: bundle, replayName: file }, history, workflowId);
  });
});
