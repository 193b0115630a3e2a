/** The chaos report in Chinese for stdout; the JSON file carries the same data in full. */
import fs from 'node:fs';
import path from 'node:path';
import type { ChaosReport } from './run';

const KIND_ZH: Record<string, string> = {
  worker_kill: 'kill -9 工作进程并重启',
  dev_server_restart: '重启 Temporal（开发服务器，或集群的 history 进程）',
  gateway_kill: 'kill -9 网关并重启',
  receiver_outage: 'Webhook 接收端停机（拒绝连接）',
  pg_terminate: 'pg_terminate_backend 断开数据库连接',
};

const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v}`)
    .join('，');

export function formatReport(r: ChaosReport): string {
  const lines: string[] = [];
  lines.push(`并联审批混沌演练报告（预设 ${r.preset}，数据库 ${r.database === 'postgresql' ? 'PostgreSQL' : 'SQLite'}，用时 ${r.durationSeconds} 秒）`);
  lines.push('');
  lines.push('一、注入的故障');
  lines.push(`  kill -9 工作进程 ${r.injected.workerKills} 次；重启 Temporal ${r.injected.devServerRestarts} 次；kill -9 网关 ${r.injected.gatewayKills ?? 0} 次；` +
    `Webhook 接收端停机 ${r.injected.receiverOutages} 次（期间 ${r.injected.refusedDeliveries} 次投递被拒）；断开数据库连接 ${r.injected.pgTerminations} 轮（共 ${r.injected.pgBackendsTerminated} 个连接）`);
  for (const f of r.injected.faults) lines.push(`  - 第 ${f.atSeconds} 秒 ${KIND_ZH[f.kind] ?? f.kind}：${f.detail}，恢复用时 ${f.durationMs} ms`);
  if (r.injected.unexpectedWorkerExits > 0) lines.push(`  - 工作进程意外退出 ${r.injected.unexpectedWorkerExits} 次，已由守护重启`);
  for (const e of r.injected.gatewayExits ?? []) lines.push(`  - ✘ ${e}`);
  for (const s of r.skipped) lines.push(`  - 跳过：${s}`);
  lines.push('');
  lines.push('二、负载（经 HTTP，按真实客户端方式重试）');
  lines.push(`  项目 ${r.load.projects} 个（其中直接在 Temporal 启动、收件时间在过去的超期项目 ${r.load.overdueProjects} 个）；` +
    `申报应答 201 共 ${r.load.submitted} 次（幂等重放 ${r.load.replayed} 次）；受理 ${r.load.accepted}、一次性告知 ${r.load.supplementsRequested}、` +
    `补正 ${r.load.supplementsSupplied}、决定 ${r.load.decided}`);
  const h = r.http;
  if (h.requests !== undefined) {
    lines.push(`  HTTP 请求 ${h.requests} 次：连接失败 ${h.networkErrors}、超时 ${h.timeouts}、5xx ${h.serverErrors}、429 ${h.tooManyRequests}、` +
      `原样重试 ${h.retries}、412 ${h.preconditionFailed}、409 ${h.conflicts}；单次最长等待 ${h.maxLatencyMs} ms，超过 5 秒的 ${h.slowAttempts} 次`);
  }
  lines.push(`  阶段（距开始秒数）：${counts(r.phases)}`);
  lines.push('');
  lines.push('三、核验');
  for (const c of r.checks) {
    lines.push(`  ${c.ok ? '✔ 通过' : '✘ 失败'}  ${c.title}`);
    if (Object.keys(c.counts).length > 0) lines.push(`      ${counts(c.counts)}`);
    for (const p of c.problems) lines.push(`      ✘ ${p}`);
    for (const n of c.notes) lines.push(`      注：${n}`);
  }
  if (r.error) lines.push(`  ✘ 运行中断：${r.error.split('\n')[0]}`);
  for (const n of r.notes) lines.push(`  注：${n}`);
  lines.push('');
  const failed = r.checks.filter((c) => !c.ok).length;
  lines.push(r.ok
    ? `结论：通过。${r.checks.length} 项核验全部通过，无丢失、无重复。`
    : `结论：失败。${failed} 项核验未通过${r.error ? '（运行中断）' : ''}，日志见 ${r.workDir}`);
  return lines.join('\n');
}

export function writeReport(r: ChaosReport, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
}
