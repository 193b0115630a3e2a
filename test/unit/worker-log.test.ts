/**
 * The worker's SDK log lines (lib/temporal/telemetry.ts) go to pino as JSON with their attributes —
 * the workflow id and the gateway's request id among them — at the worker's level.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { sdkLoggerFrom } from '../../lib/temporal/telemetry';

function capture(level: string): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}

describe('worker log lines through pino', () => {
  test('when the SDK logs an activity line with attributes, then pino writes one JSON line with them and the message', () => {
    const { logger, lines } = capture('debug');
    sdkLoggerFrom(logger).debug('Activity completed', { workflowId: 'project-XM-2026-000001', activityType: 'recordProject', requestId: 'req-1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 20, msg: 'Activity completed', workflowId: 'project-XM-2026-000001', activityType: 'recordProject', requestId: 'req-1' });
  });

  test('when the worker logs at info, then the SDK debug lines are dropped and warnings kept', () => {
    const { logger, lines } = capture('info');
    const sdk = sdkLoggerFrom(logger);
    sdk.debug('Activity started', { requestId: 'req-2' });
    sdk.warn('Activity failed', { requestId: 'req-2' });
    expect(lines.map((l) => [l.msg, l.level])).toEqual([['Activity failed', 40]]);
  });
});
