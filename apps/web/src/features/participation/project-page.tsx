// One service project: funder, budget, period, groups and place, and its planned outputs beside
// the actual ones Linli counted from its own records.
import { Button, Card, Descriptions, Flex, Progress, Tag, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Project } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { formatNumber } from '../../lib/format.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { hours, yuan } from './shared.tsx';
import './participation.css';

export default function ProjectPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const project = useRequest((signal) => api.get<Project>(`/api/projects/${id}`, undefined, signal), [id]);
  if (project.error) return <ErrorState error={project.error} onRetry={project.reload} />;
  if (!project.data) return <PageLoading />;
  const p = project.data;
  const outputs = (['services', 'activities', 'personTimes', 'minutes'] as const).map((k) => ({ k, planned: p.planned[k], actual: p.actual[k] }));
  const show = (k: string, v: number) => (k === 'minutes' ? hours(v) : formatNumber(v));
  return (
    <div className="page participation-page" data-testid="project-page">
      <Button type="link" onClick={() => navigate('/organisations?tab=projects')} style={{ paddingLeft: 0 }}>
        ← {t('participation.common.back')}
      </Button>
      <PageHeader title={p.name} sub={<Tag color={p.status === 'active' ? 'green' : undefined}>{t(`participation.registry.status.${p.status}`)}</Tag>} />
      <Flex vertical gap={16}>
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('participation.registry.organisation')}>{p.organisationName}</Descriptions.Item>
          <Descriptions.Item label={t('participation.registry.funder')}>{p.funderName}</Descriptions.Item>
          <Descriptions.Item label={t('participation.registry.budget')}>
            <span className="money">{yuan(p.budgetFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('participation.registry.period')}>
            {p.startsOn} ~ {p.endsOn}
          </Descriptions.Item>
          <Descriptions.Item label={t('participation.registry.area')}>{p.areaName}</Descriptions.Item>
          <Descriptions.Item label={t('participation.registry.onMap')}>
            <span className="mono">
              {p.lat.toFixed(5)}, {p.lon.toFixed(5)}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('participation.registry.targetGroups')} span={2}>
            {p.targetGroups.map((g) => (
              <Tag key={g}>{t(`participation.registry.group.${g}`)}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
        <Card size="small" title={`${t('participation.registry.planned')} / ${t('participation.registry.actual')}`} data-testid="project-outputs">
          {outputs.map((o) => (
            <div key={o.k} className="outputs-row" data-testid={`output-${o.k}`} data-actual={o.actual}>
              <span>{t(`participation.registry.outputs.${o.k}`)}</span>
              <span>
                {show(o.k, o.actual)} / {show(o.k, o.planned)}
              </span>
              <div style={{ gridColumn: '1 / -1' }}>
                <Progress percent={o.planned ? Math.min(100, Math.round((o.actual / o.planned) * 100)) : 0} size="small" />
              </div>
            </div>
          ))}
          <Typography.Text type="secondary">{t('participation.registry.actualFrom', { sources: p.actualSources.join(', ') })}</Typography.Text>
        </Card>
        {p.description ? <Typography.Paragraph>{p.description}</Typography.Paragraph> : null}
      </Flex>
    </div>
  );
}
