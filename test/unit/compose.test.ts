import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../../lib/config';
import { newKeyEntry } from '../../lib/crypto/secret-box';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }> | string[];
}

const root = path.join(__dirname, '..', '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};

describe('docker-compose.yml (production topology; not run here: no Docker engine)', () => {
  test('when parsed, then it has PostgreSQL, Temporal, its UI, migrate, worker and gateway', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'migrate', 'postgres', 'temporal', 'temporal-ui', 'worker']);
    expect(compose.services.temporal.image).toMatch(/^temporalio\/auto-setup:/);
    expect(compose.services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
  });

  test('when the app services are configured, then every variable passes the config schema', () => {
    for (const name of ['gateway', 'worker', 'migrate']) {
      const env = Object.fromEntries(
        // Required secrets come from the operator's environment; stand in for them here.
        Object.entries(compose.services[name].environment ?? {}).map(([k, v]) => [
          k,
          String(v)
            .replace('${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}', 'secret')
            .replace(/^\$\{(SECRET|PAYLOAD)_ENCRYPTION_KEYS:\?[^}]*\}$/, newKeyEntry('prod')),
        ]),
      );
      const parsed = configSchema.parse(env);
      expect(parsed.DATABASE_URL).toBe('postgresql://approval:secret@postgres:5432/approval');
      expect(parsed.TEMPORAL_ADDRESS).toBe('temporal:7233');
      for (const key of Object.keys(env)) {
        if (key !== 'TZ') expect(Object.keys(configSchema.shape)).toContain(key);
      }
    }
  });

  test('when the ports are published, then the gateway, Temporal and the UI are reachable', () => {
    expect(compose.services.gateway.ports).toContain('3000:3000');
    expect(compose.services.gateway.environment?.API_PORT).toBe(3000);
    expect(compose.services.temporal.ports).toContain('7233:7233');
    expect(compose.services['temporal-ui'].ports).toContain('8080:8080');
  });

  test('when started, then the app waits for migrations, which wait for a healthy database', () => {
    const dep = (s: string) => compose.services[s].depends_on as Record<string, { condition: string }>;
    expect(dep('migrate').postgres.condition).toBe('service_healthy');
    expect(dep('gateway').migrate.condition).toBe('service_completed_successfully');
    expect(dep('worker').migrate.condition).toBe('service_completed_successfully');
  });

  test('when the image commands run, then the files they start are produced by the build', () => {
    const tsSources = ['gateway', 'worker', 'migrate'].map((s) => compose.services[s].command![1].replace(/^dist\//, '').replace(/\.js$/, '.ts'));
    for (const src of tsSources) expect(fs.existsSync(path.join(root, src))).toBe(true);
  });
});
