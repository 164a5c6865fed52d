// Demo data of the district platform: the roll-ups counted once from the seeded registry. Must run
// after every extra that writes residents directly (it is last in DEMO_EXTRAS).
import type { DemoExtra } from '../demo/extras.ts';
import { InsightRepository } from './repository.ts';

export const insightDemo: DemoExtra = {
  name: 'insight roll-ups',
  async seed(db, districtId) {
    await new InsightRepository(db).rebuildResidents(districtId);
  },
};
