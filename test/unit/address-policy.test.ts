/**
 * The outbound address policy for webhook receivers: every spelling of every non-global address
 * is refused, host names are judged by what they resolve to, the allowlist is the only way in,
 * and a guarded connection refuses a host that was re-pointed after the check.
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configSchema } from '../../lib/config';
import { AddressRefusedError, createAddressPolicy, isGlobalUnicast, parseAllowlist, type HostResolver } from '../../lib/net/address-policy';
import { createGuardedPost } from '../../lib/net/guarded-fetch';

/** A resolver over a fixed table; unknown names do not resolve. */
const table =
  (names: Record<string, string[]>): HostResolver =>
  async (host) => {
    const found = names[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };

const dns = table({
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'db.internal': ['10.0.0.5'],
  'mixed.example.com': ['93.184.216.34', '127.0.0.1'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'receiver.test': ['127.0.0.1'],
});

const strict = createAddressPolicy({ allowlist: parseAllowlist(''), resolve: dns });

describe('address policy', () => {
  test.each([
    'https://127.0.0.1/',
    'https://127.0.0.1:5432/',
    'https://2130706433:8080/',
    'https://0x7f000001/',
    'https://0177.0.0.1/',
    'https://0x7f.1/',
    'https://127.1/',
    'https://[::1]:7243/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[::127.0.0.1]/',
    'https://[64:ff9b::7f00:1]/',
    'https://[2002:7f00:1::]/',
    'https://169.254.169.254/latest/meta-data/',
    'https://10.0.0.1/',
    'https://172.16.0.1/',
    'https://192.168.1.1/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://0/',
    'https://224.0.0.1/',
    'https://255.255.255.255/',
    'https://198.18.0.1/',
    'https://[fe80::1]/',
    'https://[fc00::1]/',
    'https://[fd12:3456::1]/',
    'https://[ff02::1]/',
    'https://[::]/',
    'https://[2001:db8::1]/',
    'https://db.internal/hook',
    'https://mixed.example.com/hook',
    'https://mapped.example.com/hook',
    'http://localhost./',
  ])('when a receiver is %s, then it is refused as a non-global address', async (url) => {
    const resolveLocalhost = createAddressPolicy({ allowlist: parseAllowlist(''), resolve: async (h) => (h === 'localhost.' || h === 'localhost' ? ['127.0.0.1'] : dns(h)) });
    await expect(resolveLocalhost.check(url)).resolves.toMatchObject({ ok: false, rule: 'non_global_address', message: expect.stringContaining('非公网地址') });
  });

  test('when a receiver is public and https, then it is allowed; plain http is refused by the https rule', async () => {
    await expect(strict.check('https://hooks.example.com/approval')).resolves.toMatchObject({ ok: true });
    await expect(strict.check('https://93.184.216.34/approval')).resolves.toMatchObject({ ok: true });
    await expect(strict.check('http://hooks.example.com/approval')).resolves.toMatchObject({ ok: false, rule: 'https_required' });
  });

  test('when a receiver is unusable for other reasons, then the rule says which', async () => {
    await expect(strict.check('ftp://hooks.example.com/')).resolves.toMatchObject({ ok: false, rule: 'scheme' });
    await expect(strict.check('not a url')).resolves.toMatchObject({ ok: false, rule: 'scheme' });
    await expect(strict.check('https://u:p@hooks.example.com/')).resolves.toMatchObject({ ok: false, rule: 'credentials' });
    await expect(strict.check('https://nowhere.example.com/')).resolves.toMatchObject({ ok: false, rule: 'unresolvable' });
  });

  test('when a host name, address or CIDR is allowlisted, then internal receivers on it are allowed over http, and nothing else is', async () => {
    const policy = createAddressPolicy({ allowlist: parseAllowlist('receiver.test, 127.0.0.1 10.0.0.0/8'), resolve: dns });
    await expect(policy.check('http://receiver.test:8080/hook')).resolves.toMatchObject({ ok: true });
    await expect(policy.check('http://RECEIVER.test./hook')).resolves.toMatchObject({ ok: true });
    await expect(policy.check('http://2130706433:8080/')).resolves.toMatchObject({ ok: true });
    await expect(policy.check('http://db.internal/hook')).resolves.toMatchObject({ ok: true });
    await expect(policy.check('http://127.0.0.2/')).resolves.toMatchObject({ ok: false, rule: 'non_global_address' });
    await expect(policy.check('http://[::1]/')).resolves.toMatchObject({ ok: false, rule: 'non_global_address' });
    await expect(policy.check('http://192.168.0.1/')).resolves.toMatchObject({ ok: false, rule: 'non_global_address' });
    // Allowlisted addresses may use http; a public host still needs https.
    await expect(policy.check('http://hooks.example.com/')).resolves.toMatchObject({ ok: false, rule: 'https_required' });
  });

  test('when the allowlist has an entry that is no host, address or CIDR, then the configuration is refused naming it', () => {
    expect(() => parseAllowlist('10.0.0.0/33')).toThrow('10.0.0.0/33');
    expect(() => parseAllowlist('http://x')).toThrow('http://x');
    expect(configSchema.safeParse({ WEBHOOK_ALLOWED_HOSTS: 'a_b' }).success).toBe(false);
    expect(configSchema.parse({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,::1,localhost' }).WEBHOOK_ALLOWED_HOSTS).toBe('127.0.0.1,::1,localhost');
    expect(configSchema.parse({}).WEBHOOK_MAX_SUBSCRIPTIONS_PER_KEY).toBe(10);
  });

  test('when addresses are written oddly, then global unicast is decided on the parsed value', () => {
    expect(isGlobalUnicast('8.8.8.8')).toBe(true);
    expect(isGlobalUnicast('2606:4700::1111')).toBe(true);
    expect(isGlobalUnicast('::ffff:8.8.8.8')).toBe(false);
    expect(isGlobalUnicast('not-an-address')).toBe(false);
  });
});

describe('guarded connections', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => req.resume().on('end', () => (hits++, res.writeHead(204).end())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const init = () => ({ method: 'POST' as const, headers: {}, body: '{}', signal: AbortSignal.timeout(5000), redirect: 'manual' as const });

  test('when a host passes the check and then resolves to 127.0.0.1 at connect time, then the connection is refused and nothing is sent', async () => {
    let answers = 0;
    // DNS rebinding: a public answer for the check, loopback for the connection.
    const rebinding: HostResolver = async () => (answers++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']);
    const policy = createAddressPolicy({ allowlist: parseAllowlist(''), resolve: rebinding });
    await expect(policy.check(`https://rebind.test:${port}/`)).resolves.toMatchObject({ ok: true });
    const post = createGuardedPost(policy);
    const before = hits;
    const failure = await post(`http://rebind.test:${port}/`, init()).then(
      () => undefined,
      (err: Error & { cause?: unknown }) => err.cause,
    );
    expect(failure).toBeInstanceOf(AddressRefusedError);
    expect((failure as AddressRefusedError).rule).toBe('non_global_address');
    expect(hits).toBe(before);
  });

  test('when an allowlisted host name resolves to 127.0.0.1, then the guarded connection reaches it', async () => {
    const policy = createAddressPolicy({ allowlist: parseAllowlist('receiver.test'), resolve: dns });
    const before = hits;
    const res = await createGuardedPost(policy)(`http://receiver.test:${port}/hook`, init());
    expect(res.status).toBe(204);
    expect(hits).toBe(before + 1);
  });

  test('when the lookup is asked for one address or for all, then it answers in the shape net.connect expects', async () => {
    const policy = createAddressPolicy({ allowlist: parseAllowlist(''), resolve: dns });
    const one = await new Promise<unknown[]>((resolve) => policy.guardedLookup('hooks.example.com', {}, (...args) => resolve(args)));
    expect(one).toEqual([null, '93.184.216.34', 4]);
    const all = await new Promise<unknown[]>((resolve) => policy.guardedLookup('hooks.example.com', { all: true, family: 6 }, (...args) => resolve(args)));
    expect(all).toEqual([null, [{ address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }]]);
    const refused = await new Promise<unknown[]>((resolve) => policy.guardedLookup('db.internal', { all: true }, (...args) => resolve(args)));
    expect(refused[0]).toBeInstanceOf(AddressRefusedError);
  });
});
