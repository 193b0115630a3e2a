/**
 * Loads openapi/openapi.yaml once and turns it into what the edge needs at run time: an operation
 * index (method + path template → operation), one shared Ajv instance that knows every component
 * schema, and Chinese field-level messages for Ajv errors. validation.ts, docs.ts and the contract
 * test helper all read the document through here, so there is exactly one parse of the contract.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isValidUscc } from '../../domain/uscc';
import { parse as parseYaml } from 'yaml';

export type JsonObject = Record<string, unknown>;

export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: JsonObject;
}

export interface MediaTypeObject {
  schema?: JsonObject;
}

export interface ResponseObject {
  description?: string;
  headers?: Record<string, { required?: boolean; schema?: JsonObject }>;
  content?: Record<string, MediaTypeObject>;
}

export interface OperationInfo {
  operationId: string;
  method: string; // lower case
  path: string; // OpenAPI template, e.g. /api/v1/tasks/{taskId}
  pathParamNames: string[];
  pattern: RegExp;
  parameters: ParameterObject[];
  requestBody?: { required: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject>;
  /** undefined = inherits the root `security`; [] = explicitly public. */
  security?: unknown[];
  roles: string[];
  /**
   * `x-csrf-exempt: true`: a cookie-authenticated call needs no X-CSRF-Token. Only for operations
   * that change nothing and whose cross-origin reads CORS restricts (the Temporal codec server,
   * which the Temporal Web UI calls without our token).
   */
  csrfExempt: boolean;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const SCHEMA_ID_BASE = 'https://approval.gov.local/openapi/components/schemas/';

/** Walks up from this file so the same code works from api/http (tsx, jest) and dist/api/http. */
export function resolveOpenApiPath(): string {
  const fromEnv = process.env.OPENAPI_DOCUMENT;
  if (fromEnv) return path.resolve(fromEnv);
  let dir = __dirname;
  for (let i = 0; i < 6; i += 1) {
    const candidate = path.join(dir, 'openapi', 'openapi.yaml');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('openapi/openapi.yaml not found (set OPENAPI_DOCUMENT to its path)');
}

let cachedDocument: JsonObject | undefined;

/** The parsed document. Treat as read-only: it is shared by every caller. */
export function openApiDocument(): JsonObject {
  if (!cachedDocument) {
    const parsed: unknown = parseYaml(readFileSync(resolveOpenApiPath(), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) throw new Error('OpenAPI document is not an object');
    cachedDocument = deepFreeze(parsed as JsonObject);
  }
  return cachedDocument;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Resolves a local `$ref` (`#/components/...`) for non-schema objects such as parameters. */
export function resolveRef<T>(node: unknown): T {
  let current = node as { $ref?: unknown };
  for (let hops = 0; typeof current === 'object' && current !== null && typeof current.$ref === 'string'; hops += 1) {
    if (hops > 10) throw new Error(`$ref cycle at ${current.$ref}`);
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported: ${ref}`);
    let target: unknown = openApiDocument();
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = (target as JsonObject | undefined)?.[key];
    }
    if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
    current = target as { $ref?: unknown };
  }
  return current as T;
}

/** Returns a schema with `$ref`s followed until a concrete schema (used to read `type`). */
export function concreteSchema(schema: JsonObject | undefined): JsonObject {
  return schema ? resolveRef<JsonObject>(schema) : {};
}

// ---------------------------------------------------------------------------------------------
// Operation index

let cachedOperations: Map<string, OperationInfo> | undefined;

function templateToRegExp(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (m?.[1] !== undefined) {
        names.push(m[1]);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

export function operations(): Map<string, OperationInfo> {
  if (cachedOperations) return cachedOperations;
  const doc = openApiDocument();
  const map = new Map<string, OperationInfo>();
  const paths = (doc.paths ?? {}) as Record<string, JsonObject>;
  for (const [template, pathItem] of Object.entries(paths)) {
    const shared = ((pathItem.parameters ?? []) as unknown[]).map((p) => resolveRef<ParameterObject>(p));
    const { pattern, names } = templateToRegExp(template);
    for (const method of HTTP_METHODS) {
      const op = pathItem[method] as JsonObject | undefined;
      if (!op) continue;
      const operationId = op.operationId;
      if (typeof operationId !== 'string') throw new Error(`${method.toUpperCase()} ${template} has no operationId`);
      const own = ((op.parameters ?? []) as unknown[]).map((p) => resolveRef<ParameterObject>(p));
      // Operation-level parameters override path-level ones with the same name and location.
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      const body = op.requestBody ? resolveRef<{ required?: boolean; content: Record<string, MediaTypeObject> }>(op.requestBody) : undefined;
      const responses: Record<string, ResponseObject> = {};
      for (const [status, response] of Object.entries((op.responses ?? {}) as JsonObject)) {
        const resolved = resolveRef<ResponseObject>(response);
        const headers = Object.fromEntries(
          Object.entries(resolved.headers ?? {}).map(([name, h]) => [name, resolveRef<{ required?: boolean; schema?: JsonObject }>(h)]),
        );
        responses[status] = { ...resolved, headers };
      }
      map.set(operationId, {
        operationId,
        method,
        path: template,
        pathParamNames: names,
        pattern,
        parameters,
        requestBody: body ? { required: body.required === true, content: body.content } : undefined,
        responses,
        security: Array.isArray(op.security) ? (op.security as unknown[]) : undefined,
        roles: Array.isArray(op['x-roles']) ? (op['x-roles'] as string[]) : [],
        csrfExempt: op['x-csrf-exempt'] === true,
      });
    }
  }
  cachedOperations = map;
  return map;
}

export function getOperation(operationId: string): OperationInfo {
  const op = operations().get(operationId);
  if (!op) throw new Error(`unknown operationId "${operationId}" (not in openapi/openapi.yaml)`);
  return op;
}

export type RouteMatch =
  | { kind: 'operation'; operation: OperationInfo; rawPathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'none' };

/** Finds the operation for a request path (no query string). Literal segments win over templates. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const wanted = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  const candidates = [...operations().values()]
    .filter((op) => op.pattern.test(pathname))
    .sort((a, b) => a.pathParamNames.length - b.pathParamNames.length);
  if (candidates.length === 0) return { kind: 'none' };
  const templates = new Set(candidates.map((c) => c.path));
  const best = [...templates][0];
  const sameTemplate = candidates.filter((c) => c.path === best);
  const operation = sameTemplate.find((c) => c.method === wanted);
  if (!operation) return { kind: 'method-not-allowed', allowed: sameTemplate.map((c) => c.method.toUpperCase()) };
  const match = operation.pattern.exec(pathname);
  const rawPathParams: Record<string, string> = {};
  operation.pathParamNames.forEach((name, i) => {
    rawPathParams[name] = match?.[i + 1] ?? '';
  });
  return { kind: 'operation', operation, rawPathParams };
}

/** `/api/v1/tasks/{taskId}` → `/api/v1/tasks/:taskId`, for wiring Express routes from the contract. */
export function expressPath(operationId: string): string {
  return getOperation(operationId).path.replace(/\{([^}]+)\}/g, ':$1');
}

// ---------------------------------------------------------------------------------------------
// Ajv

/** Points `#/components/schemas/X` at the ids under which the component schemas are registered. */
function rewriteForAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteForAjv);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      out.$ref = SCHEMA_ID_BASE + value.slice('#/components/schemas/'.length);
    } else if (key === 'discriminator' && typeof value === 'object' && value !== null) {
      // Ajv resolves branches by their `const`; `mapping` only serves code generators.
      out.discriminator = { propertyName: (value as JsonObject).propertyName };
    } else {
      out[key] = rewriteForAjv(value);
    }
  }
  return out;
}

function collectExtensionKeywords(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectExtensionKeywords(n, into));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) into.add(key);
      collectExtensionKeywords(value, into);
    }
  }
  return into;
}

