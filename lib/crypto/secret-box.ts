/**
 * Secrets at rest (webhook signing secrets): AES-256-GCM with a random 96-bit nonce per value.
 * The stored text names the key that sealed it, so keys can be rotated: `SECRET_ENCRYPTION_KEYS`
 * lists `id:base64key` pairs, the first seals, all of them open. Stored form:
 *
 *     enc:v1:<keyId>:<nonce b64url>:<tag b64url>:<ciphertext b64url>
 *
 * A value written before encryption existed (plain `whsec_…`) still opens as itself; it is
 * sealed the next time the secret is rotated.
 *
 * Without configured keys a development key is generated once under data/ (npm start, `npm run
 * api` + `npm run worker` on one machine). Production deployments set SECRET_ENCRYPTION_KEYS
 * for the gateway and the worker alike (docker-compose.yml).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { dataDir } from '../paths';

const PREFIX = 'enc:v1:';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface SecretBox {
  /** The id of the key new values are sealed with. */
  readonly keyId: string;
  seal(plain: string): string;
  open(stored: string): string;
}

/** Parses `id:base64key[,id:base64key…]`; throws with a Chinese message naming the bad entry. */
export function parseKeyList(raw: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at);
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    if (at < 1 || !KEY_ID.test(id)) throw new Error(`密钥“${id || entry.slice(0, 8)}…”的编号无效：须为 1–32 个字母、数字、_ 或 -，格式 编号:base64密钥`);
    if (key.length !== 32) throw new Error(`密钥 ${id} 必须是 32 字节（base64 编码后 44 个字符），实际 ${key.length} 字节`);
    if (keys.has(id)) throw new Error(`密钥编号 ${id} 重复`);
    keys.set(id, key);
  }
  if (keys.size === 0) throw new Error('至少需要一个密钥（编号:base64密钥）');
  return keys;
}

/** One AES-256-GCM sealing: a random 96-bit nonce, the 128-bit tag and the ciphertext. */
export interface Sealed {
  nonce: Buffer;
  tag: Buffer;
  body: Buffer;
}

/**
 * AES-256-GCM with `aad` authenticated alongside (callers pass the key id, so a value cannot be
 * relabelled to another key). Shared by secrets at rest and Temporal payloads (lib/temporal/codec.ts).
 */
export function sealBytes(key: Buffer, aad: string, plain: Uint8Array): Sealed {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { nonce, tag: cipher.getAuthTag(), body };
}

/** Throws when the tag does not match (wrong key, altered ciphertext, nonce or aad). */
export function openBytes(key: Buffer, aad: string, { nonce, tag, body }: Sealed): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}

export function createSecretBox(keys: Map<string, Buffer>): SecretBox {
  const [keyId, current] = [...keys.entries()][0];
  return {
    keyId,
    seal(plain) {
      const { nonce, tag, body } = sealBytes(current, keyId, Buffer.from(plain, 'utf8'));
      return `${PREFIX}${keyId}:${nonce.toString('base64url')}:${tag.toString('base64url')}:${body.toString('base64url')}`;
    },
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [id, nonce, tag, body] = stored.slice(PREFIX.length).split(':');
      const key = keys.get(id);
      if (!key) throw new Error(`缺少编号为 ${id} 的解密密钥（SECRET_ENCRYPTION_KEYS）`);
      const b64 = (t: string) => Buffer.from(t, 'base64url');
      return openBytes(key, id, { nonce: b64(nonce), tag: b64(tag), body: b64(body) }).toString('utf8');
    },
  };
}

/** A fresh `id:base64key` entry, e.g. for a test system or a new deployment. */
export function newKeyEntry(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * A development key list under data/ (`file`), created once. Written to a temporary file and then linked
 * into place, so a gateway and a worker starting together never read a half-written key and
 * agree on whichever link landed first.
 */
export function devKeyList(file: string): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, `${newKeyEntry('dev')}\n`, { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}

export const DEV_KEY_FILE = path.join(dataDir, 'secret-encryption.key');

export function secretBoxFrom(config: Pick<Config, 'SECRET_ENCRYPTION_KEYS'>, devKeyFile = DEV_KEY_FILE): SecretBox {
  return createSecretBox(parseKeyList(config.SECRET_ENCRYPTION_KEYS ?? devKeyList(devKeyFile)));
}
