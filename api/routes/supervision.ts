/** Efficiency supervision (效能监察, contract tag `supervision`): complaints, 督办, accountability and the queue. */
import { Router } from 'express';
import type { ApiDeps } from '../context';
import { accountabilityRouter } from './accountability';
import { complaintsRouter } from './complaints';
import { supervisionOrdersRouter } from './supervision-orders';

export function supervisionRouter(deps: ApiDeps): Router {
  const r = Router();
  r.use(complaintsRouter(deps), accountabilityRouter(deps), supervisionOrdersRouter(deps));
  return r;
}
