// Strings of the district platform pages (区级云平台), under the 'insight' key.
export const zhCN = {
  insight: {
    nav: { dashboard: '数据驾驶舱', demand: '需求图', resources: '资源图与选址' },
    dashboard: { title: '区级云平台 · 数据驾驶舱', live: '实时', updated: '更新于 {{time}}', children: '下级对比', notLanded: '该模块尚未上线', casesByStatus: '事件状态', onTime: '各部门按时办结率', satisfaction: '满意度', residents: '人口与重点人群', services: '服务运行', report: '打印简报' },
    period: { year: '今年', month: '本月', days30: '近30天', all: '全部' },
    groups: { residents: '常住人口', households: '户数', minors: '未成年人', aged18to59: '18-59岁', aged60to79: '60-79岁', aged60: '60岁以上', aged80: '80岁以上', livingAlone: '独居', livingAlone60: '独居长者', disabled: '残疾人', lowIncome: '低保/低收入' },
    figures: { servicesCompleted: '完成服务', personTimes: '服务人次', registeredUsers: '注册用户', itemsShared: '共享物品', activities: '活动场次', volunteerHours: '志愿时数', casesReported: '事件上报', casesClosed: '事件办结' },
    demand: { title: '社区需求图', areas: '按区域', hexes: '热力蜂窝', res: '精度', group: '人群', top: '最多的区域', drillHint: '点击区域下钻', export: '导出 GeoJSON', all: '全区' },
    levels: { street: '街道', community: '社区', grid: '网格' },
    resources: { title: '社区资源图与选址', kind: '设施类型', walk: '步行距离', facilities: '设施 {{n}} 处', coverage: '覆盖情况', share: '覆盖率', covered: '已覆盖 {{covered}} / {{demand}} 人', hotSpots: '未覆盖热点', overServed: '服务过密区域', nearest: '最近 {{m}} 米', factor: '步行距离 = 直线距离 × {{f}}' },
    kinds: { elder_canteen: '长者饭堂', family_centre: '家庭综合服务中心', home_care_centre: '居家养老服务中心', day_care_centre: '日间照料中心', elderly_care: '养老机构', shared_hut: '共享小屋', home_care: '居家养老服务站', social_work: '社工机构', rehabilitation: '康复服务', child_care: '四点半课堂', housekeeping: '家政服务' },
    siting: { title: '新址选择', k: '新建数量', objective: '目标', coverage: '最大覆盖', distance: '最短步行', candidates: '候选点', buildings: '楼栋', huts: '共享小屋', marked: '标记场所', run: '计算选址', result: '选址结果', gained: '覆盖 {{before}} → {{after}} 人', walk: '平均步行 {{before}} → {{after}} 米', gap: '与最优界差距 {{gap}}%({{by}})', ms: '用时 {{ms}} 毫秒', mark: '在地图上标记场所', marking: '点击地图添加候选场所', markedName: '标记场所 {{n}}', none: '无' },
    export: { csv: 'CSV', xlsx: 'Excel', geojson: 'GeoJSON' },
  },
};

export const en = {
  insight: {
    nav: { dashboard: 'Dashboard', demand: 'Demand map', resources: 'Resources & siting' },
    dashboard: { title: 'District platform · dashboard', live: 'Live', updated: 'Updated {{time}}', children: 'Side by side', notLanded: 'Module not yet available', casesByStatus: 'Cases by status', onTime: 'On-time rate by department', satisfaction: 'Satisfaction', residents: 'Residents and groups', services: 'Service operation', report: 'Printable report' },
    period: { year: 'This year', month: 'This month', days30: 'Last 30 days', all: 'All time' },
    groups: { residents: 'Residents', households: 'Households', minors: 'Minors', aged18to59: 'Aged 18-59', aged60to79: 'Aged 60-79', aged60: 'Aged 60+', aged80: 'Aged 80+', livingAlone: 'Living alone', livingAlone60: 'Elders living alone', disabled: 'Disabled', lowIncome: 'Low income' },
    figures: { servicesCompleted: 'Services completed', personTimes: 'Person-times', registeredUsers: 'Registered users', itemsShared: 'Items shared', activities: 'Activities', volunteerHours: 'Volunteer hours', casesReported: 'Cases reported', casesClosed: 'Cases closed' },
    demand: { title: 'Community demand map', areas: 'Areas', hexes: 'Hexagons', res: 'Resolution', group: 'Group', top: 'Top areas', drillHint: 'Click an area to drill down', export: 'Export GeoJSON', all: 'District' },
    levels: { street: 'Streets', community: 'Communities', grid: 'Grids' },
    resources: { title: 'Resource map and siting', kind: 'Facility kind', walk: 'Walking distance', facilities: '{{n}} facilities', coverage: 'Coverage', share: 'Covered', covered: '{{covered}} of {{demand}} covered', hotSpots: 'Uncovered hot spots', overServed: 'Over-served areas', nearest: 'nearest {{m}} m', factor: 'walking = straight line × {{f}}' },
    kinds: { elder_canteen: 'Elder canteen', family_centre: 'Family service centre', home_care_centre: 'Home-care centre', day_care_centre: 'Day-care centre', elderly_care: 'Elderly-care home', shared_hut: 'Shared hut', home_care: 'Home-care station', social_work: 'Social work agency', rehabilitation: 'Rehabilitation', child_care: 'After-school class', housekeeping: 'Housekeeping' },
    siting: { title: 'Choose new sites', k: 'New sites', objective: 'Objective', coverage: 'Max coverage', distance: 'Min walking', candidates: 'Candidates', buildings: 'Buildings', huts: 'Shared huts', marked: 'Marked premises', run: 'Find sites', result: 'Result', gained: 'Covered {{before}} → {{after}}', walk: 'Mean walk {{before}} → {{after}} m', gap: 'Gap to proven bound {{gap}}% ({{by}})', ms: '{{ms}} ms', mark: 'Mark premises on the map', marking: 'Click the map to add a candidate', markedName: 'Marked premises {{n}}', none: 'none' },
    export: { csv: 'CSV', xlsx: 'Excel', geojson: 'GeoJSON' },
  },
};
