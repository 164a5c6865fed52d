// The grid worker's home on the phone: four big tiles (report, my cases, patrol, visits), the
// network state and the outbox. Opening it also warms the app's other field pages for offline use.
import { useEffect, useState } from 'react';
import { Badge, Card } from 'antd';
import { CameraOutlined, CarryOutOutlined, FileSearchOutlined, HeartOutlined, HistoryOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '@linli/contracts';
import type { Paged } from '../../lib/api.ts';
import { PageHeader } from '../../components/states.tsx';
import { cachedGet } from './offline/cached.ts';
import { loadDraft } from './offline/store.ts';
import { NetBanner, OutboxPanel, useGridWorker } from './shared.tsx';
import { PRELOAD } from './preload.ts';
import '../cases/cases.css';

export default function GridHomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { grids, userId } = useGridWorker();
  const [toVerify, setToVerify] = useState(0);
  const [overdue, setOverdue] = useState(0);
  const [patrolling, setPatrolling] = useState(false);
  useEffect(() => {
    // Fetch the field pages' code now, so the service worker has it when the signal goes.
    PRELOAD.forEach((load) => void load().catch(() => undefined));
    void cachedGet<Paged<CaseSummary>>(userId, '/api/cases', { status: 'handled', pageSize: 1, gridId: grids[0]?.id })
      .then((r) => setToVerify(r.data.total))
      .catch(() => undefined);
    void cachedGet<Paged<CaseSummary>>(userId, '/api/cases', { overdue: 'true', open: 'true', pageSize: 1, gridId: grids[0]?.id })
      .then((r) => setOverdue(r.data.total))
      .catch(() => undefined);
    void loadDraft(`patrol:${userId}`).then((d) => setPatrolling(!!d)).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId]);
  const tiles = [
    { key: 'report', icon: <CameraOutlined />, path: '/grid/report', primary: true },
    { key: 'cases', icon: <FileSearchOutlined />, path: '/grid/cases', badge: toVerify ? t('grid.toVerify', { count: toVerify }) : overdue ? t('grid.overdue', { count: overdue }) : null },
    { key: 'patrol', icon: <CarryOutOutlined />, path: '/grid/patrol', badge: patrolling ? t('grid.patrolRunning') : null },
    { key: 'visits', icon: <HeartOutlined />, path: '/grid/visits' },
  ];
  return (
    <div className="page grid-home narrow-page" data-testid="grid-home">
      <PageHeader title={t('grid.title')} sub={grids.map((g) => t('grid.myGrid', { name: g.name })).join(' · ')} />
      <NetBanner />
      <div className="grid-tiles">
        {tiles.map((tile) => (
          <button key={tile.key} type="button" className={tile.primary ? 'grid-tile grid-tile-primary' : 'grid-tile'} onClick={() => navigate(tile.path)} data-testid={`grid-tile-${tile.key}`}>
            {tile.badge ? <Badge count={tile.badge} className="grid-tile-badge" color="#cf1322" /> : null}
            {tile.icon}
            <span>{t(`grid.tiles.${tile.key}`)}</span>
          </button>
        ))}
      </div>
      <Card size="small" style={{ marginTop: 16 }}>
        <OutboxPanel />
      </Card>
      <button type="button" className="grid-tile" style={{ marginTop: 12, minHeight: 56, width: '100%', flexDirection: 'row' }} onClick={() => navigate('/grid/patrols')} data-testid="grid-tile-patrols">
        <HistoryOutlined style={{ fontSize: 20 }} /> {t('grid.tiles.patrols')}
      </button>
    </div>
  );
}
