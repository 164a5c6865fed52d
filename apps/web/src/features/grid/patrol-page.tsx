// A patrol on the phone: one merged checklist (every department's items, by category) per place,
// pass or fail with a note and a photo, the GPS route recorded as the worker walks, and visits to
// residents on the way. Kept on the phone while it runs; submitted through the outbox.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Collapse, Flex, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { CarryOutOutlined, EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { OverdueVisit, PatrolItem } from '@linli/contracts';
import { feedback } from '../../lib/feedback.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { PhotoInput } from '../cases/inputs.tsx';
import { cachedGet } from './offline/cached.ts';
import { NetBanner, useGridWorker } from './shared.tsx';
import { dropPatrol, loadPatrol, metres, routeLength, savePatrol, submitPatrol, type DraftResult, type DraftVisit, type PatrolDraft } from './patrol-draft.ts';
import { VisitModal } from './visits-page.tsx';
import '../cases/cases.css';

type Item = z.infer<typeof PatrolItem>;
export type Overdue = z.infer<typeof OverdueVisit>;

export default function PatrolPage() {
  const { t } = useTranslation();
  const { grids, userId } = useGridWorker();
  const checklist = useRequest((signal) => cachedGet<{ items: Item[] }>(userId, '/api/patrol-checklist', undefined, signal).then((r) => r.data.items), [userId]);
  const [draft, setDraft] = useState<PatrolDraft | null | undefined>(undefined);
  const [gridId, setGridId] = useState<string | undefined>(grids[0]?.id);
  useEffect(() => {
    void loadPatrol(userId).then((d) => setDraft(d ?? null)).catch(() => setDraft(null));
  }, [userId]);

  // Keep every change on the phone at once.
  const update = (fn: (d: PatrolDraft) => PatrolDraft) => {
    setDraft((d) => {
      if (!d) return d;
      const next = fn(d);
      void savePatrol(userId, next);
      return next;
    });
  };

  if (checklist.error) return <ErrorState error={checklist.error} onRetry={checklist.reload} />;
  if (!checklist.data || draft === undefined) return <PageLoading />;

  if (!draft) {
    const start = () => {
      const g = grids.find((x) => x.id === gridId) ?? grids[0];
      if (!g) return;
      const d: PatrolDraft = { gridId: g.id, gridName: g.name, startedAt: new Date().toISOString(), route: [], places: [{ name: '', results: {} }], visits: [], notes: '' };
      void savePatrol(userId, d);
      setDraft(d);
    };
    return (
      <div className="page patrol-page narrow-page" data-testid="patrol-page" data-running="false">
        <PageHeader title={t('grid.patrol.title')} />
        <NetBanner />
        <Card>
          <Typography.Paragraph>{t('grid.patrol.startHint')}</Typography.Paragraph>
          {grids.length > 1 ? (
            <Select value={gridId} onChange={setGridId} options={grids.map((g) => ({ value: g.id, label: g.name }))} style={{ width: '100%', marginBottom: 12 }} size="large" />
          ) : null}
          <Button type="primary" size="large" block icon={<CarryOutOutlined />} onClick={start} data-testid="patrol-start">
            {t('grid.patrol.start')}
          </Button>
        </Card>
      </div>
    );
  }
  return <RunningPatrol draft={draft} items={checklist.data} update={update} userId={userId} onGone={() => setDraft(null)} />;
}

