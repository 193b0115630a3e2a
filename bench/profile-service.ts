/**
 * Runs a service entry (PROFILE_TARGET, e.g. api/main.ts) under the V8 CPU profiler: `--cpu-prof`
 * is refused in NODE_OPTIONS and the proof harness starts services without extra node flags, so
 * the profiler is driven through node:inspector, switched on and off by the bench (a control file)
 * around the measured phase, and written to PROFILE_OUT as a .cpuprofile (Chrome DevTools → Performance,
 * or `npx tsx bench/profile-summary.ts <file>`).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const target = process.env.PROFILE_TARGET;
const out = process.env.PROFILE_OUT;
if (!target || !out) throw new Error('需要 PROFILE_TARGET 与 PROFILE_OUT');
const control = `${out}.on`;
const session = new Session();
session.connect();
let running = false;
// The profiler runs while the control file exists. Not a signal: the Temporal runtime takes
// SIGUSR2 as a shutdown signal, and SIGUSR1 belongs to the inspector.
setInterval(() => {
  const wanted = fs.existsSync(control);
  if (wanted && !running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
  } else if (!wanted && running) {
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (!err) fs.writeFileSync(out, JSON.stringify(result.profile));
    });
  }
}, 250).unref();

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry is chosen at run time
require(path.resolve(target));
