// The district platform's map (MapLibre, no internet needed): a choropleth or hexagon heat layer
// coloured by a chosen group, with facilities, their walking reach and siting results on top.
import { useEffect, useMemo, useRef, useState } from 'react';
import maplibregl, { type GeoJSONSource, type MapGeoJSONFeature, type StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import { boundsOf, classBreaks, classOf, PALETTE, PALETTE_ELDER, toBasemapDatum } from '../../lib/geo.ts';
import { formatNumber } from '../../lib/format.ts';
import { SvgMap } from '../../components/svg-map.tsx';

export interface InsightMapProps {
  /** Polygons (areas or hexagons) coloured by properties[value]. */
  fill: FeatureCollection;
  value: string;
  legendTitle: string;
  /** Facility points (properties.name, capacity) and their reach polygons. */
  points?: FeatureCollection | null;
  reach?: FeatureCollection | null;
  /** Chosen sites and their reach, drawn in a strong colour. */
  sites?: FeatureCollection | null;
  onSelect?: (props: Record<string, unknown>) => void;
  onMapClick?: (lat: number, lon: number) => void;
  basemap?: { url: string; crs: 'wgs84' | 'gcj02' } | null;
  center?: { lat: number; lon: number };
  height: number | string;
  elder?: boolean;
  testId?: string;
  /** Changing it refits the view. */
  fitKey?: string;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

function baseStyle(basemap: InsightMapProps['basemap']): StyleSpecification {
  const style: StyleSpecification = { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }] };
  if (basemap) {
    style.sources.basemap = { type: 'raster', tiles: [basemap.url], tileSize: 256, maxzoom: 19 };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.9 } });
  }
  return style;
}

function classify(fc: FeatureCollection, value: string) {
  const values = fc.features.map((f) => Number((f.properties ?? {})[value] ?? 0));
  // Four classes on the four stronger colours: the palest one is kept for areas with nobody.
  const breaks = classBreaks(values.filter((v) => v > 0), 4);
  return { breaks, fc: { ...fc, features: fc.features.map((f, i) => ({ ...f, properties: { ...f.properties, _class: values[i]! > 0 ? classOf(values[i]!, breaks) : -1 } })) } };
}

function fillColour(palette: string[]): maplibregl.ExpressionSpecification {
  return ['match', ['get', '_class'], -1, palette[0]!, 0, palette[1]!, 1, palette[2]!, 2, palette[3]!, palette[4]!];
}

