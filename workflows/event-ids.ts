/**
 * Event ids derived from what the event is, not from when it was built (issue #15).
 *
 * Read-model writes run as local activities: when a workflow task fails after such a write, its
 * retry may process a newly arrived input first. Ids taken from the workflow's random sequence
 * then shift by one — the new input's event gets the id already written, so it is skipped as a
 * duplicate, and the first input's event is written a second time under a new id. Here an id is a
 * name-based UUID (RFC 4122 v5) of: the run, the builder, the event's scope and type, the input
 * (the update id, when an update produced the event) and a counter over exactly those parts. Two
 * inputs processed in either order therefore keep their ids; only two inputs without an id of their
 * own (signals, timers) that produce the same event type on the same scope still depend on order.
 *
 * Pure code (no Temporal import), so a unit test can drive it as the builder does.
 */

/** Namespace of our event ids (a fixed random UUID; changing it would change every future id). */
const EVENT_NAMESPACE = '4b6d2a51-8f0e-4c1b-9d57-2f3e8a6c1b90';

export interface EventIdParts {
  type: string;
  /** The task or department an event is about, beyond the workflow's own object. */
  scope?: { projectId?: string; taskId?: string; departmentId?: string; agentId?: string };
  /** The input's own identity (the update id): stable across task retries whatever the order. */
  inputKey?: string;
}

/** Allocates the ids of one workflow run; rebuilt identically on replay because the code runs in history order. */
export class EventIds {
  private readonly counts = new Map<string, number>();

  /** `run` names the run (workflow id and run id) and `source` the builder within it. */
  constructor(private readonly run: string, private readonly source = 'events') {}

  next({ type, scope = {}, inputKey }: EventIdParts): string {
    const where = [scope.projectId, scope.taskId, scope.departmentId, scope.agentId].map((s) => s ?? '').join('/');
    const key = `${this.source}|${where}|${type}|${inputKey ?? ''}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return contentUuid(`${this.run}|${key}|${n}`);
  }
}

/** A name-based id in the namespace of our event ids (also for objects an update creates). */
export function contentUuid(name: string): string {
  return nameUuid(EVENT_NAMESPACE, name);
}

/** RFC 4122 name-based UUID, version 5 (SHA-1). */
export function nameUuid(namespace: string, name: string): string {
  const ns = namespace.replace(/-/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 2) bytes.push(parseInt(ns.slice(i, i + 2), 16));
  const hash = sha1(bytes.concat(utf8(name)));
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.slice(0, 16).map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** UTF-8 bytes of a string (the workflow sandbox is not guaranteed a TextEncoder). */
function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** SHA-1 (FIPS 180-4) over bytes; here only to name ids, not for security. */
function sha1(message: number[]): number[] {
  const bytes = message.slice();
  const bitLength = message.length * 8;
  bytes.push(0x80);
  while (bytes.length % 64 !== 56) bytes.push(0);
  // Length as 64 bits big-endian; names are far below 2^32 bits.
  bytes.push(0, 0, 0, 0, (bitLength >>> 24) & 255, (bitLength >>> 16) & 255, (bitLength >>> 8) & 255, bitLength & 255);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Array<number>(80);
  const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  for (let block = 0; block < bytes.length; block += 64) {
    for (let t = 0; t < 16; t++) {
      const i = block + t * 4;
      w[t] = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
    }
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    let [a, b, c, d, e] = h;
    for (let t = 0; t < 80; t++) {
      const [f, k] =
        t < 20 ? [(b & c) | (~b & d), 0x5a827999]
        : t < 40 ? [b ^ c ^ d, 0x6ed9eba1]
        : t < 60 ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
        : [b ^ c ^ d, 0xca62c1d6];
      const temp = (rotl(a, 5) + f + e + k + w[t]) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = temp;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0;
  }
  return h.flatMap((x) => [(x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255]);
}
