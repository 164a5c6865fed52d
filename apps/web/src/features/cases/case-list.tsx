// A list of cases for a query, reloaded live when any case changes; rows open the case.
import { useRef } from 'react';
import { Empty, Flex, Pagination } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '@linli/contracts';
import { api, type Paged, type Query } from '../../lib/api.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { useRequest } from '../../lib/use-request.ts';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { CaseRowText } from './shared.tsx';
import { cachedGet } from '../grid/offline/cached.ts';

/** Reload after case.updated events, at most once a second. */
export function useLiveReload(reload: () => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveEvent('case.updated', () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      reload();
    }, 800);
  });
}

export function CaseList({ query, page = 1, onPage, empty, testId = 'case-list', extra, offlineFor }: {
  query: Query;
  page?: number;
  onPage?: (p: number) => void;
  empty?: string;
  testId?: string;
  extra?: (c: CaseSummary) => React.ReactNode;
  /** Keep the last answer on the phone for this user and show it when offline (the grid app). */
  offlineFor?: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const key = JSON.stringify(query);
  const load = (signal?: AbortSignal) => {
    const q = { pageSize: 20, ...query, page };
    return offlineFor ? cachedGet<Paged<CaseSummary>>(offlineFor, '/api/cases', q, signal).then((r) => r.data) : api.get<Paged<CaseSummary>>('/api/cases', q, signal);
  };
  const req = useRequest((signal) => load(signal), [key, page]);
  const silent = () => void load().then((d) => req.setData(d)).catch(() => undefined);
  useLiveReload(silent);
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  if (!req.data.items.length) return <Empty description={empty ?? t('cases.list.empty')} data-testid={`${testId}-empty`} />;
  return (
    <>
      <ItemList testId={testId}>
        {req.data.items.map((c) => {
          const text = CaseRowText({ c });
          return (
            <ItemRow
              key={c.id}
              testId="case-row"
              data-case-id={c.id}
              data-status={c.status}
              data-number={c.number}
              highlight={c.overdue}
              onClick={() => navigate(`/cases/${c.id}`)}
              title={text.title}
              description={text.description}
              extra={extra?.(c)}
            />
          );
        })}
      </ItemList>
      {req.data.total > req.data.pageSize ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Pagination current={page} pageSize={req.data.pageSize} total={req.data.total} onChange={onPage} showSizeChanger={false} size="small" />
        </Flex>
      ) : (
        <div className="muted" style={{ marginTop: 8 }} data-testid={`${testId}-total`} data-total={req.data.total}>
          {t('cases.list.total', { count: req.data.total })}
        </div>
      )}
    </>
  );
}
