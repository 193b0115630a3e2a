/** Officer administration (admin) and the service point catalogue. */
import { Router } from 'express';
import { createOfficer, OfficerInputError, updateOfficer, type OfficerChange, type OfficerRow } from '../../lib/auth/officers';
import type { OfficerRole } from '../../lib/auth/keys';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';

const toApiOfficer = (o: OfficerRow) => ({
  id: o.id,
  username: o.username,
  name: o.name,
  role: o.role as OfficerRole,
  departmentId: o.departmentId,
  servicePointId: o.servicePointId,
  agentId: o.agentId,
  disabled: o.disabledAt !== null,
  disabledAt: o.disabledAt ? o.disabledAt.toISOString() : null,
  passwordChangedAt: o.passwordChangedAt.toISOString(),
  createdAt: o.createdAt.toISOString(),
  updatedAt: o.updatedAt.toISOString(),
});

/** The problem for an officer input error (officers and the own password change); anything else is returned as is. */
export function officerProblem(err: unknown): unknown {
  if (!(err instanceof OfficerInputError)) return err;
  if (err.kind === 'conflict') return ProblemError.conflict('already_exists', err.message);
  if (err.kind === 'unknown') return ProblemError.unknownReference(err.pointer, err.message);
  if (err.kind === 'rule') return ProblemError.ruleViolated(err.pointer, err.message);
  return ProblemError.validation(err.message, [{ in: 'body', pointer: err.pointer, message: err.message }]);
}

export function officersRouter({ db }: ApiDeps): Router {
  const r = Router();

  r.post('/api/v1/officers', async (req, res) => {
    const { body } = validated(req, 'createOfficer');
    const row = await createOfficer(db, {
      ...body,
      departmentId: body.departmentId ?? null,
      servicePointId: body.servicePointId ?? null,
      agentId: body.agentId ?? null,
    }).catch((err: unknown) => {
      throw officerProblem(err);
    });
    res.setHeader('Location', `/api/v1/officers/${row.id}`);
    respond(res, 'createOfficer', 201, toApiOfficer(row));
  });

  r.get('/api/v1/officers', async (req, res) => {
    const { query } = validated(req, 'listOfficers');
    const rows = await db.officer.findMany({
      where: { ...(query.role ? { role: query.role } : {}), ...(query.includeDisabled === false ? { disabledAt: null } : {}) },
      orderBy: { username: 'asc' },
    });
    respond(res, 'listOfficers', 200, { items: rows.map(toApiOfficer) });
  });

  r.patch('/api/v1/officers/:officerId', async (req, res) => {
    const { path, body } = validated(req, 'updateOfficer');
    const row = await updateOfficer(db, path.officerId, body as OfficerChange).catch((err: unknown) => {
      throw officerProblem(err);
    });
    if (!row) throw ProblemError.notFound(`工作人员 ${path.officerId} 不存在`);
    respond(res, 'updateOfficer', 200, toApiOfficer(row));
  });

  r.get('/api/v1/service-points', async (req, res) => {
    validated(req, 'listServicePoints');
    const rows = await db.servicePoint.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
    respond(res, 'listServicePoints', 200, { items: rows.map(({ id, name, kind }) => ({ id, name, kind: kind as 'county' })) });
  });

  return r;
}
