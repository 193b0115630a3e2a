/**
 * Locates (or builds once) the Temporal binaries the project runs on:
 *  - the Temporal CLI, which embeds the dev server and Web UI;
 *  - Temporal's Java test server, which supports time skipping for workflow tests.
 * No download of prebuilt binaries works on air-gapped networks, so both come from package
 * registries (Go module proxy, Maven Central) and are cached under .cache/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../paths';

/** Newest CLI tag without a `replace` directive in go.mod, so `go install` works. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEST_SERVER_VERSION = '1.38.0';

export class MissingToolError extends Error {}

function onPath(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const found = r.stdout.trim();
  return r.status === 0 && found ? found : undefined;
}

function log(msg: string): void {
  process.stderr.write(`[temporal-binaries] ${msg}\n`);
}

/** The Temporal server and its SQL schema tool, for the production topology (`npm run cluster`). */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

interface GoBinary {
  /** Environment variable that points at an existing executable instead. */
  envVar: string;
  /** Command name that is used when found on PATH (none: always the pinned build). */
  onPathAs?: string;
  /** `go install` package path, without the version. */
  pkg: string;
  version: string;
  /** File name go install writes into GOBIN. */
  built: string;
  /** Versioned name under .cache/bin. */
  cached: string;
  what: string;
}

/** An env override, PATH, the cache, or `go install` once into .cache (no prebuilt downloads here). */
function resolveGoBinary(b: GoBinary): string {
  const fromEnv = process.env[b.envVar];
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new MissingToolError(`${b.envVar} 指向的文件不存在：${fromEnv}`);
    return fromEnv;
  }
  const fromPath = b.onPathAs ? onPath(b.onPathAs) : undefined;
  if (fromPath) return fromPath;

  const cached = path.join(cacheDir, 'bin', `${b.cached}-${b.version}`);
  if (fs.existsSync(cached)) return cached;

  if (!onPath('go')) {
    throw new MissingToolError(
      `未找到${b.what}。请设置 ${b.envVar}=/path/to/binary，或安装 Go 后重试（将自动执行 go install ${b.pkg}@${b.version}）。`,
    );
  }
  const gobin = path.join(cacheDir, 'go-bin');
  fs.mkdirSync(gobin, { recursive: true });
  log(`building ${b.what} ${b.version} with go install (first time only, several minutes)…`);
  execFileSync('go', ['install', `${b.pkg}@${b.version}`], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
    stdio: ['ignore', 2, 2], // keep stdout clean: callers capture the resolved path
  });
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  fs.renameSync(path.join(gobin, b.built), cached);
  return cached;
}

export function resolveTemporalCli(): string {
  return resolveGoBinary({
    envVar: 'TEMPORAL_CLI',
    onPathAs: 'temporal',
    pkg: 'github.com/temporalio/cli/cmd/temporal',
    version: TEMPORAL_CLI_VERSION,
    built: 'temporal',
    cached: 'temporal',
    what: ' Temporal CLI',
  });
}

export function resolveTemporalServer(): string {
  return resolveGoBinary({
    envVar: 'TEMPORAL_SERVER',
    pkg: 'go.temporal.io/server/cmd/server',
    version: TEMPORAL_SERVER_VERSION,
    built: 'server',
    cached: 'temporal-server',
    what: ' Temporal 服务器',
  });
}

export function resolveTemporalSqlTool(): string {
  return resolveGoBinary({
    envVar: 'TEMPORAL_SQL_TOOL',
    pkg: 'go.temporal.io/server/cmd/tools/sql',
    version: TEMPORAL_SERVER_VERSION,
    built: 'sql',
    cached: 'temporal-sql-tool',
    what: ' Temporal 数据库结构工具',
  });
}

/** The Temporal Web UI server for the cluster; its Go module embeds the built UI (no Node build). */
export const TEMPORAL_UI_SERVER_VERSION = 'v2.42.1';

export function resolveTemporalUiServer(): string {
  return resolveGoBinary({
    envVar: 'TEMPORAL_UI_SERVER',
    pkg: 'github.com/temporalio/ui-server/v2/cmd/server',
    version: TEMPORAL_UI_SERVER_VERSION,
    built: 'server',
    cached: 'temporal-ui-server',
    what: ' Temporal Web UI 服务器',
  });
}

