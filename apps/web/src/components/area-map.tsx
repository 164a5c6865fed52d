// The map of grids and areas (MapLibre, no internet needed): choropleth fill, outlines, labels, click to select.
import { useEffect, useMemo, useRef, useState } from 'react';
import maplibregl, { type GeoJSONSource, type MapGeoJSONFeature, type StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import { useTranslation } from 'react-i18next';
import { boundsOf, classBreaks, classOf, labelPoint, PALETTE, PALETTE_ELDER, toBasemapDatum, type StatKey } from '../lib/geo.ts';
import { formatNumber } from '../lib/format.ts';
import { SvgMap } from './svg-map.tsx';

export type MapLevel = 'street' | 'community' | 'grid';

export interface AreaMapProps {
  grids: FeatureCollection;
  /** Street or community polygons, when the level is not 'grid'. */
  areas?: FeatureCollection | null;
  level: MapLevel;
  stat: StatKey;
  selectedId?: string | null;
  /** Zoom to this feature (of the shown level); null zooms out to everything. */
  focusId?: string | null;
  onSelect?: (props: Record<string, unknown>, kind: 'grid' | 'area') => void;
  basemap?: { url: string; crs: 'wgs84' | 'gcj02' } | null;
  center?: { lat: number; lon: number };
  height: number | string;
  elder?: boolean;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function baseStyle(basemap: AreaMapProps['basemap']): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }],
  };
  if (basemap) {
    style.sources.basemap = { type: 'raster', tiles: [basemap.url], tileSize: 256, maxzoom: 19 };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.9 } });
  }
  return style;
}

/** Adds `_class` (0..4) to each feature for the chosen count, and returns the breaks used. */
export function colourise(fc: FeatureCollection, stat: StatKey): { fc: FeatureCollection; breaks: number[] } {
  const values = fc.features.map((f) => Number((f.properties ?? {})[stat] ?? 0));
  const breaks = classBreaks(values);
  return {
    breaks,
    fc: {
      ...fc,
      features: fc.features.map((f, i) => ({ ...f, properties: { ...f.properties, _class: classOf(values[i] ?? 0, breaks) } })),
    },
  };
}

function fillColour(palette: string[]): maplibregl.ExpressionSpecification {
  return ['match', ['get', '_class'], 0, palette[0]!, 1, palette[1]!, 2, palette[2]!, 3, palette[3]!, palette[4]!];
}

function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

export function AreaMap(props: AreaMapProps) {
  const { t } = useTranslation();
  const [webgl] = useState(webglAvailable);
  const [failed, setFailed] = useState(false);
  const crs = props.basemap?.crs;
  const palette = props.elder ? PALETTE_ELDER : PALETTE;

  const shown = props.level === 'grid' || !props.areas ? props.grids : props.areas;
  const { fc: coloured, breaks } = useMemo(() => colourise(toBasemapDatum(shown, crs), props.stat), [shown, crs, props.stat]);
  const outline = useMemo(() => toBasemapDatum(props.grids, crs), [props.grids, crs]);

  const legend = (
    <div className="map-legend" data-testid="map-legend">
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{t(`stats.${props.stat}`)}</div>
      {palette.slice(0, breaks.length + 1).map((c, i) => {
        const lo = i === 0 ? 0 : breaks[i - 1]!;
        const hi = breaks[i];
        return (
          <div className="map-legend-row" key={c}>
            <span className="map-legend-swatch" style={{ background: c }} />
            <span>{hi === undefined ? `≥ ${formatNumber(lo)}` : `${formatNumber(lo)} – ${formatNumber(hi - 1)}`}</span>
          </div>
        );
      })}
    </div>
  );

  if (!webgl || failed) {
    return (
      <div className="map-wrap" style={{ height: props.height }} data-testid="map-container" data-renderer="svg">
        <SvgMap fc={coloured} outline={outline} palette={palette} selectedId={props.selectedId} onSelect={(p) => props.onSelect?.(p, props.level === 'grid' ? 'grid' : 'area')} />
        {legend}
      </div>
    );
  }
  return <GlMap {...props} coloured={coloured} outline={outline} palette={palette} legend={legend} onFail={() => setFailed(true)} />;
}

