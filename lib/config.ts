/**
 * The one typed configuration schema. Read from the environment once at start, validated,
 * and documented in README (配置). Secrets (database password) are redacted in `describeConfig`.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, '必须以 file: (SQLite) 或 postgresql:// 开头')
    .default('file:./data/read-model.db'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('parallel-approval'),
  TEMPORAL_UI_PORT: port.default(8233),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  /** Public base URL used in links (docs page, problem `instance`); defaults to http://API_HOST:API_PORT. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/).default('1mb'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Fraction of the promised working time after which a task turns yellow. */
  YELLOW_RATIO: z.coerce.number().gt(0).lt(1).default(0.8),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置无效：\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** A loggable copy: passwords in URLs are masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  return { ...config, DATABASE_URL: config.DATABASE_URL.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@') };
}
