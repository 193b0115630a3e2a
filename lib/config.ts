/**
 * The one typed configuration schema. Read from the environment once at start, validated,
 * and documented in README (配置). Secrets (database password) are redacted in `describeConfig`.
 */
import ipaddr from 'ipaddr.js';
import type { MeetingRules } from '../domain/meeting-rules';
import { z } from 'zod';
import { parseKeyList } from './crypto/secret-box';
import { parseAllowlist } from './net/address-policy';

const port = z.coerce.number().int().min(0).max(65535);
const PROXY_NAMES = new Set(['loopback', 'uniquelocal', 'linklocal']);

export function trustedProxyList(value: string): string[] {
  return value.split(',').map((e) => e.trim()).filter(Boolean);
}

function validProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  try {
    if (entry.includes('/')) ipaddr.parseCIDR(entry);
    else ipaddr.parse(entry);
    return true;
  } catch {
    return false;
  }
}

/** Compose files pass `${VAR:-}`: an empty value means "not configured". */
const optionalPath = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

/** An optional `id:base64(32 bytes)[,…]` key list (lib/crypto/secret-box.ts); empty means unset. */
const keyList = () =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .superRefine((v, ctx) => {
        try {
          parseKeyList(v);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      })
      .optional(),
  );

export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, '必须以 file: (SQLite) 或 postgresql:// 开头')
    .default('file:./data/read-model.db'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('parallel-approval'),
  TEMPORAL_UI_PORT: port.default(8233),
  /**
   * mTLS to the Temporal frontend (a cluster that refuses plaintext): PEM files of the CA that signed
   * the frontend's certificate, and of this process's client certificate and key. All three or none;
   * unset, the connection is plaintext (the dev server). See lib/temporal/tls.ts.
   */
  TEMPORAL_TLS_CA_FILE: optionalPath,
  TEMPORAL_TLS_CERT_FILE: optionalPath,
  TEMPORAL_TLS_KEY_FILE: optionalPath,
  /** The name the frontend's certificate is checked against when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: optionalPath,
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  /** Public base URL used in links (docs page, problem `instance`); defaults to http://API_HOST:API_PORT. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /**
   * Proxies in front of the gateway whose X-Forwarded-For is believed (the nginx edge), so that the
   * per-address limit and the logs see the client rather than the proxy: `loopback`, `uniquelocal`,
   * `linklocal`, IP addresses or CIDRs, comma-separated. Unset: none, the socket's address counts.
   */
  TRUST_PROXY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .superRefine((v, ctx) => {
        const bad = trustedProxyList(v).filter((entry) => !validProxyEntry(entry));
        if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `不是 loopback、uniquelocal、linklocal、IP 地址或 CIDR：${bad.join('、')}` });
      })
      .optional(),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/).default('1mb'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Requests per client address per minute under /api, counted before authentication (401s included). */
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().positive().default(3000),
  /** Requests per client address per minute to the public portal's operations (/api/v1/public/…, no credentials). */
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /** Progress and complaint lookups, challenges and public complaints per client address per minute: each lookup is a guess, so far stricter. */
  PUBLIC_LOOKUP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /**
   * When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. Unset, /metrics is
   * open, which is only acceptable when the gateway port is reachable from the internal network alone.
   */
  METRICS_TOKEN: z.preprocess(
    // Compose files pass `${METRICS_TOKEN:-}`; an empty value means "not configured".
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^[\x21-\x7e]{16,200}$/, '至少 16 个可打印 ASCII 字符（不含空格）').optional(),
  ),
  /**
   * Worker: workflow executions kept in memory between tasks. Unset, the SDK sizes it from the
   * heap. Long-lived workflows (跟踪问效, webhook subscriptions) stay cached until evicted, so this
   * is what bounds the worker's memory; an evicted workflow is rebuilt by replay when it next wakes.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  /**
   * Worker: a prebuilt workflow bundle (`npm run bundle:workflows -- <file>`), so that several workers
   * on one machine do not each bundle the same code at start. Unset: dist/workflow-bundle.js next to
   * the build when present, else bundled from sources.
   */
  WORKFLOW_BUNDLE: optionalPath,
  /** GB/T 2260 code of the county, the division part of generated national project codes (蓬溪县 510921). */
  ADMINISTRATIVE_DIVISION: z.string().regex(/^[1-8]\d{5}$/, '行政区划代码应为 6 位数字（GB/T 2260）').default('510921'),
  /**
   * Worker: `host:port` where the Temporal SDK serves its Prometheus metrics (/metrics), e.g.
   * `127.0.0.1:9464`. Unset: no SDK metrics endpoint.
   */
  WORKER_METRICS_ADDRESS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, '须为 主机:端口，如 127.0.0.1:9464').optional(),
  ),
  /**
   * 受理材料核验 (Art. 32): `request` checks intakes whose client sends `checkMaterials: true` (older
   * clients keep accept-at-intake); `always` checks every intake, once all clients send complete materials.
   */
  INTAKE_MATERIALS_CHECK: z.enum(['request', 'always']).default('request'),
  /** Fraction of the promised working time after which a task turns yellow. */
  YELLOW_RATIO: z.coerce.number().gt(0).lt(1).default(0.8),
  /** 联席会议 by rule (issue #13): convene one when a task turns red. */
  JOINT_MEETING_ON_RED: z.enum(['true', 'false']).default('true'),
  /** …when departments disagree (a prerequisite was refused, so later items cannot start). */
  JOINT_MEETING_ON_DISAGREEMENT: z.enum(['true', 'false']).default('true'),
  /** …when a department requests supplements (一次性告知) while another has accepted the project's materials. */
  JOINT_MEETING_ON_SUPPLEMENT_DISAGREEMENT: z.enum(['true', 'false']).default('true'),
  /** …for a major project: investment (万元) at or above this; 0 turns the rule off. */
  JOINT_MEETING_MAJOR_INVESTMENT_WAN: z.coerce.number().min(0).default(50_000),
  /** A meeting convened by rule is held on this working day after the trigger. */
  JOINT_MEETING_NOTICE_WORKING_DAYS: z.coerce.number().int().min(1).max(20).default(3),
  /**
   * Webhooks: ceiling of the exponential backoff between delivery attempts (starts at 1 s,
   * doubles, retries forever). Fixed into each subscription's workflow when it is created.
   */
  WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Webhooks: how long one POST may take before it counts as a failed attempt. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  /** Webhooks: how long an idle subscription waits on the outbox for new events per poll. */
  WEBHOOK_POLL_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /**
   * Webhooks: the only receivers that may be internal (loopback, private, link-local …) or plain
   * http. Host names, IP addresses and CIDRs, separated by commas. Empty: public https only.
   */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      try {
        parseAllowlist(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  /**
   * Keys that seal secrets at rest (webhook signing secrets), `id:base64(32 bytes)` separated by
   * commas; the first seals, all open (key rotation). Unset: a development key under data/.
   */
  SECRET_ENCRYPTION_KEYS: keyList(),
  /**
   * Keys that encrypt Temporal payloads (workflow and activity inputs, results, signals, updates,
   * queries, memos) in every worker and client, same format and rotation rule as
   * SECRET_ENCRYPTION_KEYS. Unset: a development key under data/ (lib/temporal/codec.ts).
   */
  PAYLOAD_ENCRYPTION_KEYS: keyList(),
  /**
   * Origins of the Temporal Web UI allowed to call the codec server (/api/v1/temporal-codec) from
   * the browser, comma-separated (`http://127.0.0.1:8233`). Empty: no cross-origin access (the
   * CLI needs none). `npm start` allows its dev server's UI.
   */
  TEMPORAL_UI_ORIGINS: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      for (const origin of originList(v)) {
        let parsed: URL | undefined;
        try {
          parsed = new URL(origin);
        } catch {
          parsed = undefined;
        }
        if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
          ctx.addIssue({ code: 'custom', message: `“${origin}”不是源：须为 http(s)://主机[:端口]，不带路径与末尾斜杠` });
        }
      }
    }),
  /** Webhooks: after rotateWebhookSecret, how long deliveries are also signed with the previous secret. */
  WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce.number().int().min(0).max(720).default(24),
  /** Webhooks: subscriptions one API key may hold (deleted ones do not count). */
  WEBHOOK_MAX_SUBSCRIPTIONS_PER_KEY: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * Complaints (效能投诉): working days after the handling deadline within which the unit must
   * explain the delay (说明原因). Fixed into each complaint's workflow when it is filed.
   */
  COMPLAINT_EXPLANATION_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(3),
  /** Complaints: working days after the handling deadline at which an unresolved complaint escalates (追究责任). */
  COMPLAINT_ESCALATION_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  /** Complaints: follow-up window (回访期) after resolution for the complainant's feedback and 通报, in working days. */
  COMPLAINT_FOLLOW_UP_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  /**
   * A verified API key is trusted this many seconds before the database is asked again
   * (lib/auth/key-cache.ts). A revocation takes effect at once on the gateway that made it, at once
   * on the others that hear it (PostgreSQL NOTIFY) and otherwise within this time. 0: every request looks its key up.
   */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  /** Console sessions: a session unused for this many minutes ends (idle expiry). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Console sessions: every session ends this many hours after login, however active (absolute expiry). */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(12),
  /** Login lockout: failed attempts for one user name before it is locked. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** Login lockout: the first lock lasts this many seconds and doubles with every further failure… */
  LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** …up to this ceiling. */
  LOGIN_LOCKOUT_MAX_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(3600),
});

