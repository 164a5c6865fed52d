// The eight counts of an area or grid as a compact grid of figures.
import { useTranslation } from 'react-i18next';
import type { AreaStats } from '@linli/contracts';
import { formatNumber } from '../lib/format.ts';
import { STAT_KEYS } from './labels.tsx';

export function StatGrid({ stats, testId, highlight }: { stats: AreaStats; testId: string; highlight?: keyof AreaStats }) {
  const { t } = useTranslation();
  return (
    <div className="stat-grid-wrap">
    <div className="stat-grid" data-testid={testId}>
      {STAT_KEYS.map((k) => (
        <div
          key={k}
          className="stat-cell"
          data-testid={`${testId}-${k}`}
          data-value={stats[k]}
          style={highlight === k ? { borderColor: '#1d4f91', boxShadow: 'inset 0 0 0 1px #1d4f91' } : undefined}
        >
          <div className="stat-cell-label">{t(`stats.${k}`)}</div>
          <div className="stat-cell-value">{formatNumber(stats[k])}</div>
        </div>
      ))}
    </div>
    </div>
  );
}
