/**
 * Outbound POSTs that can only reach addresses the policy allows: undici's fetch over an Agent
 * whose every connection resolves its host through `policy.guardedLookup`. The check before the
 * request tells the caller which rule refused; the lookup makes the connect use that verdict.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import type { AddressPolicy } from './address-policy';

export interface GuardedPostInit {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  redirect: 'manual';
}

export type GuardedPost = (url: string, init: GuardedPostInit) => Promise<{ status: number; body?: { cancel(): Promise<void> } | null }>;

export function createGuardedPost(policy: AddressPolicy): GuardedPost {
  const dispatcher = new Agent({ connect: { lookup: policy.guardedLookup } });
  return async (url, init) => undiciFetch(url, { ...init, dispatcher });
}
