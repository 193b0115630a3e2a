import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../support/temporal';
import { item, mockLifecycle } from '../support/mock-activities';
import { workflowsPath } from '../../worker/worker';
import type { projectWorkflow } from '../../workflows';
import { intakeResultUpdate, projectWorkflowId, type ProjectWorkflowInput } from '../../workflows/project/contracts';
import { acceptTaskUpdate, decideTaskUpdate, taskStateQuery, taskWorkflowId } from '../../workflows/task/contracts';
import type { Actor } from '../../workflows/shared';

const dept = (departmentId: string): Actor => ({ role: 'department', keyId: `key-${departmentId}`, departmentId });

const input = (code: string): ProjectWorkflowInput => ({
  projectId: `id-${code}`,
  code,
  submittedBy: { role: 'window', keyId: 'win-1' },
  intake: {
    applicant: { name: '某某科技有限公司', uscc: '91350100M000100Y43', contact: { name: '张三', phone: '13800000000' } },
    name: '年产 10 万件精密零部件项目',
    type: 'industrial',
    location: '城东工业园',
    investmentWan: 5000,
    greenChannel: false,
    materials: [{ name: '项目申请报告' }],
    firstInquiryStaff: '李窗口',
  },
});

describe('project workflow (vertical slice)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('when two departments each accept and approve, then one consolidated reply is compiled', async () => {
    const acts = mockLifecycle([item('FGW-01', 'FGW'), item('GHJ-01', 'GHJ')]);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'slice',
      workflowsPath,
      activities: acts,
    });
    await worker.runUntil(async () => {
      const code = 'XM-TEST-0001';
      const handle = await env.client.workflow.start<typeof projectWorkflow>('projectWorkflow', {
        taskQueue: 'slice',
        workflowId: projectWorkflowId(code),
        args: [input(code)],
      });
      const intake = await handle.executeUpdate(intakeResultUpdate);
      expect(intake.tasks.map((t) => t.itemId)).toEqual(['FGW-01', 'GHJ-01']);

      for (const [itemId, d] of [['FGW-01', 'FGW'], ['GHJ-01', 'GHJ']] as const) {
        const task = env.client.workflow.getHandle(taskWorkflowId(`${code}.${itemId}`));
        await task.query(taskStateQuery).catch(() => undefined);
        const accepted = await task.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: 1, actor: dept(d) }] });
        await task.executeUpdate(decideTaskUpdate, {
          args: [{ expectedVersion: accepted.version, actor: dept(d), decision: 'approved', reasons: [], permitNumber: `${d}-2026-001` }],
        });
      }
      const final = await handle.result();
      expect(final.status).toBe('replied');
      expect(acts.compileReply).toHaveBeenCalledTimes(1);
      expect(acts.registerProject).toHaveBeenCalledTimes(1);
    });
  });
});
