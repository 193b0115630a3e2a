/**
 * The two ways out of the outbox, checked against the Event table: the pull feed (listEvents
 * paged with `after`, read once at the end and tailed live during the faults) and the push feed
 * (every event visible to the department's subscription delivered and correctly signed).
 */
import type { Db } from '../../../lib/db/client';
import { comparePositions, lastStoredPosition, positionOfCursor, type FeedPosition } from '../../../lib/event-feed';
import { guarded, type Check } from './check';
import type { EventTail } from './clients';
import { type ChaosHttp } from './http';
import type { WebhookReceiver } from './receiver';

interface Row extends FeedPosition {
  id: string;
}

const FEED_ORDER = [{ txid: 'asc' as const }, { seq: 'asc' as const }];
const upTo = (table: Row[], end: FeedPosition | undefined) => (end ? table.filter((r) => comparePositions(r, end) <= 0) : []);
const lastOf = (positions: FeedPosition[]) => positions.reduce<FeedPosition | undefined>((m, p) => (!m || comparePositions(p, m) > 0 ? p : m), undefined);
const show = (p: FeedPosition | undefined) => (p ? `${p.txid}.${p.seq}` : '起点');

/**
 * Reads the whole feed from the beginning, as a consumer starting fresh would, until it has
 * passed `until` (a transaction still open may hold the end back for a moment), bounded.
 */