let cachedAjv: Ajv2020 | undefined;

/**
 * One Ajv for request and response validation. Strict mode stays on so a typo in the contract
 * (an unknown keyword, `required` naming an undeclared property) fails at start-up instead of
 * silently validating nothing; OpenAPI's own annotation keywords are registered as vocabulary.
 * No `coerceTypes`: bodies must carry real JSON types; parameters are parsed in validation.ts.
 */
export function ajv(): Ajv2020 {
  if (cachedAjv) return cachedAjv;
  const doc = openApiDocument();
  const instance = new Ajv2020({
    strict: true,
    allowUnionTypes: true,
    allErrors: true,
    coerceTypes: false,
    useDefaults: true,
    discriminator: true,
    verbose: true,
  });
  addFormats(instance);
  // The contract's own format: a USCC whose GB 32100 check character is right (fuzzers generate it
  // too). Only the check character: the shape is the schema's `pattern`, reported once, by it.
  instance.addFormat('uscc', { type: 'string', validate: (v: string) => v.length !== 18 || isValidUscc(v) });
  instance.addVocabulary(['example', 'xml', 'externalDocs', ...collectExtensionKeywords(doc, new Set())]);
  const schemas = ((doc.components as JsonObject | undefined)?.schemas ?? {}) as Record<string, unknown>;
  for (const [name, schema] of Object.entries(schemas)) {
    instance.addSchema(rewriteForAjv(schema) as JsonObject, SCHEMA_ID_BASE + name);
  }
  cachedAjv = instance;
  return instance;
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles a schema taken from the document (refs rewritten), memoised per schema object. */
export function compileSchema(schema: JsonObject): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv().compile(rewriteForAjv(schema) as JsonObject);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Compiles every component schema; throws with the schema name on the first invalid one. */
export function compileAllComponentSchemas(): string[] {
  const schemas = ((openApiDocument().components as JsonObject | undefined)?.schemas ?? {}) as Record<string, unknown>;
  const names = Object.keys(schemas);
  for (const name of names) {
    try {
      ajv().getSchema(SCHEMA_ID_BASE + name);
    } catch (err) {
      throw new Error(`components.schemas.${name}: ${(err as Error).message}`);
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Human-readable errors

const TYPE_NAMES: Record<string, string> = {
  string: '字符串', integer: '整数', number: '数字', boolean: '布尔值', object: '对象', array: '数组', null: 'null',
};
const FORMAT_HINTS: Record<string, string> = {
  uscc: '校验位正确的统一社会信用代码（GB 32100-2015）',
  date: '有效日期（YYYY-MM-DD）', 'date-time': 'RFC 3339 时间（如 2026-03-01T09:00:00+08:00）', uri: '有效的 URL', email: '有效的电子邮箱',
};

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface DescribedError {
  pointer: string; // JSON pointer into the validated value
  message: string; // Chinese
  keyword: string;
}

function describeOne(e: ErrorObject): DescribedError | undefined {
  const p = e.params as Record<string, unknown>;
  const at = e.instancePath;
  const child = (name: unknown): string => `${at}/${escapePointerToken(String(name))}`;
  const description = (e.parentSchema as { description?: unknown } | undefined)?.description;
  switch (e.keyword) {
    case 'if':
    case 'oneOf':
    case 'anyOf':
      // The branch errors (then/required, type …) already say what is wrong.
      return undefined;
    case 'required':
      return { pointer: child(p.missingProperty), message: '缺少必填字段', keyword: e.keyword };
    case 'additionalProperties':
      return { pointer: child(p.additionalProperty), message: '不允许的字段（契约中未声明）', keyword: e.keyword };
    case 'type': {
      const types = (Array.isArray(p.type) ? p.type : String(p.type).split(',')).map((t: unknown) => TYPE_NAMES[String(t)] ?? String(t));
      return { pointer: at, message: `类型应为${types.join('或')}`, keyword: e.keyword };
    }
    case 'enum':
      return { pointer: at, message: `取值应为以下之一：${(p.allowedValues as unknown[]).map(String).join('、')}`, keyword: e.keyword };
    case 'const':
      return { pointer: at, message: `取值应为 ${String(p.allowedValue)}`, keyword: e.keyword };
    case 'pattern':
      return { pointer: at, message: typeof description === 'string' ? `格式不正确，应为${description}` : '格式不正确', keyword: e.keyword };
    case 'format':
      return { pointer: at, message: `应为${FORMAT_HINTS[String(p.format)] ?? String(p.format)}`, keyword: e.keyword };
    case 'minLength':
      return { pointer: at, message: p.limit === 1 ? '不能为空' : `长度不能少于 ${String(p.limit)} 个字符`, keyword: e.keyword };
    case 'maxLength':
      return { pointer: at, message: `长度不能超过 ${String(p.limit)} 个字符`, keyword: e.keyword };
    case 'minimum':
      return { pointer: at, message: `不能小于 ${String(p.limit)}`, keyword: e.keyword };
    case 'maximum':
      return { pointer: at, message: `不能大于 ${String(p.limit)}`, keyword: e.keyword };
    case 'exclusiveMinimum':
      return { pointer: at, message: `必须大于 ${String(p.limit)}`, keyword: e.keyword };
    case 'exclusiveMaximum':
      return { pointer: at, message: `必须小于 ${String(p.limit)}`, keyword: e.keyword };
    case 'minItems':
      return { pointer: at, message: `至少需要 ${String(p.limit)} 项`, keyword: e.keyword };
    case 'maxItems':
      return { pointer: at, message: `最多允许 ${String(p.limit)} 项`, keyword: e.keyword };
    case 'uniqueItems':
      return { pointer: at, message: `存在重复项（第 ${Number(p.j) + 1} 项与第 ${Number(p.i) + 1} 项相同）`, keyword: e.keyword };
    case 'discriminator':
      return {
        pointer: child(p.tag),
        message: p.error === 'tag' ? '缺少该字段或类型不是字符串' : `取值无效：${String(p.tagValue)}`,
        keyword: e.keyword,
      };
    default:
      return { pointer: at, message: e.message ?? '不符合约定', keyword: e.keyword };
  }
}

/** Ajv errors → de-duplicated Chinese messages with JSON pointers. */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined): DescribedError[] {
  const out: DescribedError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const d = describeOne(e);
    if (!d) continue;
    const key = `${d.pointer}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  if (out.length === 0 && (errors?.length ?? 0) > 0) {
    out.push({ pointer: errors?.[0]?.instancePath ?? '', message: '不符合约定的结构', keyword: errors?.[0]?.keyword ?? 'schema' });
  }
  return out;
}
