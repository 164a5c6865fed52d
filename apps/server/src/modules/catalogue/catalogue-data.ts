// The district service catalogue as Chancheng's street micro-service centres publish it: 25
// categories and about 200 items ("服务领域涉及25大类、208项"), with units, prices in yuan (stored
// in fen), subsidies for the groups the register identifies, and who may order each item.
import type { Eligibility, Fulfilment, Meal, MealMode, Subsidy } from '@linli/contracts';

/** Subsidy presets, per unit. Elder-care policy: the best single group applies ("就高不叠加"). */
const SUBSIDIES: Record<string, Subsidy[]> = {
  none: [],
  // 长者助餐: fixed amounts per meal by age band, more for low income and disability; 特困 free.
  meal: [
    { group: 'aged_60', amountFen: 200 },
    { group: 'aged_80', amountFen: 400 },
    { group: 'aged_90', amountFen: 600 },
    { group: 'disabled', amountFen: 300 },
    { group: 'low_income', amountFen: 600 },
    { group: 'special_hardship', percent: 100 },
  ],
  // 居家养老服务: a share of the price by need.
  elder: [
    { group: 'living_alone', percent: 20 },
    { group: 'aged_80', percent: 30 },
    { group: 'aged_90', percent: 50 },
    { group: 'disabled', percent: 40 },
    { group: 'low_income', percent: 60 },
    { group: 'special_hardship', percent: 100 },
  ],
  household: [
    { group: 'aged_80', percent: 20 },
    { group: 'low_income', percent: 50 },
    { group: 'special_hardship', percent: 100 },
  ],
  adapt: [
    { group: 'aged_80', percent: 50 },
    { group: 'disabled', percent: 60 },
    { group: 'low_income', percent: 80 },
    { group: 'special_hardship', percent: 100 },
  ],
  disabled: [
    { group: 'disabled', percent: 60 },
    { group: 'low_income', percent: 80 },
    { group: 'special_hardship', percent: 100 },
  ],
  family: [
    { group: 'low_income', percent: 50 },
    { group: 'special_hardship', percent: 100 },
  ],
};

const ELIGIBILITY: Record<string, Eligibility> = {
  any: {},
  elder: { groups: ['aged_60', 'disabled'] },
  aged60: { groups: ['aged_60'] },
  child: { maxAge: 14 },
  youth: { minAge: 10, maxAge: 18 },
  disabled: { groups: ['disabled'] },
  care: { groups: ['aged_60', 'disabled', 'living_alone'] },
  adult: { minAge: 16 },
};

export interface CategoryDef {
  code: string;
  name: string;
  nameEn: string;
  fulfilment: Fulfilment;
  subsidies: keyof typeof SUBSIDIES;
  eligibility: keyof typeof ELIGIBILITY;
  description: string;
  /** code|name|unit|yuan|minutes|extra; extra: a fulfilment override, "lunch/delivery" for meals, or a preset. */
  items: string;
}

