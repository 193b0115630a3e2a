import { CancellationScope, continueAsNew, isCancellation, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { visibility } from '../visibility';
import { webhookDelivery, webhookOutboxPoll } from '../retry-policies';
import type { WebhookActivities } from '../../activities/webhooks';
import {
  stopWebhookSignal,
  webhookStateQuery,
  type WebhookDeliveryInput,
  type WebhookDeliveryResult,
  type WebhookDeliveryState,
  type WebhookStopReason,
} from './contracts';

/**
 * Pushes one subscription's events to its receiver, strictly in outbox order: an event is sent
 * only after every earlier one was acknowledged, so a receiver that is down for hours gets the
 * backlog in order once it returns. The cursor (feed position of the last handed-over event) lives here; idle waiting
 * happens inside the long-polling fetch activity, so an idle subscription adds a few history
 * events per poll, and the run continues as new after `stepsPerRun` activity calls.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<WebhookDeliveryResult> {
  const { subscriptionId, settings } = input;
  const state: WebhookDeliveryState = { subscriptionId, cursor: input.cursor, delivered: 0 };
  visibility('webhook', {});

  // Options and their reasons: the retry-policy table.
  const outbox = proxyActivities<WebhookActivities>(webhookOutboxPoll(settings.pollWaitMs));
  const receiver = proxyActivities<WebhookActivities>(webhookDelivery(settings.requestTimeoutMs, settings.retryMaxIntervalMs));

  // A stop must also interrupt an attempt waiting in backoff, so all activity calls run in a
  // scope the signal can cancel.
  const scope = new CancellationScope();
  setHandler(stopWebhookSignal, ({ reason }) => {
    state.stopping ??= reason;
    scope.cancel();
  });
  setHandler(webhookStateQuery, () => state);

  const finish = (reason: WebhookStopReason): WebhookDeliveryResult => ({ subscriptionId, cursor: state.cursor, reason });

  let steps = 0;
  let ended: WebhookStopReason | undefined;
  try {
    ended = await scope.run(async () => {
      while (steps < settings.stepsPerRun && !workflowInfo().continueAsNewSuggested) {
        const batch = await outbox.fetchWebhookBatch({
          subscriptionId,
          after: state.cursor,
          limit: settings.batchSize,
          waitMs: settings.pollWaitMs,
        });
        steps++;
        if (batch.kind === 'inactive') return batch.reason;
        for (const event of batch.events) {
          state.pendingEventId = event.id;
          const outcome = await receiver.deliverWebhook({
            subscriptionId,
            seq: event.seq,
            eventId: event.id,
            timeoutMs: settings.requestTimeoutMs,
          });
          steps++;
          if (outcome.kind === 'inactive') return outcome.reason;
          if (outcome.kind === 'delivered') state.delivered++;
          // Results recorded before commit ordering carry no cursor; their seq is what those runs used.
          state.cursor = event.cursor ?? event.seq;
          state.pendingEventId = undefined;
        }
      }
      return undefined;
    });
  } catch (err) {
    if (state.stopping && isCancellation(err)) return finish(state.stopping);
    throw err;
  }
  if (ended) return finish(ended);
  if (state.stopping) return finish(state.stopping);
  return continueAsNew<typeof webhookDeliveryWorkflow>({ ...input, cursor: state.cursor });
}
