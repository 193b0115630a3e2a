/** Prebuilds the workflow bundle for the production image (dist/workflow-bundle.js) or into the file given as argument. */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { repoRoot } from '../lib/paths';
import { failureConverterPath } from '../lib/temporal/data-converter';
import { workflowInterceptorModules, workflowsPath } from '../worker/worker';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, failureConverterPath });
  const out = path.resolve(process.argv[2] ?? path.join(repoRoot, 'dist', 'workflow-bundle.js'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  process.stdout.write(`已生成工作流包：${out}\n`);
}

void main();
