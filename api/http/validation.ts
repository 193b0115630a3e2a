/**
 * Request validation at the edge, compiled from openapi/openapi.yaml.
 *
 * Type policy (deliberate): JSON bodies are validated as sent — no coercion, `"5"` is not 5.
 * Query, path and header values are always strings on the wire, so they are parsed explicitly
 * according to the declared parameter schema before Ajv sees them: integer/number accept only
 * plain decimal text, boolean only `true`/`false`, arrays come from repeated keys
 * (`?status=a&status=b`, OpenAPI style=form, explode=true). Text that does not parse is passed
 * through unchanged so Ajv reports a precise "类型应为整数" on that parameter. Undeclared query
 * parameters are rejected; undeclared headers are ignored (proxies add plenty).
 *
 * Declared `default`s are filled in (e.g. `limit`, `greenChannel`), so handlers need no fallbacks.
 *
 * Handlers read the parsed values through `validated(req, operationId)`, typed from the
 * generated api/generated/openapi.d.ts. Express 5 makes `req.query` a read-only getter, so the
 * raw request is left untouched. Use either `validateRequests()` once for the whole app or
 * `validateRequest(id)` per route; both need `jsonBodyParser()` mounted before them.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { ValidateFunction } from 'ajv';
import type { operations } from '../generated/openapi';
import {
  compileSchema,
  concreteSchema,
  describeAjvErrors,
  getOperation,
  matchRoute,
  operations as operationIndex,
  type JsonObject,
  type OperationInfo,
  type ParameterObject,
} from './openapi-document';
import { ProblemError, type FieldError } from './problem';


// ---------------------------------------------------------------------------------------------
// Types derived from the generated contract

export type OperationId = keyof operations;
type OrEmpty<T> = [T] extends [never] ? Record<string, never> : T;
type JsonContent<C> = C extends { content: { 'application/json': infer B } } ? B : never;

export type Query<O extends OperationId> = OrEmpty<NonNullable<operations[O]['parameters']['query']>>;
export type PathParams<O extends OperationId> = OrEmpty<NonNullable<operations[O]['parameters']['path']>>;
/** Keys are the declared header names, e.g. `'If-Match'`. */
export type HeaderParams<O extends OperationId> = OrEmpty<NonNullable<operations[O]['parameters']['header']>>;
export type Body<O extends OperationId> = operations[O] extends { requestBody: infer RB }
  ? JsonContent<RB>
  : operations[O] extends { requestBody?: infer RB }
    ? JsonContent<RB> | undefined
    : undefined;
export type ResponseStatus<O extends OperationId> = keyof operations[O]['responses'];
export type ResponseBody<O extends OperationId, S extends ResponseStatus<O>> = operations[O]['responses'][S] extends {
  content: infer C;
}
  ? C[keyof C]
  : undefined;

export interface ValidatedRequest<O extends OperationId = OperationId> {
  operationId: O;
  path: PathParams<O>;
  query: Query<O>;
  headers: HeaderParams<O>;
  body: Body<O>;
}

// ---------------------------------------------------------------------------------------------
// Compilation

type Location = 'query' | 'path' | 'header';
type ScalarKind = 'integer' | 'number' | 'boolean' | 'string';

interface ParamSpec {
  param: ParameterObject;
  array: boolean;
  kind: ScalarKind;
}

interface LocationValidator {
  specs: Map<string, ParamSpec>; // query/path by name, header by lower-case name
  validate?: ValidateFunction;
}

interface CompiledOperation {
  op: OperationInfo;
  params: Record<Location, LocationValidator>;
  body?: { required: boolean; mediaTypes: string[]; validate?: ValidateFunction };
}

