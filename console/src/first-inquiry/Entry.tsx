/** The header's 消息 entry (in the first chunk, so kept apart from the list page). */
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { $api, POLL_MS } from '../api';

/** The header's 消息 entry: the unread count, polled less often than lists (it is on every page). */
export function NotificationsEntry() {
  const navigate = useNavigate();
  const unread = $api.useQuery('get', '/api/v1/notifications', { params: { query: { unread: true, limit: 1 } } }, { refetchInterval: POLL_MS * 5 });
  return (
    <Badge count={unread.data?.unreadCount ?? 0} size="small" offset={[-4, 4]}>
      <Button type="text" data-testid="notifications-entry" onClick={() => void navigate('/notifications')}>
        消息
      </Button>
    </Badge>
  );
}

