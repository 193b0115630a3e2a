/** API key administration: created keys are shown once; only prefix and hash are stored. */
import { Router } from 'express';
import type { KeyAuthenticator } from '../../lib/auth/key-cache';
import { createApiKey } from '../../lib/auth/keys';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';

interface KeyRow {
  id: string;
  prefix: string;
  role: string;
  departmentId: string | null;
  agentId: string | null;
  servicePointId: string | null;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
}

const toApiKey = (k: KeyRow) => ({
  id: k.id,
  prefix: k.prefix,
  role: k.role as 'admin',
  departmentId: k.departmentId,
  agentId: k.agentId,
  servicePointId: k.servicePointId,
  label: k.label,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

export function keysRouter({ db, keys }: ApiDeps & { keys: KeyAuthenticator }): Router {
  const r = Router();

  r.post('/api/v1/api-keys', async (req, res) => {
    const { body } = validated(req, 'createApiKey');
    if (body.role === 'department') {
      if (!body.departmentId || !(await db.department.findUnique({ where: { id: body.departmentId } }))) {
        throw ProblemError.unknownReference('/departmentId', '部门密钥必须绑定存在的部门，请填写存在的部门编号');
      }
    }
    if (body.role === 'agent') {
      if (!body.agentId || !(await db.agent.findUnique({ where: { id: body.agentId } }))) {
        throw ProblemError.unknownReference('/agentId', '代办专员密钥必须绑定存在的代办专员，请填写存在的代办专员编号');
      }
    }
    if (body.role === 'window') {
      if (!body.servicePointId || !(await db.servicePoint.findUnique({ where: { id: body.servicePointId } }))) {
        throw ProblemError.unknownReference('/servicePointId', '窗口密钥必须绑定存在的便民服务中心，请填写存在的便民服务中心编号');
      }
    }
    const { id, key } = await createApiKey(db, {
      role: body.role,
      label: body.label,
      departmentId: body.departmentId ?? undefined,
      agentId: body.agentId ?? undefined,
      servicePointId: body.servicePointId ?? undefined,
    });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id } });
    res.setHeader('Location', `/api/v1/api-keys/${id}`);
    respond(res, 'createApiKey', 201, { apiKey: toApiKey(row), key });
  });

  r.get('/api/v1/api-keys', async (req, res) => {
    const { query } = validated(req, 'listApiKeys');
    // Revoked keys stay for audit but are listed only on request (includeRevoked, default false).
    const rows = await db.apiKey.findMany({ where: query.includeRevoked ? {} : { revokedAt: null }, orderBy: { createdAt: 'asc' } });
    respond(res, 'listApiKeys', 200, { items: rows.map(toApiKey) });
  });

  r.delete('/api/v1/api-keys/:keyId', async (req, res) => {
    const { path } = validated(req, 'revokeApiKey');
    const row = await db.apiKey.findUnique({ where: { id: path.keyId } });
    if (!row) throw ProblemError.notFound(`API Key ${path.keyId} 不存在`);
    // An administrator must not lock itself out with the key it is using; another admin key (or a session) can.
    if (row.id === principalOf(req).keyId) throw ProblemError.conflict('own_key', '不能吊销当前请求所用的 API Key，请改用其他管理员凭据操作');
    // Revoking twice is harmless: the first revocation time is kept.
    if (!row.revokedAt) await db.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    // At once here, and on the other gateways when they hear of it (lib/auth/key-revocations.ts).
    await keys.revoked(row.id);
    res.status(204).end();
  });

  return r;
}