export function InsightMap(props: InsightMapProps) {
  const [webgl] = useState(webglAvailable);
  const [failed, setFailed] = useState(false);
  const crs = props.basemap?.crs;
  const palette = props.elder ? PALETTE_ELDER : PALETTE;
  const { fc, breaks } = useMemo(() => classify(toBasemapDatum(props.fill, crs), props.value), [props.fill, props.value, crs]);
  const legend = (
    <div className="map-legend" data-testid={`${props.testId ?? 'insight-map'}-legend`}>
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{props.legendTitle}</div>
      {palette.slice(1, breaks.length + 2).map((c, i) => {
        const lo = i === 0 ? 1 : breaks[i - 1]!;
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
      <div className="map-wrap" style={{ height: props.height }} data-testid={props.testId ?? 'insight-map'} data-renderer="svg">
        <SvgMap fc={fc} outline={fc} palette={palette.slice(1)} onSelect={props.onSelect} />
        {legend}
      </div>
    );
  }
  return <GlMap {...props} coloured={fc} palette={palette} legend={legend} onFail={() => setFailed(true)} />;
}

function GlMap(props: InsightMapProps & { coloured: FeatureCollection; palette: string[]; legend: React.ReactNode; onFail: () => void }) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const propsRef = useRef(props);
  propsRef.current = props;
  const fitted = useRef<string | null>(null);
  const crs = props.basemap?.crs;

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
        // Screenshots for reports and tests read the canvas.
        canvasContextAttributes: { preserveDrawingBuffer: true },
      });
    } catch {
      props.onFail();
      return;
    }
    mapRef.current = map;
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.on('error', (e) => {
      if (String((e.error as Error | undefined)?.message ?? '').includes('WebGL')) props.onFail();
    });
    map.on('load', () => {
      for (const id of ['fill', 'reach', 'points', 'sites']) map.addSource(id, { type: 'geojson', data: EMPTY });
      map.addLayer({ id: 'fill', type: 'fill', source: 'fill', paint: { 'fill-color': fillColour(propsRef.current.palette), 'fill-opacity': 0.8 } });
      map.addLayer({ id: 'fill-line', type: 'line', source: 'fill', paint: { 'line-color': '#ffffff', 'line-width': 0.6, 'line-opacity': 0.8 } });
      map.addLayer({ id: 'reach', type: 'fill', source: 'reach', paint: { 'fill-color': '#389e0d', 'fill-opacity': 0.12 } });
      map.addLayer({ id: 'reach-line', type: 'line', source: 'reach', paint: { 'line-color': '#389e0d', 'line-width': 1, 'line-opacity': 0.6 } });
      map.addLayer({ id: 'sites-reach', type: 'fill', source: 'sites', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#d4380d', 'fill-opacity': 0.18 } });
      map.addLayer({ id: 'sites-line', type: 'line', source: 'sites', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': '#d4380d', 'line-width': 2 } });
      map.addLayer({ id: 'points', type: 'circle', source: 'points', paint: { 'circle-radius': 5, 'circle-color': '#237804', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } });
      map.addLayer({ id: 'sites', type: 'circle', source: 'sites', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 9, 'circle-color': '#d4380d', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
      map.on('click', 'fill', (e) => {
        const f = e.features?.[0] as MapGeoJSONFeature | undefined;
        if (f) propsRef.current.onSelect?.(f.properties as Record<string, unknown>);
      });
      map.on('click', (e) => propsRef.current.onMapClick?.(e.lngLat.lat, e.lngLat.lng));
      map.on('click', 'points', (e) => {
        const f = e.features?.[0];
        if (!f) return;
        const p = f.properties as Record<string, unknown>;
        new maplibregl.Popup({ closeButton: false }).setLngLat(e.lngLat).setHTML(`<b>${escapeHtml(String(p.name ?? ''))}</b><br/>${escapeHtml(String(p.capacity ?? '—'))}`).addTo(map);
      });
      map.on('mouseenter', 'fill', () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', 'fill', () => (map.getCanvas().style.cursor = ''));
      setReady(true);
    });
    const ro = new ResizeObserver(() => map.resize());
    ro.observe(container.current);
    return () => {
      ro.disconnect();
      map.remove();
      mapRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource('fill') as GeoJSONSource).setData(props.coloured);
    (map.getSource('points') as GeoJSONSource).setData(toBasemapDatum(props.points ?? EMPTY, crs));
    (map.getSource('reach') as GeoJSONSource).setData(toBasemapDatum(props.reach ?? EMPTY, crs));
    (map.getSource('sites') as GeoJSONSource).setData(toBasemapDatum(props.sites ?? EMPTY, crs));
    map.setPaintProperty('fill', 'fill-color', fillColour(props.palette));
    const key = props.fitKey ?? String(props.coloured.features.length);
    if (fitted.current !== key) {
      const b = boundsOf(props.coloured.features.length ? props.coloured.features : (props.points?.features ?? []));
      if (b) map.fitBounds(b, { padding: 24, duration: fitted.current === null ? 0 : 500, maxZoom: 15 });
      fitted.current = key;
    }
  }, [ready, props.coloured, props.points, props.reach, props.sites, props.palette, props.fitKey, crs]);

  return (
    <div className="map-wrap" style={{ height: props.height }} data-testid={props.testId ?? 'insight-map'} data-renderer="webgl" data-ready={ready ? 'true' : 'false'} data-features={props.coloured.features.length} data-sites={props.sites?.features.length ?? 0}>
      <div ref={container} className="map-canvas" />
      {props.legend}
    </div>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
