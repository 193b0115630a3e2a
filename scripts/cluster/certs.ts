/**
 * The cluster's own CA and certificates, made with openssl once and reused on every start:
 *  - frontend:  the Temporal frontend's server certificate (clients must present one of ours: mTLS);
 *  - internode: history, matching, internal worker and frontend towards each other (server and client);
 *  - app:       our workers and gateways, as clients of the frontend;
 *  - admin:     the operator's CLI and Temporal's own system worker, as clients of the frontend;
 *  - edge:      nginx's HTTPS certificate for the gateways.
 * EC P-256 keys: small and quick to make, supported by Go, gRPC and nginx alike.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterLayout } from './layout';

interface Leaf {
  name: string;
  subject: string;
  usage: 'serverAuth' | 'clientAuth' | 'serverAuth,clientAuth';
  altNames?: string[];
}

export function certificateSet(layout: ClusterLayout): Leaf[] {
  const local = ['DNS:localhost', 'IP:127.0.0.1'];
  return [
    { name: 'frontend', subject: layout.serverNames.frontend, usage: 'serverAuth', altNames: [`DNS:${layout.serverNames.frontend}`, ...local] },
    { name: 'internode', subject: layout.serverNames.internode, usage: 'serverAuth,clientAuth', altNames: [`DNS:${layout.serverNames.internode}`, ...local] },
    { name: 'app', subject: 'approval-app', usage: 'clientAuth' },
    { name: 'admin', subject: 'approval-admin', usage: 'clientAuth' },
    { name: 'ui', subject: 'approval-temporal-ui', usage: 'clientAuth' },
    { name: 'edge', subject: 'localhost', usage: 'serverAuth', altNames: local },
  ];
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Idempotent: files that exist are kept (a restart must not invalidate certificates in use). */
export function ensureCertificates(layout: ClusterLayout, log: (m: string) => void): void {
  const dir = layout.certDir;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(path.join(dir, 'ca.pem'))) {
    log('生成集群 CA（openssl）…');
    openssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/O=parallel-approval/CN=parallel-approval cluster CA'], dir);
    fs.chmodSync(path.join(dir, 'ca.key'), 0o600);
  }
  for (const leaf of certificateSet(layout)) {
    if (fs.existsSync(path.join(dir, `${leaf.name}.pem`))) continue;
    log(`签发证书 ${leaf.name}（${leaf.subject}）…`);
    const ext = [
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyEncipherment',
      `extendedKeyUsage=${leaf.usage}`,
      ...(leaf.altNames ? [`subjectAltName=${leaf.altNames.join(',')}`] : []),
    ].join('\n');
    fs.writeFileSync(path.join(dir, `${leaf.name}.ext`), `${ext}\n`);
    openssl(['req', ...EC, '-keyout', `${leaf.name}.key`, '-out', `${leaf.name}.csr`, '-subj', `/O=parallel-approval/CN=${leaf.subject}`], dir);
    openssl(['x509', '-req', '-in', `${leaf.name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${leaf.name}.pem`, '-days', '825', '-extfile', `${leaf.name}.ext`], dir);
    fs.chmodSync(path.join(dir, `${leaf.name}.key`), 0o600);
    fs.rmSync(path.join(dir, `${leaf.name}.csr`));
  }
}
