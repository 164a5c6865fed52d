// A horizontal bar chart (ECharts, only the parts we use) of one count across sub-areas.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart as EBar } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([EBar, GridComponent, TooltipComponent, CanvasRenderer]);

export interface Bar {
  id: string;
  name: string;
  value: number;
}

export function BarChart({ bars, colour = '#1d4f91', fontSize = 12, onClick, testId }: { bars: Bar[]; colour?: string; fontSize?: number; onClick?: (id: string) => void; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const rowHeight = Math.max(22, fontSize * 2);
  const height = Math.max(120, bars.length * rowHeight + 40);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      const id = (p.data as { id?: string } | undefined)?.id;
      if (id) clickRef.current?.(id);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const ordered = [...bars].sort((a, b) => a.value - b.value);
    chart.current?.setOption(
      {
        animationDuration: 300,
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'item', textStyle: { fontSize } },
        xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { lineStyle: { color: '#eef0f3' } } },
        yAxis: {
          type: 'category',
          data: ordered.map((b) => b.name),
          axisLabel: { fontSize, color: '#1f2937', width: 120, overflow: 'truncate' },
          axisTick: { show: false },
        },
        series: [
          {
            type: 'bar',
            data: ordered.map((b) => ({ value: b.value, id: b.id, name: b.name })),
            itemStyle: { color: colour, borderRadius: [0, 3, 3, 0] },
            label: { show: true, position: 'right', fontSize, color: '#1f2937' },
            barMaxWidth: 18,
            cursor: onClick ? 'pointer' : 'default',
          },
        ],
      },
      true,
    );
    chart.current?.resize();
  }, [bars, colour, fontSize, onClick, height]);

  return <div ref={el} style={{ width: '100%', height }} data-testid={testId ?? 'bar-chart'} />;
}
