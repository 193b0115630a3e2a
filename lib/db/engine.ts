/**
 * Prisma's WebAssembly schema engine, driven in-process through driver adapters.
 *
 * Why: the Prisma 7 CLI downloads a native schema engine for `migrate`, which the 政务内网 cannot
 * reach. The Wasm build ships in an npm package and talks to the database through the same
 * driver adapters as the runtime client, so migrations run fully offline.
 */
import fs from 'node:fs';
import { setTimeout as realSetTimeout } from 'node:timers';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import type * as EngineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';
import { providerOfUrl, sqliteFilePath, type Provider } from './schemas';

export type { SchemaEngine };

/** We never mark tables or enums as externally managed. */
export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

type EngineModule = typeof EngineGlue;

/**
 * The package is an ES module whose entry uses the Wasm ESM integration (unsupported in Node 20),
 * so we import its JS glue and instantiate the .wasm ourselves. `import()` must survive
 * compilation to CommonJS (tsc and @swc/jest rewrite it to `require`, which cannot load ESM);
 * under Jest even an uncompiled `import()` fails inside the test sandbox, so there we compile it
 * in the main context with Node's default loader (Node ≥ 20.12; prints an ExperimentalWarning).
 */
async function importEsm(url: string): Promise<unknown> {
  const viaFunction = new Function('u', 'return import(u)') as (u: string) => Promise<unknown>;
  try {
    return await viaFunction(url);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_VM_DYNAMIC_IMPORT')) throw error;
    const script = new vm.Script('(u) => import(u)', { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    return await (script.runInThisContext() as (u: string) => Promise<unknown>)(url);
  }
}

// tsconfig's lib (ES2022, no DOM) has no WebAssembly typings; declare the one call we make.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, Record<string, unknown>>): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let modulePromise: Promise<EngineModule> | undefined;
const toStringTag = Object.prototype.toString;

function loadModule(): Promise<EngineModule> {
  modulePromise ??= (async () => {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await importEsm(pathToFileURL(gluePath).href)) as EngineModule & Record<string, unknown>;
    // The ESM cache is per process, but Jest gives every test file its own module registry:
    // instantiating again would swap the Wasm memory under the glue's caches. Reuse it.
    try {
      glue.version();
      return glue;
    } catch {
      // Not instantiated yet in this process.
    }
    const imports: Record<string, unknown> = { ...glue };
    // After applyMigrations on PostgreSQL the engine leaves a 10 s timer behind, which would hold
    // the process or a Jest worker open; unref it (CLIs still exit explicitly). node:timers, so
    // that Jest's fake timers and test-file teardown never reach the engine.
    for (const name of Object.keys(glue).filter((n) => n.startsWith('__wbg_setTimeout_'))) {
      imports[name] = (callback: () => void, ms: number) => realSetTimeout(callback, ms >>> 0).unref();
    }
    // Under Jest, adapters and their promises/buffers come from the test's vm realm, so the glue's
    // `instanceof Promise` (etc.) is false for them; compare the realm-independent tag as well.
    for (const name of Object.keys(glue)) {
      const type = /^__wbg_instanceof_([A-Za-z0-9]+)_/.exec(name)?.[1];
      const original = glue[name] as (value: unknown) => boolean;
      if (type) imports[name] = (value: unknown) => original(value) || toStringTag.call(value) === `[object ${type}]`;
    }
    const bytes = fs.readFileSync(gluePath.replace(/\.js$/, '.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return modulePromise;
}

/** The engine's error messages carry a Rust span trace after the first lines; keep the message. */
export function engineErrorMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  return message.split(/\n\s+0: /)[0].trim();
}

export function engineErrorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * adapter-pg has no column type for PostgreSQL's internal `"char"` (OID 18), which the engine's
 * catalogue queries return (pg_class.relkind …), so introspection fails with "Column type 'char'
 * could not be deserialized". pg returns such values as strings already; relabel them as text.
 */
function introspectablePool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 4 });
  // An idle client dropped by the server (restart, DROP DATABASE … WITH (FORCE)) must not crash
  // the process with an unhandled 'error' event; the next query reports the problem instead.
  pool.on('error', () => undefined);
  const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  const relabelled = async (config: pg.QueryConfig): Promise<pg.QueryResult> => {
    const result = await query(config);
    for (const field of result.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  return Object.assign(pool, { query: relabelled });
}

/** The engine only shows messages of mapped driver errors ("External error id#0" otherwise). */
function toDriverAdapterError(error: unknown): DriverAdapterError {
  const e = error as Partial<Record<'code' | 'severity' | 'message' | 'detail' | 'column' | 'hint', string>>;
  const message = e.message ?? String(error);
  return new DriverAdapterError({
    kind: 'postgres',
    code: e.code ?? 'N/A',
    severity: e.severity ?? 'ERROR',
    message,
    detail: e.detail,
    column: e.column,
    hint: e.hint,
    originalCode: e.code,
    originalMessage: message,
  });
}

/**
 * A PostgreSQL "connection" that answers only the engine's start-up probe. Schema → schema diffs
 * need no database, but the engine insists on an adapter and probes it when it starts.
 */
function offlinePostgresAdapter(): SqlDriverAdapter {
  const refusal = () => new Error('离线 PostgreSQL 适配器不执行 SQL（只支持 schema → schema 差异）');
  return {
    provider: 'postgres',
    adapterName: 'approval-offline-postgres',
    queryRaw: async (query: SqlQuery) => {
      if (!/FROM pg_namespace/.test(query.sql)) throw refusal();
      // "public exists" keeps the engine from issuing CREATE SCHEMA; the version only gates features.
      return {
        columnNames: ['exists', 'version', 'numeric_version'],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, 'PostgreSQL 15 (offline)', 150000]],
      };
    },
    executeRaw: () => Promise.reject(refusal()),
    executeScript: () => Promise.reject(refusal()),
    startTransaction: () => Promise.reject(refusal()),
    getConnectionInfo: () => ({ schemaName: 'public', supportsRelationJoins: true }),
    dispose: () => Promise.resolve(),
  };
}

/** better-sqlite3 runs one statement per `prepare`; the SQLite shadow DB replays whole files through executeRaw. */
function multiStatementSafe(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query: SqlQuery) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  return adapter;
}

