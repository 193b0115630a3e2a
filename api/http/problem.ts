/**
 * Error model of the HTTP edge: every failure leaves the process as RFC 9457
 * `application/problem+json` with a stable `type` URI. Clients branch on `type` (and `reason`
 * for conflicts), never on `title`, so titles may be reworded freely; type URIs may not.
 * The catalogue is mirrored in openapi/openapi.yaml (info.description) and docs/errors.md,
 * and a unit test keeps the three in step.
 */
import { randomUUID } from 'node:crypto';
import type { RejectionReason } from '../../workflows/shared';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import pino, { type Logger } from 'pino';
import { isDatabaseUnavailable } from '../../lib/db/errors';
import type { components } from '../generated/openapi';

export const PROBLEM_BASE_URI = 'https://approval.gov.local/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const PROBLEM_KINDS = {
  validation: { status: 400, title: '请求参数校验失败' },
  unauthorized: { status: 401, title: '未认证或凭据无效' },
  forbidden: { status: 403, title: '无权执行此操作' },
  'not-found': { status: 404, title: '资源不存在' },
  'method-not-allowed': { status: 405, title: '不支持该请求方法' },
  conflict: { status: 409, title: '状态冲突' },
  'precondition-failed': { status: 412, title: '版本已变更，请刷新后重试' },
  'payload-too-large': { status: 413, title: '请求体过大' },
  'unsupported-media-type': { status: 415, title: '不支持的请求体类型' },
  'idempotency-mismatch': { status: 422, title: '幂等键与请求内容不一致' },
  'url-refused': { status: 422, title: '接收地址被安全策略拒绝' },
  'unknown-reference': { status: 422, title: '引用的对象不存在' },
  'rule-violated': { status: 422, title: '违反业务规则' },
  'not-accepted': { status: 422, title: '不予受理' },
  'precondition-required': { status: 428, title: '缺少版本条件（If-Match）' },
  'rate-limited': { status: 429, title: '请求过于频繁' },
  internal: { status: 500, title: '服务器内部错误' },
  unavailable: { status: 503, title: '服务暂不可用' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

/** Machine-readable reasons for 409 conflicts; documented in the OpenAPI description. */
/** 409 reason codes: the workflows' update rejections plus the gateway's own. */
export type ConflictReason =
  | Exclude<RejectionReason, 'version_mismatch' | 'invalid_input'>
  | 'prerequisites_pending'
  | 'already_exists'
  | 'limit_reached'
  | 'tracking_not_started'
  | 'prerequisite_cycle'
  | 'unknown_prerequisite'
  | 'own_key'
  | 'project_has_agent';

export type FieldError = components['schemas']['FieldError'];
export type ProblemBody = components['schemas']['Problem'];

export function problemType(kind: ProblemKind): string {
  return PROBLEM_BASE_URI + kind;
}

export interface ProblemOptions {
  errors?: FieldError[];
  reason?: ConflictReason;
  /** Response headers that belong to the problem, e.g. Retry-After or Allow. */
  headers?: Record<string, string>;
  /** Extra RFC 9457 extension members; must not collide with the standard ones. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class ProblemError extends Error {
  readonly kind: ProblemKind;
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly reason: ConflictReason | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(kind: ProblemKind, detail?: string, options: ProblemOptions = {}) {
    super(detail ?? PROBLEM_KINDS[kind].title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProblemError';
    this.kind = kind;
    this.status = PROBLEM_KINDS[kind].status;
    this.type = problemType(kind);
    this.title = PROBLEM_KINDS[kind].title;
    this.detail = detail;
    this.errors = options.errors;
    this.reason = options.reason;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  toProblem(context: { instance?: string; requestId?: string } = {}): ProblemBody {
    const body: ProblemBody = { ...this.extensions, type: this.type, title: this.title, status: this.status };
    if (this.detail !== undefined) body.detail = this.detail;
    if (context.instance !== undefined) body.instance = context.instance;
    if (context.requestId !== undefined) body.requestId = context.requestId;
    if (this.reason !== undefined) body.reason = this.reason;
    if (this.errors !== undefined && this.errors.length > 0) body.errors = this.errors;
    return body;
  }

  static validation(detail: string, errors?: FieldError[]): ProblemError {
    return new ProblemError('validation', detail, { errors });
  }
  static unauthorized(detail = '请在 Authorization 请求头中提供有效的 API Key（Bearer）。'): ProblemError {
    return new ProblemError('unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer realm="approval"' } });
  }
  static forbidden(detail: string): ProblemError {
    return new ProblemError('forbidden', detail);
  }
  /** 不予受理 (行政许可法 Art. 32): the application is refused at intake, with the reasons in `detail` and `errors`. */
  static notAccepted(detail: string, errors?: FieldError[]): ProblemError {
    return new ProblemError('not-accepted', detail, { errors });
  }
  static notFound(detail: string): ProblemError {
    return new ProblemError('not-found', detail);
  }
  static methodNotAllowed(allowed: readonly string[], detail?: string): ProblemError {
    const allow = allowed.map((m) => m.toUpperCase()).join(', ');
    return new ProblemError('method-not-allowed', detail ?? `该路径只支持：${allow}`, { headers: { Allow: allow } });
  }
  static conflict(reason: ConflictReason, detail: string, extensions?: Record<string, unknown>): ProblemError {
    return new ProblemError('conflict', detail, { reason, extensions });
  }
  static preconditionFailed(detail = '资源已被他人修改，请重新获取最新版本（ETag）后再操作。'): ProblemError {
    return new ProblemError('precondition-failed', detail);
  }
  static preconditionRequired(detail = '该操作必须携带 If-Match 请求头（取自 ETag），以防覆盖他人的修改。'): ProblemError {
    return new ProblemError('precondition-required', detail);
  }
  static payloadTooLarge(detail = '请求体超过大小上限。'): ProblemError {
    return new ProblemError('payload-too-large', detail);
  }
  static unsupportedMediaType(detail = '请求体必须为 application/json（UTF-8）。'): ProblemError {
    return new ProblemError('unsupported-media-type', detail);
  }
  static idempotencyMismatch(detail = '该 Idempotency-Key 已用于内容不同的请求，请为新请求生成新的键。'): ProblemError {
    return new ProblemError('idempotency-mismatch', detail);
  }
  /** A webhook receiver URL refused by the outbound address policy; `rule` names the rule. */
  static urlRefused(rule: string, detail: string): ProblemError {
    return new ProblemError('url-refused', detail, { extensions: { rule }, errors: [{ in: 'body', pointer: '/url', message: detail, keyword: rule }] });
  }
  /**
   * A schema-valid request naming an id (in its body or query) that does not exist or that the
   * caller cannot see. 422, not 400: the request conforms to the contract; not 404: the path's
   * own resource exists. Invisible and missing are answered alike so the reply leaks nothing.
   */
  static unknownReference(pointer: string, detail: string): ProblemError {
    return new ProblemError('unknown-reference', detail, { errors: [{ in: 'body', pointer, message: detail, keyword: 'reference' }] });
  }
  /** A schema-valid request that breaks a rule JSON Schema cannot state (one field against another, a calendar's range). */
  static ruleViolated(pointer: string, detail: string): ProblemError {
    return ProblemError.rulesViolated(detail, [{ in: 'body', pointer, message: detail }]);
  }
  /** As `ruleViolated`, with one entry per field that breaks a rule (each tagged `keyword: 'rule'`). */
  static rulesViolated(detail: string, errors: FieldError[]): ProblemError {
    return new ProblemError('rule-violated', detail, { errors: errors.map((e) => ({ ...e, keyword: 'rule' })) });
  }
  static rateLimited(retryAfterSeconds?: number): ProblemError {
    const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'Retry-After': String(Math.ceil(retryAfterSeconds)) };
    return new ProblemError('rate-limited', '请求过于频繁，请稍后重试。', { headers });
  }
  static unavailable(detail = '依赖服务暂不可用，请稍后重试。', retryAfterSeconds = 5, cause?: unknown): ProblemError {
    return new ProblemError('unavailable', detail, { headers: { 'Retry-After': String(retryAfterSeconds) }, cause });
  }
  static internal(cause?: unknown): ProblemError {
    return new ProblemError('internal', undefined, { cause });
  }
}

