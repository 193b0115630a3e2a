/** 代办专员: my projects with progress and lights (the server shows an agent only their own). */
import { Card, Typography } from 'antd';
import { $api, POLL_MS } from '../api';
import { QueryView } from '../components/common';
import { ProjectTable } from '../window/ProjectSearch';

export function MyProjectsPage() {
  const projects = $api.useQuery('get', '/api/v1/projects', { params: { query: { limit: 100 } } }, { refetchInterval: POLL_MS });
  return (
    <Card>
      <Typography.Title level={4} className="page-title">我的代办项目</Typography.Title>
      <QueryView query={projects} isEmpty={(d) => d.items.length === 0} empty="暂无指派给您的项目">
        {(d) => <ProjectTable items={d.items} />}
      </QueryView>
    </Card>
  );
}
