// How roles, tags and statistics are named and coloured across the app.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaStats } from '@linli/contracts';

export const STAT_KEYS: (keyof AreaStats)[] = ['residents', 'households', 'aged60', 'aged80', 'livingAlone', 'disabled', 'lowIncome', 'minors'];

export const TAG_KEYS = ['living_alone', 'empty_nest', 'disabled', 'low_income', 'special_hardship', 'left_behind_child', 'veteran', 'chronic_illness'] as const;

const TAG_COLOURS: Record<string, string> = {
  living_alone: 'orange',
  empty_nest: 'gold',
  disabled: 'purple',
  low_income: 'red',
  special_hardship: 'volcano',
  left_behind_child: 'cyan',
  veteran: 'blue',
  chronic_illness: 'magenta',
};

export function PersonTags({ tags }: { tags: string[] }) {
  const { t } = useTranslation();
  if (tags.length === 0) return <span className="muted">—</span>;
  return (
    <span className="tag-list">
      {tags.map((tag) => (
        <Tag key={tag} color={TAG_COLOURS[tag] ?? 'default'} data-testid={`tag-${tag}`} style={{ marginInlineEnd: 4 }}>
          {t(`tags.${tag}`, { defaultValue: tag })}
        </Tag>
      ))}
    </span>
  );
}

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const;
