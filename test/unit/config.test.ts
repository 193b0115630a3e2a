import { ConfigError, loadConfig } from '../../lib/config';
import { temporalTlsFrom } from '../../lib/temporal/tls';

describe('worker cache size', () => {
  test('when WORKER_MAX_CACHED_WORKFLOWS is unset, then the SDK default applies (no value)', () => {
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
  });

  test('when it is a non-negative integer, then the worker gets that number', () => {
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '200' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(200);
  });

  test('when it is not a non-negative integer, then start-up fails naming the variable', () => {
    for (const bad of ['-1', '1.5', 'many']) {
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: bad })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    }
  });
});

describe('trusted proxies', () => {
  test('when TRUST_PROXY lists names, addresses and CIDRs, then it is accepted as given', () => {
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8,::1');
    expect(loadConfig({ TRUST_PROXY: '' }).TRUST_PROXY).toBeUndefined();
  });

  test('when an entry is a host name or a malformed address, then start-up fails naming it', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'edge' })).toThrow(/TRUST_PROXY[\s\S]*edge/);
    expect(() => loadConfig({ TRUST_PROXY: 'loopback,10.0.0.300/8' })).toThrow(/10\.0\.0\.300\/8/);
  });
});

describe('Temporal mTLS', () => {
  test('when only part of the client certificate configuration is set, then connecting is refused instead of falling back to plaintext', () => {
    expect(() => temporalTlsFrom({ TEMPORAL_TLS_CA_FILE: '/x/ca.pem' })).toThrow(/TEMPORAL_TLS_CERT_FILE、TEMPORAL_TLS_KEY_FILE/);
    expect(() => temporalTlsFrom({ TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend' })).toThrow(ConfigError);
    expect(temporalTlsFrom({})).toBeUndefined();
  });

  test('when a certificate file cannot be read, then the error names the variable and the file', () => {
    expect(() => temporalTlsFrom({ TEMPORAL_TLS_CA_FILE: '/nonexistent/ca.pem', TEMPORAL_TLS_CERT_FILE: '/nonexistent/a.pem', TEMPORAL_TLS_KEY_FILE: '/nonexistent/a.key' })).toThrow(
      /TEMPORAL_TLS_CA_FILE[\s\S]*\/nonexistent\/ca\.pem/,
    );
  });
});
