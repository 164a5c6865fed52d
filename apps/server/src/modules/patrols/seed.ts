// The merged patrol checklist: ten departmental forms as one ("一机一表一次"), each item owned by a
// department and mapped to the case type a failure becomes.
import type { Database } from '../../platform/db/database.ts';
import { stableId } from '../cases/seed.ts';
import './tables.ts';

export const PATROL_CATEGORIES: Record<string, string> = {
  fire_safety: '消防安全',
  gas_safety: '燃气安全',
  food_safety: '食品安全',
  sanitation: '环境卫生',
  city_order: '市容秩序',
  building_safety: '房屋安全',
  production_safety: '安全生产',
  epidemic: '卫生防疫',
  rental_housing: '出租屋管理',
  facilities: '设施部件',
};

// code | category | title | guidance | department | case type
const ITEMS = `
XF01|fire_safety|消防通道畅通|楼梯、走道、安全出口无堆放杂物、无上锁|xf|AQ0101
XF02|fire_safety|灭火器配置有效|数量足够、压力指针在绿区、未过期|xf|AQ0102
XF03|fire_safety|无电动车入户充电|楼道、门厅、室内无电动车停放充电|xf|AQ0103
XF04|fire_safety|无"三合一"住人|生产、经营、储存场所内无人员住宿|xf|AQ0105
XF05|fire_safety|无飞线充电|无从楼上拉线给电动车充电|xf|SS0402
RQ01|gas_safety|瓶装气规范使用|气瓶直立放置、软管无老化、有熄火保护|yjgl|AQ0202
RQ02|gas_safety|燃气管道完好|管道无锈蚀破损、无私自改装|rqgs|AQ0203
RQ03|gas_safety|餐饮场所燃气报警器|安装可燃气体报警器并正常工作|scjg|AQ0204
SP01|food_safety|证照齐全|营业执照、食品经营许可证公示在有效期内|scjg|AQ0601
SP02|food_safety|从业人员健康证|从业人员持有效健康证明|scjg|AQ0603
SP03|food_safety|无过期变质食品|货架、冷柜无过期、变质食品|scjg|AQ0602
SP04|food_safety|后厨卫生|生熟分开、防蝇防鼠设施完好|scjg|AQ0603
HW01|sanitation|无暴露垃圾|街巷、空地无暴露垃圾和积存渣土|hws|CG0201
HW02|sanitation|垃圾桶完好不满溢|垃圾桶无破损、按时清运|hws|CG0203
HW03|sanitation|垃圾分类规范|分类投放点标识清晰、分类正确|cgj|CG0208
HW04|sanitation|无病媒孳生|无积水容器、无蚊蝇鼠蟑孳生地|hws|AQ0902
SR01|city_order|无占道经营|商铺无超出门店经营、无流动摊贩|cgj|CG0101
SR02|city_order|无乱张贴|墙面、电杆无小广告、乱涂写|cgj|CG0107
SR03|city_order|无违法搭建|无新增违建、无违规雨篷|cgj|CG0301
SR04|city_order|车辆规范停放|无占用人行道、消防通道停车|jj|CG0605
FW01|building_safety|房屋结构无明显开裂|墙体、梁柱无明显裂缝、倾斜|zjsl|AQ0302
FW02|building_safety|外墙无脱落风险|外墙砖、空调架、广告牌牢固|zjsl|AQ0303
FW03|building_safety|无违规改变结构|无拆改承重墙、无违规加层|zjsl|AQ0304
AQ01|production_safety|小作坊安全|作业场所通风、电线规范、无违规储存|yjgl|AQ0405
AQ02|production_safety|危化品规范存放|危险化学品专柜存放、台账清楚|yjgl|AQ0403
FY01|epidemic|公共场所通风消毒|人员密集场所定期通风、消毒记录|wjj|AQ0904
FY02|epidemic|传染病异常情况|无发热、腹泻等聚集性病例线索|wjj|AQ0901
CZ01|rental_housing|出租屋登记|出租屋已登记、租客已申报居住|fzgl|ZA0401
CZ02|rental_housing|无群租|无隔断群租、人均面积符合要求|fzgl|ZA0403
SS01|facilities|井盖完好|井盖无缺失、破损、移位|sz|SS0202
SS02|facilities|路灯正常|路灯亮灯正常、灯杆无倾斜|sz|SS0301
SS03|facilities|消火栓完好|消火栓无损坏、无遮挡|xf|SS0206
`;

export function checklistItems() {
  return ITEMS.trim()
    .split('\n')
    .map((line, i) => {
      const [code, category, title, guidance, org, type] = line.split('|') as [string, string, string, string, string, string];
      return { code, category, title, guidance, org, type, sort: i + 1 };
    });
}

export async function seedPatrolChecklist(db: Database, districtId: string, deptCodes?: Map<string, string>): Promise<number> {
  const items = checklistItems();
  await db.q
    .insertInto('patrolItems')
    .values(
      items.map((it) => ({
        districtId,
        id: stableId(districtId, 'patrol_item', it.code),
        code: it.code,
        category: it.category,
        title: it.title,
        guidance: it.guidance,
        orgCode: deptCodes?.get(it.org) ?? it.org,
        caseTypeCode: it.type,
        sort: it.sort,
      })),
    )
    .onConflict((oc) => oc.columns(['districtId', 'code']).doNothing())
    .execute();
  return items.length;
}
