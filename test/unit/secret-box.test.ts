/**
 * Secrets at rest: AES-256-GCM sealed values name their key, open with any configured key,
 * refuse tampering and relabelling, and legacy plain values still open. Signing during a
 * rotation's overlap carries both signatures, so either secret verifies; after it, only the new.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signedHeaders, signingSecrets } from '../../activities/webhooks';
import { configSchema } from '../../lib/config';
import { createSecretBox, newKeyEntry, parseKeyList, secretBoxFrom } from '../../lib/crypto/secret-box';

const whsec = () => `whsec_${randomBytes(32).toString('base64')}`;

describe('secret box', () => {
  const oldKey = newKeyEntry('k2025');
  const newKey = newKeyEntry('k2026');

  test('when a secret is sealed, then the stored text names the key, hides the secret and opens again', () => {
    const box = createSecretBox(parseKeyList(newKey));
    const secret = whsec();
    const sealed = box.seal(secret);
    expect(sealed).toMatch(/^enc:v1:k2026:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(box.seal(secret)).not.toBe(sealed);
    expect(box.open(sealed)).toBe(secret);
  });

  test('when the encryption key is rotated, then values sealed with the old key still open and new ones use the new key', () => {
    const before = createSecretBox(parseKeyList(oldKey)).seal('whsec_old');
    const rotated = createSecretBox(parseKeyList(`${newKey},${oldKey}`));
    expect(rotated.keyId).toBe('k2026');
    expect(rotated.open(before)).toBe('whsec_old');
    expect(createSecretBox(parseKeyList(newKey)).open.bind(null, before)).toThrow(/k2025/);
  });

  test('when stored text is tampered with or relabelled to another key, then it does not open', () => {
    const box = createSecretBox(parseKeyList(`${newKey},${oldKey}`));
    const sealed = box.seal(whsec());
    const parts = sealed.split(':');
    const flipped = [...parts.slice(0, 5), Buffer.from(Buffer.from(parts[5], 'base64url').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64url')].join(':');
    expect(() => box.open(flipped)).toThrow();
    expect(() => box.open(sealed.replace(':k2026:', ':k2025:'))).toThrow();
  });

  test('when a row predates encryption, then its plain secret opens as itself', () => {
    expect(createSecretBox(parseKeyList(newKey)).open('whsec_legacy')).toBe('whsec_legacy');
  });

  test('when keys are misconfigured, then the configuration is refused with the reason', () => {
    expect(configSchema.safeParse({ SECRET_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' }).error?.issues[0].message).toMatch(/32 字节/);
    expect(configSchema.safeParse({ SECRET_ENCRYPTION_KEYS: `bad id:${randomBytes(32).toString('base64')}` }).success).toBe(false);
    expect(configSchema.safeParse({ SECRET_ENCRYPTION_KEYS: `${newKey},${newKey}` }).error?.issues[0].message).toMatch(/重复/);
    expect(configSchema.parse({ SECRET_ENCRYPTION_KEYS: '' }).SECRET_ENCRYPTION_KEYS).toBeUndefined();
  });

  test('when no key is configured, then one development key is generated once and reused', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secret-key-')), 'data', 'secret-encryption.key');
    const sealed = secretBoxFrom({ SECRET_ENCRYPTION_KEYS: undefined }, file).seal('whsec_x');
    expect(secretBoxFrom({ SECRET_ENCRYPTION_KEYS: undefined }, file).open(sealed)).toBe('whsec_x');
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });
});

describe('signing across a secret rotation', () => {
  const box = createSecretBox(parseKeyList(newKeyEntry('k1')));
  const [oldSecret, newSecret] = [whsec(), whsec()];
  const body = JSON.stringify({ id: 'evt-9', type: 'task.decided' });
  const now = Date.now();
  const sub = { secret: box.seal(newSecret), previousSecret: box.seal(oldSecret), previousSecretUntil: new Date(now + 3_600_000) };

  test('when inside the overlap, then both signatures are sent and a receiver with either secret verifies', () => {
    const secrets = signingSecrets(sub, box, now);
    expect(secrets).toEqual([newSecret, oldSecret]);
    const headers = signedHeaders(secrets, 'evt-9', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(newSecret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  test('when the overlap has ended, then only the new secret signs', () => {
    // Secrets chosen after the overlap; the timestamp stays current so only the signature decides.
    const headers = signedHeaders(signingSecrets(sub, box, now + 3_600_001), 'evt-9', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => new Webhook(oldSecret).verify(body, headers)).toThrow('No matching signature found');
    expect(new Webhook(newSecret).verify(body, headers)).toEqual(JSON.parse(body));
  });
});
