/** 延期办理通知书（延期办结告知书, 行政许可法第四十二条）: printed from an approved extension. */
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { $api } from '../api';
import { QueryView } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { documentDate } from '../format';
import { DocFrame, documentNumber } from './DocFrame';

export function ExtensionNoticeDocument() {
  const { taskId = '' } = useParams();
  const dept = useDepartmentNames();
  const q = $api.useQuery('get', '/api/v1/tasks/{taskId}', { params: { path: { taskId } } });
  useEffect(() => {
    document.title = `延期办结告知书 ${taskId}`;
  }, [taskId]);
  return (
    <QueryView query={q}>
      {(t) => {
        const x = t.deadlineExtension;
        if (x?.status !== 'approved' || !x.decidedAt) return <div style={{ padding: 24 }}>该事项没有已批准的延期办结。</div>;
        const unit = t.clock.unit === 'naturalDays' ? '日' : '个工作日';
        return (
          <DocFrame issuer={dept(t.departmentId)} number={documentNumber(`${t.departmentId}延告`, t.projectCode)} title="延期办结告知书" signer={dept(t.departmentId)} date={x.decidedAt}>
            <p className="doc-addressee">“{t.projectName}”申请人：</p>
            <p>
              你单位申请的“{t.projectName}”（项目代码 {t.projectCode}）“{t.itemName}”，因{x.reason}，不能在法定期限内作出决定。
              根据{x.legalBasis}，经本机关负责人批准，办理期限延长{x.days}{unit}，
              法定办结期限由{x.statutoryDueDateBefore ? documentDate(x.statutoryDueDateBefore) : '原期限'}延至{x.statutoryDueDate ? documentDate(x.statutoryDueDate) : '恢复计时后另行计算'}
              {x.promisedDueDate ? `，承诺办结日期相应延至${documentDate(x.promisedDueDate)}` : ''}。
            </p>
            <p>特此告知。如有疑问，请向县政务服务中心综合受理窗口咨询。</p>
          </DocFrame>
        );
      }}
    </QueryView>
  );
}
