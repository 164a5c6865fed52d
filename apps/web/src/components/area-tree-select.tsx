// Pick an area (any level, or only the given levels) or a grid from the area tree, loading each
// level when it is opened.
import { useEffect, useState } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaDetail, AreaLevel, AreaSummary } from '@linli/contracts';
import { api } from '../lib/api.ts';

interface Node {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
  selectable: boolean;
}

interface Props {
  mode: 'area' | 'grid';
  /**
   * Only these levels, top down (e.g. street and community for a dispatch rule). A root above the
   * first of them (the district) is opened in place, so its children form the top of the tree.
   */
  levels?: readonly AreaLevel[];
  value?: string | null;
  onChange?: (v: string | null) => void;
  id?: string;
  testId?: string;
  placeholder?: string;
  allowClear?: boolean;
}

export function AreaTreeSelect({ mode, levels, value, onChange, id, testId, placeholder, allowClear }: Props) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<Node[]>([]);
  const levelKey = levels?.join(',');

  useEffect(() => {
    let live = true;
    const shown = (a: AreaSummary) => !levels || levels.includes(a.level);
    void (async () => {
      const roots = (await api.get<{ items: AreaSummary[] }>('/api/areas/root')).items;
      const top: AreaSummary[] = [];
      for (const root of roots) {
        if (shown(root)) top.push(root);
        else top.push(...(await api.get<AreaDetail>(`/api/areas/${root.id}`)).children.filter(shown));
      }
      if (live) setNodes(top.map((a) => toNode(a, undefined, mode, levels, t)));
    })().catch(() => undefined);
    return () => {
      live = false;
    };
    // `levels` is compared by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, levelKey, t]);

  const load = async (parent: string) => {
    const d = await api.get<AreaDetail>(`/api/areas/${parent}`);
    const kids: Node[] = d.children
      .filter((c) => (levels ? levels.includes(c.level) : mode === 'area' || c.level === 'street' || c.level === 'community'))
      .map((c) => toNode(c, parent, mode, levels, t));
    if (mode === 'grid') {
      for (const g of d.grids) kids.push({ id: `grid:${g.id}`, pId: parent, value: g.id, title: `${g.name} (${g.code})`, isLeaf: true, selectable: true });
    }
    setNodes((prev) => [...prev, ...kids.filter((k) => !prev.some((p) => p.id === k.id))]);
  };

  return (
    <TreeSelect
      id={id}
      treeDataSimpleMode
      treeData={nodes}
      loadData={(n) => load(String(n.value))}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      placeholder={placeholder ?? (mode === 'area' ? t('admin.pickArea') : t('admin.pickGrid'))}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      style={{ width: '100%' }}
      data-testid={testId ?? (mode === 'area' ? 'area-picker' : 'grid-picker')}
    />
  );
}

function toNode(a: AreaSummary, pId: string | undefined, mode: 'area' | 'grid', levels: readonly AreaLevel[] | undefined, t: (k: string) => string): Node {
  const leaf = mode === 'area' ? a.level === 'building' || a.childCount === 0 || a.level === levels?.at(-1) : false;
  return { id: a.id, pId, value: a.id, title: `${a.name} · ${t(`levels.${a.level}`)}`, isLeaf: leaf, selectable: mode === 'area' };
}
