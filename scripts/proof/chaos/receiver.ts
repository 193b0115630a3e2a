/**
 * A department's webhook receiver on 127.0.0.1: verifies every delivery with `standardwebhooks`,
 * de-duplicates by `webhook-id`, and can go away (server closed, connections refused) and come
 * back on the same port, as a department system restarting would.
 */
import http, { type Server } from 'node:http';
import type net from 'node:net';
import { Webhook } from 'standardwebhooks';
import { pause } from './http';
import { CURSOR_PATTERN, positionOfCursor, type FeedPosition } from '../../../lib/event-feed';

export interface Delivery {
  id: string;
  /** Feed position from the body's cursor. */
  position: FeedPosition;
  count: number;
  signatureValid: boolean;
  bodyMatchesId: boolean;
}

export class WebhookReceiver {
  readonly deliveries = new Map<string, Delivery>();
  /** Feed position of each event in the order it first arrived. */
  readonly firstArrival: FeedPosition[] = [];
  invalidSignatures = 0;
  requests = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private secret: string | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/approval`;
  }

  get up(): boolean {
    return this.server !== undefined;
  }

  /** The secret is only known once the subscription exists; earlier requests cannot be verified. */
  setSecret(secret: string): void {
    this.secret = secret;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => {
        this.requests++;
        this.record(raw, req.headers);
        res.writeHead(204).end();
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    // The port was ours a moment ago; another process may briefly hold it, so try again for a while.
    for (let attempt = 0; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(this.port, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
          });
        });
        break;
      } catch (err) {
        if (attempt >= 50) throw err;
        await pause(200);
      }
    }
    this.server = server;
  }

  /** Closes the listener and every open connection: new attempts are refused. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private record(raw: string, headers: http.IncomingHttpHeaders): void {
    const id = String(headers['webhook-id'] ?? '');
    let signatureValid = false;
    try {
      if (this.secret) {
        new Webhook(this.secret).verify(raw, {
          'webhook-id': id,
          'webhook-timestamp': String(headers['webhook-timestamp'] ?? ''),
          'webhook-signature': String(headers['webhook-signature'] ?? ''),
        });
        signatureValid = true;
      }
    } catch {
      signatureValid = false;
    }
    if (!signatureValid) this.invalidSignatures++;
    let body: { id?: string; cursor?: string } = {};
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      // an unparsable body fails bodyMatchesId below
    }
    const position = typeof body.cursor === 'string' && CURSOR_PATTERN.test(body.cursor) ? positionOfCursor(body.cursor) : { txid: -1n, seq: -1 };
    const existing = this.deliveries.get(id);
    if (existing) {
      existing.count++;
      existing.signatureValid &&= signatureValid;
      return;
    }
    this.deliveries.set(id, { id, position, count: 1, signatureValid, bodyMatchesId: body.id === id });
    this.firstArrival.push(position);
  }
}