export async function readWholeFeed(http: ChaosHttp, key: string, until?: FeedPosition, timeoutMs = 30_000): Promise<{ ids: string[]; cursors: FeedPosition[]; pages: number }> {
  const ids: string[] = [];
  const cursors: FeedPosition[] = [];
  const deadline = Date.now() + timeoutMs;
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const r = await http.send<{ events: { id: string; cursor: string }[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/events?limit=200${after ? `&after=${after}` : ''}`,
      { key },
    );
    if (r.status !== 200) throw new Error(`listEvents 返回 ${r.status}`);
    pages++;
    for (const e of r.body.events) {
      ids.push(e.id);
      cursors.push(positionOfCursor(e.cursor));
    }
    after = r.body.nextCursor ?? after;
    if (r.body.events.length === 0) {
      const end = lastOf(cursors);
      const reached = !until || (end !== undefined && comparePositions(end, until) >= 0);
      if (reached || Date.now() > deadline) return { ids, cursors, pages };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function compare(c: { expect(ok: boolean, p: string): boolean; count(n: string, k?: number): void }, label: string, table: Row[], ids: string[], cursors: FeedPosition[]): void {
  const seen = new Map<string, number>();
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  const duplicates = [...seen.values()].filter((n) => n > 1).length;
  const missing = table.filter((r) => !seen.has(r.id));
  const known = new Set(table.map((r) => r.id));
  const unknown = ids.filter((id) => !known.has(id));
  c.count(`${label}缺失`, missing.length);
  c.count(`${label}重复`, duplicates);
  c.expect(missing.length === 0, `${label}缺少 ${missing.length} 条事件（如 seq ${missing.slice(0, 5).map((r) => r.seq).join(', ')}）`);
  c.expect(duplicates === 0, `${label}有 ${duplicates} 条事件重复出现`);
  c.expect(unknown.length === 0, `${label}有 ${unknown.length} 条事件不在 Event 表中`);
  const increasing = cursors.every((v, i) => i === 0 || comparePositions(v, cursors[i - 1]) > 0);
  c.expect(increasing, `${label}的游标不是严格递增的`);
}

/**
 * Events may still be appended while the feed is read (follow-up workflows start after the
 * reply), so each reading is compared with the table up to the last cursor it reached, and must
 * have reached the table's end as it stood before the reading began.
 */
export async function verifyFeed(db: Db, http: ChaosHttp, supervisorKey: string, tail: EventTail, tailTarget: FeedPosition | undefined): Promise<Check> {
  return guarded('feed', '事件流：listEvents（效能办，按 after 分页）相对 Event 表无缺口、无重复', async (c) => {
    const endBefore = await lastStoredPosition(db);
    const whole = await readWholeFeed(http, supervisorKey, endBefore);
    const wholeEnd = lastOf(whole.cursors);
    const table: Row[] = await db.event.findMany({ orderBy: FEED_ORDER, select: { txid: true, seq: true, id: true } });
    c.set('Event 表', table.length);
    c.set('完整读取', whole.ids.length);
    c.set('分页数', whole.pages);
    c.expect(!endBefore || (!!wholeEnd && comparePositions(wholeEnd, endBefore) >= 0), `完整读取只读到 ${show(wholeEnd)}，Event 表读取前已到 ${show(endBefore)}`);
    compare(c, '完整读取', upTo(table, wholeEnd), whole.ids, whole.cursors);
    c.expect(JSON.stringify(whole.ids) === JSON.stringify(upTo(table, wholeEnd).map((r) => r.id)), '完整读取的事件顺序与 Event 表的提交顺序（txid, seq）不一致');

    const tailEnd = lastOf(tail.cursors);
    const tailed = [...tail.received.entries()].flatMap(([id, n]) => Array<string>(n).fill(id));
    c.set('故障期间实时拉取', tail.received.size);
    c.expect(!tailTarget || (!!tailEnd && comparePositions(tailEnd, tailTarget) >= 0), `实时拉取只读到 ${show(tailEnd)}，负载结束时 Event 表已到 ${show(tailTarget)}`);
    compare(c, '实时拉取', upTo(table, tailEnd), tailed, tail.cursors);
    const bySeq = [...table].sort((a, b) => a.seq - b.seq);
    const holes = bySeq.filter((r, i) => i > 0 && r.seq !== bySeq[i - 1].seq + 1).length;
    if (holes > 0) c.note(`Event.seq 有 ${holes} 处跳号（回滚的插入会留下空号，不是丢失；丢失以事件编号比对为准）`);
    const late = table.filter((r, i) => i > 0 && r.seq < table[i - 1].seq).length;
    if (late > 0) c.note(`${late} 条事件的提交晚于序号更大的事件（迟到提交），两种读取都按提交顺序收到了它们`);
  });
}

export interface SubscriptionInfo {
  id: string;
  departmentId: string;
  start: FeedPosition;
}

/** Waits (bounded) for the receiver to hold every expected event, then checks them all. */
export async function verifyWebhooks(db: Db, receiver: WebhookReceiver, sub: SubscriptionInfo, waitMs: number, outages: number): Promise<Check> {
  return guarded('webhooks', `Webhook：部门 ${sub.departmentId} 订阅可见的每条事件都已投递（可按 webhook-id 去重），签名有效`, async (c) => {
    const expected = () =>
      db.event.findMany({
        where: { departmentId: sub.departmentId, OR: [{ txid: { gt: sub.start.txid } }, { txid: sub.start.txid, seq: { gt: sub.start.seq } }] },
        orderBy: FEED_ORDER,
        select: { txid: true, seq: true, id: true },
      });
    const deadline = Date.now() + waitMs;
    let rows = await expected();
    while (rows.some((r) => !receiver.deliveries.has(r.id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      rows = await expected();
    }
    const missing = rows.filter((r) => !receiver.deliveries.has(r.id));
    const expectedIds = new Set(rows.map((r) => r.id));
    const foreign = [...receiver.deliveries.keys()].filter((id) => !expectedIds.has(id));
    const deliveries = [...receiver.deliveries.values()];
    const redelivered = deliveries.filter((d) => d.count > 1);
    const failed = await db.webhookDelivery.count({ where: { subscriptionId: sub.id, status: 'failed' } });
    c.set('应投递', rows.length);
    c.set('已收到（去重后）', deliveries.length);
    c.set('重复投递（同一 webhook-id）', redelivered.reduce((n, d) => n + d.count - 1, 0));
    c.set('接收端收到请求', receiver.requests);
    c.set('网关记录的失败尝试', failed);
    c.set('缺失', missing.length);
    c.expect(missing.length === 0, `${missing.length} 条事件未投递到接收端（如 seq ${missing.slice(0, 5).map((r) => r.seq).join(', ')}）`);
    c.expect(foreign.length === 0, `接收端收到 ${foreign.length} 条不属于该部门的事件`);
    c.expect(receiver.invalidSignatures === 0, `${receiver.invalidSignatures} 次投递签名校验失败（standardwebhooks Webhook.verify）`);
    c.expect(deliveries.every((d) => d.bodyMatchesId), '有投递的 webhook-id 与事件 id 不一致');
    const inOrder = receiver.firstArrival.every((p, i) => i === 0 || comparePositions(p, receiver.firstArrival[i - 1]) > 0);
    c.expect(inOrder, '事件首次到达的顺序与事件流顺序不一致');
    if (outages > 0 && failed === 0) c.note('接收端停机期间没有投递尝试（停机未与投递重叠）');
  });
}
