// Report a problem (residents and staff at /cases/new) or take a hotline call (/cases/hotline).
import { useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../../lib/session.tsx';
import { PageHeader } from '../../components/states.tsx';
import { ReportForm } from './report-form.tsx';
import './cases.css';

export default function ReportPage() {
  const { t } = useTranslation();
  const me = useMe();
  const hotline = useLocation().pathname.endsWith('/hotline');
  const mode = hotline ? 'hotline' : hasRole(me, 'resident') && me.roles.length === 1 ? 'resident' : 'staff';
  return (
    <div className="page report-page narrow-page" data-testid={hotline ? 'hotline-page' : 'report-page'}>
      <PageHeader title={hotline ? t('cases.report.hotlineTitle') : t('cases.report.residentTitle')} sub={hotline ? t('cases.report.hotlineIntro') : undefined} />
      <ReportForm mode={mode} />
    </div>
  );
}
