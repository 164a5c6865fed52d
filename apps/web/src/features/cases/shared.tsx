// Pieces shared by the case pages and the grid worker's app: status and flag tags, the timeline,
// photos, and the catalogue's type picker (search or drill down through the 2-3 level tree).
import { useMemo, useState, type ReactNode } from 'react';
import { Button, Drawer, Empty, Flex, Image, Input, Tag, Timeline, Typography } from 'antd';
import { LeftOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, CaseStatus, CaseSummary, CaseType, Urgency } from '@linli/contracts';
import { formatDateTime } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import i18n from '../../i18n/index.ts';

export const STATUS_COLOUR: Record<CaseStatus, string> = {
  reported: '#8c8c8c',
  filed: '#13a8a8',
  dispatched: '#1677ff',
  accepted: '#2f54eb',
  in_progress: '#fa8c16',
  handled: '#722ed1',
  closed: '#52c41a',
  rejected: '#595959',
  merged: '#bfbfbf',
};

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOUR[status]} data-testid="case-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`cases.status.${status}`)}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { t } = useTranslation();
  if (urgency === 'normal') return null;
  return (
    <Tag color={urgency === 'critical' ? 'red' : 'volcano'} data-testid="case-urgency" style={{ marginInlineEnd: 0 }}>
      {t(`cases.urgency.${urgency}`)}
    </Tag>
  );
}

/** Overdue, due soon and escalation as tags; nothing when none applies. */
export function CaseFlags({ c }: { c: Pick<CaseSummary, 'overdue' | 'dueSoon' | 'escalationLevel'> }) {
  const { t } = useTranslation();
  return (
    <>
      {c.overdue ? (
        <Tag color="error" data-testid="flag-overdue" style={{ marginInlineEnd: 0 }}>
          {t('cases.flags.overdue')}
        </Tag>
      ) : null}
      {c.dueSoon ? (
        <Tag color="warning" data-testid="flag-due-soon" style={{ marginInlineEnd: 0 }}>
          {t('cases.flags.dueSoon')}
        </Tag>
      ) : null}
      {c.escalationLevel ? (
        <Tag color="magenta" data-testid="flag-escalated" style={{ marginInlineEnd: 0 }}>
          {t('cases.flags.escalated', { level: t(`cases.level.${c.escalationLevel}`) })}
        </Tag>
      ) : null}
    </>
  );
}

/** One case as a row's title and description (lists, queues, boards). */
export function CaseRowText({ c }: { c: CaseSummary }): { title: ReactNode; description: ReactNode } {
  return {
    title: (
      <Flex gap={6} wrap align="center">
        <StatusTag status={c.status} />
        <UrgencyTag urgency={c.urgency} />
        <CaseFlags c={c} />
        <span>{c.type.name}</span>
      </Flex>
    ),
    description: (
      <span className="case-row-meta">
        <span className="case-row-desc">{c.description}</span>
        <span>
          {c.number} · {formatDateTime(c.reportedAt)}
          {c.grid ? ` · ${c.grid.name}` : ''}
          {c.org ? ` · ${c.org.name}` : ''}
          {c.dueAt && !['closed', 'rejected', 'merged'].includes(c.status) ? ` · ${i18n.t('cases.field.dueAt')} ${formatDateTime(c.dueAt)}` : ''}
        </span>
      </span>
    ),
  };
}

export function CaseTimeline({ history }: { history: CaseDetail['history'] }) {
  const { t } = useTranslation();
  return (
    <Timeline
      data-testid="case-timeline"
      items={[...history].reverse().map((h) => ({
        color: h.toStatus && h.toStatus in STATUS_COLOUR ? STATUS_COLOUR[h.toStatus as CaseStatus] : 'gray',
        content: (
          <div data-testid="timeline-entry" data-action={h.action}>
            <Flex gap={6} wrap align="baseline">
              <Typography.Text strong>{t(`cases.action.${h.action}`, { defaultValue: h.action })}</Typography.Text>
              {h.toStatus && h.toStatus !== h.fromStatus ? <Typography.Text type="secondary">→ {t(`cases.status.${h.toStatus}`, { defaultValue: h.toStatus })}</Typography.Text> : null}
            </Flex>
            <div className="muted">
              {formatDateTime(h.at)}
              {h.actorName ? ` · ${h.actorName}` : ''}
              {typeof h.details.orgName === 'string' ? ` · ${h.details.orgName}` : ''}
            </div>
            {h.note ? <div className="case-note">{h.note}</div> : null}
          </div>
        ),
      }))}
    />
  );
}

