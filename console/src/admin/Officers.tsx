/** Officers (工作人员) — listed and managed through the identity operations. */
import { Alert, Card, Typography } from 'antd';

export function OfficersPage() {
  return (
    <Card>
      <Typography.Title level={4} className="page-title">工作人员</Typography.Title>
      <Alert type="info" showIcon message="工作人员账号接口（listOfficers / createOfficer / updateOfficer）合入后在此管理。" />
    </Card>
  );
}
