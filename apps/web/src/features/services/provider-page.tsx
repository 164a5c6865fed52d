// A provider's work orders: confirm what the centre assigned, check in on arrival, check out with a
// service record (or report that nobody was home).
import { useTranslation } from 'react-i18next';
import { OrderQueue } from './queue.tsx';

export default function ProviderPage() {
  const { t } = useTranslation();
  return (
    <OrderQueue
      queue="provider"
      title={t('services.provider.title')}
      intro={t('services.provider.intro')}
      testId="provider-queue"
      emptyText={t('services.provider.empty')}
      tabs={[
        { key: 'assigned', statuses: ['assigned'], actions: ['confirm', 'decline'] },
        { key: 'confirmed', statuses: ['confirmed'], actions: ['check_in', 'no_show'] },
        { key: 'in_service', statuses: ['in_service'], actions: ['complete'] },
        { key: 'done', statuses: ['completed', 'rated', 'no_show', 'cancelled'], actions: [] },
      ]}
    />
  );
}
