// The residents register: search and filters, a table on desktop and cards on phones, row actions.
import { useState } from 'react';
import { Button, Card, Dropdown, Empty, Flex, Grid, Input, InputNumber, Pagination, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { EditOutlined, EyeOutlined, HomeOutlined, MoreOutlined, PlusOutlined, SwapOutlined, TagsOutlined, HistoryOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Person } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useSession } from '../../lib/session.tsx';
import { useLiveEvent } from '../../lib/live.tsx';
import { PersonTags, TAG_KEYS } from '../../components/labels.tsx';
import { ErrorState } from '../../components/states.tsx';
import { PersonDrawer } from './person-drawer.tsx';
import { HouseholdDrawer, MoveModal, TagModal } from './person-actions.tsx';
import { RevealModal } from './reveal-modal.tsx';
import { ProvenanceDrawer, useCanSeeProvenance } from '../imports/person-provenance.tsx';

export interface ResidentFilter {
  q?: string;
  tag?: string;
  ageMin?: number | null;
  ageMax?: number | null;
  status: string;
}

type Dialog = { kind: 'edit' | 'tags' | 'move' | 'reveal' | 'provenance'; person: Person } | { kind: 'household'; householdId: string } | { kind: 'create' } | null;

export function ResidentsList({ communityId, areaId, gridId, canEdit, onChanged }: { communityId: string; areaId?: string; gridId?: string; canEdit: boolean; /** After an add, move or edit, so counts around the list can refresh. */ onChanged?: () => void }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const w = (n: number) => Math.round(elderMode ? n * 1.4 : n);
  const screens = Grid.useBreakpoint();
  const desktop = !!screens.md;
  const [filter, setFilter] = useState<ResidentFilter>({ status: 'active' });
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [dialog, setDialog] = useState<Dialog>(null);
  const canSeeProvenance = useCanSeeProvenance();

  const scope = areaId ?? communityId;
  const list = useRequest(
    (signal) =>
      api.get<Paged<Person>>(
        '/api/persons',
        { areaId: gridId ? undefined : scope, gridId, q: filter.q, tag: filter.tag, ageMin: filter.ageMin, ageMax: filter.ageMax, status: filter.status, page, pageSize },
        signal,
      ),
    [scope, gridId, filter, page, pageSize],
  );

  // Someone else registered, edited or moved a resident in view: show it without a manual reload.
  useLiveEvent('person.changed', (data) => {
    const id = (data as { id?: string } | null)?.id;
    if (!dialog && (!id || list.data?.items.some((p) => p.id === id) || page === 1)) list.reload();
  });

  const update = (patch: Partial<ResidentFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const replace = (p: Person) => {
    if (list.data) list.setData({ ...list.data, items: list.data.items.map((x) => (x.id === p.id ? p : x)) });
    onChanged?.();
  };
  const reloadAll = () => {
    list.reload();
    onChanged?.();
  };

  const actionsFor = (p: Person) => ({
    items: [
      ...(canEdit
        ? [
            { key: 'edit', icon: <EditOutlined />, label: t('app.edit') },
            { key: 'tags', icon: <TagsOutlined />, label: t('community.tagResident') },
            { key: 'move', icon: <SwapOutlined />, label: t('community.moveResident') },
          ]
        : []),
      ...(p.householdId ? [{ key: 'household', icon: <HomeOutlined />, label: t('community.viewHousehold') }] : []),
      ...(p.masked ? [{ key: 'reveal', icon: <EyeOutlined />, label: t('community.reveal') }] : []),
      ...(canSeeProvenance ? [{ key: 'provenance', icon: <HistoryOutlined />, label: t('imports.provenance.action') }] : []),
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'household' && p.householdId) setDialog({ kind: 'household', householdId: p.householdId });
      else if (key === 'edit' || key === 'tags' || key === 'move' || key === 'reveal' || key === 'provenance') setDialog({ kind: key, person: p });
    },
  });

  const columns: TableColumnsType<Person> = [
    { title: t('community.name'), dataIndex: 'name', key: 'name', width: w(96), fixed: 'left', render: (v: string, p) => <a onClick={() => setDialog(canEdit ? { kind: 'edit', person: p } : p.householdId ? { kind: 'household', householdId: p.householdId } : null)}>{v}</a> },
    { title: t('community.gender'), dataIndex: 'gender', key: 'gender', width: w(80), render: (g: string) => t(`gender.${g}`) },
    { title: t('community.age'), dataIndex: 'age', key: 'age', width: w(64), align: 'right' },
    {
      title: t('community.idNumber'),
      dataIndex: 'idNumber',
      key: 'idNumber',
      width: w(190),
      render: (v: string | null) => (
        <span className="mono" data-testid="masked-id">
          {v ?? '—'}
        </span>
      ),
    },
    {
      title: t('community.phone'),
      dataIndex: 'phone',
      key: 'phone',
      width: w(130),
      render: (v: string | null) => (
        <span className="mono" data-testid="masked-phone">
          {v ?? '—'}
        </span>
      ),
    },
    { title: t('community.tags'), dataIndex: 'tags', key: 'tags', render: (tags: string[]) => <PersonTags tags={tags} /> },
    { title: t('community.address'), dataIndex: 'address', key: 'address', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('app.actions'),
      key: 'actions',
      width: w(96),
      fixed: 'right',
      render: (_v, p) => (
        <Dropdown menu={actionsFor(p)} trigger={['click']}>
          <Button size="small" icon={<MoreOutlined />} data-testid="row-actions">
            {t('app.more')}
          </Button>
        </Dropdown>
      ),
    },
  ];

  const filters = (
    <Flex wrap gap={8} className="resident-filters" data-testid="resident-filters">
      <Input.Search
        placeholder={t('community.searchName')}
        allowClear
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          if (!e.target.value) update({ q: undefined });
        }}
        onSearch={(v) => update({ q: v.trim() || undefined })}
        style={{ width: desktop ? 220 : '100%' }}
        data-testid="resident-search"
      />
      <Select
        placeholder={t('community.filterTag')}
        allowClear
        value={filter.tag}
        onChange={(v: string | undefined) => update({ tag: v })}
        options={TAG_KEYS.map((k) => ({ value: k, label: t(`tags.${k}`) }))}
        style={{ width: desktop ? 160 : 'calc(50% - 4px)' }}
        data-testid="tag-filter"
      />
      <Select
        value={filter.status}
        onChange={(v: string) => update({ status: v })}
        options={(['active', 'moved_out', 'deceased', 'all'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
        style={{ width: desktop ? 130 : 'calc(50% - 4px)' }}
        aria-label={t('community.statusFilter')}
        data-testid="status-filter"
      />
      <Space.Compact style={{ width: desktop ? 240 : '100%' }}>
        <InputNumber min={0} max={150} placeholder={t('community.ageMin')} value={filter.ageMin} onChange={(v) => update({ ageMin: v })} style={{ width: '50%' }} data-testid="age-min" />
        <InputNumber min={0} max={150} placeholder={t('community.ageMax')} value={filter.ageMax} onChange={(v) => update({ ageMax: v })} style={{ width: '50%' }} data-testid="age-max" />
      </Space.Compact>
      {canEdit ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="add-resident" style={desktop ? { marginInlineStart: 'auto' } : { width: '100%' }}>
          {t('community.addResident')}
        </Button>
      ) : null}
    </Flex>
  );

  const data = list.data;
  return (
    <div data-testid="residents">
      {filters}
      <div style={{ height: 12 }} />
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : desktop ? (
        <Table<Person>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.loading}
          scroll={{ x: elderMode ? 1400 : 1000 }}
          onRow={() => ({ 'data-testid': 'resident-row' }) as React.HTMLAttributes<HTMLElement>}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('app.total', { count: n }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          data-testid="residents-table"
        />
      ) : (
        <div data-testid="residents-cards">
          {!list.loading && (data?.items.length ?? 0) === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
          {(data?.items ?? []).map((p) => (
            <Card key={p.id} className="row-card" data-testid="resident-row" loading={list.loading && !data}>
              <div className="row-card-title">
                <span>
                  {p.name} <span className="muted" style={{ fontWeight: 400 }}>· {t(`gender.${p.gender}`)} · {p.age}</span>
                </span>
                <Dropdown menu={actionsFor(p)} trigger={['click']}>
                  <Button size="small" icon={<MoreOutlined />} data-testid="row-actions" aria-label={t('app.actions')} />
                </Dropdown>
              </div>
              <div className="row-card-line">
                {t('community.idNumber')}: <span className="mono" data-testid="masked-id">{p.idNumber ?? '—'}</span>
              </div>
              <div className="row-card-line">
                {t('community.phone')}: <span className="mono" data-testid="masked-phone">{p.phone ?? '—'}</span>
              </div>
              {p.address ? <div className="row-card-line">{p.address}</div> : null}
              {p.tags.length ? <div style={{ marginTop: 6 }}><PersonTags tags={p.tags} /></div> : null}
              {p.status !== 'active' ? <Tag style={{ marginTop: 6 }}>{t(`status.${p.status}`, { defaultValue: p.status })}</Tag> : null}
            </Card>
          ))}
          {data && data.total > 0 ? (
            <Flex justify="center" style={{ marginTop: 8 }}>
              <Pagination
                simple
                current={page}
                pageSize={pageSize}
                total={data.total}
                onChange={(p) => {
                  setPage(p);
                  window.scrollTo({ top: 0 });
                }}
              />
            </Flex>
          ) : null}
        </div>
      )}

      {dialog?.kind === 'create' ? (
        <PersonDrawer mode="create" open communityId={communityId} onClose={() => setDialog(null)} onSaved={reloadAll} />
      ) : null}
      {dialog?.kind === 'edit' ? <PersonDrawer mode="edit" open person={dialog.person} onClose={() => setDialog(null)} onSaved={replace} /> : null}
      {dialog?.kind === 'tags' ? <TagModal person={dialog.person} onClose={() => setDialog(null)} onSaved={replace} /> : null}
      {dialog?.kind === 'move' ? <MoveModal person={dialog.person} communityId={communityId} onClose={() => setDialog(null)} onSaved={reloadAll} /> : null}
      {dialog?.kind === 'reveal' ? <RevealModal person={dialog.person} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'provenance' ? <ProvenanceDrawer personId={dialog.person.id} name={dialog.person.name} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'household' ? (
        <HouseholdDrawer householdId={dialog.householdId} canEdit={canEdit} onClose={() => setDialog(null)} onOpenPerson={canEdit ? (p) => setDialog({ kind: 'edit', person: p }) : undefined} />
      ) : null}
    </div>
  );
}
