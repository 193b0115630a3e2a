/**
 * Webhook activities: read the outbox for one subscription and POST one event, signed per
 * Standard Webhooks. Every attempt is recorded in WebhookDelivery; a failed attempt throws a
 * retryable failure and Temporal's retry policy (set by the workflow) schedules the next one.
 *
 * The signing secret is read from the database here and never leaves this module: it is not in
 * workflow history, activity inputs/results, failures or logs.
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { Webhook } from 'standardwebhooks';
import type { Db } from '../lib/db/client';
import { encodeCursor, readFeed, toApiEvent } from '../lib/event-feed';
import type { KeyRole } from '../lib/auth/keys';
import { ownerRevoked } from '../lib/auth/officers';
import type { WebhookCursor, WebhookStopReason } from '../workflows/webhook/contracts';
import { AddressRefusedError, addressPolicyFrom, type AddressPolicy } from '../lib/net/address-policy';
import { createGuardedPost, type GuardedPost } from '../lib/net/guarded-fetch';
import type { SecretBox } from '../lib/crypto/secret-box';

/** The subset of `fetch` the deliverer needs; tests inject a fake. */
export type HttpPost = GuardedPost;

export interface WebhookDeps {
  db: Db;
  /** Opens the signing secrets sealed at rest (SECRET_ENCRYPTION_KEYS). */
  secretBox: SecretBox;
  /**
   * Where deliveries may go (WEBHOOK_ALLOWED_HOSTS); default: public https receivers only,
   * resolved with the system resolver.
   */
  addressPolicy?: AddressPolicy;
  /** Default: undici fetch whose connections resolve through `addressPolicy` (no DNS rebinding). */
  http?: HttpPost;
  /** Epoch milliseconds. */
  clock?: () => number;
  /** Pause between outbox reads while long-polling. */
  pollIntervalMs?: number;
}

export const WEBHOOK_FAILURE_TYPE = 'WebhookDeliveryFailed';

export interface EventRef {
  seq: number;
  id: string;
  /** Feed position (lib/event-feed.ts); absent in results recorded before commit ordering. */
  cursor?: string;
}

export interface FetchBatchInput {
  subscriptionId: string;
  after: WebhookCursor;
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

/**
 * Standard Webhooks headers for one attempt; `webhook-id` is the event id, stable across retries.
 * Several secrets give several space-separated signatures (the spec allows it): during a secret
 * rotation's overlap a receiver verifying with either the old or the new secret accepts.
 */
export function signedHeaders(secrets: string | readonly string[], eventId: string, nowMs: number, body: string): Record<string, string> {
  const at = new Date(nowMs);
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(nowMs / 1000)),
    'webhook-signature': (typeof secrets === 'string' ? [secrets] : secrets).map((s) => new Webhook(s).sign(eventId, at, body)).join(' '),
  };
}

/** The secrets that sign now: the current one, and the previous one until its overlap ends. */
export function signingSecrets(
  sub: { secret: string; previousSecret: string | null; previousSecretUntil: Date | null },
  box: SecretBox,
  nowMs: number,
): string[] {
  const current = box.open(sub.secret);
  const overlap = sub.previousSecret !== null && sub.previousSecretUntil !== null && sub.previousSecretUntil.getTime() > nowMs;
  return overlap ? [current, box.open(sub.previousSecret!)] : [current];
}

/** A short reason for the delivery log, in Chinese; never includes the URL or headers. */
function describeFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string; name?: string } };
  const refused = [err, e?.cause].find((x) => x instanceof AddressRefusedError);
  if (refused) return policyRefusal(refused.message);
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return `超时（${Math.round(timeoutMs / 1000)} 秒内无响应）`;
  if (e?.name === 'AbortError') return '已取消';
  const code = e?.cause?.code;
  if (code) return `连接失败（${code}）`;
  return `请求失败（${err instanceof Error ? err.message : String(err)}）`.slice(0, 200);
}

/** The delivery-log reason when the address policy refuses: which rule, no address, port or connection detail. */
const policyRefusal = (message: string) => `接收地址被安全策略拒绝：${message}`;

