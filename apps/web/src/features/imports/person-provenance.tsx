// Where each field of a resident came from: the source system, the import and its time, and the
// values other sources gave that differ. Shown only to the roles the provenance API serves.
import { Drawer, Grid, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Provenance } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useRequest } from '../../lib/use-request.ts';
import { hasRole, useMe } from '../../lib/session.tsx';
import { ErrorState } from '../../components/states.tsx';
import { IMPORT_ROLES } from './import-roles.ts';

type Row = Provenance['fields'][number] & { conflicts: Provenance['conflicts'] };

/** Whether the signed-in user may read provenance (the API answers 403 to everyone else). */
export function useCanSeeProvenance(): boolean {
  return hasRole(useMe(), ...IMPORT_ROLES);
}

export function PersonProvenance({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const prov = useRequest((signal) => api.get<Provenance>(`/api/imports/provenance/${personId}`, undefined, signal), [personId]);
  if (prov.error) return <ErrorState error={prov.error} onRetry={prov.reload} />;

  const shown = (field: string, v: string | null) => {
    if (v === null || v === '') return '—';
    if (field === 'gender') return t(`gender.${v}`, { defaultValue: v });
    if (field === 'relation') return t(`relation.${v}`, { defaultValue: v });
    if (field === 'tags') return v.split(',').map((k) => t(`tags.${k}`, { defaultValue: k })).join('、');
    return v;
  };
  const rows: Row[] = (prov.data?.fields ?? []).map((f) => ({ ...f, conflicts: (prov.data?.conflicts ?? []).filter((c) => c.field === f.field) }));
  const columns: TableColumnsType<Row> = [
    { title: t('imports.provenance.field'), dataIndex: 'field', key: 'field', width: 90, render: (f: string) => t(`imports.fields.${f}`, { defaultValue: f }) },
    {
      title: t('imports.provenance.value'),
      key: 'value',
      render: (_v, r) => (
        <div>
          <span className={r.field === 'idNumber' || r.field === 'phone' ? 'mono' : undefined}>{shown(r.field, r.value)}</span>
          {r.conflicts.map((c) => (
            <div key={c.id} className="muted" data-testid="provenance-conflict" data-status={c.status} style={{ fontSize: 12, marginTop: 2 }}>
              {c.source}: {shown(r.field, c.value)} <Tag color={c.status === 'open' ? 'orange' : undefined}>{t(`imports.provenance.conflictStatus.${c.status}`)}</Tag>
            </div>
          ))}
        </div>
      ),
    },
    {
      title: t('imports.provenance.source'),
      key: 'source',
      render: (_v, r) =>
        r.sourceId ? (
          <div data-testid="provenance-source">
            <div>{r.source}</div>
            <div className="muted" style={{ fontSize: 12 }}>
              {t('imports.provenance.job')} <span className="mono">{r.jobId?.slice(0, 8)}</span> · {formatDateTime(r.importedAt)}
            </div>
          </div>
        ) : (
          <span className="muted">{t('imports.provenance.register')}</span>
        ),
    },
  ];
  const anyConflicts = (prov.data?.conflicts.length ?? 0) > 0;
  return (
    <div data-testid="person-provenance">
      <Table<Row>
        rowKey="field"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={prov.loading}
        pagination={false}
        onRow={(r) => ({ 'data-testid': 'provenance-row', 'data-field': r.field, 'data-source': r.source }) as React.HTMLAttributes<HTMLElement>}
      />
      {prov.data ? (
        <Typography.Text type={anyConflicts ? 'warning' : 'secondary'} style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
          {anyConflicts ? t('imports.provenance.conflicts') : t('imports.provenance.noConflicts')}
        </Typography.Text>
      ) : null}
    </div>
  );
}

/** The provenance table in its own drawer, for users who read the register without editing it. */
export function ProvenanceDrawer({ personId, name, onClose }: { personId: string; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer open onClose={onClose} title={`${t('imports.provenance.title')} · ${name}`} size={screens.md ? 560 : '100%'} destroyOnHidden data-testid="provenance-drawer">
      <PersonProvenance personId={personId} />
    </Drawer>
  );
}
