/**
 * The feeds never skip a late commit (issue: a cursor reader missed 2 of 848 events in a chaos
 * run). An event's insert is held open in its own transaction while both feeds are read, then
 * committed or rolled back. The held event is stamped an hour in the past, as a re-run activity
 * would stamp it, which made the old 30 s "old hole = rolled back" rule skip it at once; the hold
 * lasts past the old push rule's 5 s. The feeds have no timer now, so no hold length matters.
 * On PostgreSQL a later event commits meanwhile; on SQLite that cannot happen (one writer at a time).
 */
import http, { type Server } from 'node:http';
import type net from 'node:net';
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';
import { createDb, providerOf, type Db } from '../../lib/db/client';
import { webhookWorkflowId } from '../../workflows/webhook/contracts';

const HOUR = 3_600_000;
/** Longer than either feed's old hole timer (5 s push, 30 s pull judged by the stamped time). */
const HOLD_MS = 6_000;

interface HeldInsert {
  /** Resolves once the row is inserted (its transaction still open). */
  inserted: Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** Inserts one event inside an interactive transaction that stays open until told. */
function holdOpen(db: Db, event: ReturnType<typeof eventData>): HeldInsert {
  let release!: (commit: boolean) => void;
  let inserted!: () => void;
  const decision = new Promise<boolean>((resolve) => (release = resolve));
  const insertedP = new Promise<void>((resolve) => (inserted = resolve));
  const done = db
    .$transaction(
      async (tx) => {
        await tx.event.create({ data: event });
        inserted();
        if (!(await decision)) throw new Error('rollback');
      },
      { timeout: 120_000, maxWait: 10_000 },
    )
    .then(
      () => 'committed',
      (err: Error) => (err.message === 'rollback' ? 'rolled back' : Promise.reject(err)),
    );
  return {
    inserted: insertedP,
    commit: async () => {
      release(true);
      expect(await done).toBe('committed');
    },
    rollback: async () => {
      release(false);
      expect(await done).toBe('rolled back');
    },
  };
}

const eventData = (label: string, occurredAt: Date) => ({
  id: `evt-order-${label}-${randomUUID()}`,
  type: 'task.accepted',
  departmentId: 'FGW',
  // A payload of its type, so the feed's responses still match the contract.
  payload: { status: 'accepted', version: 2, note: label },
  occurredAt,
});

describe('event feed order under late commits', () => {
  const t = useTestSystem({ WEBHOOK_POLL_SECONDS: '1', WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: '1' });
  let writer: Db;
  let receiver: Server;
  const pushed: string[] = [];
  let subscriptionId: string;
  let cursor: string | null = null;

  beforeAll(async () => {
    writer = createDb(t.sys.databaseUrl);
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        pushed.push((JSON.parse(raw) as { id: string }).id);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as net.AddressInfo;
    const created = await t.call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', {
      key: t.sys.key('department', 'FGW'),
      body: { url: `http://127.0.0.1:${port}/hooks` },
    });
    expect(created.status).toBe(201);
    subscriptionId = created.body.subscription.id;
    cursor = created.body.subscription.startCursor;
  });
  afterAll(async () => {
    await writer?.$disconnect();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  /** The department's pull reader: every page after its cursor until an empty one. */
  async function pull(): Promise<string[]> {
    const ids: string[] = [];
    for (;;) {
      const r = await t.call('listEvents', 'GET', `/api/v1/events?limit=2${cursor ? `&after=${cursor}` : ''}`, { key: t.sys.key('department', 'FGW') });
      expect(r.status).toBe(200);
      if (r.body.events.length === 0) return ids;
      ids.push(...r.body.events.map((e: { id: string }) => e.id));
      cursor = r.body.nextCursor;
    }
  }

  /** Completed long polls of the subscription's workflow: each one read the push feed. */
  async function pushPolls(): Promise<number> {
    const history = await t.sys.env.client.workflow.getHandle(webhookWorkflowId(subscriptionId)).fetchHistory();
    const fetches = new Set(
      history.events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'fetchWebhookBatch').map((e) => Number(e.eventId)),
    );
    return history.events!.filter((e) => fetches.has(Number(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? -1))).length;
  }

  /** Reads both feeds while the insert is open, for at least HOLD_MS and two push polls. */
  async function readWhileOpen(): Promise<{ pulled: string[]; pushed: string[] }> {
    const started = Date.now();
    const polls = await pushPolls();
    const pulled: string[] = [];
    const before = pushed.length;
    await eventually(
      async () => {
        pulled.push(...(await pull()));
        return { elapsed: Date.now() - started, polls: (await pushPolls()) - polls };
      },
      (s) => s.elapsed >= HOLD_MS && s.polls >= 2,
      '事务未结束期间两种读取各读过几次',
    );
    return { pulled, pushed: pushed.slice(before) };
  }

  test('when an event insert stays open while a later event commits, then neither feed hands out anything until it commits, then each hands out both once in order', async () => {
    const pg = providerOf(writer) === 'postgresql';
    const pushedBefore = pushed.length;
    expect(await pull()).toEqual([]);
    const early = eventData('early', new Date(Date.now() - HOUR));
    const held = holdOpen(writer, early);
    await held.inserted;
    const late = eventData('late', new Date());
    if (pg) await t.sys.db.event.create({ data: late }); // commits before the early one

    const during = await readWhileOpen();
    expect(during).toEqual({ pulled: [], pushed: [] });

    await held.commit();
    if (!pg) await t.sys.db.event.create({ data: late });
    const after = await eventually(async () => [...(await pull())], (ids) => ids.length > 0, '提交后拉取到事件');
    after.push(...(await pull()));
    expect(after).toEqual([early.id, late.id]);
    await eventually(async () => pushed.slice(pushedBefore), (ids) => ids.length >= 2, '提交后推送到接收方');
    expect(pushed.slice(pushedBefore)).toEqual([early.id, late.id]);
    expect(await pull()).toEqual([]);
  });

  test('when an open insert is rolled back, then the event after it is handed out by both feeds without waiting', async () => {
    const pg = providerOf(writer) === 'postgresql';
    const pushedBefore = pushed.length;
    const held = holdOpen(writer, eventData('doomed', new Date(Date.now() - HOUR)));
    await held.inserted;
    const next = eventData('next', new Date());
    if (pg) await t.sys.db.event.create({ data: next });
    await held.rollback();
    if (!pg) await t.sys.db.event.create({ data: next });

    // Within 3 s: the old rules waited 30 s (pull) and 5 s (push) before passing a hole.
    const pulled = await eventually(async () => pull(), (ids) => ids.length > 0, '回滚后立即拉取到下一条事件', 3_000);
    expect(pulled).toEqual([next.id]);
    await eventually(async () => pushed.slice(pushedBefore), (ids) => ids.length > 0, '回滚后立即推送下一条事件', 3_000);
    expect(pushed.slice(pushedBefore)).toEqual([next.id]);
  });
});
