/**
 * Contract of the webhook delivery workflow (one per subscription, id `webhook-<subscriptionId>`).
 * The gateway imports this module and the workflow *type* only.
 *
 * Neither the secret nor event bodies pass through the workflow: activities load them from the
 * read model by subscription id and event seq, so history holds only ids and cursors.
 */
import { queryDef, signalDef } from '../define';

export const webhookWorkflowId = (subscriptionId: string): string => `webhook-${subscriptionId}`;

/** Fixed at creation from the gateway's configuration and carried across continue-as-new. */
export interface WebhookDeliverySettings {
  /** Ceiling of the exponential backoff between attempts (the first retry waits 1 s). */
  retryMaxIntervalMs: number;
  /** One POST longer than this is a failed attempt. */
  requestTimeoutMs: number;
  /** An idle poll waits this long on the outbox before returning an empty batch. */
  pollWaitMs: number;
  /** Events fetched per batch. */
  batchSize: number;
  /** Activity calls (polls + deliveries) per run before continuing as new, which bounds history. */
  stepsPerRun: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: Omit<WebhookDeliverySettings, 'retryMaxIntervalMs' | 'requestTimeoutMs' | 'pollWaitMs'> = {
  batchSize: 50,
  stepsPerRun: 200,
};

export interface WebhookDeliveryInput {
  subscriptionId: string;
  /**
   * Feed position of the last event handed over (delivered or filtered out); the next batch starts
   * after it. A number is a plain seq, as carried by runs started before commit ordering.
   */
  cursor: WebhookCursor;
  settings: WebhookDeliverySettings;
}

/** Why a subscription stopped receiving events. */
export type WebhookStopReason = 'deleted' | 'gone' | 'owner_key_revoked' | 'stopped';

/** A feed cursor (`<txid>.<seq>`, lib/event-feed.ts) or, from older runs, a plain seq. */
export type WebhookCursor = string | number;

export interface WebhookDeliveryResult {
  subscriptionId: string;
  cursor: WebhookCursor;
  reason: WebhookStopReason;
}

export interface WebhookDeliveryState {
  subscriptionId: string;
  cursor: WebhookCursor;
  /** Deliveries completed in this run (resets on continue-as-new). */
  delivered: number;
  /** The event currently being delivered (possibly retrying), if any. */
  pendingEventId?: string;
  stopping?: WebhookStopReason;
}

/** Sent by deleteWebhookSubscription: ends delivery at once, including an attempt in backoff. */
export const stopWebhookSignal = signalDef<[{ reason: WebhookStopReason }]>('stopWebhook');

export const webhookStateQuery = queryDef<WebhookDeliveryState>('webhookState');