export function isProblemError(err: unknown): err is ProblemError {
  return err instanceof ProblemError;
}

// ---------------------------------------------------------------------------------------------
// Request ids

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const generatedIds = new WeakMap<Request, string>();

/**
 * The id used in problem bodies and logs. pino-http's `req.id` wins so logs and problems agree;
 * a well-formed inbound X-Request-Id is honoured so a caller can correlate across systems.
 */
export function requestIdOf(req: Request): string {
  const fromLogger = (req as { id?: unknown }).id;
  if (typeof fromLogger === 'string' || typeof fromLogger === 'number') return String(fromLogger);
  const known = generatedIds.get(req);
  if (known !== undefined) return known;
  const header = req.get('x-request-id');
  const id = header !== undefined && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
  generatedIds.set(req, id);
  return id;
}

// ---------------------------------------------------------------------------------------------
// Mapping foreign errors

interface HttpLikeError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
  limit?: unknown;
  message?: unknown;
}

const KIND_BY_STATUS: Partial<Record<number, ProblemKind>> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  428: 'precondition-required',
  429: 'rate-limited',
  503: 'unavailable',
};

/**
 * Converts anything thrown into a ProblemError. Errors from body-parser (express.json) carry a
 * `type` such as `entity.parse.failed`; other http-errors carry `status`. Anything else is a bug
 * and becomes an opaque 500 so that stack traces and driver messages never reach clients.
 */
