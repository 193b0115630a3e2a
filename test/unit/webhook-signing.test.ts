import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signedHeaders } from '../../activities/webhooks';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const body = JSON.stringify({ id: 'evt-1', type: 'task.accepted', payload: { note: '材料齐全，予以受理' } });

describe('webhook signing (Standard Webhooks)', () => {
  test('when an event is signed, then Webhook.verify accepts it with the event id as webhook-id', () => {
    const headers = signedHeaders(secret, 'evt-1', Date.now(), body);
    expect(headers['webhook-id']).toBe('evt-1');
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  test('when the payload is tampered with, then verification fails', () => {
    const headers = signedHeaders(secret, 'evt-1', Date.now(), body);
    expect(() => new Webhook(secret).verify(body.replace('予以受理', '不予受理'), headers)).toThrow();
  });

  test('when the event id is swapped for another, then verification fails', () => {
    const headers = signedHeaders(secret, 'evt-1', Date.now(), body);
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'evt-2' })).toThrow();
  });

  test('when another secret verifies, then verification fails', () => {
    const headers = signedHeaders(secret, 'evt-1', Date.now(), body);
    expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(body, headers)).toThrow();
  });

  test('when a retry is signed later, then it carries the same webhook-id and a fresh timestamp', () => {
    const now = Date.now();
    const first = signedHeaders(secret, 'evt-1', now - 60_000, body);
    const retry = signedHeaders(secret, 'evt-1', now, body);
    expect(retry['webhook-id']).toBe(first['webhook-id']);
    expect(Number(retry['webhook-timestamp']) - Number(first['webhook-timestamp'])).toBe(60);
    expect(() => new Webhook(secret).verify(body, retry)).not.toThrow();
  });
});
