/**
 * Webhook mode: one local receiver (node:http on 127.0.0.1) per department system, subscribed to
 * `task.received` with the department's own key. Every push is verified (Standard Webhooks
 * signature, as the integration guide asks), de-duplicated by `webhook-id`, acknowledged at once
 * with 204 and handed to the department's work queue.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Api } from './http';
import type { Department, WorkItem } from './system';

export interface Receiver {
  departmentId: string;
  url: string;
  subscriptionId: string;
  received: number;
  close(): Promise<void>;
}

interface PushedEvent {
  id: string;
  type: string;
  taskId: string | null;
  payload: { version?: number };
}

export async function startReceivers(api: Api, departments: Department[], offer: (d: Department, item: WorkItem) => void): Promise<Receiver[]> {
  const receivers: Receiver[] = [];
  for (const d of departments) {
    // Known once the subscription is created; until then pushes are refused and retried by the sender.
    const signing: { verifier?: Webhook } = {};
    const seen = new Set<string>();
    const receiver = { departmentId: d.id, url: '', subscriptionId: '', received: 0 } as Receiver;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let event: PushedEvent;
        try {
          if (!signing.verifier) throw new Error('subscription not ready');
          event = signing.verifier.verify(body, req.headers as Record<string, string>) as PushedEvent;
        } catch {
          // Not yet subscribed (secret unknown) or a bad signature: the sender retries later.
          api.errors.add('webhook signature');
          res.writeHead(401).end();
          return;
        }
        res.writeHead(204).end();
        receiver.received++;
        if (seen.has(event.id)) return;
        seen.add(event.id);
        if (event.type === 'task.received' && event.taskId) offer(d, { id: event.taskId, version: event.payload.version ?? 1 });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/approval-events`;
    receiver.close = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The worker's fetch keeps connections alive; they would hold close() open.
        server.closeAllConnections();
      });
    const created = await api.call<{ id: string; secret: string }>('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', d.key, {
      body: { url: receiver.url, eventTypes: ['task.received'], description: '基准测试：部门系统接收任务推送' },
    });
    if (created.status !== 201) throw new Error(`创建 Webhook 订阅失败（${d.id}）：HTTP ${created.status}`);
    signing.verifier = new Webhook(created.body.secret);
    receiver.subscriptionId = created.body.id;
    receivers.push(receiver);
  }
  return receivers;
}
