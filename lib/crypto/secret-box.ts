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

export function createSecretBox(keys: Map<string, Buffer>): SecretBox {
  const [keyId, current] = [...keys.entries()][0];
  return {
    keyId,
    seal(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, nonce);
      // The key id is authenticated too: a value cannot be relabelled to another key.
      cipher.setAAD(Buffer.from(keyId));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${keyId}:${nonce.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
    },
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [id, nonce, tag, body] = stored.slice(PREFIX.length).split(':');
      const key = keys.get(id);
      if (!key) throw new Error(`缺少编号为 ${id} 的解密密钥（SECRET_ENCRYPTION_KEYS）`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** A fresh `id:base64key` entry, e.g. for a test system or a new deployment. */
export function newKeyEntry(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * The development key under data/, created once. Written to a temporary file and then linked
 * into place, so a gateway and a worker starting together never read a half-written key and
 * agree on whichever link landed first.
 */
function devKeyList(file: string): string {
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