export const CATEGORIES: CategoryDef[] = [
  {
    code: 'MEAL', name: '助餐配餐', nameEn: 'Meals', fulfilment: 'meal', subsidies: 'meal', eligibility: 'any', description: '长者饭堂堂食与送餐上门，按餐次订餐',
    items: `
MEAL01|长者午餐（堂食）|餐|12||lunch/dine_in
MEAL02|长者午餐（送餐上门）|餐|15||lunch/delivery
MEAL03|长者晚餐（堂食）|餐|10||dinner/dine_in
MEAL04|长者晚餐（送餐上门）|餐|13||dinner/delivery
MEAL05|软食午餐（送餐上门）|餐|15||lunch/delivery
MEAL06|控糖午餐（送餐上门）|餐|16||lunch/delivery
MEAL07|低盐晚餐（送餐上门）|餐|13||dinner/delivery
MEAL08|社区居民午餐（堂食）|餐|16||lunch/dine_in/none`,
  },
  {
    code: 'HOME', name: '居家照护', nameEn: 'Home care', fulfilment: 'home', subsidies: 'elder', eligibility: 'elder', description: '护理员上门提供生活照料',
    items: `
HOME01|助浴服务|次|80|90
HOME02|个人清洁护理|次|40|60
HOME03|助餐喂食|次|30|45
HOME04|协助如厕与翻身|次|30|45
HOME05|陪同就医|次|60|180
HOME06|代配药取药|次|20|60
HOME07|居家陪伴聊天|小时|25|60
HOME08|夜间陪护|夜|150|600
HOME09|上门理发|次|15|30
HOME10|修剪指甲|次|10|20
HOME11|晨晚间照护|次|40|60
HOME12|居家安全检查|次|0|45`,
  },
  {
    code: 'DAYCARE', name: '日间托老', nameEn: 'Day care', fulfilment: 'day_care', subsidies: 'elder', eligibility: 'aged60', description: '日间照料中心托管，含午餐、午休与康乐活动',
    items: `
DAY01|日间照料（全天）|天|60|540
DAY02|日间照料（半天）|半天|35|240
DAY03|喘息服务（短期托养）|天|150|1440
DAY04|午间休息床位|次|15|120
DAY05|认知症照护日托|天|90|540
DAY06|康乐活动参与|次|5|120|centre`,
  },
  {
    code: 'CLEAN', name: '家政保洁', nameEn: 'Housekeeping', fulfilment: 'home', subsidies: 'household', eligibility: 'any', description: '持证家政员上门保洁',
    items: `
CLEAN01|日常保洁|小时|45|60
CLEAN02|深度保洁|次|260|240
CLEAN03|厨房深度清洁|次|180|180
CLEAN04|油烟机清洗|台|150|90
CLEAN05|空调清洗|台|90|60
CLEAN06|擦玻璃|小时|50|60
CLEAN07|衣物洗护|次|40|60
CLEAN08|床品除螨|次|80|60
CLEAN09|冰箱清洁|台|80|60
CLEAN10|收纳整理|小时|60|60`,
  },
  {
    code: 'REPAIR', name: '维修服务', nameEn: 'Repairs', fulfilment: 'home', subsidies: 'household', eligibility: 'any', description: '水电、门锁、家电等上门维修（材料费另计）',
    items: `
REP01|水电维修|次|50|60
REP02|门锁维修更换|次|80|60
REP03|水龙头更换|次|40|30
REP04|灯具更换|次|30|30
REP05|管道疏通|次|80|60
REP06|家电维修检测|次|50|60
REP07|燃气灶维修|次|60|60
REP08|门窗维修|次|60|60
REP09|墙面补漏|次|120|120
REP10|家具维修|次|60|60`,
  },
  {
    code: 'ADAPT', name: '适老化改造', nameEn: 'Home adaptation', fulfilment: 'home', subsidies: 'adapt', eligibility: 'elder', description: '为长者和残疾人家庭做防跌倒、助起身等改造',
    items: `
ADP01|适老化改造评估|次|0|60
ADP02|卫生间扶手安装|处|120|60
ADP03|防滑地面处理|平方米|60|30
ADP04|紧急呼叫器安装|台|200|60
ADP05|感应夜灯安装|套|80|30
ADP06|淋浴椅配置|张|150|30
ADP07|门槛坡道改造|处|300|120
ADP08|床边护栏安装|套|180|60`,
  },
  {
    code: 'REHAB', name: '康复护理', nameEn: 'Rehabilitation', fulfilment: 'home', subsidies: 'elder', eligibility: 'elder', description: '康复治疗师上门训练与指导',
    items: `
REH01|上门康复训练|次|120|60
REH02|中风后康复指导|次|150|60
REH03|关节活动训练|次|100|45
REH04|康复器具租赁|月|60|30
REH05|吞咽功能训练|次|100|45
REH06|术后康复指导|次|120|60
REH07|跌倒风险评估|次|0|45
REH08|防跌倒训练|次|80|45`,
  },
  {
    code: 'NURSE', name: '医疗护理', nameEn: 'Nursing', fulfilment: 'home', subsidies: 'elder', eligibility: 'elder', description: '护士上门护理（需医嘱的项目请备好医嘱）',
    items: `
NUR01|上门护理评估|次|0|45
NUR02|压疮护理|次|100|45
NUR03|鼻饲管护理|次|80|30
NUR04|导尿管护理|次|80|30
NUR05|伤口换药|次|60|30
NUR06|上门注射|次|30|20
NUR07|上门采血|次|30|20
NUR08|造口护理|次|90|45`,
  },
  {
    code: 'HEALTH', name: '健康义诊', nameEn: 'Health checks', fulfilment: 'centre', subsidies: 'none', eligibility: 'any', description: '社区卫生服务中心与家综联合开展的义诊',
    items: `
HLT01|血压血糖测量|次|0|15
HLT02|长者健康体检|次|0|90|aged60
HLT03|家庭医生签约咨询|次|0|20
HLT04|慢病随访|次|0|30
HLT05|眼科义诊筛查|次|0|30
HLT06|口腔健康检查|次|0|30
HLT07|健康知识讲座|次|0|60
HLT08|骨密度检测|次|20|20`,
  },
  {
    code: 'TCM', name: '中医保健', nameEn: 'Traditional Chinese medicine care', fulfilment: 'centre', subsidies: 'elder', eligibility: 'any', description: '中医体质辨识与理疗',
    items: `
TCM01|中医体质辨识|次|0|30
TCM02|推拿按摩|次|60|45
TCM03|艾灸理疗|次|50|45
TCM04|刮痧拔罐|次|40|30
TCM05|针灸理疗|次|80|45
TCM06|足部保健|次|50|45
TCM07|中医养生讲座|次|0|60`,
  },
  {
    code: 'CHILD', name: '儿童托管', nameEn: 'Child care', fulfilment: 'centre', subsidies: 'family', eligibility: 'child', description: '放学后与假期托管，社工与志愿者看护',
    items: `
CHD01|四点半课堂|天|20|120
CHD02|暑期托管班|天|50|480
CHD03|寒假托管班|天|50|480
CHD04|周末兴趣班|课时|30|90
CHD05|课业辅导|课时|40|60
CHD06|亲子阅读活动|次|0|60
CHD07|儿童安全教育|次|0|60
CHD08|托育临时看护|小时|30|60`,
  },
  {
    code: 'YOUTH', name: '青少年成长', nameEn: 'Youth development', fulfilment: 'centre', subsidies: 'none', eligibility: 'youth', description: '青少年小组、辅导与社会实践',
    items: `
YTH01|青少年成长小组|次|0|90
YTH02|生涯规划辅导|次|0|60
YTH03|网络成瘾干预|次|0|60
YTH04|青少年志愿服务|次|0|120
YTH05|学业压力疏导|次|0|60
YTH06|夏令营活动|次|100|480
YTH07|青少年禁毒教育|次|0|60
YTH08|兴趣社团活动|次|0|90`,
  },
  {
    code: 'LEGAL', name: '法律援助', nameEn: 'Legal aid', fulfilment: 'centre', subsidies: 'none', eligibility: 'any', description: '律师驻点咨询与纠纷调解',
    items: `
LAW01|法律咨询|次|0|30
LAW02|法律援助申请指引|次|0|30
LAW03|遗嘱继承咨询|次|0|45
LAW04|劳动争议咨询|次|0|45
LAW05|婚姻家庭纠纷咨询|次|0|45
LAW06|赡养纠纷调解|次|0|90
LAW07|法律文书代写|份|0|60
LAW08|邻里纠纷调解|次|0|90`,
  },
  {
    code: 'PSY', name: '心理疏导', nameEn: 'Psychological support', fulfilment: 'centre', subsidies: 'none', eligibility: 'any', description: '心理咨询师与社工提供的个案和小组服务',
    items: `
PSY01|个案心理辅导|次|0|60
PSY02|长者心理关怀探访|次|0|60|home
PSY03|哀伤辅导|次|0|60
PSY04|家庭关系辅导|次|0|60
PSY05|青少年心理辅导|次|0|60
PSY06|减压放松小组|次|0|90
PSY07|心理健康讲座|次|0|60
PSY08|长者认知功能筛查|次|0|30`,
  },
  {
    code: 'JOB', name: '就业指导', nameEn: 'Employment', fulfilment: 'centre', subsidies: 'none', eligibility: 'adult', description: '就业创业政策咨询与岗位对接',
    items: `
JOB01|职业规划咨询|次|0|45
JOB02|技能培训报名|次|0|20
JOB03|岗位推荐对接|次|0|30
JOB04|简历与面试指导|次|0|45
JOB05|创业政策咨询|次|0|45
JOB06|灵活就业登记|次|0|20
JOB07|就业困难人员援助|次|0|45
JOB08|社区招聘会|次|0|120`,
  },
  {
    code: 'DISAB', name: '助残服务', nameEn: 'Disability support', fulfilment: 'home', subsidies: 'disabled', eligibility: 'disabled', description: '残疾人康复、辅具、托养与出行支持',
    items: `
DIS01|残疾人居家康复|次|100|60
DIS02|辅具适配评估|次|0|45
DIS03|辅具租借|月|30|30
DIS04|残疾人托养服务|天|80|480|centre
DIS05|手语翻译陪同|小时|0|60
DIS06|助残出行接送|次|30|60
DIS07|残疾人技能培训|课时|0|90|centre
DIS08|精神康复小组|次|0|90|centre`,
  },
  {
    code: 'MOBIL', name: '助行出行', nameEn: 'Getting about', fulfilment: 'home', subsidies: 'elder', eligibility: 'elder', description: '陪同出行、接送与助行器具借用',
    items: `
MOB01|陪同出行|小时|30|60
MOB02|爱心接送|次|40|60
MOB03|轮椅借用|天|5|30
MOB04|上下楼助行|次|20|30
MOB05|陪同外出购物|小时|30|60
MOB06|助行器借用|天|3|30
MOB07|无障碍出行咨询|次|0|30|centre`,
  },
  {
    code: 'ERRAND', name: '代购代办', nameEn: 'Errands', fulfilment: 'home', subsidies: 'elder', eligibility: 'care', description: '为行动不便的长者和残疾人代购代办',
    items: `
ERR01|代购生活用品|次|10|60
ERR02|代缴水电燃气费|次|5|30
ERR03|代取快递|次|3|20
ERR04|代办社保认证|次|0|60
ERR05|代领慈善物资|次|0|60
ERR06|证件办理陪同|次|20|120
ERR07|代购药品|次|10|60
ERR08|代买菜|次|5|45`,
  },
  {
    code: 'VISIT', name: '探访关怀', nameEn: 'Visiting care', fulfilment: 'home', subsidies: 'none', eligibility: 'care', description: '社工与志愿者定期探访独居、高龄与困境居民',
    items: `
VIS01|独居长者上门探访|次|0|45
VIS02|电话问候|次|0|15
VIS03|节日慰问|次|0|30
VIS04|生日关怀|次|0|30
VIS05|高龄长者巡访|次|0|45
VIS06|失能长者家属支援|次|0|60
VIS07|残疾人探访|次|0|45
VIS08|困境儿童探访|次|0|45|any`,
  },
  {
    code: 'SOS', name: '紧急援助', nameEn: 'Emergency help', fulfilment: 'home', subsidies: 'elder', eligibility: 'care', description: '平安钟、烟感、燃气报警等安全设备与应急响应',
    items: `
SOS01|平安钟安装|台|150|45
SOS02|紧急呼叫响应演练|次|0|30
SOS03|智能烟感安装|个|80|30
SOS04|燃气报警器安装|个|120|30
SOS05|防走失手环|个|60|20
SOS06|应急物资包|份|50|15
SOS07|独居长者安全评估|次|0|45`,
  },
  {
    code: 'LEARN', name: '长者学堂', nameEn: 'Learning for elders', fulfilment: 'centre', subsidies: 'none', eligibility: 'aged60', description: '长者兴趣课程与数字技能课堂',
    items: `
LRN01|智能手机使用课堂|课时|0|90
LRN02|防诈骗讲座|次|0|60
LRN03|粤曲班|课时|10|90
LRN04|书法班|课时|10|90
LRN05|太极拳班|课时|10|60
LRN06|广场舞班|课时|5|60
LRN07|摄影班|课时|10|90
LRN08|长者合唱团|次|0|90`,
  },
  {
    code: 'REC', name: '文体活动', nameEn: 'Recreation', fulfilment: 'centre', subsidies: 'none', eligibility: 'any', description: '社区文化体育活动报名',
    items: `
REC01|社区电影放映|次|0|120
REC02|棋牌室预约|小时|0|60
REC03|亲子手工坊|次|0|90
REC04|社区运动会报名|次|0|240
REC05|读书会|次|0|90
REC06|节庆游园活动|次|0|180
REC07|书画展览|次|0|60
REC08|社区音乐会|次|0|120`,
  },
  {
    code: 'FAMILY', name: '家庭服务', nameEn: 'Family services', fulfilment: 'centre', subsidies: 'none', eligibility: 'any', description: '家庭综合服务中心的家庭辅导与支持',
    items: `
FAM01|婚姻家庭辅导|次|0|60
FAM02|亲子沟通工作坊|次|0|90
FAM03|家庭教育指导|次|0|60
FAM04|新手父母课堂|次|0|90
FAM05|隔代教养支持|次|0|60
FAM06|家庭暴力求助转介|次|0|60
FAM07|单亲家庭支持|次|0|60
FAM08|家庭矛盾调解|次|0|90`,
  },
  {
    code: 'HARD', name: '困难帮扶', nameEn: 'Hardship support', fulfilment: 'centre', subsidies: 'none', eligibility: 'any', description: '救助申请协助与乐善互助基金',
    items: `
HRD01|临时救助申请协助|次|0|45
HRD02|低保申请指引|次|0|45
HRD03|慈善物资领取|次|0|20
HRD04|医疗救助申请协助|次|0|45
HRD05|助学帮扶申请|次|0|45
HRD06|乐善互助基金申请|次|0|45
HRD07|住房保障申请指引|次|0|45
HRD08|残疾人补贴申请指引|次|0|45`,
  },
  {
    code: 'VOL', name: '志愿服务', nameEn: 'Volunteer services', fulfilment: 'centre', subsidies: 'none', eligibility: 'any', description: '志愿者队伍提供的公益服务',
    items: `
VOL01|志愿者陪伴|小时|0|60|home
VOL02|时间银行服务兑换|次|0|60
VOL03|义剪|次|0|30
VOL04|家电义修|次|0|60|home
VOL05|志愿者上门读报|次|0|45|home
VOL06|社区义工招募报名|次|0|20
VOL07|志愿者代写书信|次|0|30
VOL08|长者手机义修|次|0|30`,
  },
];

