/**
 * Replay fixtures: workflow tests export the histories of the runs they complete when
 * UPDATE_HISTORIES=1, and test/workflows/replay.test.ts replays every committed one against the
 * current workflow code. Refresh only after an intentional, reviewed change (see README 测试).
 *
 * Files hold the protobufjs JSON form of temporal.api.history.v1.History (camelCase fields, enum
 * names, 64-bit integers as strings). The SDK's historyToJSON/historyFromJSON cannot be used
 * here: npm installed one protobufjs per @temporalio package, and its proto-JSON codec rejects
 * the message types of another copy ("type must be a Type").
 */
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.History;
const { History } = temporal.api.history.v1;

export const HISTORIES_DIR = path.join(__dirname, '..', 'histories');

export function updatingHistories(): boolean {
  return process.env.UPDATE_HISTORIES === '1';
}

/** Writes test/histories/<name>.json from a completed run; a no-op unless UPDATE_HISTORIES=1. */
export async function exportHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (!updatingHistories()) return;
  const history = History.toObject((await handle.fetchHistory()) as History, { longs: String, enums: String, bytes: String });
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify({ workflowId: handle.workflowId, history }, null, 1)}\n`);
}

export function readHistory(file: string): { workflowId: string; history: History } {
  const { workflowId, history } = JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as { workflowId: string; history: object };
  return { workflowId, history: History.fromObject(history) };
}
