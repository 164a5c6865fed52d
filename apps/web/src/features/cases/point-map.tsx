// MapLibre maps of the smart grid: a point picker over the user's grids (reporting without GPS) and
// the command centre's live map of open cases, coloured by status with overdue ones ringed in red.
import { useEffect, useRef, useState } from 'react';
import maplibregl, { type GeoJSONSource, type StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/session.tsx';
import { boundsOf } from '../../lib/geo.ts';
import { getConfig } from '../../lib/site.ts';
import { cachedGet } from '../grid/offline/cached.ts';
import { STATUS_COLOUR } from './shared.tsx';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function style(): StyleSpecification {
  return { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }] };
}

function webgl(): boolean {
  try {
    const c = document.createElement('canvas');
    return !!(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch {
    return false;
  }
}

/** Grid outlines the user may see (a grid worker's own grids), cached on the phone for offline use. */
export function useGridOutlines(): FeatureCollection | null {
  const me = useMe();
  const [fc, setFc] = useState<FeatureCollection | null>(null);
  useEffect(() => {
    let alive = true;
    cachedGet<FeatureCollection>(me.id, '/api/map/grids')
      .then((r) => alive && setFc(r.data))
      .catch(() => alive && setFc(EMPTY));
    return () => {
      alive = false;
    };
  }, [me.id]);
  return fc;
}

function useMap(container: React.RefObject<HTMLDivElement | null>, grids: FeatureCollection | null, onLoad: (map: maplibregl.Map) => void) {
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!container.current || !grids) return;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({ container: container.current, style: style(), center: [113.12, 23.02], zoom: 12, attributionControl: false, dragRotate: false, pitchWithRotate: false });
    } catch {
      return;
    }
    mapRef.current = map;
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.on('load', () => {
      map.addSource('grids', { type: 'geojson', data: grids });
      map.addLayer({ id: 'grid-fill', type: 'fill', source: 'grids', paint: { 'fill-color': '#dbe7f5', 'fill-opacity': 0.6 } });
      map.addLayer({ id: 'grid-line', type: 'line', source: 'grids', paint: { 'line-color': '#5b6b82', 'line-width': 1 } });
      const b = boundsOf(grids.features);
      if (b) map.fitBounds(b, { padding: 24, duration: 0, maxZoom: 16 });
      else void getConfig().then((c) => map.setCenter([c.center.lon, c.center.lat])).catch(() => undefined);
      onLoad(map);
      setReady(true);
    });
    const ro = new ResizeObserver(() => map.resize());
    ro.observe(container.current);
    return () => {
      ro.disconnect();
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grids]);
  return { map: mapRef, ready };
}

export function PointPickerMap({ value, onPick, height }: { value: { lat: number; lon: number } | null; onPick: (lat: number, lon: number) => void; height: number }) {
  const { t } = useTranslation();
  const grids = useGridOutlines();
  const container = useRef<HTMLDivElement>(null);
  const marker = useRef<maplibregl.Marker | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const [gl] = useState(webgl);
  const { map, ready } = useMap(container, gl ? grids : null, (m) => {
    m.on('click', (e) => pickRef.current(e.lngLat.lat, e.lngLat.lng));
    m.getCanvas().style.cursor = 'crosshair';
  });
  useEffect(() => {
    if (!ready || !map.current) return;
    marker.current?.remove();
    marker.current = value ? new maplibregl.Marker({ color: '#d4380d' }).setLngLat([value.lon, value.lat]).addTo(map.current) : null;
  }, [ready, value, map]);
  if (!gl) return <Typography.Text type="secondary">WebGL unavailable</Typography.Text>;
  return (
    <div className="map-wrap" style={{ height }} data-testid="point-map" data-ready={ready}>
      <div ref={container} className="map-canvas" />
      {!value ? <div className="map-legend">{t('cases.report.mapPickHint')}</div> : null}
    </div>
  );
}

/** The command centre's map: open cases as points, refreshed from outside when cases change. */
export function CaseMap({ cases, height, onSelect }: { cases: FeatureCollection; height: number; onSelect?: (id: string) => void }) {
  const { t } = useTranslation();
  const grids = useGridOutlines();
  const container = useRef<HTMLDivElement>(null);
  const selectRef = useRef(onSelect);
  selectRef.current = onSelect;
  const [gl] = useState(webgl);
  const fitted = useRef(false);
  const { map, ready } = useMap(container, gl ? grids : null, (m) => {
    m.addSource('cases', { type: 'geojson', data: EMPTY });
    const colour: maplibregl.ExpressionSpecification = ['match', ['get', 'status'], ...Object.entries(STATUS_COLOUR).flat(), '#888'] as never;
    m.addLayer({ id: 'case-halo', type: 'circle', source: 'cases', filter: ['==', ['get', 'overdue'], true], paint: { 'circle-radius': 11, 'circle-color': '#ff4d4f', 'circle-opacity': 0.35 } });
    m.addLayer({
      id: 'case-dot',
      type: 'circle',
      source: 'cases',
      paint: {
        'circle-radius': ['case', ['==', ['get', 'overdue'], true], 7, 5.5],
        'circle-color': colour,
        'circle-stroke-color': ['case', ['==', ['get', 'overdue'], true], '#cf1322', ['!=', ['get', 'escalationLevel'], null], '#c41d7f', '#ffffff'],
        'circle-stroke-width': ['case', ['==', ['get', 'overdue'], true], 2.5, 1.5],
      },
    });
    m.on('click', 'case-dot', (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (typeof id === 'string') selectRef.current?.(id);
    });
    m.on('mouseenter', 'case-dot', () => (m.getCanvas().style.cursor = 'pointer'));
    m.on('mouseleave', 'case-dot', () => (m.getCanvas().style.cursor = ''));
  });
  useEffect(() => {
    if (!ready || !map.current) return;
    (map.current.getSource('cases') as GeoJSONSource).setData(cases);
    if (!fitted.current && !grids?.features.length && cases.features.length) {
      const b = boundsOf(cases.features);
      if (b) map.current.fitBounds(b, { padding: 32, duration: 0, maxZoom: 15 });
    }
    fitted.current = true;
  }, [ready, cases, map, grids]);
  const overdue = cases.features.filter((f) => f.properties?.overdue).length;
  return (
    <div className="map-wrap" style={{ height }} data-testid="case-map" data-ready={ready} data-count={cases.features.length} data-overdue={overdue} data-renderer={gl ? 'webgl' : 'none'}>
      {gl ? <div ref={container} className="map-canvas" /> : null}
      <div className="map-legend" data-testid="case-map-legend">
        {(['reported', 'filed', 'dispatched', 'accepted', 'in_progress', 'handled'] as const).map((s) => (
          <div className="map-legend-row" key={s}>
            <span className="map-legend-swatch" style={{ background: STATUS_COLOUR[s], borderRadius: '50%' }} />
            <span>{t(`cases.status.${s}`)}</span>
          </div>
        ))}
        <div className="map-legend-row">
          <span className="map-legend-swatch" style={{ background: '#fff', border: '2.5px solid #cf1322', borderRadius: '50%' }} />
          <span>{t('cases.flags.overdue')}</span>
        </div>
      </div>
    </div>
  );
}
