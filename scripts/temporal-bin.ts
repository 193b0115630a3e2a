/** Prints (building or resolving once if needed) the path of a Temporal binary: `cli` or `test-server`. */
import { resolveTemporalCli, resolveTestServer, MissingToolError } from '../lib/temporal/binaries';

const which = process.argv[2] ?? 'cli';
try {
  const resolved = which === 'test-server' ? resolveTestServer() : resolveTemporalCli();
  process.stdout.write(`${resolved}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof MissingToolError ? err.message : String(err)}\n`);
  process.exit(1);
}
