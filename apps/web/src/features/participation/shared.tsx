// Building blocks of the participation pages: money in fen and time in minutes for people, the
// district's communities, status tags, and the community picker staff use.
import { Select, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaSummary, HoursStatus } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import i18n from '../../i18n/index.ts';

const locale = () => (i18n.language === 'en' ? 'en-US' : 'zh-CN');

/** ¥1,234.56 from fen. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${(fen / 100).toLocaleString(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Whole fen from a yuan amount typed with at most two decimals. */
export function toFen(yuanAmount: number): number {
  return Math.round(yuanAmount * 100);
}

/** Hours with at most one decimal, from minutes. */
export function hours(minutes: number | null | undefined): string {
  if (!minutes) return i18n.t('participation.common.hours', { value: 0 });
  return i18n.t('participation.common.hours', { value: (Math.round((minutes / 60) * 10) / 10).toLocaleString(locale()) });
}

export function HoursStatusTag({ status }: { status: HoursStatus }) {
  const { t } = useTranslation();
  const colour = status === 'approved' ? 'green' : status === 'pending' ? 'gold' : 'default';
  return <Tag color={colour}>{t(`participation.hoursStatus.${status}`)}</Tag>;
}

export interface CommunityOption {
  id: string;
  name: string;
  streetName: string;
}

/** Every community of the district (public geography), for profiles and reports. */
export function useCommunities() {
  return useRequest((signal) => api.get<{ items: CommunityOption[] }>('/api/volunteering/communities', undefined, signal), []);
}

/** The communities a staff member works in, from their area roots (a street official sees their street's). */
export function useMyCommunities(enabled = true) {
  const all = useCommunities();
  const roots = useRequest((signal) => api.get<{ items: AreaSummary[] }>('/api/areas/root', undefined, signal).catch(() => ({ items: [] as AreaSummary[] })), [], enabled);
  const rootItems = roots.data?.items ?? [];
  let items: CommunityOption[] = [];
  if (all.data) {
    const direct = rootItems.filter((r) => r.level === 'community').map((r) => r.id);
    const streets = rootItems.filter((r) => r.level === 'street').map((r) => r.name);
    const district = rootItems.some((r) => r.level === 'district');
    items = all.data.items.filter((c) => district || direct.includes(c.id) || streets.includes(c.streetName));
  }
  return { items, loading: all.loading || roots.loading };
}

export function CommunitySelect({ value, onChange, options, testId, allowClear, placeholder }: { value?: string; onChange?: (v: string) => void; options: CommunityOption[]; testId?: string; allowClear?: boolean; placeholder?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Select
      showSearch
      allowClear={allowClear}
      value={value}
      onChange={onChange}
      placeholder={placeholder ?? t('participation.common.chooseCommunity')}
      optionFilterProp="label"
      options={options.map((c) => ({ value: c.id, label: `${c.name}（${c.streetName}）` }))}
      style={{ width: '100%', minWidth: 180 }}
      data-testid={testId}
    />
  );
}

/** Today in China, the latest day a date picker accepts. */
export function isFuture(d: { format: (f: string) => string }, today: string): boolean {
  return d.format('YYYY-MM-DD') > today;
}
