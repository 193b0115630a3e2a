/** The 办事流程引导图 as SVG: parallel batches top to bottom, arrows for "waits on", the critical path in red. */
import { Grid } from 'antd';
import type { Schemas } from './api';
import { layoutFlow, wrapText } from './flow-layout';
import { limitText, monthDay } from './shared';

const RED = '#b71c1c';

export function FlowGraph({ flow, run }: { flow: Schemas['PublicFlow']; run?: Schemas['PublicForecastRun'] }) {
  const screens = Grid.useBreakpoint();
  const columns = screens.md ? 4 : 2;
  const layout = layoutFlow(flow.items, columns);
  const critical = new Set(run?.criticalPath ?? []);
  const forecastOf = new Map((run?.items ?? []).map((i) => [i.itemId, i]));
  const nodeWidth = [...layout.nodes.values()][0]?.width ?? 160;
  // 13 px CJK glyphs are about 13 px wide; keep 6 px of padding on each side.
  const perLine = Math.max(6, Math.floor((nodeWidth - 12) / 13));
  return (
    <svg
      className="flow-graph"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={`办事流程引导图：${flow.items.length} 个事项，分 ${layout.batches.length} 批办理`}
      data-testid="flow-graph"
    >
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" fill="#888" />
        </marker>
        <marker id="arrow-critical" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" fill={RED} />
        </marker>
      </defs>
      {layout.batches.map((b) => (
        <text key={b.batch} x={8} y={b.y} fontSize={13} fill="#555" fontWeight={600}>
          {b.batch === 0 ? `第 1 批 · 受理即推送，${b.count} 项同时办理` : `第 ${b.batch + 1} 批 · 前置事项办结后推送（${b.count} 项）`}
        </text>
      ))}
      {layout.edges.map((e) => {
        const hot = critical.has(e.from) && critical.has(e.to);
        return (
          <path
            key={`${e.from}-${e.to}`}
            d={e.path}
            fill="none"
            stroke={hot ? RED : '#999'}
            strokeWidth={hot ? 2.5 : 1.2}
            markerEnd={`url(#${hot ? 'arrow-critical' : 'arrow'})`}
          />
        );
      })}
      {flow.items.map((item) => {
        const n = layout.nodes.get(item.id)!;
        const hot = critical.has(item.id);
        const f = forecastOf.get(item.id);
        const name = wrapText(item.name, perLine, 2);
        return (
          <g key={item.id} data-testid={`flow-node-${item.id}`} data-critical={hot ? 'true' : 'false'}>
            <rect x={n.x} y={n.y} width={n.width} height={n.height} rx={6} fill={hot ? '#fff1f0' : '#fafafa'} stroke={hot ? RED : '#bbb'} strokeWidth={hot ? 2 : 1} />
            {name.map((line, k) => (
              <text key={k} x={n.x + 6} y={n.y + 16 + k * 15} fontSize={13} fontWeight={600} fill={hot ? RED : '#222'}>
                {line}
              </text>
            ))}
            <text x={n.x + 6} y={n.y + 48} fontSize={11} fill="#666">
              {wrapText(item.departmentName, perLine + 2, 1)[0]}
            </text>
            <text x={n.x + 6} y={n.y + 63} fontSize={11} fill={hot ? RED : '#444'}>
              {f ? `${limitText(f.days, f.unit)} · 至${monthDay(f.dueDate)}` : limitText(item.promisedDays, item.limitUnit)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
