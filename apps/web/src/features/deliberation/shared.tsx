// Small pieces shared by the deliberation pages: labels, status tags, threshold bars.
import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BallotStatus, Threshold, TopicStage } from '@linli/contracts';
import { formatDateTime } from '../../lib/format.ts';

const FIXED_OPTIONS = new Set(['yes', 'no', 'abstain']);

/** yes/no/abstain are translated by id; other options keep the label they were given. */
export function useOptionLabel() {
  const { t } = useTranslation();
  return (option: { id: string; label: string } | undefined, id?: string) => {
    const key = option?.id ?? id ?? '';
    return FIXED_OPTIONS.has(key) ? t(`deliberation.option.${key}`) : (option?.label ?? key);
  };
}

const STATUS_COLOUR: Record<BallotStatus, string> = { scheduled: 'default', open: 'processing', closed: 'success', cancelled: 'error' };
export function BallotStatusTag({ status }: { status: BallotStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOUR[status]} data-testid="ballot-status" data-status={status}>
      {t(`deliberation.status.${status}`)}
    </Tag>
  );
}

const STAGE_COLOUR: Record<TopicStage, string> = {
  raised: 'default', discussing: 'blue', meeting_scheduled: 'cyan', voting: 'purple', decided: 'gold', being_carried_out: 'orange', done: 'success', withdrawn: 'error',
};
export function StageTag({ stage }: { stage: TopicStage }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLOUR[stage]} data-testid="topic-stage" data-stage={stage}>
      {t(`deliberation.stage.${stage}`)}
    </Tag>
  );
}

export function when(iso: string) {
  return formatDateTime(iso);
}

/** A threshold as a bar: the exact fraction, the share filled, a mark at the threshold, met or not. */
export function ThresholdBar({ label, detail, value, testId }: { label: ReactNode; detail: ReactNode; value: Threshold; testId: string }) {
  const { t } = useTranslation();
  const [n, d] = value.threshold.split('/').map(Number) as [number, number];
  const mark = (n / (d || 1)) * 100;
  const fill = Math.min(100, Number(value.value.percent));
  return (
    <div className={value.met ? 'thr thr-met' : 'thr'} data-testid={testId} data-met={value.met}>
      <div className="thr-head">
        <span className="thr-label">{label}</span>
        <span className="thr-verdict">{value.met ? `✓ ${t('deliberation.owners.met')}` : `✗ ${t('deliberation.owners.notMet')}`}</span>
      </div>
      <div className="thr-bar" role="img" aria-label={`${value.value.percent}%`}>
        <div className="thr-fill" style={{ width: `${fill}%` }} />
        <div className="thr-mark" style={{ left: `${mark}%` }} />
      </div>
      <div className="thr-foot">
        <span>
          {detail} · <b className="thr-fraction">{value.value.den === '0' ? '0' : `${value.value.num}/${value.value.den}`}</b> ({value.value.percent}%)
        </span>
        <span className="thr-need">{t(value.rule === 'at_least' ? 'deliberation.owners.atLeast' : 'deliberation.owners.moreThan', { t: value.threshold })}</span>
      </div>
    </div>
  );
}