function GlMap(
  props: AreaMapProps & { coloured: FeatureCollection; outline: FeatureCollection; palette: string[]; legend: React.ReactNode; onFail: () => void },
) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const labels = useRef<maplibregl.Marker[]>([]);
  const propsRef = useRef(props);
  propsRef.current = props;
  const fitted = useRef<string | null>(null);

  // Create the map once.
  useEffect(() => {
    if (!container.current) return;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: container.current,
        style: baseStyle(props.basemap),
        center: props.center ? [props.center.lon, props.center.lat] : [113.12, 23.02],
        zoom: 11,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
      });
    } catch {
      props.onFail();
      return;
    }
    mapRef.current = map;
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.on('error', (e) => {
      // A missing basemap tile is not fatal; a lost WebGL context is.
      if (String((e.error as Error | undefined)?.message ?? '').includes('WebGL')) props.onFail();
    });
    map.on('load', () => {
      map.addSource('areas', { type: 'geojson', data: EMPTY, promoteId: 'id' });
      map.addSource('grids', { type: 'geojson', data: EMPTY, promoteId: 'id' });
      map.addLayer({ id: 'fill', type: 'fill', source: 'areas', paint: { 'fill-color': fillColour(props.palette), 'fill-opacity': 0.78 } });
      map.addLayer({ id: 'grid-line', type: 'line', source: 'grids', paint: { 'line-color': '#5b6b82', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.3, 14, 1], 'line-opacity': 0.6 } });
      map.addLayer({ id: 'area-line', type: 'line', source: 'areas', paint: { 'line-color': '#1f2d3d', 'line-width': 1.2 } });
      map.addLayer({ id: 'selected', type: 'line', source: 'areas', paint: { 'line-color': '#d4380d', 'line-width': 3.5 }, filter: ['==', ['get', 'id'], ''] });
      map.on('click', 'fill', (e) => {
        const f = e.features?.[0] as MapGeoJSONFeature | undefined;
        if (!f) return;
        const p = propsRef.current;
        p.onSelect?.(f.properties as Record<string, unknown>, p.level === 'grid' ? 'grid' : 'area');
      });
      map.on('mouseenter', 'fill', () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', 'fill', () => (map.getCanvas().style.cursor = ''));
      map.on('moveend', () => updateLabels());
      setReady(true);
    });
    const ro = new ResizeObserver(() => map.resize());
    ro.observe(container.current);
    return () => {
      ro.disconnect();
      labels.current.forEach((m) => m.remove());
      labels.current = [];
      map.remove();
      mapRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function updateLabels() {
    const map = mapRef.current;
    if (!map) return;
    labels.current.forEach((m) => m.remove());
    labels.current = [];
    const p = propsRef.current;
    const zoom = map.getZoom();
    const minZoom = p.level === 'grid' ? 14 : p.level === 'community' ? 12.5 : 0;
    if (zoom < minZoom) return;
    const b = map.getBounds();
    let n = 0;
    for (const f of p.coloured.features) {
      const pt = labelPoint(f);
      if (!pt || !b.contains(pt)) continue;
      const el = document.createElement('div');
      el.className = 'grid-label';
      el.textContent = String((f.properties ?? {}).name ?? '');
      labels.current.push(new maplibregl.Marker({ element: el }).setLngLat(pt).addTo(map));
      if (++n >= 250) break;
    }
  }

  // Push data in whenever it changes.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource('areas') as GeoJSONSource).setData(props.coloured);
    (map.getSource('grids') as GeoJSONSource).setData(props.outline);
    map.setPaintProperty('fill', 'fill-color', fillColour(props.palette));
    // Grids as the fill: thin white seams. Streets or communities: dark borders over faint grid lines.
    const gridLevel = props.level === 'grid';
    map.setPaintProperty('area-line', 'line-color', gridLevel ? '#ffffff' : '#1f2d3d');
    map.setPaintProperty('area-line', 'line-width', gridLevel ? ['interpolate', ['linear'], ['zoom'], 10, 0.4, 15, 1.5] : 1.6);
    map.setLayoutProperty('grid-line', 'visibility', gridLevel ? 'none' : 'visible');
    const key = `${props.level}:${props.coloured.features.length}:${props.outline.features.length}:${props.focusId ?? ''}`;
    if (fitted.current !== key) {
      fitTo(map, props.focusId ?? null, fitted.current !== null);
      fitted.current = key;
    }
    updateLabels();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, props.coloured, props.outline, props.palette, props.level]);

  function fitTo(map: maplibregl.Map, focusId: string | null, animate: boolean) {
    const p = propsRef.current;
    const focus = focusId ? p.coloured.features.filter((f) => (f.properties ?? {}).id === focusId) : [];
    const b = boundsOf(focus.length ? focus : p.outline.features.length ? p.outline.features : p.coloured.features);
    if (b) map.fitBounds(b, { padding: focus.length ? 48 : 24, duration: animate ? 600 : 0, maxZoom: 16 });
  }

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    map.setFilter('selected', ['==', ['get', 'id'], props.selectedId ?? '']);
  }, [ready, props.selectedId]);

  return (
    <div className="map-wrap" style={{ height: props.height }} data-testid="map-container" data-renderer="webgl" data-ready={ready ? 'true' : 'false'}>
      <div ref={container} className="map-canvas" />
      {props.legend}
    </div>
  );
}
