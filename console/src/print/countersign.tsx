/** 会签意见 (countersigned joint opinion) as a GB/T 9704 page: the lead department's draft and every department's signature. */
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { $api } from '../api';
import { QueryView } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { signatureStatusLabel, type Countersign } from '../coordination/labels';
import { isDepartment } from '../coordination/viewer';
import { documentDate, tableDateTime } from '../format';
import { useOfficer } from '../session';
import { DocFrame, documentNumber } from './DocFrame';

/** The project's name: departments cannot read the project, so they take it from their own task on it. */
function useProjectName(projectId: string | undefined): string | undefined {
  const officer = useOfficer();
  const dept = isDepartment(officer.role);
  const enabled = Boolean(projectId);
  const project = $api.useQuery('get', '/api/v1/projects/{projectId}', { params: { path: { projectId: projectId ?? '' } } }, { enabled: enabled && !dept, retry: false });
  const tasks = $api.useQuery('get', '/api/v1/tasks', { params: { query: { projectId: projectId ?? '', limit: 1 } } }, { enabled: enabled && dept, retry: false });
  return dept ? tasks.data?.items[0]?.projectName : project.data?.name;
}

function opinionText(s: Countersign['signatures'][number]): string {
  if (s.status === 'signed') return s.opinion ?? '同意';
  if (s.status === 'declined') return `不同意：${s.reasons.join('；')}`;
  return '尚未签署';
}

export function CountersignDocument() {
  const { countersignId = '' } = useParams();
  const dept = useDepartmentNames();
  const q = $api.useQuery('get', '/api/v1/countersigns/{countersignId}', { params: { path: { countersignId } } });
  const projectName = useProjectName(q.data?.projectId);
  useEffect(() => {
    document.title = `会签意见 ${countersignId}`;
  }, [countersignId]);
  return (
    <QueryView query={q}>
      {(c) => {
        const pending = c.signatures.filter((s) => s.status !== 'signed').length;
        return (
          <DocFrame issuer={dept(c.leadDepartmentId)} number={documentNumber(`${c.leadDepartmentId}会签`, c.id)} title={`关于${c.title}的会签意见`} signer={dept(c.leadDepartmentId)} date={c.completedAt ?? c.startedAt}>
            <p>
              {`“${projectName ?? c.projectId}”（项目代码 ${c.projectId}）由${dept(c.leadDepartmentId)}牵头，于${documentDate(c.startedAt)}起草联合意见，`}
              {`送${c.signatures.map((s) => dept(s.departmentId)).join('、')}会签，签署期限至${documentDate(c.dueDate)}。联合意见如下：`}
            </p>
            {c.draft.split('\n').filter((l) => l.trim()).map((l, i) => (
              <p key={i}>{l}</p>
            ))}
            <table>
              <thead>
                <tr><th style={{ width: '8%' }}>序号</th><th style={{ width: '24%' }}>会签部门</th><th>会签意见</th><th style={{ width: '26%' }}>签署时间</th></tr>
              </thead>
              <tbody>
                {c.signatures.map((s, i) => (
                  <tr key={s.departmentId}>
                    <td>{i + 1}</td>
                    <td>{dept(s.departmentId)}</td>
                    <td>{opinionText(s)}</td>
                    <td>{s.status === 'pending' ? '—' : `${tableDateTime(s.actedAt)}${s.status === 'declined' ? `（${signatureStatusLabel.declined}）` : ''}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>{c.completedAt ? `各会签部门已于${documentDate(c.completedAt)}全部签署，本意见纳入项目集中回复。` : '会签尚在进行中。'}</p>
            {pending > 0 && <div className="doc-note">尚有 {pending} 个部门未签署，本页仅供核对，不作为正式会签意见。</div>}
          </DocFrame>
        );
      }}
    </QueryView>
  );
}
