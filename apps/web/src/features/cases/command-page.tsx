// The command centre: a live map of the open cases in the user's area (coloured by status, overdue
// ringed in red), counts by status, and the cases needing attention (overdue or escalated).
// case.updated events refresh it without a reload.
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { Badge, Card, Col, Empty, Flex, Grid, Row, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeatureCollection, Point } from 'geojson';
import type { CaseStatus } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { useRequest } from '../../lib/use-request.ts';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { CaseFlags, STATUS_COLOUR, StatusTag } from './shared.tsx';
import './cases.css';

const CaseMap = lazy(() => import('./point-map.tsx').then((m) => ({ default: m.CaseMap })));
const OPEN: CaseStatus[] = ['reported', 'filed', 'dispatched', 'accepted', 'in_progress', 'handled'];

interface CaseProps {
  id: string;
  number: string;
  status: CaseStatus;
  type: string;
  urgency: string;
  org: string | null;
  overdue: boolean;
  dueSoon: boolean;
  escalationLevel: 'street' | 'district' | null;
}

export default function CommandPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const req = useRequest((signal) => api.get<FeatureCollection<Point, CaseProps>>('/api/cases/map', undefined, signal), []);
  const [updates, setUpdates] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveEvent('case.updated', () => {
    setUpdates((n) => n + 1);
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void api.get<FeatureCollection<Point, CaseProps>>('/api/cases/map').then((d) => req.setData(d)).catch(() => undefined);
    }, 600);
  });
  const features = useMemo(() => req.data?.features ?? [], [req.data]);
  const counts = useMemo(() => {
    const c = Object.fromEntries(OPEN.map((s) => [s, 0])) as Record<CaseStatus, number>;
    for (const f of features) c[f.properties.status] = (c[f.properties.status] ?? 0) + 1;
    return c;
  }, [features]);
  const attention = features
    .map((f) => f.properties)
    .filter((p) => p.overdue || p.escalationLevel)
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.number.localeCompare(b.number));
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  const height = screens.lg ? 620 : screens.md ? 460 : 360;
  return (
    <div className="page command-page" data-testid="command-page">
      <PageHeader
        title={t('cases.command.title')}
        sub={t('cases.command.intro')}
        extra={
          <Badge status="processing" text={updates ? t('cases.command.updated', { count: updates }) : t('cases.command.live')} data-testid="live-updates" data-count={updates} />
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="status-counts">
        <Tag color="blue" data-testid="count-open" data-count={features.length} style={{ fontSize: 14, padding: '4px 10px' }}>
          {t('cases.command.open')} {features.length}
        </Tag>
        <Tag color="red" data-testid="count-overdue" data-count={features.filter((f) => f.properties.overdue).length} style={{ fontSize: 14, padding: '4px 10px' }}>
          {t('cases.command.overdue')} {features.filter((f) => f.properties.overdue).length}
        </Tag>
        <Tag color="magenta" data-testid="count-escalated" style={{ fontSize: 14, padding: '4px 10px' }}>
          {t('cases.command.escalated')} {features.filter((f) => f.properties.escalationLevel).length}
        </Tag>
        {OPEN.map((s) => (
          <Tag key={s} color={STATUS_COLOUR[s]} data-testid={`count-${s}`} data-count={counts[s]} style={{ fontSize: 14, padding: '4px 10px' }}>
            {t(`cases.status.${s}`)} {counts[s]}
          </Tag>
        ))}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small" styles={{ body: { padding: 8 } }}>
            {req.data ? (
              <Suspense fallback={<div style={{ height }}><PageLoading /></div>}>
                <CaseMap cases={req.data} height={height} onSelect={(id) => navigate(`/cases/${id}`)} />
              </Suspense>
            ) : (
              <div style={{ height }}>
                <PageLoading />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('cases.command.attention')}>
            {attention.length === 0 ? (
              <Empty description={t('cases.command.noAttention')} />
            ) : (
              <ItemList testId="attention-list" maxHeight={height - 40}>
                {attention.slice(0, 100).map((p) => (
                  <ItemRow
                    key={p.id}
                    testId="attention-row"
                    data-case-id={p.id}
                    highlight={p.overdue}
                    onClick={() => navigate(`/cases/${p.id}`)}
                    title={
                      <Flex gap={6} wrap align="center">
                        <StatusTag status={p.status} />
                        <CaseFlags c={p} />
                      </Flex>
                    }
                    description={
                      <Typography.Text type="secondary">
                        {p.number} · {p.type}
                        {p.org ? ` · ${p.org}` : ''}
                      </Typography.Text>
                    }
                  />
                ))}
              </ItemList>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
