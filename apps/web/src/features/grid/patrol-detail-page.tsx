// One patrol: its places, results and visits; a failed item becomes a case of its mapped type with
// one tap (a second tap answers with the same case).
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { CaseDetail, PatrolDetail } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { PhotoStrip } from '../cases/shared.tsx';
import { useGridWorker } from './shared.tsx';
import '../cases/cases.css';

type Detail = z.infer<typeof PatrolDetail>;
type Case = z.infer<typeof CaseDetail>;

export default function PatrolDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  useGridWorker();
  const req = useRequest((signal) => api.get<Detail>(`/api/patrols/${id}`, undefined, signal), [id]);
  const [busy, setBusy] = useState<string | null>(null);
  const [numbers, setNumbers] = useState<Record<string, string>>({});
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  const p = req.data;
  if (!p) return <PageLoading />;
  const failed = p.results.filter((r) => r.result === 'fail');
  const placeName = (placeId: string | null) => p.places.find((x) => x.id === placeId)?.name ?? '';

  const toCase = async (resultId: string) => {
    setBusy(resultId);
    try {
      const out = await api.post<{ created: boolean; case: Case }>(`/api/patrols/${p.id}/results/${resultId}/case`, { urgency: 'normal' });
      feedback.success(t('grid.patrol.caseCreated', { number: out.case.number }));
      setNumbers((n) => ({ ...n, [resultId]: out.case.number }));
      req.setData({ ...p, results: p.results.map((r) => (r.id === resultId ? { ...r, caseId: out.case.id } : r)) });
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page patrol-detail narrow-page" data-testid="patrol-detail" data-patrol-id={p.id}>
      <PageHeader title={t('grid.patrol.detail')} sub={`${p.grid.name} · ${formatDateTime(p.startedAt)} – ${formatDateTime(p.endedAt)}`} />
      <Typography.Paragraph>{t('grid.patrol.summary', { pass: p.passCount, fail: p.failCount, visits: p.visitCount, m: Math.round(p.distanceM) })}</Typography.Paragraph>
      <Card size="small" title={t('grid.patrol.failedItems')}>
        {failed.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grid.patrol.noFailed')} />
        ) : (
          failed.map((r) => (
            <div key={r.id} className="checklist-item" data-result="fail" data-testid="failed-result" data-result-id={r.id} data-case-id={r.caseId ?? ''}>
              <div className="checklist-title">{r.item.title}</div>
              <div className="checklist-guidance">{placeName(r.placeId)}</div>
              {r.note ? <div className="case-note">{r.note}</div> : null}
              {r.photo ? <PhotoStrip photos={[r.photo]} testId="result-photo" /> : null}
              <Flex gap={8} style={{ marginTop: 8 }}>
                {r.caseId ? (
                  <Button onClick={() => navigate(`/cases/${r.caseId}`)} data-testid="result-case">
                    {t('grid.patrol.viewCase', { number: numbers[r.id] ?? '' })}
                  </Button>
                ) : (
                  <Button type="primary" size="large" loading={busy === r.id} onClick={() => void toCase(r.id)} data-testid="fail-to-case">
                    {t('grid.patrol.toCase')}
                  </Button>
                )}
              </Flex>
            </div>
          ))
        )}
      </Card>
      {p.visits.length ? (
        <Card size="small" title={t('grid.patrol.visits')} style={{ marginTop: 12 }}>
          {p.visits.map((v) => (
            <div key={v.id} data-testid="visit-row">
              {v.personName} · <Tag>{t(`grid.visits.condition.${v.condition}`, { defaultValue: v.condition })}</Tag> {v.note} · {formatDateTime(v.visitedAt)}
            </div>
          ))}
        </Card>
      ) : null}
      {p.notes ? (
        <Card size="small" title={t('grid.patrol.notes')} style={{ marginTop: 12 }}>
          {p.notes}
        </Card>
      ) : null}
    </div>
  );
}
