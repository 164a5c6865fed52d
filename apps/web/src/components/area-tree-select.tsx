// Pick an area (any level) or a grid from the area tree, loading each level when it is opened.
import { useEffect, useState } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaDetail, AreaSummary } from '@linli/contracts';
import { api } from '../lib/api.ts';

interface Node {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
  selectable: boolean;
}

export function AreaTreeSelect({ mode, value, onChange, id }: { mode: 'area' | 'grid'; value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<Node[]>([]);

  useEffect(() => {
    let live = true;
    void api.get<{ items: AreaSummary[] }>('/api/areas/root').then((r) => {
      if (live) setNodes(r.items.map((a) => toNode(a, undefined, mode, t)));
    });
    return () => {
      live = false;
    };
  }, [mode, t]);

  const load = async (parent: string) => {
    const d = await api.get<AreaDetail>(`/api/areas/${parent}`);
    const kids: Node[] = d.children.filter((c) => mode === 'area' || c.level === 'street' || c.level === 'community').map((c) => toNode(c, parent, mode, t));
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
      value={value}
      onChange={(v: string) => onChange?.(v)}
      placeholder={mode === 'area' ? t('admin.pickArea') : t('admin.pickGrid')}
      showSearch={{ treeNodeFilterProp: 'title' }}
      style={{ width: '100%' }}
      data-testid={mode === 'area' ? 'area-picker' : 'grid-picker'}
    />
  );
}

function toNode(a: AreaSummary, pId: string | undefined, mode: 'area' | 'grid', t: (k: string) => string): Node {
  const leaf = mode === 'area' ? a.level === 'building' || a.childCount === 0 : false;
  return { id: a.id, pId, value: a.id, title: `${a.name} · ${t(`levels.${a.level}`)}`, isLeaf: leaf, selectable: mode === 'area' };
}
