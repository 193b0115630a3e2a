/**
 * Webhook activities: read the outbox for one subscription and POST its events in order, each
 * signed per Standard Webhooks. Every attempt is recorded in WebhookDelivery; an event that fails
 * at the head of a call throws a retryable failure and Temporal's retry policy (set by the
 * workflow) schedules the next attempt.
 *
 * The signing secret is read from the database here and never leaves this module: it is not in
 * workflow history, activity inputs/results, failures or logs.
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { Webhook } from 'standardwebhooks';
import type { Db } from '../lib/db/client';
import { toApiEvent, visibleEventsWhere } from '../lib/event-feed';
import type { KeyRole } from '../lib/auth/keys';
import type { WebhookStopReason } from '../workflows/webhook/contracts';

/** The subset of `fetch` the deliverer needs; tests inject a fake. */
export type HttpPost = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: 'manual' },
) => Promise<{ status: number; body?: { cancel(): Promise<void> } | null }>;

export interface WebhookDeps {
  db: Db;
  http?: HttpPost;
  /** Epoch milliseconds. */
  clock?: () => number;
  /** Pause between outbox reads while long-polling. */
  pollIntervalMs?: number;
  /**
   * How long a hole in `Event.seq` may stay open before it is taken for a rolled-back insert.
   * On PostgreSQL a transaction can commit after a later one, so a reader that skipped the hole
   * would lose that event for good.
   */
  gapGraceMs?: number;
}

export const WEBHOOK_FAILURE_TYPE = 'WebhookDeliveryFailed';

export interface EventRef {
  seq: number;
  id: string;
}

export interface FetchBatchInput {
  subscriptionId: string;
  after: number;
  limit: number;
  /** Long-poll: wait up to this long for the first visible event. */
  waitMs: number;
}

export type FetchBatchResult = { kind: 'events'; events: EventRef[] } | { kind: 'inactive'; reason: WebhookStopReason };

export interface DeliverInput {
  subscriptionId: string;
  seq: number;
  eventId: string;
  timeoutMs: number;
}

export type DeliverResult =
  | { kind: 'delivered'; status: number }
  /** The event row is gone (retention); nothing to send, the cursor moves on. */
  | { kind: 'missing' }
  | { kind: 'inactive'; reason: WebhookStopReason };

export interface DeliverBatchInput {
  subscriptionId: string;
  /** In outbox order; sent one after another, each only after the previous one was acknowledged. */
  events: EventRef[];
  timeoutMs: number;
  /** Failed attempts the first event already had in an earlier call (for the delivery log's numbering). */
  priorAttempts: number;
}

/**
 * `handled`: leading events that are done (delivered, or gone from the outbox); the cursor moves
 * past them. With `progress`, an event at index `handled` < events.length failed once and is
 * retried at the head of the next call, where a failure goes through Temporal's backoff.
 */
export type DeliverBatchResult =
  | { kind: 'progress'; handled: number; delivered: number }
  | { kind: 'inactive'; reason: WebhookStopReason; handled: number; delivered: number };

/** Standard Webhooks headers for one attempt; `webhook-id` is the event id, stable across retries. */
export function signedHeaders(secret: string, eventId: string, nowMs: number, body: string): Record<string, string> {
  const at = new Date(nowMs);
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(nowMs / 1000)),
    'webhook-signature': new Webhook(secret).sign(eventId, at, body),
  };
}

/** A short reason for the delivery log, in Chinese; never includes the URL or headers. */
function describeFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return `超时（${Math.round(timeoutMs / 1000)} 秒内无响应）`;
  if (e?.name === 'AbortError') return '已取消';
  const code = e?.cause?.code;
  if (code) return `连接失败（${code}）`;
  return `请求失败（${err instanceof Error ? err.message : String(err)}）`.slice(0, 200);
}

