// A resident's own record and household, masked by default; they may reveal their own details.
import { Alert, Card, Descriptions, Empty, Flex, Grid, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Household, Person } from '@linli/contracts';
import { api, ApiError } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useMe } from '../../lib/session.tsx';
import { formatDate } from '../../lib/format.ts';
import { PersonTags } from '../../components/labels.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { RevealButton } from '../people/reveal-modal.tsx';
import { HouseholdView } from '../people/person-actions.tsx';

export default function MyRecordPage() {
  const { t } = useTranslation();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const person = useRequest((signal) => api.get<Person>(`/api/persons/${me.personId}`, undefined, signal), [me.personId], !!me.personId);
  const householdId = person.data?.householdId;
  const household = useRequest((signal) => api.get<Household>(`/api/households/${householdId}`, undefined, signal), [householdId], !!householdId);

  if (!me.personId) {
    return (
      <div className="page">
        <PageHeader title={t('me.title')} />
        <Empty description={t('me.noRecord')} style={{ marginTop: 48 }} />
      </div>
    );
  }
  if (person.error) return <ErrorState error={person.error} onRetry={person.reload} />;
  if (!person.data) return <PageLoading />;
  const p = person.data;

  return (
    <div className="page" style={{ maxWidth: 860 }}>
      <PageHeader title={t('me.title')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('me.basic')} data-testid="my-record" extra={screens.sm ? <RevealButton person={p} defaultReason={t('me.title')} /> : undefined}>
          {p.masked ? <Alert type="info" showIcon title={t('me.maskedNote')} style={{ marginBottom: 12 }} /> : null}
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} bordered size="middle" layout={screens.sm ? 'horizontal' : 'vertical'}>
            <Descriptions.Item label={t('community.name')}>{p.name}</Descriptions.Item>
            <Descriptions.Item label={t('community.gender')}>{t(`gender.${p.gender}`)}</Descriptions.Item>
            <Descriptions.Item label={t('community.birthDate')}>
              {formatDate(p.birthDate)} ({p.age})
            </Descriptions.Item>
            <Descriptions.Item label={t('community.relation')}>{t(`relation.${p.relation}`, { defaultValue: p.relation })}</Descriptions.Item>
            <Descriptions.Item label={t('community.idNumber')}>
              <span className="mono" data-testid="masked-id">
                {p.idNumber ?? '—'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('community.phone')}>
              <span className="mono" data-testid="masked-phone">
                {p.phone ?? '—'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('community.address')} span="filled">
              {p.address ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('community.tags')} span="filled">
              <PersonTags tags={p.tags} />
            </Descriptions.Item>
          </Descriptions>
          {screens.sm ? null : (
            <div style={{ marginTop: 16 }}>
              <RevealButton person={p} defaultReason={t('me.title')} block />
            </div>
          )}
        </Card>
        {householdId && !(household.error instanceof ApiError && (household.error.status === 404 || household.error.status === 403)) ? (
          <Card title={t('me.householdTitle')} data-testid="my-household">
            {household.error ? <ErrorState error={household.error} onRetry={household.reload} /> : household.data ? <HouseholdView household={household.data} /> : <Flex justify="center"><PageLoading /></Flex>}
          </Card>
        ) : null}
      </Space>
    </div>
  );
}
