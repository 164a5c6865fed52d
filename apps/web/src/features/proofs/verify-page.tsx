// Public verification page (/verify#<district>.<payload>): opened from a proof's QR code by anyone,
// without logging in. Everything is checked in this browser; the server is asked only for the log's
// public key and, when reachable, whether the proof was revoked since.
import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Flex, Input, List, Result, Spin, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, QuestionCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { type Verification, verifyLink } from './verify.ts';

function claimText(t: (k: string, o?: Record<string, unknown>) => string, claim: Record<string, unknown>): string {
  const type = String(claim.type);
  const parts: string[] = [t(`proofs.claims.${type}`)];
  if (claim.address) parts.push(String(claim.address));
  if (claim.since) parts.push(`${t('proofs.since')} ${String(claim.since)}`);
  if (claim.category) parts.push(`${t(`proofs.categories.${String(claim.category)}`)} ${t('proofs.grade')} ${String(claim.grade)}`);
  if (claim.hours !== undefined) parts.push(`${String(claim.hours)} h · ${String(claim.period)}`);
  if (claim.title) parts.push(`${String(claim.title)}：${String(claim.result)}${claim.turnout ? `（${String(claim.turnout)}）` : ''}`);
  return parts.join(' · ');
}

export { claimText };

export default function VerifyPage() {
  const { t } = useTranslation();
  const [hash, setHash] = useState(() => window.location.hash.slice(1));
  const [state, setState] = useState<{ loading: boolean; result?: Verification; error?: boolean }>({ loading: !!hash });
  const [pasted, setPasted] = useState('');

  useEffect(() => {
    const onHash = () => setHash(window.location.hash.slice(1));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!hash) return;
    let live = true;
    setState({ loading: true });
    verifyLink(hash).then(
      (result) => live && setState({ loading: false, result }),
      () => live && setState({ loading: false, error: true }),
    );
    return () => {
      live = false;
    };
  }, [hash]);

  const r = state.result;
  const mark = (ok: boolean | null) => (ok === null ? <QuestionCircleTwoTone twoToneColor="#faad14" /> : ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />);
  const valid = r && r.checks.issuerSignature && r.checks.inclusion && r.checks.treeHead && r.checks.issuerKnown !== false && r.checks.consistency !== false;
  const verdict = !r ? null : !valid ? 'invalid' : r.checks.notRevoked === false ? 'revoked' : 'valid';

  return (
    <div style={{ maxWidth: 640, margin: '0 auto', padding: 16 }} data-testid="verify-page">
      <Typography.Title level={3}>{t('proofs.verifyTitle')}</Typography.Title>
      {state.loading ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin description={t('proofs.verifying')}>
            <div style={{ width: 80, height: 80 }} />
          </Spin>
        </Flex>
      ) : null}
      {state.error ? <Result status="error" title={t('proofs.verifyBad')} data-testid="verify-result" data-verdict="unreadable" /> : null}
      {r && verdict ? (
        <Card data-testid="verify-result" data-verdict={verdict}>
          <Result
            style={{ padding: 8 }}
            status={verdict === 'valid' ? 'success' : 'error'}
            title={t(verdict === 'valid' ? 'proofs.resultValid' : verdict === 'revoked' ? 'proofs.resultRevoked' : 'proofs.resultInvalid')}
            subTitle={r.revocation ? t('proofs.revokedAt', { time: formatDateTime(r.revocation.at), reason: r.revocation.reason }) : r.latest ? t('proofs.asOf', { time: formatDateTime(new Date(r.latest.timestamp).toISOString()), size: r.latest.treeSize }) : t('proofs.offline')}
          />
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'claim', label: t('proofs.claim'), children: <span data-testid="verify-claim">{claimText(t, r.statement.claim)}</span> },
              { key: 'subject', label: t('proofs.subject'), children: <span data-testid="verify-subject">{r.statement.subject.name}{r.statement.subject.idTail ? ` (…${r.statement.subject.idTail})` : ''}</span> },
              { key: 'issuer', label: t('proofs.issuer'), children: <span data-testid="verify-issuer">{r.statement.issuer.name}</span> },
              { key: 'time', label: t('proofs.issuedAt'), children: formatDateTime(r.statement.issuedAt) },
              ...(r.statement.validUntil ? [{ key: 'until', label: t('proofs.validUntil'), children: r.statement.validUntil }] : []),
              { key: 'key', label: t('proofs.logKey'), children: <Typography.Text code>{r.logKeyId}</Typography.Text> },
            ]}
          />
          <List
            style={{ marginTop: 12 }}
            size="small"
            header={<Typography.Text strong>{t('proofs.checks')}</Typography.Text>}
            dataSource={[
              ['checkIssuerSig', r.checks.issuerSignature],
              ['checkInclusion', r.checks.inclusion],
              ['checkTreeHead', r.checks.treeHead],
              ['checkIssuerKnown', r.checks.issuerKnown],
              ['checkConsistency', r.checks.consistency],
              ['checkRevocation', r.checks.notRevoked],
            ] as const}
            renderItem={([k, ok]) => (
              <List.Item data-testid={`check-${k}`} data-ok={String(ok)}>
                <Flex gap={8}>
                  {mark(ok)} {t(`proofs.${k}`)}
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      {!hash || state.error ? (
        <Flex gap={8} style={{ marginTop: 16 }}>
          <Input value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder={t('proofs.verifyPaste')} />
          <Button type="primary" onClick={() => { const i = pasted.indexOf('#'); if (i >= 0) window.location.hash = pasted.slice(i + 1); }}>
            {t('proofs.verifyGo')}
          </Button>
        </Flex>
      ) : null}
    </div>
  );
}