export type Config = z.infer<typeof configSchema>;

/** TEMPORAL_UI_ORIGINS as a list. */
export function originList(raw: string): string[] {
  return raw.split(',').map((o) => o.trim()).filter(Boolean);
}

/** YELLOW_RATIO (0–1) as the clock's integer yellow percentage (1–99). */
export function yellowPercentOf(ratio: number): number {
  return Math.min(99, Math.max(1, Math.round(ratio * 100)));
}

/** The 联席会议 rules as the worker applies them (domain/meeting-rules.ts). */
export function meetingRulesOf(config: Config): MeetingRules {
  return {
    onRed: config.JOINT_MEETING_ON_RED === 'true',
    onDisagreement: config.JOINT_MEETING_ON_DISAGREEMENT === 'true',
    onSupplementDisagreement: config.JOINT_MEETING_ON_SUPPLEMENT_DISAGREEMENT === 'true',
    majorInvestmentWan: config.JOINT_MEETING_MAJOR_INVESTMENT_WAN,
    noticeWorkingDays: config.JOINT_MEETING_NOTICE_WORKING_DAYS,
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置无效：\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Key ids stay visible (which key is current), the key material does not. */
const maskKeys = (list: string): string => list.replace(/:[^,]+/g, ':***');

/** A loggable copy: passwords in URLs and the metrics token are masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    DATABASE_URL: config.DATABASE_URL.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@'),
    ...(config.METRICS_TOKEN ? { METRICS_TOKEN: '***' } : {}),
    ...(config.SECRET_ENCRYPTION_KEYS ? { SECRET_ENCRYPTION_KEYS: maskKeys(config.SECRET_ENCRYPTION_KEYS) } : {}),
    ...(config.PAYLOAD_ENCRYPTION_KEYS ? { PAYLOAD_ENCRYPTION_KEYS: maskKeys(config.PAYLOAD_ENCRYPTION_KEYS) } : {}),
  };
}