export function toProblemError(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as HttpLikeError;
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  switch (e.type) {
    case 'entity.parse.failed': {
      const msg = typeof e.message === 'string' ? e.message.slice(0, 200) : '';
      return ProblemError.validation('请求体不是合法的 JSON。', [
        { in: 'body', pointer: '', message: `JSON 语法错误${msg ? `：${msg}` : ''}`, keyword: 'json' },
      ]);
    }
    case 'entity.too.large':
      return ProblemError.payloadTooLarge(typeof e.limit === 'number' ? `请求体超过 ${e.limit} 字节的上限。` : undefined);
    case 'parameters.too.many':
      return ProblemError.payloadTooLarge('请求参数过多。');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return ProblemError.unsupportedMediaType('不支持的字符集或内容编码，请使用 UTF-8 的 application/json。');
    case 'request.aborted':
    case 'request.size.invalid':
      return ProblemError.validation('请求体不完整。');
    default:
      break;
  }
  if (status !== undefined && status >= 400 && status < 500) {
    // Express raises 400 for undecodable path segments (e.g. "%E0%A4%A").
    const kind = KIND_BY_STATUS[status] ?? 'validation';
    return new ProblemError(kind, '请求无法被解析或不符合要求。', { cause: err });
  }
  if (isDatabaseUnavailable(err)) return ProblemError.unavailable('数据库暂不可用，请稍后重试。', 2, err);
  return ProblemError.internal(err);
}

// ---------------------------------------------------------------------------------------------
// Express handlers

let defaultLogger: Logger | undefined;
function fallbackLogger(): Logger {
  defaultLogger ??= pino({ name: 'http' });
  return defaultLogger;
}

export interface ProblemHandlerOptions {
  /** Used when the request has no pino-http `req.log`. */
  logger?: Pick<Logger, 'error' | 'warn'>;
}

function instanceOf(req: Request): string {
  // The path only: query strings may carry tokens or personal data.
  return (req.originalUrl || req.url).split('?')[0] ?? '/';
}

/** Writes a problem response; usable from handlers that prefer not to throw. */
export function sendProblem(req: Request, res: Response, problem: ProblemError): void {
  const requestId = requestIdOf(req);
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res.setHeader('X-Request-Id', requestId);
  res.setHeader('Cache-Control', 'no-store');
  res
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem.toProblem({ instance: instanceOf(req), requestId })));
}

/** The single error middleware of the app; mount it last. */
export function problemHandler(options: ProblemHandlerOptions = {}): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const problem = toProblemError(err);
    const log = (req as { log?: Pick<Logger, 'error' | 'warn'> }).log ?? options.logger ?? fallbackLogger();
    const requestId = requestIdOf(req);
    if (problem.status >= 500) {
      log.error({ err: problem.cause ?? err, requestId, method: req.method, url: instanceOf(req) }, 'request failed');
    }
    if (res.headersSent) {
      // Too late for a problem body; let Express abort the connection.
      next(err);
      return;
    }
    sendProblem(req, res, problem);
  };
}

/** Fallback for requests no route handled; mount after all routers, before problemHandler. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(ProblemError.notFound(`未找到接口：${req.method} ${instanceOf(req)}`));
  };
}
