// The district's departments, service providers and charity: the bodies cases are dispatched to
// and services are ordered from. ~45 departments match "支撑45个部门业务"; ~250 providers at full
// scale match "街道微服务中心引入近250家社区服务提供方".
import { DISTRICT, pad, type Geography } from './geography.ts';
import { Random } from './random.ts';
import type { OrganisationRow } from './rows.ts';

const DEPARTMENTS: readonly (readonly [string, string])[] = [
  ['区城管局', 'Urban Management and Law Enforcement Bureau'],
  ['区应急管理局', 'Emergency Management Bureau'],
  ['区市场监管局', 'Market Regulation Bureau'],
  ['区住建局', 'Housing and Urban-Rural Development Bureau'],
  ['区卫健局', 'Health Bureau'],
  ['区民政局', 'Civil Affairs Bureau'],
  ['公安禅城分局', 'Public Security Sub-bureau'],
  ['区消防救援大队', 'Fire and Rescue Brigade'],
  ['区生态环境分局', 'Ecology and Environment Sub-bureau'],
  ['区水务局', 'Water Affairs Bureau'],
  ['区交通运输局', 'Transport Bureau'],
  ['区教育局', 'Education Bureau'],
  ['区人社局', 'Human Resources and Social Security Bureau'],
  ['区司法局', 'Justice Bureau'],
  ['区自然资源分局', 'Natural Resources Sub-bureau'],
  ['区文广旅体局', 'Culture, Radio, Tourism and Sports Bureau'],
  ['区退役军人事务局', 'Veterans Affairs Bureau'],
  ['区医保分局', 'Healthcare Security Sub-bureau'],
  ['区信访局', 'Letters and Visits Bureau'],
  ['区政务服务数据管理局', 'Government Services and Data Administration'],
  ['区发展和改革局', 'Development and Reform Bureau'],
  ['区财政局', 'Finance Bureau'],
  ['区经济和科技促进局', 'Economy and Technology Promotion Bureau'],
  ['区农业农村局', 'Agriculture and Rural Affairs Bureau'],
  ['区统计局', 'Statistics Bureau'],
  ['区审计局', 'Audit Bureau'],
  ['区城市更新局', 'Urban Renewal Bureau'],
  ['区国资局', 'State-owned Assets Bureau'],
  ['区智慧社会治理中心', 'Smart Social Governance Centre'],
  ['公安交警禅城大队', 'Traffic Police Brigade'],
  ['区税务局', 'Taxation Bureau'],
  ['区疾病预防控制中心', 'Centre for Disease Control'],
  ['区残疾人联合会', "Disabled Persons' Federation"],
  ['区妇女联合会', "Women's Federation"],
  ['共青团禅城区委', 'Communist Youth League District Committee'],
  ['区总工会', 'Federation of Trade Unions'],
  ['区红十字会', 'Red Cross Society'],
  ['区环境卫生管理所', 'Sanitation Office'],
  ['区园林绿化管理所', 'Parks and Greening Office'],
  ['区物业管理指导中心', 'Property Management Guidance Centre'],
  ['区社会工作部', 'Social Work Department'],
  ['禅城供电局', 'Power Supply Bureau'],
  ['禅城供水公司', 'Water Supply Company'],
  ['禅城燃气公司', 'Gas Company'],
  ['区气象服务中心', 'Meteorological Service Centre'],
];

/** Social-work agency names of the kind registered in Foshan. */
const AGENCY_WORDS = ['启创', '和悦', '乐善', '同心', '康馨', '阳光', '恒德', '众心', '启智', '仁德', '惠民', '德善', '睿群', '心桥', '康宁', '安和', '颐康', '乐龄', '友邻', '善水'];
const PROVIDER_KINDS = [
  { service: 'family_centre', name: (place: string) => `${place}家庭综合服务中心` },
  { service: 'elder_canteen', name: (place: string) => `${place}长者饭堂` },
  { service: 'home_care', name: (place: string) => `${place}居家养老服务站` },
  { service: 'social_work', name: (_: string, word: string) => `禅城区${word}社会工作服务中心` },
  { service: 'rehabilitation', name: (_: string, word: string) => `禅城区${word}康复服务中心` },
  { service: 'housekeeping', name: (_: string, word: string) => `佛山市${word}家政服务有限公司` },
  { service: 'child_care', name: (place: string) => `${place}四点半课堂` },
] as const;

/** Providers grow more slowly than residents: 25 at the 2% demo scale, 250 at full scale. */
export function providerCount(scale: number): number {
  return Math.max(10, Math.round(250 * scale ** (Math.log(10) / Math.log(50))));
}

export function generateOrganisations(geography: Geography, scale: number): OrganisationRow[] {
  const random = new Random(geography.seed, 'organisations');
  const rows: OrganisationRow[] = DEPARTMENTS.map(([name, nameEn], i) => ({
    districtId: DISTRICT.id,
    id: random.uuid(),
    kind: 'department',
    code: `D${pad(i + 1, 3)}`,
    name,
    nameEn: `Chancheng ${nameEn}`,
    areaPath: geography.root.path,
    properties: {},
  }));

  // The first provider is Tapo's family centre, so the demo provider account has a home there.
  const tapo = geography.communities.find((c) => c.row.name === '塔坡社区')!;
  const used = new Set<string>();
  for (let i = 0; used.size < providerCount(scale); i++) {
    const kind = i === 0 ? PROVIDER_KINDS[0] : random.pick(PROVIDER_KINDS);
    const community = i === 0 ? tapo : random.pick(geography.communities);
    const place = kind.service === 'family_centre' && random.chance(0.3) ? community.street.row.name : community.row.name;
    const name = kind.name(place, random.pick(AGENCY_WORDS));
    if (used.has(name)) continue;
    used.add(name);
    rows.push({
      districtId: DISTRICT.id,
      id: random.uuid(),
      kind: 'provider',
      code: `P${pad(used.size, 3)}`,
      name,
      nameEn: null,
      areaPath: community.row.path,
      properties: { service: kind.service },
    });
  }

  rows.push({
    districtId: DISTRICT.id,
    id: random.uuid(),
    kind: 'charity',
    code: 'C001',
    name: '禅城区慈善会',
    nameEn: 'Chancheng Charity Federation',
    areaPath: geography.root.path,
    properties: {},
  });
  return rows;
}
