/** Prints (building or resolving once if needed) the path of a Temporal binary: `cli`, `test-server`, `server`, `sql-tool` or `ui-server`. */
import { resolveTemporalCli, resolveTemporalServer, resolveTemporalSqlTool, resolveTemporalUiServer, resolveTestServer, MissingToolError } from '../lib/temporal/binaries';

const resolvers: Record<string, () => string> = {
  cli: resolveTemporalCli,
  'test-server': resolveTestServer,
  server: resolveTemporalServer,
  'sql-tool': resolveTemporalSqlTool,
  'ui-server': resolveTemporalUiServer,
};

const which = process.argv[2] ?? 'cli';
try {
  const resolve = resolvers[which];
  if (!resolve) throw new Error(`未知的程序：${which}（可选：${Object.keys(resolvers).join('、')}）`);
  const resolved = resolve();
  process.stdout.write(`${resolved}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof MissingToolError ? err.message : String(err)}\n`);
  process.exit(1);
}
