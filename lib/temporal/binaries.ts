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

export function resolveTemporalCli(): string {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new MissingToolError(`TEMPORAL_CLI 指向的文件不存在：${fromEnv}`);
    return fromEnv;
  }
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;

  const cached = path.join(cacheDir, 'bin', `temporal-${TEMPORAL_CLI_VERSION}`);
  if (fs.existsSync(cached)) return cached;

  if (!onPath('go')) {
    throw new MissingToolError(
      '未找到 Temporal CLI。请任选其一：设置 TEMPORAL_CLI=/path/to/temporal；把 temporal 放入 PATH；' +
        `或安装 Go 后重试（将自动执行 go install github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}）。`,
    );
  }
  const gobin = path.join(cacheDir, 'go-bin');
  fs.mkdirSync(gobin, { recursive: true });
  log(`building Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (first time only, several minutes)…`);
  execFileSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
    stdio: ['ignore', 2, 2], // keep stdout clean: callers capture the resolved path
  });
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  fs.renameSync(path.join(gobin, 'temporal'), cached);
  return cached;
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
  // The classpath is read at launch so the launcher stays valid if ~/.m2 moves with the cache.
  fs.writeFileSync(
    launcher,
    `#!/bin/sh\nexec java -Xss4m -cp "$(cat "${classpathFile}")" io.temporal.testserver.TestServer "$@"\n`,
    { mode: 0o755 },
  );
  return launcher;
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
