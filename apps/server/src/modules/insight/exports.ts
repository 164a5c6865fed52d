// Exports: every map layer as GeoJSON, every table as CSV or XLSX, and a printable one-page
// report of an area for a street meeting (HTML with a print stylesheet).
import ExcelJS from 'exceljs';
import { FIGURES, INSIGHT_GROUPS, type ResourceKind, type InsightGroup } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { fieldError } from '../../platform/errors.ts';
import type { InsightService } from './service.ts';
import type { SitingService } from '../siting/service.ts';

type Table = { columns: string[]; rows: (string | number | null)[][] };
export interface ExportQuery {
  areaId?: string;
  res?: number;
  level?: 'street' | 'community' | 'grid';
  kind?: string;
  group?: string;
  walkM?: number;
}

const GROUP_LABELS: Record<InsightGroup, string> = {
  residents: '常住人口',
  households: '户数',
  minors: '未成年人(0-17)',
  aged18to59: '18-59岁',
  aged60to79: '60-79岁',
  aged60: '60岁以上',
  aged80: '80岁以上',
  livingAlone: '独居',
  livingAlone60: '独居长者',
  disabled: '残疾人',
  lowIncome: '低保/低收入',
};
const FIGURE_LABELS: Record<string, string> = {
  servicesCompleted: '完成服务',
  personTimes: '服务人次',
  registeredUsers: '注册用户',
  itemsShared: '共享物品',
  activities: '活动场次',
  volunteerHours: '志愿服务时数',
  casesReported: '事件上报',
  casesClosed: '事件办结',
};

export class ExportService {
  constructor(
    private readonly insight: InsightService,
    private readonly siting: SitingService,
  ) {}

  async file(actor: Actor, name: string, q: ExportQuery): Promise<{ body: string | Buffer; type: string; filename: string }> {
    const [base, ext] = name.split('.') as [string, 'geojson' | 'csv' | 'xlsx'];
    if (ext === 'geojson') {
      const fc =
        base === 'demand-areas'
          ? await this.insight.demandAreas(actor, q.level ?? 'community', q.areaId)
          : base === 'demand-hexes'
            ? await this.insight.hexes(actor, q.res ?? 9, q.areaId)
            : base === 'resources'
              ? await this.insight.resources(actor, { kind: q.kind as ResourceKind | undefined, areaId: q.areaId, walkM: q.walkM ?? 1000 })
              : base === 'hotspots'
                ? await this.hotspots(actor, q)
                : null;
      if (!fc) throw fieldError('name', 'no such layer');
      return { body: JSON.stringify(fc), type: 'application/geo+json', filename: name };
    }
    const table = await this.table(actor, base, q);
    if (ext === 'csv') return { body: `\ufeff${toCsv(table)}`, type: 'text/csv; charset=utf-8', filename: name };
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(base.slice(0, 31));
    ws.addRow(table.columns).font = { bold: true };
    for (const r of table.rows) ws.addRow(r);
    ws.columns.forEach((c) => (c.width = 16));
    return { body: Buffer.from(await wb.xlsx.writeBuffer()), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: name };
  }

  private async hotspots(actor: Actor, q: ExportQuery) {
    const cov = await this.siting.coverage(actor, { kind: (q.kind as ResourceKind) ?? 'elder_canteen', group: (q.group as InsightGroup) ?? 'aged60', walkM: q.walkM ?? 1000, areaId: q.areaId });
    return {
      type: 'FeatureCollection' as const,
      features: cov.hotSpots.map((h) => ({ type: 'Feature' as const, id: h.cell, geometry: { type: 'Point' as const, coordinates: [h.lon, h.lat] }, properties: h })),
    };
  }

