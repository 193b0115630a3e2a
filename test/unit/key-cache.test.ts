/**
 * The API key cache (lib/auth/key-cache.ts) against a stub key table that counts its lookups and
 * a clock the test moves: what is answered from memory, for how long, and what never is.
 */
import { keyAuthenticator } from '../../lib/auth/key-cache';
import type { RevocationFeed } from '../../lib/auth/key-revocations';
import { generateKey, keyDigest } from '../../lib/auth/keys';
import type { Db } from '../../lib/db/client';

function keyTable() {
  const rows = new Map<string, { id: string; hash: string; role: string; label: string; revokedAt: Date | null }>();
  const table = {
    lookups: 0,
    add(label: string) {
      const { key, prefix } = generateKey();
      rows.set(prefix, { id: `key_${prefix}`, hash: keyDigest(key), role: 'supervisor', label, revokedAt: null });
      return { key, id: `key_${prefix}` };
    },
    revoke(id: string) {
      for (const r of rows.values()) if (r.id === id) r.revokedAt = new Date();
    },
    db: {
      apiKey: {
        findUnique: async ({ where }: { where: { prefix: string } }) => {
          table.lookups++;
          const r = rows.get(where.prefix);
          return r ? { ...r, departmentId: null, agentId: null, servicePointId: null } : null;
        },
      },
    } as unknown as Db,
  };
  return table;
}

describe('API key cache', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => (clock = Date.parse('2026-11-30T09:00:00+08:00')));

  test('when a verified key comes again within the cache time, then the key table is not asked again', async () => {
    const t = keyTable();
    const { key, id } = t.add('效能办');
    const keys = keyAuthenticator(t.db, 5, { now });
    expect(await keys.authenticate(key)).toMatchObject({ keyId: id, role: 'supervisor', label: '效能办' });
    clock += 4_999;
    expect(await keys.authenticate(key)).toMatchObject({ keyId: id });
    expect(t.lookups).toBe(1);
  });

  test('when the cache time has passed, then the key is looked up again and a key revoked elsewhere is refused', async () => {
    const t = keyTable();
    const { key, id } = t.add('部门系统');
    const keys = keyAuthenticator(t.db, 5, { now });
    await keys.authenticate(key);
    t.revoke(id); // by another gateway: this one is not told
    clock += 5_000;
    expect(await keys.authenticate(key)).toBeUndefined();
    expect(t.lookups).toBe(2);
  });

  test('when this gateway revokes a key, then its next request is refused at once', async () => {
    const t = keyTable();
    const { key, id } = t.add('部门系统');
    const other = t.add('窗口');
    const keys = keyAuthenticator(t.db, 5, { now });
    await keys.authenticate(key);
    await keys.authenticate(other.key);
    t.revoke(id);
    await keys.revoked(id);
    expect(await keys.authenticate(key)).toBeUndefined();
    // Only the revoked key is forgotten.
    expect(await keys.authenticate(other.key)).toMatchObject({ keyId: other.id });
    expect(t.lookups).toBe(3);
  });

  test('when unknown, malformed or revoked keys are presented repeatedly, then every attempt asks the key table (nothing refused is remembered)', async () => {
    const t = keyTable();
    const { key, id } = t.add('已吊销');
    t.revoke(id);
    const keys = keyAuthenticator(t.db, 5, { now });
    const unknown = generateKey().key;
    for (let i = 0; i < 3; i++) {
      expect(await keys.authenticate(key)).toBeUndefined();
      expect(await keys.authenticate(unknown)).toBeUndefined();
      expect(await keys.authenticate('pa_not-a-key')).toBeUndefined();
    }
    // The malformed one is refused by its shape, before any lookup.
    expect(t.lookups).toBe(6);
  });

  test('when a cached key is presented with one character changed, then it is not answered from the cache', async () => {
    const t = keyTable();
    const { key } = t.add('部门系统');
    const keys = keyAuthenticator(t.db, 5, { now });
    await keys.authenticate(key);
    const forged = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect(await keys.authenticate(forged)).toBeUndefined();
  });

  test('when the cache time is 0, then every request looks its key up', async () => {
    const t = keyTable();
    const { key } = t.add('效能办');
    const keys = keyAuthenticator(t.db, 0, { now });
    await keys.authenticate(key);
    await keys.authenticate(key);
    expect(t.lookups).toBe(2);
  });

  test('when a cached principal is handed out, then no request can change it for the next one', async () => {
    const t = keyTable();
    const { key } = t.add('部门系统');
    const keys = keyAuthenticator(t.db, 5, { now });
    const first = (await keys.authenticate(key))!;
    expect(() => Object.assign(first, { role: 'admin' })).toThrow(TypeError);
    expect((await keys.authenticate(key))!.role).toBe('supervisor');
  });

  /** A feed the test drives: what listenForRevocations would hear from PostgreSQL. */
  function feed() {
    let live = true;
    const subs: Parameters<RevocationFeed['subscribe']>[0][] = [];
    return {
      live: () => live,
      subscribe: (h: Parameters<RevocationFeed['subscribe']>[0]) => void subs.push(h),
      hear: (keyId: string) => subs.forEach((s) => s.revoked(keyId)),
      setLive: (v: boolean) => {
        live = v;
        subs.forEach((s) => s.changed());
      },
    };
  }

  /** One department key behind a cache that hears the driven feed. */
  function withFeed() {
    const t = keyTable();
    const f = feed();
    return { t, f, ...t.add('部门系统'), keys: keyAuthenticator(t.db, 5, { now, feed: f }) };
  }

  test("when another gateway's revocation is heard, then the key is refused at once", async () => {
    const { t, f, key, id, keys } = withFeed();
    await keys.authenticate(key);
    t.revoke(id);
    f.hear(id);
    expect(await keys.authenticate(key)).toBeUndefined();
  });

  test('when the revocation feed is not listening, then nothing is answered from the cache until it is back and the cache starts empty', async () => {
    const { t, f, key, id, keys } = withFeed();
    await keys.authenticate(key);
    f.setLive(false);
    await keys.authenticate(key);
    await keys.authenticate(key);
    expect(t.lookups).toBe(3);
    // Revoked while nobody was listening: the notification is lost, the empty cache still asks.
    t.revoke(id);
    f.setLive(true);
    expect(await keys.authenticate(key)).toBeUndefined();
  });

  test("when a revocation is heard while a lookup of that key is under way, then the lookup's answer is not kept", async () => {
    const { t, f, key, id, keys } = withFeed();
    const inFlight = keys.authenticate(key); // reads the row before the revocation commits
    t.revoke(id);
    f.hear(id);
    expect(await inFlight).toMatchObject({ keyId: id });
    expect(await keys.authenticate(key)).toBeUndefined();
  });
});
