/**
 * The portal's client: the same contract types as the console, but no session, no cookies and no
 * CSRF — every operation it calls is public (/api/v1/public/…).
 */
import createFetchClient from 'openapi-fetch';
import createClient from 'openapi-react-query';
import { QueryClient } from '@tanstack/react-query';
import type { components, paths } from '../../../api/generated/openapi';

export type Schemas = components['schemas'];

export const publicFetch = createFetchClient<paths>({ baseUrl: window.location.origin, credentials: 'omit' });
export const $public = createClient(publicFetch);

export const portalQueryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 60_000 } },
});
