/**
 * 申请材料补正一次性告知书 at intake (行政许可法第三十二条第一款第（四）项): the window tells the applicant at
 * once everything every item still lacks; printed from a project awaiting materials (待补齐材料).
 */
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { $api } from '../api';
import { QueryView } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { DocFrame, documentNumber } from './DocFrame';
import { useCanonicalProjectUrl } from '../components/projectRef';

const CENTRE = '县政务服务中心';

export function IntakeNoticeDocument() {
  const { projectId = '' } = useParams();
  const dept = useDepartmentNames();
  const q = $api.useQuery('get', '/api/v1/projects/{projectId}', { params: { path: { projectId } } });
  useCanonicalProjectUrl(projectId, q.data);
  useEffect(() => {
    document.title = `申请材料补正一次性告知书 ${projectId}`;
  }, [projectId]);
  return (
    <QueryView query={q}>
      {(p) => {
        if (p.status !== 'awaiting_materials') return <div style={{ padding: 24 }}>该项目申请材料已齐全（或已撤回），无需补正。</div>;
        return (
          <DocFrame issuer={CENTRE} number={documentNumber('政务补', p.code)} title="申请材料补正一次性告知书" signer={`${CENTRE}综合受理窗口`} date={p.submittedAt}>
            <p className="doc-addressee">{p.applicant.name}：</p>
            <p>
              你单位申报的“{p.name}”（项目代码 {p.code}）申请材料不齐全。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项，
              现一次性告知需要补正的全部内容如下：
            </p>
            <table>
              <thead>
                <tr><th>审批事项</th><th>承办部门</th><th>需补齐的材料</th></tr>
              </thead>
              <tbody>
                {p.missingMaterials.map((m) => (
                  <tr key={m.itemId}>
                    <td>{m.itemName}</td>
                    <td>{dept(m.departmentId)}</td>
                    <td>{m.materials.join('；')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>请补齐上述全部材料后向综合受理窗口提交。材料齐全之日予以受理，各审批事项自受理之日起计算办理时限；补齐前本申请尚未受理，不计算办理时限。</p>
          </DocFrame>
        );
      }}
    </QueryView>
  );
}