  async table(actor: Actor, base: string, q: ExportQuery): Promise<Table> {
    if (base === 'demand-areas') {
      const fc = await this.insight.demandAreas(actor, q.level ?? 'community', q.areaId);
      return { columns: ['名称', '编码', ...INSIGHT_GROUPS.map((g) => GROUP_LABELS[g])], rows: fc.features.map((f) => [f.properties!.name, f.properties!.code, ...INSIGHT_GROUPS.map((g) => Number(f.properties![g] ?? 0))]) };
    }
    if (base === 'dashboard') {
      const d = await this.insight.dashboard(actor, { areaId: q.areaId });
      return {
        columns: ['名称', ...INSIGHT_GROUPS.map((g) => GROUP_LABELS[g]), ...FIGURES.map((f) => FIGURE_LABELS[f.key] ?? f.key)],
        rows: [d.area, ...d.children].map((a) => {
          const row = 'groups' in a ? a : { ...a, groups: d.groups, figures: d.figures };
          return [a.name, ...INSIGHT_GROUPS.map((g) => row.groups[g]), ...FIGURES.map((f) => row.figures[f.key] ?? null)];
        }),
      };
    }
    if (base === 'coverage') {
      const cov = await this.siting.coverage(actor, { kind: (q.kind as ResourceKind) ?? 'elder_canteen', group: (q.group as InsightGroup) ?? 'aged60', walkM: q.walkM ?? 1000, areaId: q.areaId });
      return { columns: ['名称', '需求', '覆盖', '覆盖率'], rows: cov.byArea.map((a) => [a.name, a.demand, a.covered, Math.round(a.share * 1000) / 10]) };
    }
    if (base === 'facilities') {
      const fc = await this.insight.resources(actor, { kind: q.kind as ResourceKind | undefined, areaId: q.areaId, walkM: q.walkM ?? 1000 });
      return {
        columns: ['名称', '类型', '容量', '纬度', '经度', '来源'],
        rows: fc.features.filter((f) => f.properties!.layer === 'facility').map((f) => [f.properties!.name, f.properties!.kind, f.properties!.capacity ?? null, f.properties!.lat, f.properties!.lon, f.properties!.source]),
      };
    }
    throw fieldError('name', 'no such table');
  }

  /** One printable page: the area's figures, its parts side by side, and the elder-canteen gaps. */
  async report(actor: Actor, areaId?: string): Promise<string> {
    const d = await this.insight.dashboard(actor, { areaId });
    const cov = await this.siting.coverage(actor, { kind: 'elder_canteen', group: 'aged60', walkM: 1000, areaId: d.area.id });
    const esc = (s: unknown) => String(s ?? '—').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
    const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('zh-CN'));
    const groups: InsightGroup[] = ['residents', 'households', 'aged60', 'aged80', 'livingAlone60', 'disabled', 'lowIncome', 'minors'];
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(d.area.name)} 社区需求与资源简报</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 24px; color: #1f2d3d; font-size: 13px; }
  h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 16px 0 6px; border-bottom: 2px solid #1d4f91; }
  .muted { color: #667; } table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #ccd; padding: 3px 6px; text-align: right; }
  th:first-child, td:first-child { text-align: left; } .figs { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6px; }
  .fig { border: 1px solid #ccd; padding: 6px; } .fig b { display: block; font-size: 18px; }
  @page { size: A4; margin: 12mm; } @media print { body { margin: 0; } .noprint { display: none; } }
</style></head><body>
<p class="noprint"><button onclick="window.print()">打印</button></p>
<h1>${esc(d.area.name)} · 社区需求与资源简报</h1>
<div class="muted">截至 ${esc(d.asOf)} · 统计期 ${esc(d.period.from)} 至 ${esc(d.period.to)} · 数据来自邻里区级平台的实时汇总</div>
<h2>人口与重点人群</h2>
<div class="figs">${groups.map((g) => `<div class="fig">${esc(GROUP_LABELS[g])}<b>${fmt(d.groups[g])}</b></div>`).join('')}</div>
<h2>服务运行</h2>
<div class="figs">${FIGURES.map((f) => `<div class="fig">${esc(FIGURE_LABELS[f.key])}<b>${fmt(d.figures[f.key])}</b></div>`).join('')}</div>
<h2>${d.children[0] ? esc(d.children[0].level === 'street' ? '各街道(镇)' : d.children[0].level === 'community' ? '各社区' : '各网格') : '下级区域'}对比</h2>
<table><tr><th>名称</th>${groups.map((g) => `<th>${esc(GROUP_LABELS[g])}</th>`).join('')}</tr>
${d.children.slice(0, 30).map((c) => `<tr><td>${esc(c.name)}</td>${groups.map((g) => `<td>${fmt(c.groups[g])}</td>`).join('')}</tr>`).join('\n')}</table>
<h2>长者饭堂覆盖(步行 1 公里,60 岁以上)</h2>
<p>现有 ${cov.facilities} 处;覆盖 ${fmt(cov.covered)} / ${fmt(cov.demand)} 人(${(cov.share * 100).toFixed(1)}%)。步行距离按直线距离 × ${cov.networkFactor} 估算。</p>
<table><tr><th>未覆盖热点(H3 格)</th><th>长者人数</th><th>最近饭堂(米)</th></tr>
${cov.hotSpots.slice(0, 8).map((h) => `<tr><td>${h.lat.toFixed(4)}, ${h.lon.toFixed(4)}</td><td>${fmt(h.demand)}</td><td>${fmt(h.nearestM)}</td></tr>`).join('')}</table>
</body></html>`;
  }
}

function toCsv(t: Table): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [t.columns, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
