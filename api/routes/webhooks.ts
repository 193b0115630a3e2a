/**
 * Webhook subscriptions (push feed). A subscription belongs to the API key that created it and
 * sees what that key sees in listEvents; delivery runs in one Temporal workflow per subscription.
 * A subscription starts at the outbox's current end: earlier events stay available via listEvents.
 */
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import type { Principal } from '../../lib/auth/keys';
import type { webhookDeliveryWorkflow } from '../../workflows';
import { DEFAULT_WEBHOOK_SETTINGS, stopWebhookSignal, webhookWorkflowId, type WebhookDeliveryInput } from '../../workflows/webhook/contracts';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { secretBoxFrom, type SecretBox } from '../../lib/crypto/secret-box';
import { addressPolicyFrom } from '../../lib/net/address-policy';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { engineProblem } from '../temporal-errors';
import { keysetPage, newestFirst, orderByOf, within } from './keyset';
import type { Prisma } from '../../lib/db/client';
import { encodeCursor, feedEnd } from '../../lib/event-feed';

interface SubscriptionRow {
  id: string;
  url: string;
  eventTypes: unknown;
  description: string | null;
  role: string;
  departmentId: string | null;
  agentId: string | null;
  servicePointId: string | null;
  startSeq: number;
  startCursor: string | null;
  createdAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
  previousSecretUntil: Date | null;
}

const toApiSubscription = (s: SubscriptionRow) => ({
  id: s.id,
  url: s.url,
  eventTypes: (s.eventTypes ?? []) as never[],
  description: s.description,
  role: s.role,
  departmentId: s.departmentId,
  agentId: s.agentId,
  servicePointId: s.servicePointId,
  status: s.disabledAt ? ('disabled' as const) : ('active' as const),
  disabledReason: s.disabledAt ? ((s.disabledReason ?? null) as 'gone' | null) : null,
  // Subscriptions made before commit ordering kept a plain seq, which the feed still accepts.
  startCursor: s.startCursor ?? String(s.startSeq),
  createdAt: s.createdAt.toISOString(),
  previousSecretExpiresAt: s.previousSecretUntil && s.previousSecretUntil.getTime() > Date.now() ? s.previousSecretUntil.toISOString() : null,
});

/** Standard Webhooks secret: whsec_ + base64 of 32 random bytes (the spec asks for 24–64). */
const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Admins manage every subscription; everyone else only those created with their own key. */
const ownedWhere = (p: Principal) => (p.role === 'admin' ? {} : { ownerKeyId: p.keyId });

