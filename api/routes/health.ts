/** Liveness with dependency status (/health) and readiness for load balancers (/ready). */
import { Router } from 'express';
import { authenticate } from '../../lib/auth/keys';
import type { ApiDeps } from '../context';

/** What an anonymous caller sees for a failing dependency: driver errors name hosts and users. */
const WITHHELD = '不可用（详情仅管理员可见，或见网关日志）';

async function check(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<{ status: 'up' | 'down'; latencyMs: number; detail: string | null }> {
  const started = Date.now();
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('超时')), timeoutMs).unref())]);
    return { status: 'up', latencyMs: Date.now() - started, detail: null };
  } catch (err) {
    return { status: 'down', latencyMs: Date.now() - started, detail: err instanceof Error ? err.message.slice(0, 200) : '不可用' };
  }
}

export function healthRouter({ db, temporal, config, logger }: ApiDeps): Router {
  const r = Router();
  const probes = () =>
    Promise.all([
      check(() => temporal.workflowService.describeNamespace({ namespace: config.TEMPORAL_NAMESPACE })),
      check(() => db.$queryRawUnsafe('SELECT 1')),
    ]);

  /** Only an admin key sees driver error text; a failed lookup (the database may be the thing that is down) counts as anonymous. */
  const isAdmin = async (authorization: string | undefined) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return false;
    const principal = await authenticate(db, m[1]).catch(() => undefined);
    return principal?.role === 'admin';
  };

  r.get('/health', async (req, res) => {
    let [t, d] = await probes();
    const ok = t.status === 'up' && d.status === 'up';
    if (!ok) {
      logger.warn({ temporal: t.detail, database: d.detail }, '健康检查：依赖不可用');
      if (!(await isAdmin(req.get('authorization')))) {
        const withhold = (c: typeof t) => (c.detail === null ? c : { ...c, detail: WITHHELD });
        [t, d] = [withhold(t), withhold(d)];
      }
    }
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : t.status === 'down' && d.status === 'down' ? 'down' : 'degraded',
      time: new Date().toISOString(),
      ...(process.env.npm_package_version ? { version: process.env.npm_package_version } : {}),
      checks: { temporal: t, database: d },
    });
  });

  r.get('/ready', async (_req, res) => {
    const [t, d] = await probes();
    const ready = t.status === 'up' && d.status === 'up';
    res.status(ready ? 200 : 503).json({ ready, checks: { temporal: t.status === 'up', database: d.status === 'up' } });
  });
  return r;
}
