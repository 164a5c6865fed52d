// Pieces of the grid worker's app: the worker's grids, the network banner and the outbox panel
// (what is waiting to be sent, and what became of it).
import { useEffect } from 'react';
import { Button, Empty, Flex, Popconfirm, Tag, Typography } from 'antd';
import { CloudUploadOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/session.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { outbox, useOutbox } from './offline/outbox.ts';
import type { OutboxItem } from './offline/store.ts';

/** The grids this worker is assigned to; starts the outbox for them. */
export function useGridWorker(): { grids: { id: string; name: string }[]; userId: string } {
  const me = useMe();
  useEffect(() => outbox.start(me.id), [me.id]);
  const grids = me.roles.filter((r) => r.role === 'grid_worker' && r.gridId).map((r) => ({ id: r.gridId!, name: r.scopeName ?? '' }));
  return { grids, userId: me.id };
}

export function NetBanner() {
  const { t } = useTranslation();
  const { online } = useOutbox();
  if (online) return null;
  return (
    <div className="net-banner net-banner-offline" data-testid="offline-banner" role="status">
      <DisconnectOutlined /> {t('grid.offline')}
    </div>
  );
}

const STATE_COLOUR: Record<OutboxItem['state'], string> = { queued: 'gold', sending: 'processing', sent: 'success', failed: 'error' };

export function OutboxPanel({ only }: { only?: OutboxItem['kind'] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { items } = useOutbox();
  const shown = items.filter((i) => !only || i.kind === only).reverse();
  const waiting = shown.filter((i) => i.state !== 'sent').length;
  const sent = shown.filter((i) => i.state === 'sent');
  return (
    <div data-testid="outbox" data-waiting={waiting} data-sent={sent.length}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }} wrap gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          <CloudUploadOutlined /> {t('grid.outbox.title')} <Tag data-testid="outbox-waiting">{waiting}</Tag>
        </Typography.Title>
        <Flex gap={6}>
          {waiting ? (
            <Button size="small" onClick={() => void outbox.retryAll()} data-testid="outbox-retry">
              {t('grid.outbox.retry')}
            </Button>
          ) : null}
          {sent.length ? (
            <Button size="small" onClick={() => void Promise.all(sent.map((i) => outbox.remove(i.key)))} data-testid="outbox-clear">
              {t('grid.outbox.clearSent')}
            </Button>
          ) : null}
        </Flex>
      </Flex>
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grid.outbox.empty')} />
      ) : (
        <ItemList testId="outbox-list">
          {shown.map((i) => {
            const photoCount = Object.values(i.photos).reduce((n, p) => n + p.length, 0);
            const open = i.state === 'sent' && i.result ? () => navigate(i.kind === 'case' ? `/cases/${i.result!.id}` : `/grid/patrols/${i.result!.id}`) : undefined;
            return (
              <ItemRow
                key={i.key}
                testId="outbox-item"
                data-key={i.key}
                data-kind={i.kind}
                data-state={i.state}
                data-result-id={i.result?.id ?? ''}
                onClick={open}
                title={
                  <Flex gap={6} wrap align="center">
                    <Tag color={STATE_COLOUR[i.state]} data-testid="outbox-state" style={{ marginInlineEnd: 0 }}>
                      {t(`grid.outbox.state.${i.state}`)}
                    </Tag>
                    <span>
                      {t(`grid.outbox.${i.kind}`)} · {i.label}
                    </span>
                  </Flex>
                }
                description={
                  <span>
                    {formatDateTime(i.createdAt)}
                    {photoCount ? ` · ${t('grid.outbox.photos', { count: photoCount })}` : ''}
                    {i.result?.number ? ` · ${t('grid.outbox.sentAs', { number: i.result.number })}` : ''}
                    {i.state !== 'sent' && i.attempts ? ` · ${t('grid.outbox.attempts', { count: i.attempts })}` : ''}
                    {i.state !== 'sent' && i.error ? <Typography.Text type={i.state === 'failed' ? 'danger' : 'secondary'}> · {i.error}</Typography.Text> : null}
                  </span>
                }
                extra={
                  i.state === 'failed' || i.state === 'queued' ? (
                    <Popconfirm title={t('grid.outbox.removeConfirm')} onConfirm={() => void outbox.remove(i.key)}>
                      <Button size="small" danger onClick={(e) => e.stopPropagation()}>
                        {t('grid.outbox.remove')}
                      </Button>
                    </Popconfirm>
                  ) : null
                }
              />
            );
          })}
        </ItemList>
      )}
    </div>
  );
}