export type Target = { kind: 'url'; url: string } | { kind: 'offline'; provider: Provider };

export interface OpenEngine {
  engine: SchemaEngine;
  provider: Provider;
  /** Frees the engine and closes every connection it opened. Safe to call twice. */
  close(): Promise<void>;
}

/** Opens an engine on a database (`url`) or, for schema → schema diffs only, on no database. */
export async function openEngine(target: Target, schema: string): Promise<OpenEngine> {
  const mod = await loadModule();
  const provider = target.kind === 'url' ? providerOfUrl(target.url) : target.provider;
  const adapters: SqlDriverAdapter[] = [];
  const pools: pg.Pool[] = [];
  let base: SqlMigrationAwareDriverAdapterFactory;

  if (provider === 'sqlite') {
    const file = target.kind === 'url' ? sqliteFilePath(target.url, { createDir: true }) : ':memory:';
    const sqlite = new PrismaBetterSqlite3({ url: file });
    base = {
      provider: 'sqlite',
      adapterName: sqlite.adapterName,
      connect: () => sqlite.connect(),
      connectToShadowDb: async () => multiStatementSafe(await sqlite.connectToShadowDb()),
    };
  } else if (target.kind === 'url') {
    const pool = introspectablePool(target.url);
    pools.push(pool);
    const pgFactory = new PrismaPg(pool);
    base = {
      provider: 'postgres',
      adapterName: pgFactory.adapterName,
      connect: async () => {
        const adapter = await pgFactory.connect();
        // adapter-pg splits scripts on every ';', breaking string literals and $$ bodies. Send the
        // whole migration as one simple-protocol query, as Prisma's native engine does (and so,
        // like it, atomically: PostgreSQL runs a multi-statement query in one implicit transaction).
        adapter.executeScript = async (script: string) => {
          try {
            await pool.query({ text: script });
          } catch (error) {
            throw toDriverAdapterError(error);
          }
        };
        return adapter;
      },
      // adapter-pg's shadow DB reuses `connectionString`, i.e. it would replay on the MAIN database.
      connectToShadowDb: () => Promise.reject(new Error('PostgreSQL 不使用影子库（adapter-pg 会误连主库）')),
    };
  } else {
    base = {
      provider: 'postgres',
      adapterName: 'approval-offline-postgres',
      connect: () => Promise.resolve(offlinePostgresAdapter()),
      connectToShadowDb: () => Promise.reject(new Error('离线模式没有影子库')),
    };
  }

  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => {
      const adapter = await base.connect();
      adapters.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await base.connectToShadowDb();
      adapters.push(adapter);
      return adapter;
    },
  };

  const log = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`[schema-engine] ${line}\n`);
  };
  let engine: SchemaEngine;
  try {
    engine = await mod.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, log, bindMigrationAwareSqlAdapterFactory(tracked));
  } catch (error) {
    await Promise.allSettled([...adapters.map((a) => a.dispose()), ...pools.map((p) => p.end())]);
    throw error;
  }

  let closed = false;
  return {
    engine,
    provider,
    close: async () => {
      if (closed) return;
      closed = true;
      engine.free();
      await Promise.allSettled(adapters.map((a) => a.dispose()));
      await Promise.allSettled(pools.map((p) => p.end()));
    },
  };
}

/** The Prisma schema container shape the engine takes for schema → schema diffs. */
export function schemaFiles(content: string, name = 'schema.prisma'): { files: { path: string; content: string }[] } {
  return { files: [{ path: name, content }] };
}