function typesOf(schema: JsonObject): string[] {
  const t = schema.type;
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

function scalarKind(schema: JsonObject | undefined): ScalarKind {
  const types = typesOf(concreteSchema(schema));
  for (const kind of ['integer', 'number', 'boolean'] as const) if (types.includes(kind)) return kind;
  return 'string';
}

function specFor(param: ParameterObject): ParamSpec {
  const schema = concreteSchema(param.schema);
  const array = typesOf(schema).includes('array');
  return { param, array, kind: scalarKind(array ? (schema.items as JsonObject | undefined) : schema) };
}

function compileLocation(op: OperationInfo, location: Location): LocationValidator {
  const params = op.parameters.filter((p) => p.in === location);
  const specs = new Map<string, ParamSpec>();
  for (const p of params) specs.set(location === 'header' ? p.name.toLowerCase() : p.name, specFor(p));
  if (params.length === 0) return { specs };
  const schema: JsonObject = {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
    required: params.filter((p) => p.required === true || p.in === 'path').map((p) => p.name),
    additionalProperties: false,
  };
  return { specs, validate: compileSchema(schema) };
}

const compiledOperations = new Map<string, CompiledOperation>();

function compileOperation(operationId: string): CompiledOperation {
  const cached = compiledOperations.get(operationId);
  if (cached) return cached;
  const op = getOperation(operationId);
  const compiledOp: CompiledOperation = {
    op,
    params: { query: compileLocation(op, 'query'), path: compileLocation(op, 'path'), header: compileLocation(op, 'header') },
  };
  if (op.requestBody) {
    const mediaTypes = Object.keys(op.requestBody.content);
    const json = op.requestBody.content['application/json'];
    compiledOp.body = {
      required: op.requestBody.required,
      mediaTypes,
      validate: json?.schema ? compileSchema(json.schema) : undefined,
    };
  }
  compiledOperations.set(operationId, compiledOp);
  return compiledOp;
}

// ---------------------------------------------------------------------------------------------
// Parameter parsing

const INTEGER_TEXT = /^-?(0|[1-9][0-9]*)$/;
const NUMBER_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** Parses one wire string per the declared kind; unparseable text is returned as-is for Ajv to reject. */
export function parseScalar(raw: string, kind: ScalarKind): unknown {
  switch (kind) {
    case 'integer':
      return INTEGER_TEXT.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
    case 'number':
      return NUMBER_TEXT.test(raw) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}

function paramErrors(location: Location, validate: ValidateFunction): FieldError[] {
  return describeAjvErrors(validate.errors).map((d) => {
    const [name = '', index] = d.pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const where = index !== undefined && /^[0-9]+$/.test(index) ? `第 ${Number(index) + 1} 个值` : '';
    return { in: location, parameter: name, message: where + d.message, keyword: d.keyword };
  });
}

function rawQueryOf(req: Request): string {
  const url = req.originalUrl || req.url;
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i + 1);
}

function parseQuery(req: Request, v: LocationValidator, errors: FieldError[]): JsonObject {
  const values: JsonObject = {};
  const search = new URLSearchParams(rawQueryOf(req));
  for (const name of new Set(search.keys())) {
    const spec = v.specs.get(name);
    const raw = search.getAll(name);
    if (!spec) {
      errors.push({ in: 'query', parameter: name, message: '不支持的查询参数', keyword: 'additionalProperties' });
    } else if (spec.array) {
      values[name] = raw.map((r) => parseScalar(r, spec.kind));
    } else if (raw.length > 1) {
      errors.push({ in: 'query', parameter: name, message: '该参数只能出现一次', keyword: 'maxItems' });
    } else {
      values[name] = parseScalar(raw[0] ?? '', spec.kind);
    }
  }
  return values;
}

function parsePath(req: Request, v: LocationValidator, rawFromMatch: Record<string, string> | undefined, errors: FieldError[]): JsonObject {
  const values: JsonObject = {};
  for (const [name, spec] of v.specs) {
    // Express has already decoded req.params; our own matcher yields raw segments.
    let value: string | undefined = typeof req.params?.[name] === 'string' ? req.params[name] : undefined;
    if (value === undefined && rawFromMatch?.[name] !== undefined) {
      try {
        value = decodeURIComponent(rawFromMatch[name]);
      } catch {
        errors.push({ in: 'path', parameter: name, message: '路径参数编码无效', keyword: 'format' });
        continue;
      }
    }
    if (value !== undefined) values[name] = parseScalar(value, spec.kind);
  }
  return values;
}

function parseHeaders(req: Request, v: LocationValidator): { values: JsonObject; missingIfMatch: boolean } {
  const values: JsonObject = {};
  let missingIfMatch = false;
  for (const [lower, spec] of v.specs) {
    const raw = req.get(lower);
    if (raw === undefined || raw === '') {
      // RFC 6585: a missing precondition is 428, not a generic validation error.
      if (lower === 'if-match' && spec.param.required) missingIfMatch = true;
      continue;
    }
    values[spec.param.name] = spec.array ? raw.split(',').map((s) => parseScalar(s.trim(), spec.kind)) : parseScalar(raw, spec.kind);
  }
  return { values, missingIfMatch };
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

// ---------------------------------------------------------------------------------------------
// Middleware

const validatedRequests = new WeakMap<Request, ValidatedRequest>();

function runValidation(req: Request, compiledOp: CompiledOperation, rawPath?: Record<string, string>): void {
  const errors: FieldError[] = [];
  const { params } = compiledOp;

  const query = parseQuery(req, params.query, errors);
  if (params.query.validate && !params.query.validate(query)) errors.push(...paramErrors('query', params.query.validate));

  const path = parsePath(req, params.path, rawPath, errors);
  if (params.path.validate && !params.path.validate(path)) errors.push(...paramErrors('path', params.path.validate));

  const headerResult = parseHeaders(req, params.header);
  const headers = headerResult.values;
  if (params.header.validate && !params.header.validate(headers)) {
    errors.push(...paramErrors('header', params.header.validate).filter((e) => !(headerResult.missingIfMatch && e.parameter === 'If-Match')));
  }

  let body: unknown;
  const spec = compiledOp.body;
  if (hasBody(req)) {
    if (!spec) {
      errors.push({ in: 'body', pointer: '', message: '该接口不接受请求体', keyword: 'requestBody' });
    } else if (!req.is(spec.mediaTypes)) {
      throw ProblemError.unsupportedMediaType(`请求体必须为 ${spec.mediaTypes.join(' 或 ')}。`);
    } else if (req.body === undefined) {
      throw new Error('validateRequest: request body was not parsed — mount jsonBodyParser() (express.json) before it');
    } else {
      body = req.body;
      if (spec.validate && !spec.validate(body)) {
        errors.push(...describeAjvErrors(spec.validate.errors).map((d) => ({ in: 'body' as const, pointer: d.pointer, message: d.message, keyword: d.keyword })));
      }
    }
  } else if (spec?.required) {
    errors.push({ in: 'body', pointer: '', message: '缺少请求体', keyword: 'required' });
  }

  if (errors.length > 0) {
    throw ProblemError.validation(`请求不符合接口约定（${compiledOp.op.operationId}），共 ${errors.length} 处错误。`, errors);
  }
  if (headerResult.missingIfMatch) throw ProblemError.preconditionRequired();

  validatedRequests.set(req, { operationId: compiledOp.op.operationId as OperationId, path, query, headers, body } as ValidatedRequest);
}

function pathnameOf(req: Request): string {
  return (req.originalUrl || req.url).split('?')[0] ?? '/';
}

/**
 * Per-route validation: `app.post(expressPath('acceptTask'), validateRequest('acceptTask'), handler)`.
 * Compiles eagerly, so a misspelt operationId fails when the app is wired, not on first request.
 */
export function validateRequest(operationId: OperationId): RequestHandler {
  const compiledOp = compileOperation(operationId);
  return (req, _res, next) => {
    const match = compiledOp.op.pattern.exec(pathnameOf(req));
    const raw: Record<string, string> = {};
    compiledOp.op.pathParamNames.forEach((name, i) => {
      if (match?.[i + 1] !== undefined) raw[name] = match[i + 1] as string;
    });
    runValidation(req, compiledOp, raw);
    next();
  };
}

/**
 * Router-level validation: finds the operation for each request from the contract's paths.
 * Requests to paths the contract does not know pass through (static assets, the 404 fallback);
 * a known path with an undeclared method is answered 405 with `Allow`.
 */
export function validateRequests(): RequestHandler {
  return (req, _res, next) => {
    const match = matchRoute(req.method, pathnameOf(req));
    if (match.kind === 'none') {
      next();
      return;
    }
    if (match.kind === 'method-not-allowed') throw ProblemError.methodNotAllowed(match.allowed);
    runValidation(req, compileOperation(match.operation.operationId), match.rawPathParams);
    next();
  };
}

/** Typed access to what the validator parsed; throws if the request was validated for another operation. */
export function validated<O extends OperationId>(req: Request, operationId: O): ValidatedRequest<O> {
  const v = validatedRequests.get(req);
  if (!v) throw new Error(`request was not validated (expected ${operationId}); mount validateRequest/validateRequests first`);
  if (v.operationId !== operationId) throw new Error(`request was validated as ${v.operationId}, not ${operationId}`);
  return v as unknown as ValidatedRequest<O>;
}

/** The JSON body parser the validator expects: strict (objects/arrays only), bounded size. */
export function jsonBodyParser(options: { limit?: string | number } = {}): RequestHandler {
  return express.json({ limit: options.limit ?? '1mb', strict: true, type: ['application/json', 'application/*+json'] });
}

/**
 * Compiles every operation's validators. The contract test calls it so a broken schema fails CI; the gateway
 * compiles lazily instead (all 62 operations take ~1.7 s, too slow for every start).
 */
export function precompileAll(): string[] {
  const ids = [...operationIndex().keys()];
  ids.forEach((id) => compileOperation(id));
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Versions and typed responses

/** The strong ETag for a resource version: `"3"`. */
export function formatETag(version: number): string {
  return `"${version}"`;
}

/**
 * Checks an If-Match header against the current version; throws 412 when stale. Accepts `*`,
 * weak tags (`W/"3"`, compared weakly as a client echoing a proxy-weakened tag is still right)
 * and lists (`"2", "3"`).
 */
export function assertIfMatch(ifMatch: string, currentVersion: number): void {
  if (ifMatch.trim() === '*') return;
  const wanted = formatETag(currentVersion);
  if (!ifMatchTags(ifMatch).includes(wanted)) {
    throw ProblemError.preconditionFailed(`任务已更新到版本 ${currentVersion}，请重新获取（ETag ${wanted}）后再操作。`);
  }
}

/** True when the If-Match names exactly this one version (`"7"` or `W/"7"`), not `*` or a list. */
export function ifMatchIsExactly(ifMatch: string, version: number): boolean {
  const tags = ifMatchTags(ifMatch);
  return tags.length === 1 && tags[0] === formatETag(version);
}

/** The entity tags of an If-Match list, weak ones compared as strong. */
function ifMatchTags(ifMatch: string): string[] {
  return ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
}

/** Sends a JSON body whose type is checked against the contract at compile time. */
export function respond<O extends OperationId, S extends ResponseStatus<O> & number>(
  res: Response,
  _operationId: O,
  status: S,
  body: ResponseBody<O, S>,
): void {
  if (body === undefined) res.status(status).end();
  else res.status(status).json(body);
}
