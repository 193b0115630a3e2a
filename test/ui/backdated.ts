/**
 * A project whose intake lies in the past, as a migration would bring it in: started on the
 * project workflow directly with its receivedAt override (the gateway never sets it), so its
 * clocks are already running late and the lights are red on arrival.
 */
import { allocateProjectCode } from '../../api/routes/project-code';
import { intakeResultUpdate, projectWorkflowId, type ProjectIntake, type ProjectWorkflowInput } from '../../workflows/project/contracts';
import type { TestSystem } from '../support/system';

export async function fileBackdatedProject(sys: TestSystem, receivedAt: number, intake: ProjectIntake): Promise<string> {
  const code = await allocateProjectCode(sys.db, Date.now());
  const input: ProjectWorkflowInput = {
    projectId: code,
    code,
    intake,
    submittedBy: { role: 'window', keyId: 'migration', name: '历史数据迁移' },
    receivedAt,
  };
  const handle = await sys.env.client.workflow.start('projectWorkflow', { workflowId: projectWorkflowId(code), taskQueue: sys.taskQueue, args: [input] });
  await handle.executeUpdate(intakeResultUpdate);
  return code;
}
