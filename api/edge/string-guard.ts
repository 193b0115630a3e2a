/**
 * Refuses, at the edge, strings no store can keep: NUL (PostgreSQL text cannot hold U+0000) and
 * unpaired UTF-16 surrogates (not valid Unicode, so not valid UTF-8 either). Let through, such a
 * value would be accepted by the gateway and then fail in a read-model activity that retries
 * forever. Checked in the JSON body (keys and values), the query string and the path.
 */
import type { RequestHandler } from 'express';
import { ProblemError, type FieldError } from '../http/problem';

const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(s: string): boolean {
  return s.includes(NUL) || LONE_SURROGATE.test(s);
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON Pointer of the first unstorable key or string in a parsed body; iterative, so depth cannot overflow the stack. */
function firstInBody(body: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[body, '']];
  while (stack.length > 0) {
    const [value, pointer] = stack.pop()!;
    if (typeof value === 'string') {
      if (unstorable(value)) return pointer;
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, `${pointer}/${i}`]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const at = `${pointer}/${escapePointer(k)}`;
        if (unstorable(k)) return at;
        stack.push([v, at]);
      }
    }
  }
  return undefined;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Malformed escapes are the router's to refuse; this guard only looks at what decodes.
    return segment;
  }
}

const MESSAGE = '含有不允许的字符（NUL 空字符或不成对的 UTF-16 代理项），请删除后重试';

export function stringGuard(): RequestHandler {
  return (req, _res, next) => {
    const errors: FieldError[] = [];
    const pointer = firstInBody(req.body);
    if (pointer !== undefined) errors.push({ in: 'body', pointer, message: MESSAGE, keyword: 'characters' });
    for (const [name, value] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
      const values = Array.isArray(value) ? value : [value];
      if (unstorable(name) || values.some((v) => typeof v === 'string' && unstorable(v))) {
        errors.push({ in: 'query', parameter: name.replace(/[^\x20-\x7e]/g, '?'), message: MESSAGE, keyword: 'characters' });
      }
    }
    if (req.path.split('/').some((segment) => unstorable(decoded(segment)))) errors.push({ in: 'path', message: MESSAGE, keyword: 'characters' });
    if (errors.length > 0) return next(ProblemError.validation(`请求${MESSAGE}`, errors));
    next();
  };
}