function RunningPatrol({ draft, items, update, userId, onGone }: { draft: PatrolDraft; items: Item[]; update: (fn: (d: PatrolDraft) => PatrolDraft) => void; userId: string; onGone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [placeIndex, setPlaceIndex] = useState(0);
  const [gpsOff, setGpsOff] = useState(false);
  const [visiting, setVisiting] = useState(false);
  const [missingName, setMissingName] = useState(false);
  const last = useRef<{ lat: number; lon: number; t: number } | null>(draft.route.length ? { ...draft.route[draft.route.length - 1]!, t: Date.parse(draft.route[draft.route.length - 1]!.at) } : null);
  const place = draft.places[placeIndex] ?? draft.places[0]!;

  // Record the route while the page is open: a point every 10 m moved, or every 30 s standing.
  useEffect(() => {
    if (!('geolocation' in navigator)) {
      setGpsOff(true);
      return;
    }
    const id = navigator.geolocation.watchPosition(
      (pos) => {
        setGpsOff(false);
        const p = { lat: Math.round(pos.coords.latitude * 1e7) / 1e7, lon: Math.round(pos.coords.longitude * 1e7) / 1e7, t: pos.timestamp || Date.now() };
        const prev = last.current;
        if (prev && metres(prev, p) < 10 && p.t - prev.t < 30_000) return;
        last.current = p;
        update((d) => ({ ...d, route: [...d.route, { lat: p.lat, lon: p.lon, at: new Date(p.t).toISOString() }] }));
      },
      () => setGpsOff(true),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const byCategory = useMemo(() => {
    const groups = new Map<string, { name: string; items: Item[] }>();
    for (const it of items) {
      const g = groups.get(it.category) ?? { name: it.categoryName, items: [] };
      g.items.push(it);
      groups.set(it.category, g);
    }
    return [...groups.entries()];
  }, [items]);

  const setResult = (itemId: string, r: DraftResult | null) =>
    update((d) => ({
      ...d,
      places: d.places.map((p, i) => {
        if (i !== placeIndex) return p;
        const results = { ...p.results };
        if (r) results[itemId] = r;
        else delete results[itemId];
        return { ...p, results };
      }),
    }));

  const allResults = draft.places.flatMap((p) => Object.values(p.results));
  const done = Object.keys(place.results).length;
  const failed = allResults.filter((r) => r.result === 'fail').length;

  const finish = () => {
    if (draft.places.some((p) => Object.keys(p.results).length && !p.name.trim())) {
      setMissingName(true);
      return;
    }
    feedback.modal?.confirm({
      title: t('grid.patrol.finish'),
      content: t('grid.patrol.finishConfirm'),
      okButtonProps: { 'data-testid': 'patrol-finish-ok' } as never,
      onOk: async () => {
        await submitPatrol(userId, draft);
        feedback.success(t('grid.patrol.queued'));
        onGone();
        navigate('/grid/patrols');
      },
    });
  };

  const addVisit = (v: DraftVisit) => update((d) => ({ ...d, visits: [...d.visits.filter((x) => x.personId !== v.personId), v] }));

  return (
    <div className="page patrol-page narrow-page" data-testid="patrol-page" data-running="true">
      <PageHeader title={t('grid.patrol.title')} sub={`${draft.gridName} · ${t('grid.patrol.started', { time: formatDateTime(draft.startedAt) })}`} />
      <NetBanner />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Tag icon={<EnvironmentOutlined />} color="blue" data-testid="patrol-route" data-count={draft.route.length}>
          {t('grid.patrol.route', { count: draft.route.length, m: routeLength(draft.route) })}
        </Tag>
        {gpsOff ? <Tag color="warning">{t('grid.patrol.gpsOff')}</Tag> : null}
      </Flex>

      <Card size="small" title={t('grid.patrol.place')} style={{ marginBottom: 12 }}>
        <Flex gap={6} wrap style={{ marginBottom: 8 }}>
          {draft.places.map((p, i) => (
            <Button key={i} type={i === placeIndex ? 'primary' : 'default'} onClick={() => setPlaceIndex(i)} data-testid="place-tab">
              {p.name.trim() || `${t('grid.patrol.place')} ${i + 1}`}
            </Button>
          ))}
          <Button
            icon={<PlusOutlined />}
            onClick={() => {
              const here = last.current;
              update((d) => ({ ...d, places: [...d.places, { name: '', results: {}, ...(here ? { lat: here.lat, lon: here.lon } : {}) }] }));
              setPlaceIndex(draft.places.length);
            }}
            data-testid="place-add"
          >
            {t('grid.patrol.addPlace')}
          </Button>
        </Flex>
        <Input
          size="large"
          value={place.name}
          placeholder={t('grid.patrol.placeName')}
          maxLength={100}
          status={missingName && !place.name.trim() ? 'error' : undefined}
          onChange={(e) => {
            const name = e.target.value;
            const here = last.current;
            update((d) => ({ ...d, places: d.places.map((p, i) => (i === placeIndex ? { ...p, name, ...(p.lat === undefined && here ? { lat: here.lat, lon: here.lon } : {}) } : p)) }));
          }}
          data-testid="place-name"
        />
        {missingName && !place.name.trim() ? <Typography.Text type="danger">{t('grid.patrol.needPlace')}</Typography.Text> : null}
      </Card>

      <Collapse
        defaultActiveKey={byCategory.slice(0, 1).map(([k]) => k)}
        data-testid="checklist"
        items={byCategory.map(([key, g]) => {
          const n = g.items.filter((it) => place.results[it.id]).length;
          return {
            key,
            label: (
              <Flex justify="space-between">
                <span>{g.name}</span>
                <Tag color={n === g.items.length ? 'success' : 'default'}>{t('grid.patrol.categoryDone', { done: n, total: g.items.length })}</Tag>
              </Flex>
            ),
            children: g.items.map((it) => <ChecklistItem key={it.id} item={it} value={place.results[it.id]} onChange={(r) => setResult(it.id, r)} />),
          };
        })}
      />

      <Card size="small" title={t('grid.patrol.visits')} style={{ marginTop: 12 }} extra={<Button icon={<PlusOutlined />} onClick={() => setVisiting(true)} data-testid="patrol-add-visit">{t('grid.patrol.addVisit')}</Button>}>
        {draft.visits.length ? (
          draft.visits.map((v) => (
            <div key={v.personId} data-testid="patrol-visit">
              {v.personName} · {t(`grid.visits.condition.${v.condition}`)} {v.note ? `· ${v.note}` : ''}
            </div>
          ))
        ) : (
          <Typography.Text type="secondary">{t('grid.patrol.visitsHint')}</Typography.Text>
        )}
      </Card>

      <Card size="small" title={t('grid.patrol.notes')} style={{ marginTop: 12 }}>
        <Input.TextArea rows={2} maxLength={2000} value={draft.notes} onChange={(e) => { const notes = e.target.value; update((d) => ({ ...d, notes })); }} data-testid="patrol-notes" />
      </Card>

      <div className="patrol-bar">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text data-testid="patrol-progress" data-failed={failed}>
            {t('grid.patrol.progress', { done, total: items.length, failed })}
          </Typography.Text>
          <Space>
            <Popconfirm
              title={t('grid.patrol.discardConfirm')}
              onConfirm={() => {
                void dropPatrol(userId).then(onGone);
              }}
            >
              <Button danger data-testid="patrol-discard">
                {t('grid.patrol.discard')}
              </Button>
            </Popconfirm>
            <Button type="primary" size="large" onClick={finish} data-testid="patrol-finish">
              {t('grid.patrol.finish')}
            </Button>
          </Space>
        </Flex>
      </div>
      {visiting ? <VisitModal onClose={() => setVisiting(false)} onSave={(v) => { addVisit(v); setVisiting(false); }} /> : null}
    </div>
  );
}

function ChecklistItem({ item, value, onChange }: { item: Item; value: DraftResult | undefined; onChange: (r: DraftResult | null) => void }) {
  const { t } = useTranslation();
  return (
    <div className="checklist-item" data-testid="checklist-item" data-code={item.code} data-result={value?.result ?? ''}>
      <div className="checklist-title">{item.title}</div>
      {item.guidance ? <div className="checklist-guidance">{item.guidance}</div> : null}
      {item.org?.name ? <div className="checklist-guidance">{item.org.name}</div> : null}
      <Flex gap={8} style={{ marginTop: 6 }} align="center">
        {(['pass', 'fail'] as const).map((r) => (
          <Button
            key={r}
            size="large"
            type={value?.result === r ? 'primary' : 'default'}
            danger={r === 'fail'}
            aria-pressed={value?.result === r}
            onClick={() => onChange({ result: r, note: value?.note ?? '', photo: value?.photo ?? null })}
            data-testid={`check-${r}`}
            style={{ minWidth: 88 }}
          >
            {t(`grid.patrol.${r}`)}
          </Button>
        ))}
        {value ? (
          <Button type="text" onClick={() => onChange(null)} aria-label="clear" data-testid="check-clear">
            ✕
          </Button>
        ) : null}
      </Flex>
      {value?.result === 'fail' ? (
        <div style={{ marginTop: 8 }}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('grid.patrol.note')} value={value.note} onChange={(e) => onChange({ ...value, note: e.target.value })} data-testid="check-note" style={{ marginBottom: 8 }} />
          <PhotoInput value={value.photo ? [value.photo] : []} onChange={(p) => onChange({ ...value, photo: p[0] ?? null })} max={1} testId="check-photo" />
          {item.caseType ? <Alert type="info" style={{ marginTop: 8 }} title={`${t('grid.patrol.toCase')}: ${item.caseType.name}`} /> : null}
        </div>
      ) : null}
    </div>
  );
}
