/**
 * Looking for personal data in what Temporal stores and shows (issue #16, the no-clear-text tests
 * on the dev server and on the cluster): values made up per run so a hit can only be ours, and a
 * search over bytes as Temporal writes them (UTF-8 JSON inside protobuf) and over the CLI's JSON
 * output as an operator reads it.
 */
import { randomInt } from 'node:crypto';

/** `n` random decimal digits. */
export const digits = (n: number): string => Array.from({ length: n }, () => randomInt(10)).join('');

/** Every value of `secrets` found in `haystack` (UTF-8 bytes). */
export const leakedIn = (secrets: readonly string[], haystack: Buffer): string[] => secrets.filter((s) => haystack.includes(Buffer.from(s, 'utf8')));

/** The CLI's JSON output as an operator can read it: every string, and every string base64-decoded (payload data). */
export function readableCliJson(jsonOutput: string): Buffer {
  const parts: Buffer[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(Buffer.from(v), Buffer.from(v, 'base64'));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(jsonOutput));
  return Buffer.concat(parts);
}
