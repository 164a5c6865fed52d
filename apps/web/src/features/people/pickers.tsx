// Pickers for where a person lives: a building from the community's tree, and a household in a building.
import { useMemo } from 'react';
import { Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaDetail, AreaSummary, Household } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';

interface TreeNode {
  value: string;
  title: string;
  selectable: boolean;
  children?: TreeNode[];
}

/** All buildings under an area, grouped by their compound; only buildings can be chosen. */
export function BuildingPicker({ rootId, value, onChange, id }: { rootId: string; value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t } = useTranslation();
  const { data, loading } = useRequest(
    async (signal) => {
      const [root, buildings] = await Promise.all([
        api.get<AreaDetail>(`/api/areas/${rootId}`, undefined, signal),
        api.get<{ items: AreaSummary[] }>(`/api/areas/${rootId}/buildings`, undefined, signal),
      ]);
      return { root, buildings: buildings.items };
    },
    [rootId],
  );

  const tree = useMemo<TreeNode[]>(() => {
    if (!data) return [];
    const byParent = new Map<string, AreaSummary[]>();
    for (const b of data.buildings) {
      const key = b.parentId ?? '';
      byParent.set(key, [...(byParent.get(key) ?? []), b]);
    }
    const leaf = (b: AreaSummary): TreeNode => ({ value: b.id, title: b.name, selectable: true });
    const nodes: TreeNode[] = [];
    const seen = new Set<string>();
    for (const c of data.root.children) {
      const kids = byParent.get(c.id);
      if (c.level === 'building') {
        nodes.push(leaf(c));
        seen.add(c.id);
      } else if (kids) {
        nodes.push({ value: c.id, title: c.name, selectable: false, children: kids.map(leaf) });
        kids.forEach((k) => seen.add(k.id));
      }
    }
    const rest = data.buildings.filter((b) => !seen.has(b.id));
    if (rest.length > 0) nodes.push(...rest.map(leaf));
    return nodes;
  }, [data]);

  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      treeData={tree}
      loading={loading}
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={t('community.chooseBuilding')}
      treeDefaultExpandAll={tree.length <= 6}
      style={{ width: '100%' }}
      data-testid="building-picker"
      allowClear
    />
  );
}

/** Households in one building, labelled by room and size. */
export function HouseholdPicker({ buildingId, value, onChange, id }: { buildingId?: string; value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const { data, loading } = useRequest(
    (signal) => api.get<Paged<Household>>('/api/households', { areaId: buildingId, pageSize: 200 }, signal),
    [buildingId],
    !!buildingId,
  );
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      loading={loading}
      disabled={!buildingId}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={buildingId ? t('community.chooseHousehold') : t('community.selectBuildingFirst')}
      options={(buildingId ? (data?.items ?? []) : []).map((h) => ({ value: h.id, label: `${h.room} · ${t('community.memberCount', { count: h.memberCount })}` }))}
      style={{ width: '100%' }}
      data-testid="household-picker"
    />
  );
}
