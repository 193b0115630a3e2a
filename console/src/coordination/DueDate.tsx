/** The date a limit of N working days from today ends on (computeDeadline, the same calendar the server's orders use), shown as the officer types N. */
import { Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchClient } from '../api';
import { shanghaiToday } from '../format';

export function DueDatePreview({ workingDays }: { workingDays: number | null | undefined }) {
  const startDate = shanghaiToday();
  const valid = typeof workingDays === 'number' && Number.isInteger(workingDays) && workingDays >= 1 && workingDays <= 365;
  const q = useQuery({
    queryKey: ['deadline-preview', startDate, workingDays],
    enabled: valid,
    staleTime: 10 * 60_000,
    queryFn: async () => {
      const { data, error } = await fetchClient.POST('/api/v1/deadlines/compute', { body: { startDate, workingDays: workingDays as number } });
      if (error || !data) throw error;
      return data;
    },
  });
  if (!valid || !q.data) return null;
  return (
    <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
      至 {q.data.dueDate}
      {q.data.provisional ? '（预估）' : ''}
    </Typography.Text>
  );
}
