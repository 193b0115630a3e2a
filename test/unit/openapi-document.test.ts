import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import {
  compileAllComponentSchemas,
  openApiDocument,
  operations,
  resolveOpenApiPath,
  type JsonObject,
} from '../../api/http/openapi-document';
import { PROBLEM_KINDS, problemType, type ProblemKind } from '../../api/http/problem';
import { precompileAll } from '../../api/http/validation';

// openapi-typescript pulls in ESM-only dependencies that Jest's CommonJS runtime cannot load, so the
// generator is exercised through its CLI exactly as CI runs it.
const ROOT = path.resolve(__dirname, '..', '..');

const REQUIRED_OPERATION_IDS = [
  // window
  'submitProject', 'getProject', 'listProjects', 'submitMaterials', 'withdrawProject', 'getConsolidatedReply', 'computeDeadline',
  // department
  'listTasks', 'getTask', 'acceptTask', 'requestSupplement', 'decideTask', 'reassignTask',
  // agent
  'recordMilestone', 'recordSatisfaction', 'getProjectTimeline',
  // integration
  'listEvents', 'createWebhookSubscription', 'listWebhookSubscriptions', 'deleteWebhookSubscription', 'listWebhookDeliveries',
  // catalogue / admin
  'listDepartments', 'listApprovalItems', 'putCalendarYear', 'getCalendarYear', 'createApiKey', 'listApiKeys', 'revokeApiKey',
  // ops
  'getHealth', 'getReadiness',
];
/** The portal's operations (/api/v1/public/…, x-roles [public]) are public by design. */
const PORTAL_OPERATION_IDS = [
  'getPublicGuide', 'getPublicFlow', 'forecastProject', 'lookupProjectProgress',
  'createComplaintChallenge', 'filePublicComplaint', 'getPublicComplaint', 'listPublicNotices',
  'submitPublicRating', 'getPublicPerformance', 'listPublicFirstInquiryPosts',
];
const PUBLIC_OPERATION_IDS = ['getHealth', 'getReadiness', 'getOpenApiDocument', 'getApiDocs', 'getMetrics', 'createSession', ...PORTAL_OPERATION_IDS];
const ROLES = ['window', 'department', 'agent', 'supervisor', 'admin'];

const doc = openApiDocument();
const ops = [...operations().values()];
const schemas = (doc.components as JsonObject).schemas as Record<string, JsonObject>;

