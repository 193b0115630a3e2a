/**
 * `--profile DIR`: the gateway and the worker are restarted under bench/profile-service.ts (same
 * environment, same port, same task queue), and their CPU profiles cover exactly the measured
 * system phase: DIR/api.cpuprofile and DIR/worker.cpuprofile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { waitForPort } from '../lib/temporal/dev-server';
import { spawnService, type ProofSystem, type Service } from '../scripts/proof/processes';
import { sleep } from './stats';

export interface Profiled {
  api: Service;
  worker: Service;
  /** Starts the profilers, or stops them and writes the files. */
  toggle(): void;
  stop(): Promise<void>;
  files: string[];
}

export async function profileServices(sys: ProofSystem, dir: string): Promise<Profiled> {
  fs.mkdirSync(dir, { recursive: true });
  await Promise.all([sys.api.stop(), sys.worker.stop()]);
  const files = ['api', 'worker'].map((n) => path.join(path.resolve(dir), `${n}.cpuprofile`));
  const wrapped = (name: string, target: string, out: string) =>
    spawnService(`${name}-profiled`, 'bench/profile-service.ts', { ...sys.env, PROFILE_TARGET: target, PROFILE_OUT: out }, sys.workDir);
  const api = wrapped('api', 'api/main.ts', files[0]);
  const worker = wrapped('worker', 'worker/main.ts', files[1]);
  await waitForPort('127.0.0.1', Number(sys.env.API_PORT), 60_000, () => api.alive());
  return {
    api,
    worker,
    files,
    toggle() {
      for (const f of files) {
        if (fs.existsSync(`${f}.on`)) fs.rmSync(`${f}.on`);
        else fs.writeFileSync(`${f}.on`, '');
      }
    },
    async stop() {
      for (let i = 0; i < 50 && !files.every((f) => fs.existsSync(f)); i++) await sleep(200);
      await Promise.all([api.alive() ? api.stop() : undefined, worker.alive() ? worker.stop() : undefined]);
    },
  };
}
