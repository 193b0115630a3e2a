import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../../lib/config';
import { newKeyEntry } from '../../lib/crypto/secret-box';
import { certificateSet } from '../../scripts/cluster/certs';
import { clusterLayout } from '../../scripts/cluster/layout';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }> | string[];
  deploy?: { replicas?: number };
}

const root = path.join(__dirname, '..', '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const TEMPORAL_SERVICES = ['temporal-frontend', 'temporal-history', 'temporal-matching', 'temporal-worker'];

describe('docker-compose.yml (production topology; not run here: no Docker engine, `npm run cluster` runs it for real)', () => {
  test('when parsed, then it has PostgreSQL, Temporal as four services with its schema job, the UI, migrate, worker, gateway and the edge', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['edge', 'gateway', 'migrate', 'postgres', 'temporal-namespace', 'temporal-schema', 'temporal-ui', ...TEMPORAL_SERVICES, 'worker'].sort(),
    );
    for (const s of TEMPORAL_SERVICES) {
      expect(compose.services[s].image).toMatch(/^temporalio\/server:1\.29\./);
      expect(compose.services[s].environment?.SERVICES).toBe(s.replace('temporal-', ''));
    }
    expect(compose.services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    expect(compose.services.worker.deploy?.replicas).toBe(2);
    expect(compose.services.gateway.deploy?.replicas).toBe(2);
  });

  test('when the app services are configured, then every variable passes the config schema, mTLS included', () => {
    for (const name of ['gateway', 'worker', 'migrate']) {
      const env = Object.fromEntries(
        // Required secrets come from the operator's environment; stand in for them here.
        Object.entries(compose.services[name].environment ?? {}).map(([k, v]) => [
          k,
          String(v)
            .replace('${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}', 'secret')
            .replace(/^\$\{PUBLIC_BASE_URL:\?[^}]*\}$/, 'https://approval.example.gov.cn')
            .replace(/^\$\{(SECRET|PAYLOAD)_ENCRYPTION_KEYS:\?[^}]*\}$/, newKeyEntry('prod')),
        ]),
      );
      const parsed = configSchema.parse(env);
      expect(parsed.DATABASE_URL).toBe('postgresql://approval:secret@postgres:5432/approval');
      expect(parsed.TEMPORAL_ADDRESS).toBe('temporal-frontend:7233');
      expect([parsed.TEMPORAL_TLS_CA_FILE, parsed.TEMPORAL_TLS_CERT_FILE, parsed.TEMPORAL_TLS_KEY_FILE]).toEqual(['/certs/ca.pem', '/certs/app.pem', '/certs/app.key']);
      for (const key of Object.keys(env)) {
        if (key !== 'TZ') expect(Object.keys(configSchema.shape)).toContain(key);
      }
    }
  });

  test('when the ports are published, then only the HTTPS edge is reachable: no Temporal port, no UI, no gateway', () => {
    const published = Object.entries(compose.services).filter(([, s]) => s.ports?.length).map(([name, s]) => [name, s.ports]);
    expect(published).toEqual([['edge', ['443:443']]]);
    expect(compose.services.gateway.environment?.API_PORT).toBe(3000);
  });

  test('when Temporal is configured, then the frontend and internode require client certificates from files the cluster script issues', () => {
    const issued = new Set(certificateSet(clusterLayout({})).flatMap((c) => [`/certs/${c.name}.pem`, `/certs/${c.name}.key`]).concat('/certs/ca.pem'));
    for (const s of TEMPORAL_SERVICES) {
      const env = compose.services[s].environment!;
      expect(env.TEMPORAL_TLS_REQUIRE_CLIENT_AUTH).toBe('true');
      for (const [k, v] of Object.entries(env)) if (k.startsWith('TEMPORAL_TLS_') && String(v).startsWith('/certs/')) expect(issued).toContain(v);
      expect(compose.services[s].volumes).toContain('./deploy/certs:/certs:ro');
    }
    expect(compose.services['temporal-ui'].environment?.TEMPORAL_TLS_CERT).toBe('/certs/admin.pem');
  });

  test('when started, then the app waits for migrations and the namespace, which wait for a healthy database and the schema', () => {
    const dep = (s: string) => compose.services[s].depends_on as Record<string, { condition: string }>;
    expect(dep('migrate').postgres.condition).toBe('service_healthy');
    expect(dep('temporal-schema').postgres.condition).toBe('service_healthy');
    for (const s of TEMPORAL_SERVICES) expect(dep(s)['temporal-schema'].condition).toBe('service_completed_successfully');
    for (const s of ['gateway', 'worker']) {
      expect(dep(s).migrate.condition).toBe('service_completed_successfully');
      expect(dep(s)['temporal-namespace'].condition).toBe('service_completed_successfully');
    }
  });

  test('when the image commands run, then the files they start are produced by the build', () => {
    const tsSources = ['gateway', 'worker', 'migrate'].map((s) => compose.services[s].command![1].replace(/^dist\//, '').replace(/\.js$/, '.ts'));
    for (const src of tsSources) expect(fs.existsSync(path.join(root, src))).toBe(true);
  });
});
