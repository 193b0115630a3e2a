/**
 * API keys verified once per few seconds instead of once per request (issue #15). Every
 * authenticated call looked its key up in the read model first: at 1 M tasks on PostgreSQL that
 * lookup was about a third of a listTasks page (BENCHMARKS.md, keyset paging). A key row only ever
 * changes by revocation, so a verified key's principal can be kept for a short time.
 *
 * The trade-off is revocation. On the gateway that revokes a key, the key stops working at once
 * (`revoked`). Other gateway processes (the cluster runs two) hear of it through PostgreSQL
 * (key-revocations.ts) and forget it too; a gateway that is not hearing answers nothing from its
 * cache. Without a feed (SQLite, one gateway; tests) another process's revocation would take up
 * to `API_KEY_CACHE_SECONDS`. 0 turns the cache off. Only keys that verified are kept — unknown,
 * malformed and revoked keys reach the database every time, so a guess is never answered from here,
 * and the cache holds at most one entry per live key (bounded anyway, oldest out first).
 */
import { authenticate, keyDigest, type Principal } from './keys';
import type { Db } from '../db/client';
import { announceRevocation, type RevocationFeed } from './key-revocations';

export interface KeyAuthenticator {
  /** The key's principal, or undefined for a malformed, unknown or revoked key. */
  authenticate(presented: string): Promise<Principal | undefined>;
  /** After a revocation is committed: this gateway stops accepting the key at once, and the others are told. */
  revoked(keyId: string): Promise<void>;
}

/** Far more than a county's keys; only a flood of distinct valid keys could reach it. */
const MAX_ENTRIES = 1000;

export function keyAuthenticator(
  db: Db,
  ttlSeconds: number,
  { now = Date.now, feed }: { now?: () => number; feed?: RevocationFeed } = {},
): KeyAuthenticator {
  // Even without a cache of its own, a revocation here is told to gateways that have one.
  if (ttlSeconds <= 0) return { authenticate: (presented) => authenticate(db, presented), revoked: (keyId) => announceRevocation(db, keyId) };
  const ttlMs = ttlSeconds * 1000;
  // By the key's SHA-256 (what the database stores), never the key itself.
  const entries = new Map<string, { principal: Principal; until: number }>();
  // Moves on every forgetting: a lookup that began before a revocation was heard is not kept
  // (it may have read the row just before the revocation committed).
  let epoch = 0;
  const forget = (keyId: string) => {
    epoch++;
    for (const [digest, e] of entries) if (e.principal.keyId === keyId) entries.delete(digest);
  };
  feed?.subscribe({
    revoked: forget,
    changed: () => {
      epoch++;
      entries.clear();
    },
  });
  const answering = () => !feed || feed.live();
  return {
    async authenticate(presented) {
      const digest = keyDigest(presented);
      const hit = entries.get(digest);
      if (hit && hit.until > now() && answering()) return hit.principal;
      if (hit) entries.delete(digest);
      const began = epoch;
      const principal = await authenticate(db, presented);
      if (principal && began === epoch && answering()) {
        // Shared by every request until it expires: no handler may change it for the next one.
        Object.freeze(principal);
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(digest, { principal, until: now() + ttlMs });
      }
      return principal;
    },
    async revoked(keyId) {
      forget(keyId);
      await announceRevocation(db, keyId);
    },
  };
}