export function createWebhookActivities({
  db,
  secretBox,
  addressPolicy = addressPolicyFrom({ WEBHOOK_ALLOWED_HOSTS: '' }),
  http = createGuardedPost(addressPolicy),
  clock = Date.now,
  pollIntervalMs = 1000,
}: WebhookDeps) {
  async function disable(id: string, reason: 'gone' | 'owner_key_revoked'): Promise<void> {
    await db.webhookSubscription.updateMany({ where: { id, disabledAt: null }, data: { disabledAt: new Date(clock()), disabledReason: reason } });
  }

  /** The database decides: a deleted, disabled or orphaned subscription gets nothing more. */
  async function activeSubscription(id: string) {
    const sub = await db.webhookSubscription.findUnique({ where: { id } });
    if (!sub || sub.deletedAt) return 'deleted' as const;
    if (sub.disabledAt) return (sub.disabledReason ?? 'stopped') as WebhookStopReason;
    if (await ownerRevoked(db, sub.ownerKeyId)) {
      await disable(sub.id, 'owner_key_revoked');
      return 'owner_key_revoked' as const;
    }
    return sub;
  }

  /** One POST; a transport failure becomes a short Chinese reason, never an exception. */
  async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number, cancelled: AbortSignal): Promise<{ status?: number; error?: string }> {
    try {
      const res = await http(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), cancelled]),
        // A redirect is the receiver's misconfiguration; following it would send data elsewhere.
        redirect: 'manual',
      });
      await res.body?.cancel().catch(() => undefined);
      return { status: res.status };
    } catch (err) {
      return { error: describeFailure(err, timeoutMs) };
    }
  }

  return {
    /**
     * The next visible events after the cursor, in feed order (the same rule as listEvents, so a
     * late commit is waited for, never skipped); waits up to `waitMs` when there are none.
     */
    async fetchWebhookBatch({ subscriptionId, after, limit, waitMs }: FetchBatchInput): Promise<FetchBatchResult> {
      const ctx = Context.current();
      const started = clock();
      for (;;) {
        const sub = await activeSubscription(subscriptionId);
        if (typeof sub === 'string') return { kind: 'inactive', reason: sub };
        const viewer = {
          role: sub.role as KeyRole,
          departmentId: sub.departmentId ?? undefined,
          agentId: sub.agentId ?? undefined,
          servicePointId: sub.servicePointId ?? undefined,
        };
        const { rows } = await readFeed(db, { viewer, after, limit, types: (sub.eventTypes as string[] | null) ?? [] });
        if (rows.length > 0) return { kind: 'events', events: rows.map((r) => ({ seq: r.seq, id: r.id, cursor: encodeCursor(r) })) };
        if (clock() - started >= waitMs) return { kind: 'events', events: [] };
        ctx.heartbeat();
        await ctx.sleep(pollIntervalMs);
      }
    },

    /** One attempt at one event. 2xx is success; 410 disables the subscription; anything else is retried. */
    async deliverWebhook({ subscriptionId, seq, eventId, timeoutMs }: DeliverInput): Promise<DeliverResult> {
      const ctx = Context.current();
      const sub = await activeSubscription(subscriptionId);
      if (typeof sub === 'string') return { kind: 'inactive', reason: sub };
      const row = await db.event.findUnique({ where: { seq } });
      if (!row || row.id !== eventId) return { kind: 'missing' };

      const body = JSON.stringify(toApiEvent(row));
      // Checked again at every attempt: the allowlist or the host's DNS may have changed since
      // the subscription was created. The guarded connection then enforces the same verdict.
      const decision = await addressPolicy.check(sub.url);
      const headers = { 'content-type': 'application/json', 'user-agent': 'parallel-approval-webhooks/1', ...signedHeaders(signingSecrets(sub, secretBox, clock()), row.id, clock(), body) };
      const outcome = decision.ok ? await post(sub.url, headers, body, timeoutMs, ctx.cancellationSignal) : { error: policyRefusal(decision.message) };
      const { status } = outcome;
      let { error } = outcome;
      const ok = status !== undefined && status >= 200 && status < 300;
      if (!ok && !error) error = status === 410 ? '接收方已注销（410 Gone），订阅停用' : `接收方返回 HTTP ${status}`;
      await db.webhookDelivery.create({
        data: {
          id: randomUUID(),
          subscriptionId,
          eventId: row.id,
          attempt: ctx.info.attempt,
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
      throw ApplicationFailure.retryable(`事件 ${row.id} 投递失败：${error}`, WEBHOOK_FAILURE_TYPE);
    },
  };
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;