export function webhooksRouter({ db, temporal, config, logger, resolveHost }: ApiDeps): Router {
  const r = Router();
  // Opened on first use: a gateway that never touches webhooks needs no key (nor a dev key file).
  let box: SecretBox | undefined;
  const secretBox = () => (box ??= secretBoxFrom(config));
  // The same policy the worker applies at every delivery (activities/webhooks.ts).
  const policy = addressPolicyFrom(config, resolveHost);

  /** The normalised URL, or a 422 naming the rule that refused it (never a connection detail). */
  const receiverUrl = async (raw: string): Promise<string> => {
    const decision = await policy.check(raw);
    if (!decision.ok) throw ProblemError.urlRefused(decision.rule, decision.message);
    return decision.url.toString();
  };

  const findOwned = async (p: Principal, id: string) => {
    const row = await db.webhookSubscription.findFirst({ where: { id, deletedAt: null, ...ownedWhere(p) } });
    // Someone else's subscription is indistinguishable from a missing one.
    if (!row) throw ProblemError.notFound(`Webhook 订阅 ${id} 不存在`);
    return row;
  };

  r.post('/api/v1/webhooks/subscriptions', async (req, res) => {
    const { body } = validated(req, 'createWebhookSubscription');
    const p = principalOf(req);
    const url = await receiverUrl(body.url);
    const duplicate = await db.webhookSubscription.findFirst({ where: { ownerKeyId: p.keyId, url, deletedAt: null, disabledAt: null } });
    if (duplicate) throw ProblemError.conflict('already_exists', `该接收地址已有订阅（${duplicate.id}），如需更换密钥请先删除再创建`);
    const held = await db.webhookSubscription.count({ where: { ownerKeyId: p.keyId, deletedAt: null } });
    const cap = config.WEBHOOK_MAX_SUBSCRIPTIONS_PER_KEY;
    if (held >= cap) throw ProblemError.conflict('limit_reached', `每个 API Key 最多 ${cap} 个 Webhook 订阅（含已停用的），请先删除不用的订阅再创建`);

    const id = `whs_${randomBytes(8).toString('hex')}`;
    const secret = newSigningSecret();
    const startCursor = encodeCursor(await feedEnd(db));
    const row = await db.webhookSubscription.create({
      data: {
        id,
        ownerKeyId: p.keyId,
        role: p.role,
        departmentId: p.role === 'department' ? (p.departmentId ?? null) : null,
        agentId: p.role === 'agent' ? (p.agentId ?? null) : null,
        servicePointId: p.role === 'window' ? (p.servicePointId ?? null) : null,
        url,
        secret: secretBox().seal(secret),
        eventTypes: body.eventTypes ?? [],
        description: body.description ?? null,
        startCursor,
      },
    });

    const input: WebhookDeliveryInput = {
      subscriptionId: id,
      cursor: startCursor,
      settings: {
        ...DEFAULT_WEBHOOK_SETTINGS,
        retryMaxIntervalMs: config.WEBHOOK_RETRY_MAX_INTERVAL_SECONDS * 1000,
        requestTimeoutMs: config.WEBHOOK_TIMEOUT_SECONDS * 1000,
        pollWaitMs: config.WEBHOOK_POLL_SECONDS * 1000,
      },
    };
    try {
      await temporal.workflow.start<typeof webhookDeliveryWorkflow>('webhookDeliveryWorkflow', {
        workflowId: webhookWorkflowId(id),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (err) {
      // Without its workflow the subscription would silently never deliver: undo and let the client retry.
      await db.webhookSubscription.delete({ where: { id } }).catch(() => undefined);
      throw engineProblem(err, 'Webhook 投递流程');
    }
    res.setHeader('Location', `/api/v1/webhooks/subscriptions/${id}`);
    respond(res, 'createWebhookSubscription', 201, { subscription: toApiSubscription(row), secret });
  });

  r.get('/api/v1/webhooks/subscriptions', async (req, res) => {
    validated(req, 'listWebhookSubscriptions');
    const rows = await db.webhookSubscription.findMany({
      where: { deletedAt: null, ...ownedWhere(principalOf(req)) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    respond(res, 'listWebhookSubscriptions', 200, { items: rows.map(toApiSubscription) });
  });

  r.delete('/api/v1/webhooks/subscriptions/:subscriptionId', async (req, res) => {
    const { path } = validated(req, 'deleteWebhookSubscription');
    const row = await findOwned(principalOf(req), path.subscriptionId);
    await db.webhookSubscription.update({ where: { id: row.id }, data: { deletedAt: new Date() } });
    try {
      await temporal.workflow.getHandle(webhookWorkflowId(row.id)).signal(stopWebhookSignal, { reason: 'deleted' });
    } catch (err) {
      // The row is the source of truth: the activities check it before every poll and attempt,
      // so delivery stops by the next retry even if the signal could not be sent.
      const name = (err as { name?: string }).name;
      if (name !== 'WorkflowNotFoundError') logger.warn({ err, subscriptionId: row.id }, 'Webhook 投递流程停止信号未送达，将在下次尝试时停止');
    }
    res.status(204).end();
  });

  r.post('/api/v1/webhooks/subscriptions/:subscriptionId/secret-rotation', async (req, res) => {
    const { path } = validated(req, 'rotateWebhookSecret');
    const row = await findOwned(principalOf(req), path.subscriptionId);
    const secret = newSigningSecret();
    const until = new Date(Date.now() + config.WEBHOOK_SECRET_OVERLAP_HOURS * 3_600_000);
    // Guarded on the secret read above: of two concurrent rotations, one wins and the other is
    // told to retry, so no returned secret is silently overwritten.
    const { count } = await db.webhookSubscription.updateMany({
      where: { id: row.id, deletedAt: null, secret: row.secret },
      data: { secret: secretBox().seal(secret), previousSecret: row.secret, previousSecretUntil: until },
    });
    if (count === 0) throw ProblemError.unavailable('密钥正在被另一请求轮换，请稍后重试', 1);
    const updated = await db.webhookSubscription.findUniqueOrThrow({ where: { id: row.id } });
    respond(res, 'rotateWebhookSecret', 200, { subscription: toApiSubscription(updated), secret, previousSecretExpiresAt: until.toISOString() });
  });

  r.get('/api/v1/webhooks/subscriptions/:subscriptionId/deliveries', async (req, res) => {
    const { path, query } = validated(req, 'listWebhookDeliveries');
    const sub = await findOwned(principalOf(req), path.subscriptionId);
    const where: Prisma.WebhookDeliveryWhereInput = { subscriptionId: sub.id, ...(query.status ? { status: query.status } : {}) };
    const key = newestFirst('createdAt');
    const { items, nextCursor } = await keysetPage(db, key, query, {
      fetch: (range, take) => db.webhookDelivery.findMany({ where: within(where, range), orderBy: orderByOf<Prisma.WebhookDeliveryOrderByWithRelationInput>(key), take }),
      legacy: (id) => db.webhookDelivery.findUnique({ where: { id }, select: { createdAt: true, id: true } }),
    });
    respond(res, 'listWebhookDeliveries', 200, {
      items: items.map((d) => ({
        id: d.id,
        subscriptionId: d.subscriptionId,
        eventId: d.eventId,
        attempt: d.attempt,
        status: d.status as 'delivered' | 'failed',
        responseCode: d.responseCode,
        error: d.error,
        createdAt: d.createdAt.toISOString(),
      })),
      nextCursor,
    });
  });

  return r;
}
