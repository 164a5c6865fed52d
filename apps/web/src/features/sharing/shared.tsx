// Small pieces shared by the shared-hut pages: money, distances, status tags, the explained match
// score, a resident picker for staff, the back link and a button that runs one request.
import { useRef, useState, type ReactNode } from 'react';
import { Button, Progress, Select, Tag, type ButtonProps } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Person, ScorePart, SkillCode } from '@linli/contracts';
import { SKILLS } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useSession } from '../../lib/session.tsx';
import { resizePhoto, uploadPhoto } from '../cases/photos.ts';

export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

export function useSkillName() {
  const { i18n } = useTranslation();
  return (code: SkillCode | string) => {
    const s = SKILLS[code as SkillCode];
    return s ? (i18n.language === 'en' ? s.en : s.zh) : code;
  };
}

export function Distance({ m }: { m: number | null | undefined }) {
  const { t } = useTranslation();
  if (m === null || m === undefined) return null;
  return <span className="share-distance">{m < 1000 ? t('sharing.item.distance', { m }) : t('sharing.item.km', { km: (m / 1000).toFixed(1) })}</span>;
}

const LOAN_COLOUR: Record<string, string> = { waitlisted: 'default', held: 'blue', picked_up: 'processing', overdue: 'error', returned: 'success', cancelled: 'default', expired: 'default' };
const WISH_COLOUR: Record<string, string> = { open: 'magenta', claimed: 'blue', fulfilled: 'gold', confirmed: 'success', withdrawn: 'default' };
const MATCH_COLOUR: Record<string, string> = { proposed: 'gold', accepted: 'blue', declined: 'default', done: 'orange', confirmed: 'success', cancelled: 'default' };

export function StatusTag({ kind, status }: { kind: 'loan' | 'wish' | 'match' | 'need' | 'pairing' | 'activity'; status: string }) {
  const { t } = useTranslation();
  const colour = kind === 'loan' ? LOAN_COLOUR[status] : kind === 'wish' ? WISH_COLOUR[status] : kind === 'match' ? MATCH_COLOUR[status] : status === 'open' || status === 'seeking' ? 'magenta' : status === 'active' || status === 'matched' ? 'blue' : 'default';
  const key = kind === 'need' ? `sharing.skill.needStatus.${status}` : kind === 'activity' ? `sharing.activity.${status === 'finished' ? 'finished' : status === 'cancelled' ? 'cancelled' : 'signUp'}` : `sharing.${kind}.status.${status}`;
  return (
    <Tag color={colour} data-testid={`${kind}-status`} data-status={status}>
      {t(key)}
    </Tag>
  );
}

/** The engine's reasons: one bar per part, with what it earned of its maximum and why. */
export function ScoreBreakdown({ parts }: { parts: ScorePart[] }) {
  const { t } = useTranslation();
  const detail = (p: ScorePart) => {
    const key = `sharing.skill.detail.${p.detail}`;
    const known = ['exact', 'category', 'fits', 'other', 'new', 'unknown'].includes(p.detail);
    return known ? t(key) : p.detail;
  };
  return (
    <div className="score-parts" data-testid="score-parts">
      {parts.map((p) => (
        <div className="score-part" key={p.factor} data-factor={p.factor}>
          <span className="score-part-label">{t(`sharing.skill.factor.${p.factor}`)}</span>
          <Progress percent={Math.round((p.points / p.max) * 100)} size="small" showInfo={false} className="score-part-bar" />
          <span className="score-part-value">
            {p.points}/{p.max} · {detail(p)}
          </span>
        </div>
      ))}
    </div>
  );
}

/** Staff choose a resident of their community by name; the list shows masked records only. */
export function PersonPicker({ value, onChange, id, tag }: { value?: string; onChange?: (v: string) => void; id?: string; tag?: string }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const search = async (q: string) => {
    setLoading(true);
    try {
      // Before anything is typed, the residents the form is mostly for (living alone, say).
      const page = await api.get<Paged<Person>>('/api/persons', { q, tag: q ? undefined : tag, pageSize: 20, status: 'active' });
      setOptions(page.items.map((p) => ({ value: p.id, label: `${p.name}（${p.age}岁${p.tags.includes('living_alone') ? '·独居' : ''}）${p.address ? ` ${p.address.slice(-12)}` : ''}` })));
    } catch (err) {
      showError(err);
    } finally {
      setLoading(false);
    }
  };
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
      value={value}
      onChange={onChange}
      onFocus={() => (options.length ? undefined : void search(''))}
      options={options}
      loading={loading}
      placeholder={t('sharing.person.search')}
      data-testid="person-picker"
    />
  );
}

export function BackLink({ to = '/sharing', tab }: { to?: string; tab?: string }) {
  const { t } = useTranslation();
  return (
    <Link className="share-back" to={tab ? `${to}?tab=${tab}` : to}>
      ← {t('sharing.back')}
    </Link>
  );
}

/** A button that runs one request, shows it busy, reports success or the server's reason. */
export function ActButton({ run, done, children, ...rest }: { run: () => Promise<unknown>; done?: string; children: ReactNode } & Omit<ButtonProps, 'onClick'>) {
  const [busy, setBusy] = useState(false);
  const { elderMode } = useSession();
  return (
    <Button
      {...rest}
      size={rest.size ?? (elderMode ? 'large' : undefined)}
      loading={busy}
      onClick={async (e) => {
        e.stopPropagation();
        setBusy(true);
        try {
          await run();
          if (done) feedback.success(done);
        } catch (err) {
          showError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      {children}
    </Button>
  );
}

/** An optional photo: taken or chosen on the phone, shrunk, uploaded; the form keeps the file id. */
export function PhotoField({ value, onChange }: { value?: string; onChange?: (id: string | undefined) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  return (
    <div className="photo-field" data-testid="photo-field">
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setBusy(true);
          try {
            const blob = await resizePhoto(file);
            const id = await uploadPhoto(blob);
            setPreview(URL.createObjectURL(blob));
            onChange?.(id);
          } catch (err) {
            showError(err);
          } finally {
            setBusy(false);
          }
        }}
      />
      <Button icon={<CameraOutlined />} loading={busy} onClick={() => input.current?.click()}>
        {value ? t('sharing.photo.change') : t('sharing.photo.add')}
      </Button>
      {value && preview ? (
        <span className="photo-thumb-wrap">
          <img className="photo-thumb" src={preview} alt="" />
          <Button type="link" size="small" onClick={() => (setPreview(null), onChange?.(undefined))}>
            {t('sharing.photo.remove')}
          </Button>
        </span>
      ) : null}
    </div>
  );
}
