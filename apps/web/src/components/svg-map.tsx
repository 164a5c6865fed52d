// A plain SVG drawing of the same polygons, for browsers without WebGL (old phones, locked-down PCs).
import { useMemo } from 'react';
import type { Feature, FeatureCollection, Position } from 'geojson';
import { boundsOf } from '../lib/geo.ts';

interface Props {
  fc: FeatureCollection;
  outline: FeatureCollection;
  palette: string[];
  selectedId?: string | null;
  onSelect?: (props: Record<string, unknown>) => void;
}

const W = 1000;

export function SvgMap({ fc, outline, palette, selectedId, onSelect }: Props) {
  const frame = useMemo(() => {
    const b = boundsOf(outline.features.length ? outline.features : fc.features);
    if (!b) return null;
    const k = Math.cos((((b[1] + b[3]) / 2) * Math.PI) / 180);
    const sx = W / ((b[2] - b[0]) * k || 1);
    const h = (b[3] - b[1]) * sx;
    const project = (p: Position) => `${(((p[0]! - b[0]) * k * sx) | 0) + 0.5},${(((b[3] - p[1]!) * sx) | 0) + 0.5}`;
    const path = (f: Feature) => {
      const g = f.geometry;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      return polys.map((poly) => poly.map((ring) => `M${ring.map(project).join('L')}Z`).join('')).join('');
    };
    return { h: Math.max(1, h), path };
  }, [fc, outline]);

  if (!frame) return null;
  return (
    <svg viewBox={`-10 -10 ${W + 20} ${frame.h + 20}`} preserveAspectRatio="xMidYMid meet" style={{ width: '100%', height: '100%', display: 'block' }} role="img">
      {fc.features.map((f) => {
        const p = (f.properties ?? {}) as Record<string, unknown>;
        const cls = Number(p._class ?? 0);
        return (
          <path
            key={String(p.id ?? f.id)}
            d={frame.path(f)}
            fill={palette[cls] ?? palette[0]}
            fillOpacity={0.8}
            stroke="#1f2d3d"
            strokeWidth={0.6}
            style={{ cursor: onSelect ? 'pointer' : undefined }}
            onClick={() => onSelect?.(p)}
          >
            <title>{String(p.name ?? '')}</title>
          </path>
        );
      })}
      {outline !== fc
        ? outline.features.map((f) => <path key={`o-${String(f.id ?? (f.properties ?? {}).id)}`} d={frame.path(f)} fill="none" stroke="#5b6b82" strokeWidth={0.3} pointerEvents="none" />)
        : null}
      {selectedId
        ? fc.features
            .filter((f) => (f.properties ?? {}).id === selectedId)
            .map((f) => <path key="sel" d={frame.path(f)} fill="none" stroke="#d4380d" strokeWidth={3} pointerEvents="none" />)
        : null}
    </svg>
  );
}
