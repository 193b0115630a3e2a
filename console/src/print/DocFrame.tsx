/** The frame of every printed document: toolbar (screen only), red issuer header, number, rule, signature and seal. */
import type { ReactNode } from 'react';
import { Button } from 'antd';
import { documentDate } from '../format';
import './print.css';

/** `<代字>〔2026〕123号` from a project code XM-2026-000123. */
export function documentNumber(prefix: string, projectCode: string): string {
  const m = /-(\d{4})-(\d+)$/.exec(projectCode);
  return m ? `${prefix}〔${m[1]}〕${Number(m[2])}号` : `${prefix}〔\u3000〕号`;
}

export function DocFrame({ issuer, number, title, signer, date, children }: { issuer: string; number: string; title: string; signer: string; date: string; children: ReactNode }) {
  return (
    <div className="doc-screen">
      <div className="doc-toolbar no-print">
        <Button type="primary" onClick={() => window.print()} autoFocus>
          打印
        </Button>
        <Button onClick={() => window.close()}>关闭</Button>
      </div>
      <article className="doc-sheet" aria-label={title}>
        <div className="doc-issuer">{issuer}</div>
        <div className="doc-number">{number}</div>
        <hr className="doc-rule" />
        <h1 className="doc-title">{title}</h1>
        {children}
        <div className="doc-signature">
          <div>{signer}</div>
          <div>{documentDate(date)}</div>
          <div className="doc-seal">（盖章）</div>
        </div>
      </article>
    </div>
  );
}
