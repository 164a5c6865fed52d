// Form inputs of a report: photos from the camera (resized before they are kept) and the location,
// from the phone's GPS or picked on a map of the user's grids when there is no fix.
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Flex, Modal, Typography } from 'antd';
import { AimOutlined, CameraOutlined, CloseCircleFilled, EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { resizePhoto } from './photos.ts';
import { PageLoading } from '../../components/states.tsx';

const PointPickerMap = lazy(() => import('./point-map.tsx').then((m) => ({ default: m.PointPickerMap })));

/** Photos picked or taken, already resized; thumbnails with a remove button. */
export function PhotoInput({ value, onChange, max = 9, testId = 'photo-input' }: { value: Blob[]; onChange: (v: Blob[]) => void; max?: number; testId?: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const urls = useMemo(() => value.map((b) => URL.createObjectURL(b)), [value]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    try {
      const resized = await Promise.all([...files].slice(0, max - value.length).map((f) => resizePhoto(f)));
      onChange([...value, ...resized]);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <Flex gap={8} wrap align="center" data-testid={`${testId}-field`} data-count={value.length}>
      {urls.map((u, i) => (
        <div key={u} className="photo-thumb" data-testid="photo-thumb">
          <img src={u} alt="" />
          <button type="button" className="photo-thumb-remove" aria-label="remove" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            <CloseCircleFilled />
          </button>
        </div>
      ))}
      {value.length < max ? (
        <Button size="large" icon={<CameraOutlined />} loading={busy} onClick={() => input.current?.click()} className="photo-add">
          {value.length ? t('cases.report.addPhoto') : t('cases.report.takePhoto')}
        </Button>
      ) : null}
      <input ref={input} type="file" accept="image/*" capture="environment" multiple hidden onChange={(e) => void add(e.target.files)} data-testid={testId} />
    </Flex>
  );
}

export interface PickedLocation {
  lat: number;
  lon: number;
  source: 'gps' | 'map';
  accuracy?: number;
}

/**
 * The location of a problem. GPS first (WGS-84, as the browser gives it); when the phone has no fix
 * or refuses, a map of the user's grids to tap on. Works offline: the map draws cached outlines.
 */
export function LocationInput({ value, onChange, autoLocate = false, gps = true }: { value: PickedLocation | null; onChange: (v: PickedLocation | null) => void; autoLocate?: boolean; gps?: boolean }) {
  const { t } = useTranslation();
  const [locating, setLocating] = useState(false);
  const [denied, setDenied] = useState(false);
  const [picking, setPicking] = useState(false);
  const [draft, setDraft] = useState<PickedLocation | null>(null);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setDenied(true);
      return;
    }
    setLocating(true);
    setDenied(false);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onChange({ lat: round(pos.coords.latitude), lon: round(pos.coords.longitude), source: 'gps', accuracy: Math.round(pos.coords.accuracy) });
      },
      () => {
        setLocating(false);
        setDenied(true);
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  };
  useEffect(() => {
    if (autoLocate && !value) locate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div data-testid="location-field">
      <Flex gap={8} wrap>
        {gps ? (
          <Button size="large" icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="locate-gps">
            {locating ? t('cases.report.gpsLocating') : t('cases.report.gps')}
          </Button>
        ) : null}
        <Button
          size="large"
          icon={<EnvironmentOutlined />}
          onClick={() => {
            setDraft(value);
            setPicking(true);
          }}
          data-testid="pick-on-map"
        >
          {t('cases.report.mapPick')}
        </Button>
      </Flex>
      <div style={{ marginTop: 8 }} data-testid="location-value" data-lat={value?.lat ?? ''} data-lon={value?.lon ?? ''} data-source={value?.source ?? ''}>
        {value ? (
          <Typography.Text>
            <EnvironmentOutlined /> {t('cases.report.locationSet', { lat: value.lat.toFixed(5), lon: value.lon.toFixed(5) })}
            {value.accuracy ? <Typography.Text type="secondary"> · {t('cases.report.gpsAccuracy', { m: value.accuracy })}</Typography.Text> : null}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('cases.report.noLocation')}</Typography.Text>
        )}
      </div>
      {denied ? <Alert type="warning" showIcon title={t('cases.report.gpsDenied')} style={{ marginTop: 8 }} data-testid="gps-denied" /> : null}
      <Modal
        open={picking}
        title={t('cases.report.mapPick')}
        onCancel={() => setPicking(false)}
        onOk={() => {
          if (draft) onChange(draft);
          setPicking(false);
        }}
        okButtonProps={{ disabled: !draft, 'data-testid': 'map-pick-ok' } as never}
        destroyOnHidden
        width={720}
        centered
      >
        <Typography.Paragraph type="secondary">{t('cases.report.mapPickHint')}</Typography.Paragraph>
        <Suspense fallback={<PageLoading />}>
          <PointPickerMap value={draft} onPick={(lat, lon) => setDraft({ lat: round(lat), lon: round(lon), source: 'map' })} height={360} />
        </Suspense>
      </Modal>
    </div>
  );
}

const round = (x: number) => Math.round(x * 1e7) / 1e7;