export function PhotoStrip({ photos, testId = 'case-photos' }: { photos: { id: string; url: string }[]; testId?: string }) {
  const { t } = useTranslation();
  if (!photos.length) return <Typography.Text type="secondary">{t('cases.detail.noPhotos')}</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap data-testid={testId}>
        {photos.map((p) => (
          <Image key={p.id} src={p.url} width={88} height={88} style={{ objectFit: 'cover', borderRadius: 6 }} data-testid="case-photo" alt="" />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

// --- type picker ----------------------------------------------------------------------------------------

export interface TypeIndex {
  byId: Map<string, CaseType>;
  children: Map<string | null, CaseType[]>;
  path(id: string): string;
}

export function indexTypes(types: CaseType[]): TypeIndex {
  const byId = new Map(types.filter((x) => x.active).map((x) => [x.id, x]));
  const children = new Map<string | null, CaseType[]>();
  for (const x of byId.values()) {
    const key = x.parentId && byId.has(x.parentId) ? x.parentId : null;
    const list = children.get(key) ?? [];
    list.push(x);
    children.set(key, list);
  }
  return {
    byId,
    children,
    path(id) {
      const names: string[] = [];
      for (let x = byId.get(id); x && names.length < 4; x = x.parentId ? byId.get(x.parentId) : undefined) names.unshift(x.name);
      return names.join(' / ');
    },
  };
}

/**
 * The type of a case: a big button that opens a full-height picker with a search box, or
 * category -> group -> type by tapping. Only leaf types can be chosen (the server refuses groups).
 */
export function TypePicker({ types, value, onChange }: { types: CaseType[]; value: string | null; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const index = useMemo(() => indexTypes(types), [types]);
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [trail, setTrail] = useState<string[]>([]);
  const parent = trail[trail.length - 1] ?? null;
  const query = q.trim().toLowerCase();
  const shown = query
    ? [...index.byId.values()].filter((x) => x.leaf && (x.name.toLowerCase().includes(query) || x.keywords.toLowerCase().includes(query) || index.path(x.id).toLowerCase().includes(query) || x.code.toLowerCase() === query)).slice(0, 60)
    : (index.children.get(parent) ?? []);
  const pick = (x: CaseType) => {
    if (x.leaf) {
      onChange(x.id);
      setOpen(false);
      setQ('');
      setTrail([]);
    } else setTrail([...trail, x.id]);
  };
  return (
    <>
      <Button block size="large" onClick={() => setOpen(true)} data-testid="type-picker" className="type-picker-button" data-value={value ?? ''}>
        <span className="type-picker-label">{value ? index.path(value) : t('cases.report.chooseType')}</span>
        <RightOutlined />
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        placement="bottom"
        size="85vh"
        title={t('cases.report.chooseType')}
        data-testid="type-drawer"
        styles={{ body: { padding: 12 } }}
      >
        <Input
          allowClear
          size="large"
          prefix={<SearchOutlined />}
          placeholder={t('cases.report.typeSearch')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="type-search"
          style={{ marginBottom: 12 }}
        />
        {!query && trail.length ? (
          <Button type="link" icon={<LeftOutlined />} onClick={() => setTrail(trail.slice(0, -1))} data-testid="type-back" style={{ paddingInline: 0 }}>
            {index.path(parent!)}
          </Button>
        ) : null}
        {shown.length === 0 ? (
          <Empty description={t('cases.report.noTypes')} />
        ) : (
          <ul className="type-options">
            {shown.map((x) => (
              <li key={x.id}>
                <button type="button" className={elderMode ? 'type-option type-option-elder' : 'type-option'} onClick={() => pick(x)} data-testid="type-option" data-code={x.code} data-leaf={x.leaf}>
                  <span>
                    <span className="type-option-name">{x.name}</span>
                    {query ? <span className="type-option-path">{index.path(x.id)}</span> : null}
                  </span>
                  {x.leaf ? null : <RightOutlined />}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Drawer>
    </>
  );
}
