import { openApiDocument } from '../../api/http/openapi-document';
import { comparePositions, CURSOR_PATTERN, encodeCursor, parseCursor, positionOfCursor } from '../../lib/event-feed';

describe('event feed cursors', () => {
  test('when a position is encoded and parsed again, then the same transaction id and seq come back, beyond 2^53 too', () => {
    expect(parseCursor(encodeCursor({ txid: 999999999999999999n, seq: 42 }))).toEqual({ kind: 'position', at: { txid: 999999999999999999n, seq: 42 } });
    expect(encodeCursor({ txid: 0n, seq: 7 })).toBe('0.7');
  });

  test('when a bare integer arrives, then it is read as a cursor issued before commit ordering', () => {
    expect(parseCursor('0')).toEqual({ kind: 'legacy', seq: 0 });
    expect(parseCursor('848')).toEqual({ kind: 'legacy', seq: 848 });
    expect(parseCursor(12)).toEqual({ kind: 'legacy', seq: 12 });
  });

  test.each(['', '-1', '01', '1.', '.1', '1.2.3', '1.02', 'abc', '1e3', ' 1', '9223372036854775808.1', '1.99999999999999999', '1.1000000000', '1000000000'])(
    'when the cursor is %p, then it is refused',
    (text) => {
      expect(parseCursor(text)).toBeUndefined();
    },
  );

  test('when positions are compared, then the transaction id decides before the seq', () => {
    expect(comparePositions({ txid: 5n, seq: 100 }, { txid: 6n, seq: 1 })).toBeLessThan(0);
    expect(comparePositions({ txid: 6n, seq: 2 }, { txid: 6n, seq: 1 })).toBeGreaterThan(0);
    expect(comparePositions({ txid: 6n, seq: 1 }, { txid: 6n, seq: 1 })).toBe(0);
  });

  test('when a legacy cursor is asked for as a position, then it is refused', () => {
    expect(() => positionOfCursor('15')).toThrow('游标无效');
    expect(positionOfCursor('3.15')).toEqual({ txid: 3n, seq: 15 });
  });

  test("when the contract's FeedCursor pattern is read, then it is the pattern the feed parses, so a cursor the contract admits is never refused", () => {
    const schemas = (openApiDocument().components as { schemas: Record<string, { pattern: string }> }).schemas;
    expect(schemas.FeedCursor.pattern).toBe(CURSOR_PATTERN.source.replace(/\(\?:/g, '('));
    for (const text of ['0', '999999999', '999999999999999999.999999999', '0.0']) expect(parseCursor(text)).toBeDefined();
  });
});
