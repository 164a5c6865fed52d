// A certificate of volunteer hours, laid out for printing (A4, the app's menus hidden in print).
import { useEffect } from 'react';
import { Button, Flex } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Certificate } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { formatDate } from '../../lib/format.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { hours } from './shared.tsx';
import './participation.css';

export default function CertificatePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const cert = useRequest((signal) => api.get<Certificate>(`/api/volunteering/certificates/${id}`, undefined, signal), [id]);
  useEffect(() => {
    document.documentElement.classList.add('printing-certificate');
    return () => document.documentElement.classList.remove('printing-certificate');
  }, []);
  if (cert.error) return <ErrorState error={cert.error} onRetry={cert.reload} />;
  if (!cert.data) return <PageLoading />;
  const c = cert.data;
  return (
    <div className="page">
      <Flex justify="space-between" className="no-print" style={{ marginBottom: 12 }} gap={8} wrap>
        <Button onClick={() => navigate('/volunteering')}>{t('participation.common.back')}</Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-certificate">
          {t('participation.common.print')}
        </Button>
      </Flex>
      <article className="certificate" data-testid="certificate" data-number={c.number}>
        <header>
          <h1>{t('participation.certificate.title')}</h1>
          <div className="certificate-number">
            {t('participation.certificate.number')}：<span className="mono" data-testid="certificate-number">{c.number}</span>
          </div>
        </header>
        <p className="certificate-body">{t('participation.certificate.body', { name: c.volunteerName, district: c.districtName })}</p>
        <p className="certificate-total" data-testid="certificate-total" data-minutes={c.totalMinutes}>
          {hours(c.totalMinutes)}
        </p>
        <p>
          {t('participation.certificate.period')}：{c.periodFrom ? formatDate(c.periodFrom) : '—'} {t('participation.certificate.since')} {formatDate(c.periodTo)}
        </p>
        <h2>{t('participation.certificate.bySource')}</h2>
        <ul className="certificate-sources" data-testid="certificate-sources">
          {Object.entries(c.bySource).map(([source, minutes]) => (
            <li key={source} data-source={source}>
              <span>{t(`participation.source.${source}`)}</span>
              <span>{hours(minutes)}</span>
            </li>
          ))}
        </ul>
        <h2>{t('participation.certificate.detail')}</h2>
        <table className="certificate-table">
          <tbody>
            {c.entries.map((e, i) => (
              <tr key={i} data-testid="certificate-entry" data-source={e.source}>
                <td>{formatDate(e.servedOn)}</td>
                <td>{t(`participation.source.${e.source}`)}</td>
                <td>{e.description}</td>
                <td className="num">{hours(e.minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <footer>
          <div>
            {t('participation.certificate.issuedBy')}：{c.issuedByName}
          </div>
          <div>
            {t('participation.certificate.issuedAt')}：{formatDate(c.issuedAt)}
          </div>
          <div className="muted">{t('participation.certificate.footer')}</div>
        </footer>
      </article>
    </div>
  );
}
