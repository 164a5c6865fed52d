// The street micro-service centre's desk: new orders to accept (or refuse), accepted ones to assign
// to a provider (suggested from coverage, free capacity, rating and distance), and the rest to follow.
import { useTranslation } from 'react-i18next';
import { OrderQueue } from './queue.tsx';

export default function CentrePage() {
  const { t } = useTranslation();
  return (
    <OrderQueue
      queue="centre"
      title={t('services.centre.title')}
      intro={t('services.centre.intro')}
      testId="centre-queue"
      emptyText={t('services.centre.empty')}
      tabs={[
        { key: 'placed', statuses: ['placed'], actions: ['accept', 'refuse'] },
        { key: 'accepted', statuses: ['accepted'], actions: ['assign'] },
        { key: 'assigned', statuses: ['assigned', 'confirmed'], actions: [] },
        { key: 'active', statuses: ['in_service'], actions: [] },
        { key: 'done', statuses: ['completed', 'rated', 'cancelled', 'refused', 'no_show'], actions: [] },
      ]}
    />
  );
}
