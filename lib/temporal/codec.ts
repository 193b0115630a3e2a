/**
 * Payload encryption for Temporal (issue #16): every payload our workers and clients send —
 * workflow and activity inputs and results, signals, updates, queries, memos — is sealed with
 * AES-256-GCM before it leaves the process, so applicants' phones and complainants' contacts never
 * sit in clear text in Temporal's database, Web UI or CLI output. Temporal's PayloadCodec pattern:
 * the codec runs in the client and in the worker outside the workflow sandbox; workflow code
 * never sees ciphertext and needs no change.
 *
 * An encrypted payload is
 *
 *     metadata: { encoding: "binary/encrypted", encryption-key-id: <id> }
 *     data:     nonce (12 bytes) ‖ GCM tag (16 bytes) ‖ ciphertext of the original Payload (protobuf)
 *
 * with the key id authenticated as AAD. Keys come from PAYLOAD_ENCRYPTION_KEYS (`id:base64key`,
 * comma-separated, parsed like SECRET_ENCRYPTION_KEYS): the first key encrypts, every listed key
 * decrypts, so rotation is adding a new key in front and keeping the old ones while histories
 * sealed with them are still read. Without configured keys a development key is created once in
 * data/payload-encryption.key, shared by `npm start`, `npm run worker` and `npm run api`.
 *
 * Decoding passes through any payload without the `binary/encrypted` marker unchanged: histories
 * written before encryption (test/histories/*.json, workflows already running when it was turned
 * on) still replay and still read. Search attributes are not payloads the codec sees: Temporal
 * must index them, so they carry only codes, ids, statuses and lights, never personal data.
 */
import path from 'node:path';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { decode, encode } from '@temporalio/common/lib/encoding';
import { temporal } from '@temporalio/proto';
import type { Config } from '../config';
import { devKeyList, openBytes, parseKeyList, sealBytes } from '../crypto/secret-box';
import { dataDir } from '../paths';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const NONCE = 12;
const TAG = 16;

const ProtoPayload = temporal.api.common.v1.Payload;

export class PayloadEncryptionCodec implements PayloadCodec {
  /** The id of the key new payloads are sealed with (the first configured one). */
  readonly keyId: string;
  private readonly current: Buffer;

  constructor(private readonly keys: Map<string, Buffer>) {
    const first = [...keys.entries()][0];
    if (!first) throw new Error('至少需要一个载荷加密密钥（PAYLOAD_ENCRYPTION_KEYS）');
    [this.keyId, this.current] = first;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const { nonce, tag, body } = sealBytes(this.current, this.keyId, ProtoPayload.encode(payload).finish());
      return {
        metadata: { [METADATA_ENCODING_KEY]: encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: encode(this.keyId) },
        data: Buffer.concat([nonce, tag, body]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.open(payload) : payload));
  }

  private open(payload: Payload): Payload {
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    const data = payload.data;
    if (!idBytes || !data || data.length < NONCE + TAG) throw new ValueError('加密载荷不完整：缺少密钥编号或密文');
    const keyId = decode(idBytes);
    const key = this.keys.get(keyId);
    if (!key) throw new ValueError(`缺少编号为 ${keyId} 的载荷解密密钥（PAYLOAD_ENCRYPTION_KEYS）`);
    const bytes = Buffer.from(data);
    let plain: Buffer;
    try {
      plain = openBytes(key, keyId, { nonce: bytes.subarray(0, NONCE), tag: bytes.subarray(NONCE, NONCE + TAG), body: bytes.subarray(NONCE + TAG) });
    } catch {
      throw new ValueError(`载荷解密失败：密钥 ${keyId} 与密文不符，或密文已被篡改`);
    }
    return ProtoPayload.decode(plain);
  }
}

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && encoding !== null && decode(encoding) === ENCRYPTED_ENCODING;
}

export const DEV_PAYLOAD_KEY_FILE = path.join(dataDir, 'payload-encryption.key');

export function payloadCodecFrom(config: Pick<Config, 'PAYLOAD_ENCRYPTION_KEYS'>, devKeyFile = DEV_PAYLOAD_KEY_FILE): PayloadEncryptionCodec {
  return new PayloadEncryptionCodec(parseKeyList(config.PAYLOAD_ENCRYPTION_KEYS ?? devKeyList(devKeyFile)));
}
