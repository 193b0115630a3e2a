/** The menu entry 协同待办 with what waits for the department (meetings to confirm, 会签 to sign). */
import { Badge } from 'antd';
import { $api, POLL_MS } from '../api';

export function InboxMenuLabel() {
  const inbox = $api.useQuery('get', '/api/v1/coordination-inbox', {}, { refetchInterval: POLL_MS * 5 });
  const c = inbox.data?.counts;
  const waiting = c ? c.meetingsToConfirm + c.countersignsToSign : 0;
  return (
    <span data-testid="inbox-menu">
      协同待办 <Badge count={waiting} size="small" title={c ? `待确认参会 ${c.meetingsToConfirm}，待签署会签 ${c.countersignsToSign}` : undefined} />
    </span>
  );
}
