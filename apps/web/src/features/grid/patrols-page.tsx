// The worker's patrol records: those still on the phone (the outbox) and those on the server.
import { Card, Empty } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Patrol } from '@linli/contracts';
import type { Paged } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useRequest } from '../../lib/use-request.ts';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { cachedGet } from './offline/cached.ts';
import { useOutbox } from './offline/outbox.ts';
import { NetBanner, OutboxPanel, useGridWorker } from './shared.tsx';
import '../cases/cases.css';

type PatrolSummary = z.infer<typeof Patrol>;

export default function PatrolsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { userId } = useGridWorker();
  const { items } = useOutbox();
  const sentCount = items.filter((i) => i.kind === 'patrol' && i.state === 'sent').length;
  const req = useRequest((signal) => cachedGet<Paged<PatrolSummary>>(userId, '/api/patrols', { pageSize: 50 }, signal).then((r) => r.data), [userId, sentCount]);
  return (
    <div className="page patrols-page narrow-page" data-testid="patrols-page">
      <PageHeader title={t('grid.patrol.list')} />
      <NetBanner />
      <Card size="small" style={{ marginBottom: 16 }}>
        <OutboxPanel only="patrol" />
      </Card>
      {req.error ? (
        <ErrorState error={req.error} onRetry={req.reload} />
      ) : !req.data ? (
        <PageLoading />
      ) : req.data.items.length === 0 ? (
        <Empty description={t('grid.patrol.listEmpty')} />
      ) : (
        <ItemList testId="patrol-list">
          {req.data.items.map((p) => (
            <ItemRow
              key={p.id}
              testId="patrol-row"
              data-patrol-id={p.id}
              highlight={p.failCount > 0}
              onClick={() => navigate(`/grid/patrols/${p.id}`)}
              title={`${p.grid.name} · ${formatDateTime(p.startedAt)}`}
              description={t('grid.patrol.summary', { pass: p.passCount, fail: p.failCount, visits: p.visitCount, m: Math.round(p.distanceM) })}
            />
          ))}
        </ItemList>
      )}
    </div>
  );
}
