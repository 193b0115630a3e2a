/**
 * Payload encryption (lib/temporal/codec.ts): payloads leave the process sealed with the newest
 * key and naming it, open with any configured key, refuse tampering and relabelling, and payloads
 * written before encryption (committed replay histories) pass through unchanged. Failures are sealed
 * by the same codec: their messages, stack traces and causes never leave the process readable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure, defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { decodeOptionalFailureToOptionalError, encodeErrorToFailure } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers';
import { temporal } from '@temporalio/proto';
import { decode } from '@temporalio/common/lib/encoding';
import { configSchema } from '../../lib/config';
import { newKeyEntry, parseKeyList } from '../../lib/crypto/secret-box';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadEncryptionCodec, payloadCodecFrom } from '../../lib/temporal/codec';
import { dataConverterFrom } from '../../lib/temporal/data-converter';

const ProtoFailure = temporal.api.failure.v1.Failure;

const PHONE = '13800138000';
const json = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const text = (p: Payload): string => Buffer.from(p.data ?? []).toString('latin1');

describe('payload encryption codec', () => {
  const oldKey = newKeyEntry('p2025');
  const newKey = newKeyEntry('p2026');

  test('when a payload is encoded, then it is marked encrypted, names the key, hides the value and decodes to the original', async () => {
    const codec = new PayloadEncryptionCodec(parseKeyList(newKey));
    const original = json({ applicant: { name: '某某公司', phone: PHONE } });
    const [sealed] = await codec.encode([original]);
    expect(decode(sealed.metadata![METADATA_ENCODING_KEY]!)).toBe(ENCRYPTED_ENCODING);
    expect(decode(sealed.metadata![KEY_ID_METADATA]!)).toBe('p2026');
    expect(Object.keys(sealed.metadata!).sort()).toEqual([KEY_ID_METADATA, METADATA_ENCODING_KEY].sort());
    expect(text(sealed)).not.toContain(PHONE);
    // Random nonces: the same value never encrypts to the same bytes.
    const [again] = await codec.encode([original]);
    expect(Buffer.from(again.data!).equals(Buffer.from(sealed.data!))).toBe(false);
    const [opened] = await codec.decode([sealed]);
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual({ applicant: { name: '某某公司', phone: PHONE } });
  });

  test('when the key is rotated, then old payloads still decode and new ones use the newest key', async () => {
    const [before] = await new PayloadEncryptionCodec(parseKeyList(oldKey)).encode([json(PHONE)]);
    const rotated = new PayloadEncryptionCodec(parseKeyList(`${newKey},${oldKey}`));
    expect(rotated.keyId).toBe('p2026');
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([before]))[0])).toBe(PHONE);
    const [after] = await rotated.encode([json(PHONE)]);
    expect(decode(after.metadata![KEY_ID_METADATA]!)).toBe('p2026');
    await expect(new PayloadEncryptionCodec(parseKeyList(newKey)).decode([before])).rejects.toThrow(/p2025/);
  });

  test('when ciphertext is altered or relabelled to another key, then decoding fails', async () => {
    const codec = new PayloadEncryptionCodec(parseKeyList(`${newKey},${oldKey}`));
    const [sealed] = await codec.encode([json(PHONE)]);
    const flipped = Buffer.from(sealed.data!);
    flipped[flipped.length - 1] ^= 1;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow(/篡改/);
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from('p2025') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/篡改/);
    await expect(codec.decode([{ ...sealed, data: Buffer.alloc(10) }])).rejects.toThrow(/不完整/);
  });

  test('when a payload was written before encryption, then it decodes as itself', async () => {
    const codec = new PayloadEncryptionCodec(parseKeyList(newKey));
    const plain = [json({ phone: PHONE }), defaultPayloadConverter.toPayload(undefined), defaultPayloadConverter.toPayload(new Uint8Array([1, 2]))];
    expect(await codec.decode(plain)).toEqual(plain);
  });

  test('when no payload key is configured, then one development key is created once and reused; a bad key list is refused', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'payload-key-')), 'data', 'payload-encryption.key');
    const first = payloadCodecFrom({}, file);
    const [sealed] = await first.encode([json(PHONE)]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(defaultPayloadConverter.fromPayload((await payloadCodecFrom({}, file).decode([sealed]))[0])).toBe(PHONE);
    expect(configSchema.safeParse({ PAYLOAD_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' }).error?.issues[0].message).toMatch(/32 字节/);
    expect(configSchema.parse({ PAYLOAD_ENCRYPTION_KEYS: '' }).PAYLOAD_ENCRYPTION_KEYS).toBeUndefined();
  });
});

describe('failure encryption (workflows/failure-converter.ts through lib/temporal/data-converter.ts)', () => {
  const loaded = loadDataConverter(dataConverterFrom({ PAYLOAD_ENCRYPTION_KEYS: newKeyEntry('f2026') }));

  test('when a failure quoting an applicant phone leaves the process, then neither its message nor its stack trace nor its cause is readable, and the receiver gets them back', async () => {
    const cause = new Error(`数据库拒绝写入：联系电话 ${PHONE} 重复`);
    const error = ApplicationFailure.create({ type: 'invalid_input', message: `联系电话 ${PHONE} 格式不符`, cause });
    const failure = await encodeErrorToFailure(loaded, error);
    const wire = Buffer.from(ProtoFailure.encode(failure).finish());
    expect(wire.includes(Buffer.from(PHONE))).toBe(false);
    expect(wire.includes(Buffer.from('格式不符'))).toBe(false);
    expect(failure.message).toBe('Encoded failure');
    // The failure type stays visible: the gateway maps refusals by it, and it is ours, not the applicant's.
    expect(failure.applicationFailureInfo?.type).toBe('invalid_input');

    const received = await decodeOptionalFailureToOptionalError(loaded, failure);
    expect(received).toBeInstanceOf(ApplicationFailure);
    expect((received as ApplicationFailure).message).toBe(`联系电话 ${PHONE} 格式不符`);
    expect((received as ApplicationFailure).cause?.message).toBe(`数据库拒绝写入：联系电话 ${PHONE} 重复`);
    expect((received as ApplicationFailure).stack).toContain('payload-codec.test');
  });

  test('when a failure was recorded before failures were encrypted, then it still decodes with its clear message', async () => {
    const plain = await encodeErrorToFailure(loadDataConverter(), ApplicationFailure.create({ type: 'illegal_transition', message: '任务已办结' }));
    const received = await decodeOptionalFailureToOptionalError(loaded, plain);
    expect([(received as ApplicationFailure).type, (received as ApplicationFailure).message]).toEqual(['illegal_transition', '任务已办结']);
  });
});
