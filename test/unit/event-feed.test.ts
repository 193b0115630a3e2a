import { committedPrefix } from '../../lib/event-feed';
import type { Db } from '../../lib/db/client';

/** Just the two queries committedPrefix makes, over an in-memory outbox. */
function outbox(rows: { seq: number; occurredAt: number }[]): Db {
  const within = (w: { seq: { gt: number; lte: number } }) => rows.filter((r) => r.seq > w.seq.gt && r.seq <= w.seq.lte);
  return {
    event: {
      count: async ({ where }: { where: { seq: { gt: number; lte: number } } }) => within(where).length,
      findMany: async ({ where }: { where: { seq: { gt: number; lte: number } } }) =>
        within(where).map((r) => ({ seq: r.seq, occurredAt: new Date(r.occurredAt) })),
    },
  } as unknown as Db;
}

describe('committed prefix of the event feed', () => {
  const now = 1_000_000;

  test('when the sequence has no hole, then the whole page is returned', async () => {
    const rows = [1, 2, 3].map((seq) => ({ seq, occurredAt: now }));
    expect(await committedPrefix(outbox(rows), 0, rows, now)).toEqual(rows);
  });

  test('when a young hole precedes later events, then the page stops before the hole', async () => {
    const all = [1, 2, 4, 5].map((seq) => ({ seq, occurredAt: now - 1000 }));
    const visible = all.filter((r) => r.seq !== 2); // a department sees 1, 4, 5
    expect((await committedPrefix(outbox(all), 0, visible, now)).map((r) => r.seq)).toEqual([1]);
  });

  test('when the hole is older than the grace period, then it is taken for a rolled-back insert', async () => {
    const all = [1, 2, 4, 5].map((seq) => ({ seq, occurredAt: now - 60_000 }));
    expect((await committedPrefix(outbox(all), 0, all, now)).map((r) => r.seq)).toEqual([1, 2, 4, 5]);
  });
});
