/**
 * Temporal's remote codec server (POST {endpoint}/decode and /encode with `{"payloads": [...]}`,
 * metadata values and data base64) on the gateway, so an authenticated admin sees decrypted
 * payloads in the Temporal Web UI or the CLI (`--codec-endpoint … --codec-auth "Bearer <key>"`).
 * Authentication, the admin role, rate limits and body validation are the contract's edge
 * (decodeTemporalPayloads / encodeTemporalPayloads); this module adds CORS for the Web UI's
 * origins and the codec itself (lib/temporal/codec.ts, the same keys as every worker and client).
 */
import { Router, type RequestHandler } from 'express';
import type { Payload } from '@temporalio/common';
import { originList } from '../../lib/config';
import { payloadCodecFrom, type PayloadEncryptionCodec } from '../../lib/temporal/codec';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';

export const CODEC_PATH = '/api/v1/temporal-codec';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = ({ metadata, data }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(data ?? '', 'base64'),
});

const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(data ?? []).toString('base64'),
});

/**
 * CORS for the configured Temporal UI origins only, mounted before authentication: a browser's
 * preflight carries no credentials, so it is answered here (204); the actual request is then
 * authenticated like any other. Other origins get no CORS headers and fall through unchanged.
 */
export function codecCors({ config }: Pick<ApiDeps, 'config'>): RequestHandler {
  const allowed = new Set(originList(config.TEMPORAL_UI_ORIGINS));
  return (req, res, next) => {
    if (!req.path.startsWith(`${CODEC_PATH}/`)) return next();
    res.vary('Origin');
    const origin = req.get('origin');
    if (!origin || !allowed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}

export function temporalCodecRouter({ config }: ApiDeps): Router {
  // Built on first use: a gateway created without keys (tests, tools) then never writes a dev key.
  let built: PayloadEncryptionCodec | undefined;
  const codecOf = () => (built ??= payloadCodecFrom(config));
  const r = Router();

  // Literal paths (not CODEC_PATH): the refusal audit (test/unit/problem-responses.test.ts) reads route literals.
  r.post('/api/v1/temporal-codec/decode', async (req, res) => {
    const { body } = validated(req, 'decodeTemporalPayloads');
    // One by one, so a payload that cannot be opened is named in the answer.
    const decoded: JsonPayload[] = [];
    for (const [i, payload] of (body.payloads ?? []).entries()) {
      try {
        decoded.push(toJson((await codecOf().decode([fromJson(payload)]))[0]));
      } catch (err) {
        throw ProblemError.validation('载荷无法解密', [{ in: 'body', pointer: `/payloads/${i}`, message: (err as Error).message }]);
      }
    }
    respond(res, 'decodeTemporalPayloads', 200, { payloads: decoded });
  });

  r.post('/api/v1/temporal-codec/encode', async (req, res) => {
    const { body } = validated(req, 'encodeTemporalPayloads');
    const encoded = await codecOf().encode((body.payloads ?? []).map(fromJson));
    respond(res, 'encodeTemporalPayloads', 200, { payloads: encoded.map(toJson) });
  });

  return r;
}
