/** A project's timeline: what happened, when, by whom (经办人 and department) and the clock at that moment. */
import { Timeline, Typography } from 'antd';
import { $api, POLL_MS, type Schemas } from '../api';
import { remainingText, tableDateTime } from '../format';
import { QueryView } from './common';
import { useDepartmentNames } from './catalogue';

type Entry = Schemas['TimelineEntry'];

function actorText(entry: Entry, dept: (id: string | null | undefined) => string): string {
  const a = entry.actor;
  if (!a || a.role === 'system') return '系统';
  const unit = a.onBehalfOf ? `代${dept(a.onBehalfOf)}` : a.departmentId ? dept(a.departmentId) : '';
  return [a.name ?? a.id, unit].filter(Boolean).join(' · ');
}

export function ProjectTimeline({ projectId, taskId }: { projectId: string; taskId?: string }) {
  const dept = useDepartmentNames();
  const q = $api.useQuery('get', '/api/v1/projects/{projectId}/timeline', { params: { path: { projectId } } }, { refetchInterval: POLL_MS });
  return (
    <QueryView query={q} isEmpty={(d) => d.entries.length === 0} empty="暂无办理记录">
      {(d) => (
        <Timeline
          items={d.entries
            .filter((e) => !taskId || e.taskId === taskId || e.taskId === null)
            .map((e) => ({
              key: e.eventId,
              color: e.type.includes('red') || e.type.includes('overdue') ? 'red' : e.type.includes('yellow') ? 'orange' : 'blue',
              children: (
                <div>
                  <Typography.Text strong>{e.summary}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {tableDateTime(e.occurredAt)} · 经办人：{actorText(e, dept)}
                    {e.clock?.workingDaysRemaining !== undefined && e.clock?.state === 'running' ? ` · ${remainingText(e.clock.workingDaysRemaining)}` : ''}
                  </Typography.Text>
                </div>
              ),
            }))}
        />
      )}
    </QueryView>
  );
}