export function createWebhookActivities({
  db,
  http = fetch,
  clock = Date.now,
  pollIntervalMs = 1000,
  gapGraceMs = 5000,
}: WebhookDeps) {
  async function disable(id: string, reason: 'gone' | 'owner_key_revoked'): Promise<void> {
    await db.webhookSubscription.updateMany({ where: { id, disabledAt: null }, data: { disabledAt: new Date(clock()), disabledReason: reason } });
  }

  /** The database decides: a deleted, disabled or orphaned subscription gets nothing more. */
  async function activeSubscription(id: string) {
    const sub = await db.webhookSubscription.findUnique({ where: { id } });
    if (!sub || sub.deletedAt) return 'deleted' as const;
    if (sub.disabledAt) return (sub.disabledReason ?? 'stopped') as WebhookStopReason;
    const owner = await db.apiKey.findUnique({ where: { id: sub.ownerKeyId }, select: { revokedAt: true } });
    if (!owner || owner.revokedAt) {
      await disable(sub.id, 'owner_key_revoked');
      return 'owner_key_revoked' as const;
    }
    return sub;
  }

  /** POSTs one event once and records the attempt. `failed` is for the caller to retry. */
  async function attempt(
    subscriptionId: string,
    event: EventRef,
    timeoutMs: number,
    attemptNo: number,
    cancelled: AbortSignal,
  ): Promise<DeliverResult | { kind: 'failed'; message: string }> {
    const sub = await activeSubscription(subscriptionId);
    if (typeof sub === 'string') return { kind: 'inactive', reason: sub };
    const row = await db.event.findUnique({ where: { seq: event.seq } });
    if (!row || row.id !== event.id) return { kind: 'missing' };

    const body = JSON.stringify(toApiEvent(row));
    let status: number | undefined;
    let error: string | undefined;
    try {
      const res = await http(sub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'parallel-approval-webhooks/1', ...signedHeaders(sub.secret, row.id, clock(), body) },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), cancelled]),
        // A redirect is the receiver's misconfiguration; following it would send data elsewhere.
        redirect: 'manual',
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
    } catch (err) {
      error = describeFailure(err, timeoutMs);
    }
    const ok = status !== undefined && status >= 200 && status < 300;
    if (!ok && !error) error = status === 410 ? '接收方已注销（410 Gone），订阅停用' : `接收方返回 HTTP ${status}`;
    await db.webhookDelivery.create({
      data: {
        id: randomUUID(),
        subscriptionId,
        eventId: row.id,
        attempt: attemptNo,
        status: ok ? 'delivered' : 'failed',
        responseCode: status ?? null,
        error: ok ? null : error,
        createdAt: new Date(clock()),
      },
    });
    if (ok) return { kind: 'delivered', status: status as number };
    if (status === 410) {
      await disable(subscriptionId, 'gone');
      return { kind: 'inactive', reason: 'gone' };
    }
    return { kind: 'failed', message: `事件 ${row.id} 投递失败：${error}` };
  }

  return {
    /** The next visible events after the cursor, in seq order; waits up to `waitMs` when there are none. */
    async fetchWebhookBatch({ subscriptionId, after, limit, waitMs }: FetchBatchInput): Promise<FetchBatchResult> {
      const ctx = Context.current();
      const started = clock();
      let gapSeenAt: number | undefined;
      for (;;) {
        const sub = await activeSubscription(subscriptionId);
        if (typeof sub === 'string') return { kind: 'inactive', reason: sub };
        const types = (sub.eventTypes as string[] | null) ?? [];
        const viewer = { role: sub.role as KeyRole, departmentId: sub.departmentId ?? undefined, agentId: sub.agentId ?? undefined };
        const events = await db.event.findMany({
          where: { seq: { gt: after }, ...visibleEventsWhere(viewer), ...(types.length > 0 ? { type: { in: types } } : {}) },
          orderBy: { seq: 'asc' },
          take: limit,
          select: { seq: true, id: true },
        });
        if (events.length > 0) {
          const last = events[events.length - 1].seq;
          const committed = await db.event.count({ where: { seq: { gt: after, lte: last } } });
          if (committed === last - after) return { kind: 'events', events };
          gapSeenAt ??= clock();
          if (clock() - gapSeenAt >= gapGraceMs) return { kind: 'events', events };
        } else if (clock() - started >= waitMs) {
          return { kind: 'events', events: [] };
        }
        ctx.heartbeat();
        await ctx.sleep(pollIntervalMs);
      }
    },

    /**
     * One attempt at one event; the per-event path of workflows started before batch delivery
     * (replayed with `patched('webhook-batch-delivery')` false).
     */
    async deliverWebhook({ subscriptionId, seq, eventId, timeoutMs }: DeliverInput): Promise<DeliverResult> {
      const ctx = Context.current();
      const outcome = await attempt(subscriptionId, { seq, id: eventId }, timeoutMs, ctx.info.attempt, ctx.cancellationSignal);
      if (outcome.kind === 'failed') throw ApplicationFailure.retryable(outcome.message, WEBHOOK_FAILURE_TYPE);
      return outcome;
    },

    /**
     * Several events in one activity, so a backlog costs one Temporal activity per batch rather
     * than per event (BENCHMARKS.md). Order and per-event retry are kept: a failure of the first
     * event throws (Temporal backs off and retries the call), a failure further on ends the call
     * so the failing event leads the next one. Heartbeats after each event let a stop signal
     * cancel the rest of the batch.
     */
    async deliverWebhooks({ subscriptionId, events, timeoutMs, priorAttempts }: DeliverBatchInput): Promise<DeliverBatchResult> {
      const ctx = Context.current();
      let delivered = 0;
      for (let i = 0; i < events.length; i++) {
        if (i > 0) {
          ctx.heartbeat(i);
          if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
        }
        const n = i === 0 ? priorAttempts + ctx.info.attempt : 1;
        const outcome = await attempt(subscriptionId, events[i], timeoutMs, n, ctx.cancellationSignal);
        if (outcome.kind === 'inactive') return { kind: 'inactive', reason: outcome.reason, handled: i, delivered };
        if (outcome.kind === 'failed') {
          if (i === 0) throw ApplicationFailure.retryable(outcome.message, WEBHOOK_FAILURE_TYPE);
          return { kind: 'progress', handled: i, delivered };
        }
        if (outcome.kind === 'delivered') delivered++;
      }
      return { kind: 'progress', handled: events.length, delivered };
    },
  };
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;
