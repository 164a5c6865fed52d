// Demo issuers: every community attests residence, volunteer hours, ballot results and its
// low-income households; the civil affairs bureau attests low income, the disabled persons'
// federation disability, the public security sub-bureau residence.
import crypto from 'node:crypto';
import type { DemoExtra } from '../demo/extras.ts';
import './tables.ts';

const DEPARTMENTS: Record<string, string[]> = {
  区民政局: ['low_income'],
  区残疾人联合会: ['disability'],
  公安禅城分局: ['residence'],
};

export const proofIssuersDemo: DemoExtra = {
  name: 'proof issuers',
  async seed(db, districtId) {
    const q = db.q;
    if (await q.selectFrom('proofIssuers').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst()) return;
    const communities = await q.selectFrom('areas').select(['id', 'path', 'name']).where('districtId', '=', districtId).where('level', '=', 'community').orderBy('code').execute();
    const orgs = await q.selectFrom('organisations').select(['id', 'name']).where('districtId', '=', districtId).where('name', 'in', Object.keys(DEPARTMENTS)).execute();
    const rows = [
      ...communities.map((c) => ({ districtId, id: crypto.randomUUID(), kind: 'area' as const, orgId: null, areaId: c.id, areaPath: c.path, name: c.name, claimTypes: ['residence', 'low_income', 'volunteer_hours', 'ballot_result'] })),
      ...orgs.map((o) => ({ districtId, id: crypto.randomUUID(), kind: 'organisation' as const, orgId: o.id, areaId: null, areaPath: null, name: o.name, claimTypes: DEPARTMENTS[o.name]! })),
    ];
    for (let i = 0; i < rows.length; i += 500) await q.insertInto('proofIssuers').values(rows.slice(i, i + 500)).execute();
  },
};
