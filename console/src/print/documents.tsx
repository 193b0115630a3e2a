/** 受理回执, 一次性告知书, 集中回复: print-styled pages that window.print() turns into clean A4 documents. */
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { $api, type Project, type Schemas } from '../api';
import { QueryView } from '../components/common';
import { useDepartmentNames } from '../components/catalogue';
import { decisionLabel, documentDate, outcomeLabel, taskStatusLabel } from '../format';
import { useOfficer } from '../session';
import { useCanonicalProjectUrl } from '../components/projectRef';
import { DocFrame, documentNumber } from './DocFrame';
import { firstInquiryText } from '../first-inquiry/text';

const CENTRE = '县政务服务中心';

function useTitle(title: string) {
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/** An item that waits on prerequisites has no due date yet: the receipt prints the forecast one, marked as such. */
function waitingDue(f: Schemas['ForecastItem'] | undefined): string {
  return f?.dueDate ? `预计 ${documentDate(f.dueDate)}（前置事项办结后起算）` : '前置事项办结后起算';
}

function ReceiptBody({ p }: { p: Project }) {
  const dept = useDepartmentNames();
  useTitle(`受理回执 ${p.code}`);
  const byItem = (run: Schemas['ForecastRun'] | undefined) => new Map((run?.items ?? []).map((i) => [i.itemId, i]));
  const promised = byItem(p.forecast?.promised);
  const statutory = byItem(p.forecast?.statutory);
  return (
    <DocFrame issuer={CENTRE} number={documentNumber('政务受', p.code)} title="并联审批受理回执" signer={`${CENTRE}综合受理窗口`} date={p.submittedAt}>
      <p className="doc-addressee">{p.applicant.name}：</p>
      <p>
        你单位申报的“{p.name}”（总投资 {p.investmentWan} 万元，建设地点 {p.location}）申请材料已于{documentDate(p.submittedAt)}收到，经审查予以受理。
        项目代码为 <b style={{ whiteSpace: "nowrap" }}>{p.code}</b>
        {p.nationalProjectCode && <>（全国投资项目代码 <b style={{ whiteSpace: 'nowrap' }}>{p.nationalProjectCode}</b>）</>}，本中心已将申请同时推送至下列部门并联审批：
      </p>
      <table>
        <thead>
          <tr><th>审批事项</th><th>承办部门</th><th>承诺办结</th><th>法定期限</th></tr>
        </thead>
        <tbody>
          {p.tasks.map((t) => (
            <tr key={t.id}>
              <td>{t.itemName}</td>
              <td>{dept(t.departmentId)}</td>
              <td>{t.clock.promisedDueDate ? documentDate(t.clock.promisedDueDate) : waitingDue(promised.get(t.itemId))}</td>
              <td>{t.clock.statutoryDueDate ? documentDate(t.clock.statutoryDueDate) : waitingDue(statutory.get(t.itemId))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.leadDepartmentName && <p>牵头部门：{p.leadDepartmentName}（负责协调本项目各审批事项）。</p>}
      {p.forecast?.promised.replyDueDate && (
        <p>
          预计办结日期：各部门均用足承诺时限的，本中心最迟于{documentDate(p.forecast.promised.replyDueDate)}集中回复
          {p.forecast.statutory.replyDueDate ? `；用足法定时限的，最迟于${documentDate(p.forecast.statutory.replyDueDate)}` : ''}
          （按各事项的计时单位沿前置事项顺序推算，补正材料、依法不计算的期间与批准的延期顺延{p.forecast.promised.provisional ? '，含尚未公布的放假安排，日期可能调整' : ''}）。
        </p>
      )}
      <p>首问责任人：{firstInquiryText(p)}。请凭项目代码向综合受理窗口查询办理进度；补正材料期间不计入办理时限，全部事项办结后由本中心统一出具集中回复。</p>
    </DocFrame>
  );
}

export function ReceiptDocument() {
  const { projectId = '' } = useParams();
  const q = $api.useQuery('get', '/api/v1/projects/{projectId}', { params: { path: { projectId } } });
  useCanonicalProjectUrl(projectId, q.data);
  return <QueryView query={q}>{(p) => <ReceiptBody p={p} />}</QueryView>;
}

export function SupplementNoticeDocument() {
  const { taskId = '' } = useParams();
  const officer = useOfficer();
  const dept = useDepartmentNames();
  const q = $api.useQuery('get', '/api/v1/tasks/{taskId}', { params: { path: { taskId } } });
  // The window may also read the applicant's name; a department addresses the notice to the project's applicant.
  const canReadProject = officer.role !== 'department' && officer.role !== 'department_head';
  const project = $api.useQuery('get', '/api/v1/projects/{projectId}', { params: { path: { projectId: q.data?.projectId ?? '' } } }, { enabled: canReadProject && Boolean(q.data) });
  useTitle(`一次性告知书 ${taskId}`);
  return (
    <QueryView query={q}>
      {(t) => {
        const n = t.supplementNotice;
        if (!n) return <div style={{ padding: 24 }}>该事项没有一次性告知。</div>;
        return (
          <DocFrame issuer={dept(t.departmentId)} number={documentNumber(`${t.departmentId}补告`, t.projectCode)} title="补正材料通知书（一次性告知书）" signer={dept(t.departmentId)} date={n.issuedAt}>
            <p className="doc-addressee">{project.data?.applicant.name ?? `“${t.projectName}”申请人`}：</p>
            <p>
              你单位报送的“{t.projectName}”（项目代码 {t.projectCode}）“{t.itemName}”申请材料不齐全或不符合法定形式。根据《中华人民共和国行政许可法》第三十二条，
              现一次性告知需补正的全部内容如下：
            </p>
            <table>
              <thead><tr><th style={{ width: '8%' }}>序号</th><th style={{ width: '36%' }}>需补正的材料</th><th>补正原因</th></tr></thead>
              <tbody>
                {n.items.map((i, k) => (
                  <tr key={i.material}><td>{k + 1}</td><td>{i.material}</td><td>{i.reason}</td></tr>
                ))}
              </tbody>
            </table>
            {n.note && <p>{n.note}</p>}
            <p>请按上述要求补正后，通过县政务服务中心综合受理窗口一并提交。补正期间（自告知之日至补正材料提交之日）不计入办理时限。</p>
          </DocFrame>
        );
      }}
    </QueryView>
  );
}

/** '共 6 个审批事项，准予许可 2 项，不予许可 1 项，未启动 3 项。' */
function replyCounts(items: Schemas['ReplyItem'][]): string {
  const n = (pred: (i: Schemas['ReplyItem']) => boolean) => items.filter(pred).length;
  const parts = [
    [n((i) => i.decision === 'approved'), '准予许可'],
    [n((i) => i.decision === 'approved_with_conditions'), '附条件准予'],
    [n((i) => i.decision === 'rejected'), '不予许可'],
    [n((i) => i.status === 'not_started'), '未启动（前置事项未获准予）'],
    [n((i) => i.status === 'cancelled'), '因撤回取消'],
  ] as const;
  return `共 ${items.length} 个审批事项，${parts.filter(([c]) => c > 0).map(([c, l]) => `${l} ${c} 项`).join('，')}。`;
}

export function ReplyDocument() {
  const { projectId = '' } = useParams();
  const dept = useDepartmentNames();
  const reply = $api.useQuery('get', '/api/v1/projects/{projectId}/reply', { params: { path: { projectId } } });
  const project = $api.useQuery('get', '/api/v1/projects/{projectId}', { params: { path: { projectId } } });
  useCanonicalProjectUrl(projectId, project.data);
  useTitle(`集中回复 ${projectId}`);
  return (
    <QueryView query={reply}>
      {(r) => (
        <DocFrame issuer={CENTRE} number={documentNumber('政务复', r.projectCode)} title="并联审批集中回复" signer={CENTRE} date={r.createdAt}>
          <p className="doc-addressee">{project.data?.applicant.name ?? '申请人'}：</p>
          <p>
            你单位申报的“{project.data?.name ?? r.projectCode}”（项目代码 <b style={{ whiteSpace: 'nowrap' }}>{r.projectCode}</b>）并联审批已办结，总体结论：<b>{outcomeLabel[r.outcome]}</b>。{replyCounts(r.items)}
          </p>
          <table>
            <thead>
              <tr><th style={{ width: '28%' }}>审批事项</th><th style={{ width: '18%' }}>承办部门</th><th style={{ width: '13%' }}>结论</th><th>许可证编号 / 条件 / 理由</th><th style={{ width: '17%' }}>办结日期</th></tr>
            </thead>
            <tbody>
              {r.items.map((i) => (
                <tr key={i.taskId}>
                  <td>{i.itemName}</td>
                  <td>{dept(i.departmentId)}</td>
                  <td>{i.decision ? decisionLabel[i.decision] : taskStatusLabel[i.status]}</td>
                  <td>{[i.permitNumber, ...i.conditions.map((c) => `条件：${c}`), ...i.reasons].filter(Boolean).join('；') || '—'}</td>
                  <td>{i.decidedAt ? documentDate(i.decidedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {project.data?.leadDepartmentName && <p>牵头部门：{project.data.leadDepartmentName}。</p>}
          {project.data && <p>首问责任人：{firstInquiryText(project.data)}。对本回复有疑问的，请向首问责任人咨询。</p>}
          <p>对不予许可的事项不服的，可以自收到本回复之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。</p>
          {r.ratingPath && (
            <p>
              欢迎对本次服务作出评价（每个项目一次）：<span style={{ wordBreak: 'break-all' }}>{`${window.location.origin}${r.ratingPath}`}</span>
            </p>
          )}
          {r.version > 1 && <div className="doc-note">本回复为第 {r.version} 版，以前版本作废。</div>}
        </DocFrame>
      )}
    </QueryView>
  );
}