/** Path to an executable that starts the Java test server: `<exe> <port> --enable-time-skipping`. */
export function resolveTestServer(): string {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new MissingToolError(`TEMPORAL_TEST_SERVER 指向的文件不存在：${fromEnv}`);
    return fromEnv;
  }
  const dir = path.join(cacheDir, 'test-server', TEST_SERVER_VERSION);
  const launcher = path.join(dir, 'temporal-test-server');
  const classpathFile = path.join(dir, 'classpath.txt');
  if (fs.existsSync(launcher) && fs.existsSync(classpathFile) && classpathJarsExist(classpathFile)) return launcher;

  for (const tool of ['java', 'mvn']) {
    if (!onPath(tool)) {
      throw new MissingToolError(
        `时间跳跃测试服务器需要 ${tool}（Java 17 与 Maven）。请安装后重试，或设置 TEMPORAL_TEST_SERVER 指向已有的测试服务器可执行文件。`,
      );
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'pom.xml'), testServerPom(TEST_SERVER_VERSION));
  log(`resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} with Maven (first time only)…`);
  execFileSync('mvn', ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], {
    cwd: dir,
    stdio: ['ignore', 2, 2], // keep stdout clean: callers capture the resolved path
  });
  // The SDK kills a test server that does not answer within 5 s, and every test file starts one:
  // start-up time is what matters. Client-compiler only, serial GC and a class-data archive of the
  // server's own classes start it about 3× faster on a loaded 2-core machine (measured 1.2–2.6 s →
  // 0.4–0.6 s to an open port); a missing or stale archive is ignored by -Xshare:auto.
  const archive = path.join(dir, 'classes.jsa');
  // The classpath is read at launch so the launcher stays valid if ~/.m2 moves with the cache.
  const java = (archiveFlag: string) =>
    `java -Xss4m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto ${archiveFlag} -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$(cat "${classpathFile}")" io.temporal.testserver.TestServer`;
  fs.writeFileSync(launcher, `#!/bin/sh\nexec ${java(`-XX:SharedArchiveFile="${archive}"`)} "$@"\n`, { mode: 0o755 });
  writeClassArchive(java(`-XX:ArchiveClassesAtExit="${archive}"`));
  return launcher;
}

/** Starts the server (`java`, dumping its classes on exit) once until its port answers, then stops it (best effort). */
function writeClassArchive(java: string): void {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const script = `${java} ${port} --enable-time-skipping >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 300); do (echo > /dev/tcp/127.0.0.1/${port}) 2>/dev/null && break; sleep 0.1; done
sleep 1; kill $pid; wait $pid; true`;
  try {
    execFileSync('bash', ['-c', script], { stdio: 'ignore', timeout: 120_000 });
  } catch {
    // Without the archive the server only starts more slowly.
  }
}

function classpathJarsExist(file: string): boolean {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split(path.delimiter)
    .every((jar) => fs.existsSync(jar));
}

function testServerPom(version: string): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.cache</groupId>
  <artifactId>temporal-test-server-launcher</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
`;
}

/**
 * The PostgreSQL schemas of the pinned Temporal server (…/schema/postgresql/v12), which ship inside
 * its Go module: from TEMPORAL_SCHEMA_DIR, else the module cache (downloaded once when missing).
 */
export function resolveTemporalPostgresSchemas(): string {
  const fromEnv = process.env.TEMPORAL_SCHEMA_DIR;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new MissingToolError(`TEMPORAL_SCHEMA_DIR 指向的目录不存在：${fromEnv}`);
    return fromEnv;
  }
  if (!onPath('go')) {
    throw new MissingToolError('未找到 Temporal 的数据库结构文件。请设置 TEMPORAL_SCHEMA_DIR=<server 模块>/schema/postgresql/v12，或安装 Go 后重试。');
  }
  const module = `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}`;
  const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  const dir = path.join(modCache, module, 'schema', 'postgresql', 'v12');
  if (!fs.existsSync(dir)) {
    log(`downloading ${module} for its schemas (first time only)…`);
    execFileSync('go', ['mod', 'download', module], { stdio: ['ignore', 2, 2] });
  }
  return dir;
}
