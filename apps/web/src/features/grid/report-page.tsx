// The grid worker's report form on the phone; submissions go through the outbox, so it works offline.
import { useTranslation } from 'react-i18next';
import { Card } from 'antd';
import { PageHeader } from '../../components/states.tsx';
import { ReportForm } from '../cases/report-form.tsx';
import { NetBanner, OutboxPanel, useGridWorker } from './shared.tsx';
import '../cases/cases.css';

export default function GridReportPage() {
  const { t } = useTranslation();
  useGridWorker();
  return (
    <div className="page grid-report narrow-page" data-testid="grid-report-page">
      <PageHeader title={t('cases.report.title')} />
      <NetBanner />
      <ReportForm mode="grid" />
      <Card size="small" style={{ marginTop: 16 }}>
        <OutboxPanel only="case" />
      </Card>
    </div>
  );
}
