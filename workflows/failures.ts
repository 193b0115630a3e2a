import { ApplicationFailure } from '@temporalio/common';
import { REJECTION_FAILURE_TYPE, type RejectionDetails, type RejectionReason } from './shared';

/** Thrown from update validators: the update is refused before it enters history. */
export function reject(reason: RejectionReason, message: string, currentVersion?: number): never {
  const details: RejectionDetails = { reason, message, currentVersion };
  throw ApplicationFailure.create({ type: REJECTION_FAILURE_TYPE, message, nonRetryable: true, details: [details] });
}

export function expectVersion(expected: number, current: number): void {
  if (expected !== current) reject('version_mismatch', `任务版本已变化（当前为 ${current}），请刷新后重试`, current);
}