describe('the OpenAPI document', () => {
  it('when linted against the OpenAPI 3.1 specification and the recommended rules, then it has no problems', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: readFileSync(resolveOpenApiPath(), 'utf8'),
      absoluteRef: resolveOpenApiPath(),
      config,
    });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`)).toEqual([]);
    expect(doc.openapi).toMatch(/^3\.1\./);
  });

  it('when every component schema is compiled by strict Ajv (2020-12), then none fails', () => {
    expect(compileAllComponentSchemas().length).toBeGreaterThan(50);
  });

  it('when every operation is compiled into request validators, then none fails', () => {
    expect(precompileAll()).toEqual(expect.arrayContaining(REQUIRED_OPERATION_IDS));
  });

  it('when listing operationIds, then every required one exists exactly once', () => {
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(REQUIRED_OPERATION_IDS.filter((id) => !ids.includes(id))).toEqual([]);
  });

  const SESSION_ONLY_OPERATION_IDS = ['getSession', 'deleteSession', 'changeOwnPassword', 'listMyNotifications', 'markNotificationsRead'];

  it('when an operation is not explicitly public, then it declares key-or-session security, its roles, 401 and 500', () => {
    const offenders: string[] = [];
    for (const op of ops) {
      if (op.security === undefined) offenders.push(`${op.operationId}: no explicit security`);
      else if (op.security.length === 0) {
        if (!PUBLIC_OPERATION_IDS.includes(op.operationId)) offenders.push(`${op.operationId}: public but not on the public list`);
      } else {
        // A key or a session everywhere; the session operations (getSession …) take a session only.
        const security = JSON.stringify(op.security);
        const sessionOnly = SESSION_ONLY_OPERATION_IDS.includes(op.operationId);
        const expected = sessionOnly ? [{ sessionCookie: [] }] : [{ bearerAuth: [] }, { sessionCookie: [] }];
        if (security !== JSON.stringify(expected)) offenders.push(`${op.operationId}: unexpected security`);
        if (op.roles.length === 0 || op.roles.some((r) => !ROLES.includes(r))) offenders.push(`${op.operationId}: bad x-roles`);
        for (const status of ['401', '500']) if (!op.responses[status]) offenders.push(`${op.operationId}: no ${status}`);
      }
    }
    expect(offenders).toEqual([]);
    expect(PUBLIC_OPERATION_IDS.every((id) => ops.find((o) => o.operationId === id)?.security?.length === 0)).toBe(true);
  });

  it('when an operation is under /api/v1/public/, then it is a portal operation: no security, x-roles [public], and a 429', () => {
    const portal = ops.filter((o) => o.path.startsWith('/api/v1/public/'));
    expect(portal.map((o) => o.operationId).sort()).toEqual([...PORTAL_OPERATION_IDS].sort());
    for (const op of portal) expect([op.operationId, op.security, op.roles, Boolean(op.responses['429'])]).toEqual([op.operationId, [], ['public'], true]);
  });

  it('when an operation takes If-Match, then it declares 412 and 428 and its success carries an ETag', () => {
    const withIfMatch = ops.filter((o) => o.parameters.some((p) => p.in === 'header' && p.name === 'If-Match'));
    expect(withIfMatch.map((o) => o.operationId).sort()).toEqual([
      'acceptTask',
      'decideDeadlineExtension',
      'decideTask',
      'endExcludedPeriod',
      'reassignTask',
      'recordIntermediaryResult',
      'requestDeadlineExtension',
      'requestSupplement',
      'startExcludedPeriod',
      'startIntermediaryPeriod',
    ]);
    for (const op of withIfMatch) {
      expect([op.operationId, Object.keys(op.responses)]).toEqual([op.operationId, expect.arrayContaining(['412', '428'])]);
      const success = Object.keys(op.responses).find((s) => s.startsWith('2'))!;
      expect([op.operationId, op.responses[success]?.headers?.ETag?.required]).toEqual([op.operationId, true]);
    }
  });

  it('when submitting a project, then Idempotency-Key is a required header and 422 is declared', () => {
    const op = operations().get('submitProject');
    expect(op?.parameters.find((p) => p.name === 'Idempotency-Key')?.required).toBe(true);
    expect(op?.responses['422']).toBeDefined();
  });

  it('when an error response is declared, then it is application/problem+json with the Problem schema', () => {
    const offenders: string[] = [];
    for (const op of ops) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || op.security?.length === 0) continue;
        const schema = response.content?.['application/problem+json']?.schema;
        if (schema?.$ref !== '#/components/schemas/Problem') offenders.push(`${op.operationId} ${status}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('when an object schema is declared in components, then it states whether extra properties are allowed', () => {
    // A base schema (the event envelope) is closed by the schemas that compose it with allOf and
    // `unevaluatedProperties: false`; `additionalProperties` on the base would defeat that.
    const closedByComposition = new Set(
      Object.values(schemas)
        .filter((s) => s.unevaluatedProperties === false)
        .flatMap((s) => ((s.allOf ?? []) as { $ref?: string }[]).map((r) => r.$ref?.split('/').pop())),
    );
    const open = Object.entries(schemas)
      .filter(([, s]) => s.type === 'object' && s.properties !== undefined && s.additionalProperties === undefined)
      .filter(([name, s]) => s.unevaluatedProperties === undefined && !closedByComposition.has(name))
      .map(([name]) => name);
    expect(open).toEqual([]);
  });

  it('when the task status enum is read, then it is exactly the published lifecycle', () => {
    expect(schemas.TaskStatus?.enum).toEqual(['waiting', 'received', 'supplement_requested', 'accepted', 'decided', 'not_started', 'cancelled']);
  });
});

describe('the problem catalogue', () => {
  const kinds = Object.keys(PROBLEM_KINDS) as ProblemKind[];
  const description = String((doc.info as JsonObject).description);
  const errorsMd = readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8');

  it.each(kinds)('when the kind %s exists in problem.ts, then the OpenAPI description and docs/errors.md list it with its status', (kind) => {
    const row = new RegExp(`\\| ${problemType(kind).replace(/[.]/g, '\\.')} \\| ${PROBLEM_KINDS[kind].status} \\|`);
    expect(description).toMatch(row);
    expect(errorsMd).toMatch(row);
  });

  it('when the documents list problem types, then every one of them exists in problem.ts', () => {
    const documented = new Set([...`${description}\n${errorsMd}`.matchAll(/https:\/\/approval\.gov\.local\/problems\/([a-z-]+)/g)].map((m) => m[1]));
    expect([...documented].filter((k) => !kinds.includes(k as ProblemKind))).toEqual([]);
  });
});

describe('the generated types', () => {
  it('when the generator runs with --check, then the committed file is up to date and a stale one exits 1', async () => {
    const run = promisify(execFile);
    const script = path.join(ROOT, 'scripts', 'gen-api-types.ts');
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    await expect(run(tsx, [script, '--check'], { cwd: ROOT })).resolves.toBeDefined();
    const stale = path.join(mkdtempSync(path.join(tmpdir(), 'api-types-')), 'openapi.d.ts');
    writeFileSync(stale, '// stale\n');
    await expect(run(tsx, [script, '--check', '--out', stale], { cwd: ROOT })).rejects.toMatchObject({ code: 1 });
  });
});