export interface ItemDef {
  code: string;
  category: string;
  name: string;
  unit: string;
  priceFen: number;
  durationMinutes: number | null;
  fulfilment: Fulfilment;
  subsidies: Subsidy[];
  eligibility: Eligibility;
  meal: { meal: Meal; mode: MealMode } | null;
  maxQuantity: number;
  sort: number;
}

export function catalogueItems(): ItemDef[] {
  const out: ItemDef[] = [];
  for (const c of CATEGORIES) {
    for (const line of c.items.trim().split('\n')) {
      const [code, name, unit, yuan, minutes, extra = ''] = line.split('|') as [string, string, string, string, string, string?];
      const parts = extra.split('/').filter(Boolean);
      const meal = c.fulfilment === 'meal' ? { meal: parts[0] as Meal, mode: parts[1] as MealMode } : null;
      const override = c.fulfilment === 'meal' ? parts[2] : parts[0];
      const fulfilment = override === 'home' || override === 'centre' ? override : c.fulfilment;
      const subsidies = override && override in SUBSIDIES ? SUBSIDIES[override]! : SUBSIDIES[c.subsidies]!;
      const eligibility = override && override in ELIGIBILITY ? ELIGIBILITY[override]! : ELIGIBILITY[c.eligibility]!;
      out.push({
        code,
        category: c.code,
        name,
        unit,
        priceFen: Math.round(Number(yuan) * 100),
        durationMinutes: minutes ? Number(minutes) : null,
        fulfilment,
        subsidies: Number(yuan) > 0 ? subsidies : [],
        eligibility,
        meal,
        // A household orders a few meals or hours at most; devices and rentals come one or two at a time.
        maxQuantity: meal ? 5 : unit === '小时' ? 8 : unit === '平方米' ? 30 : 3,
        sort: out.length + 1,
      });
    }
  }
  return out;
}
