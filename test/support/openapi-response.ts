/**
 * Contract check for tests: does a real HTTP response match what openapi/openapi.yaml promises?
 * Integration tests call this on every response they receive, so drift between handlers and the
 * published contract fails a test instead of a client.
 */
import {
  compileSchema,
  describeAjvErrors,
  getOperation,
  type ResponseObject,
} from '../../api/http/openapi-document';
import type { OperationId } from '../../api/http/validation';

export type HeadersInput =
  | { get(name: string): string | null }
  | Record<string, string | string[] | number | undefined>;

function headerGetter(headers: HeadersInput): (name: string) => string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const h = headers as { get(name: string): string | null };
    return (name) => h.get(name) ?? undefined;
  }
  const lower = new Map<string, string>();
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (v !== undefined) lower.set(k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v));
  }
  return (name) => lower.get(name.toLowerCase());
}

function findResponse(responses: Record<string, ResponseObject>, status: number): [string, ResponseObject] | undefined {
  for (const key of [String(status), `${Math.floor(status / 100)}XX`, 'default']) {
    const r = responses[key];
    if (r) return [key, r];
  }
  return undefined;
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === '' || (body instanceof Uint8Array && body.length === 0);
}

function preview(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text === undefined ? String(body) : text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/**
 * Returns the list of contract violations (empty when the response conforms).
 * `body` is the parsed JSON (a string is parsed for JSON media types) or the raw text.
 */
export function responseViolations(operationId: OperationId, status: number, headers: HeadersInput, body: unknown): string[] {
  const op = getOperation(operationId);
  const found = findResponse(op.responses, status);
  if (!found) {
    return [`status ${status} is not declared (declared: ${Object.keys(op.responses).join(', ')})`];
  }
  const [key, response] = found;
  const get = headerGetter(headers);
  const problems: string[] = [];

  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (header.required && get(name) === undefined) problems.push(`required header ${name} is missing (response ${key})`);
    const value = get(name);
    if (value !== undefined && header.schema) {
      const validate = compileSchema(header.schema);
      if (!validate(value)) problems.push(`header ${name}: ${describeAjvErrors(validate.errors).map((d) => d.message).join('; ')}`);
    }
  }

  const content = response.content ?? {};
  const declared = Object.keys(content);
  if (declared.length === 0) {
    if (!isEmptyBody(body)) problems.push(`response ${key} declares no content but a body was sent: ${preview(body)}`);
    return problems;
  }

  const contentType = get('content-type');
  if (contentType === undefined) return [...problems, `content-type is missing (expected ${declared.join(' or ')})`];
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const media = content[mediaType];
  if (!media) return [...problems, `content-type ${mediaType} is not declared for ${key} (expected ${declared.join(' or ')})`];
  if (!media.schema) return problems;

  let value = body;
  if (isJsonMediaType(mediaType) && typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return [...problems, `body is not valid JSON: ${preview(body)}`];
    }
  }
  // Validate a copy: Ajv is configured with useDefaults and must not alter the caller's data.
  const validate = compileSchema(media.schema);
  if (!validate(structuredClone(value))) {
    for (const d of describeAjvErrors(validate.errors)) problems.push(`body${d.pointer || ' (root)'}: ${d.message} [${d.keyword}]`);
  }
  return problems;
}

/** Throws a readable error when the response does not conform to the contract. */
export function expectResponseMatches(operationId: OperationId, status: number, headers: HeadersInput, body: unknown): void {
  const problems = responseViolations(operationId, status, headers, body);
  if (problems.length > 0) {
    throw new Error(
      `Response does not match the OpenAPI contract for ${operationId} → ${status}:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        `\n  body: ${preview(body)}`,
    );
  }
}
