// The demo district's case-type catalogue and the departments cases are dispatched to: about 250
// types in six groups (Chancheng's grid took in 247 kinds of matters), each leaf with its default
// department, time limit and whether Open311 clients may report it.
//
// Lines: "L1|code|category|name", "L2|code|name|org|limit", then leaves "code|name|org|limit|flags"
// where an empty org or limit inherits the level-2 default, limit is <n>h (working hours) or <n>d
// (working days), and flag "o" offers the type as an Open311 service.

export interface DepartmentDef {
  code: string;
  name: string;
  /** Other names it may already exist under (a seed that named it differently). */
  aliases: string[];
}

/** The departments and public utilities that receive cases (Chancheng dispatches to 45). */
export const DEPARTMENTS: DepartmentDef[] = [
  ['cgj', '区城管局', '区城市管理和综合执法局|城管局|禅城区城市管理和综合执法局'],
  ['gaj', '区公安分局', '公安禅城分局|禅城公安分局|佛山市公安局禅城分局|公安分局'],
  ['jj', '区交警大队', '公安交警禅城大队|禅城交警大队|交警大队'],
  ['xf', '区消防救援大队', '禅城消防救援大队|消防救援大队'],
  ['scjg', '区市场监管局', '区市场监督管理局|市场监管局'],
  ['zjsl', '区住建水利局', '区住房城乡建设和水利局|住建水利局|区住建局'],
  ['jtys', '区交通运输局', '交通运输局'],
  ['sthj', '区生态环境分局', '佛山市生态环境局禅城分局|生态环境分局'],
  ['wjj', '区卫生健康局', '区卫健局|卫生健康局'],
  ['mzj', '区民政局', '民政局'],
  ['rsj', '区人社局', '区人力资源和社会保障局|人社局'],
  ['jyj', '区教育局', '教育局'],
  ['wglt', '区文广旅体局', '区文化广电旅游体育局|文广旅体局'],
  ['yjgl', '区应急管理局', '应急管理局'],
  ['sfj', '区司法局', '司法局'],
  ['xfj', '区信访局', '信访局'],
  ['zrzy', '区自然资源分局', '佛山市自然资源局禅城分局|自然资源分局'],
  ['nync', '区农业农村局', '农业农村局'],
  ['tyjr', '区退役军人事务局', '退役军人事务局'],
  ['ybj', '区医保局', '区医保分局|区医疗保障局|医保局'],
  ['zwsj', '区政务服务数据管理局', '政务服务数据管理局|区政数局'],
  ['fgj', '区发展和改革局', '区发改局|发展和改革局'],
  ['jkj', '区经济和科技促进局', '区经科局|经济和科技促进局'],
  ['czj', '区财政局', '财政局'],
  ['tjj', '区统计局', '统计局'],
  ['swj', '区税务局', '国家税务总局佛山市禅城区税务局|税务局'],
  ['zfw', '区委政法委', '政法委'],
  ['tzb', '区委统战部', '统战部|区民族宗教事务局'],
  ['fl', '区妇联', '区妇女联合会|妇联'],
  ['tw', '团区委', '共青团禅城区委|共青团禅城区委员会'],
  ['cl', '区残联', '残联|区残疾人联合会'],
  ['zgh', '区总工会', '总工会'],
  ['hws', '区环境卫生管理所', '区环卫所|环卫所'],
  ['yl', '区园林绿化中心', '区园林绿化管理所|园林绿化中心'],
  ['sz', '区市政工程管理中心', '市政工程管理中心|区市政中心'],
  ['zhzl', '区智慧社会治理中心', '智慧社会治理中心|区指挥中心'],
  ['gdj', '禅城供电局', '供电局|广东电网佛山禅城供电局'],
  ['gsgs', '禅城供水公司', '佛山水业禅城供水|供水公司'],
  ['rqgs', '佛山燃气禅城分公司', '禅城燃气公司|燃气公司|佛山燃气'],
  ['dx', '禅城通信运营商联络站', '通信运营商|电信禅城分公司'],
  ['yc', '区烟草专卖局', '烟草专卖局'],
  ['fzgl', '区房屋租赁管理中心', '出租屋管理中心|区出租屋管理服务中心'],
  ['dlbz', '区征地拆迁和土地储备中心', '土地储备中心'],
].map(([code, name, aliases]) => ({ code: code!, name: name!, aliases: aliases!.split('|') }));

const TEXT = `
L1|MD|disputes|矛盾纠纷
L2|MD01|婚姻家庭纠纷|sfj|5d
MD0101|婚姻纠纷|||
MD0102|家庭赡养纠纷|||
MD0103|抚养纠纷|||
MD0104|继承纠纷|||
MD0105|家庭暴力|gaj|1d|
L2|MD02|邻里纠纷|sfj|5d
MD0201|噪音扰邻纠纷|||
MD0202|房屋漏水纠纷|||
MD0203|通道占用纠纷|||
MD0204|宠物扰民纠纷|||
MD0205|相邻关系纠纷|||
MD0206|采光通风纠纷|||
L2|MD03|物业管理纠纷|zjsl|5d
MD0301|物业服务质量纠纷|||
MD0302|物业费纠纷|||
MD0303|业主委员会纠纷|||
MD0304|公共收益纠纷|||
MD0305|停车管理纠纷|||
MD0306|维修资金纠纷|||
L2|MD04|劳动关系纠纷|rsj|5d
MD0401|拖欠工资|||
MD0402|劳动合同纠纷|||
MD0403|社会保险纠纷|||
MD0404|工伤纠纷|||
MD0405|欠薪群体性事件|rsj|1d|
L2|MD05|消费与合同纠纷|scjg|5d
MD0501|消费纠纷|||
MD0502|预付卡退费纠纷|||
MD0503|房屋租赁纠纷|fzgl||
MD0504|买卖合同纠纷|sfj||
MD0505|装修纠纷|||
L2|MD06|土地与房产纠纷|zrzy|10d
MD0601|土地承包经营纠纷|nync||
MD0602|宅基地纠纷|||
MD0603|征地拆迁纠纷|dlbz||
MD0604|村集体经济纠纷|nync||
MD0605|房屋产权纠纷|zjsl||
L2|MD07|其他矛盾纠纷|sfj|5d
MD0701|医疗纠纷|wjj||
MD0702|交通事故赔偿纠纷|jj||
MD0703|校园纠纷|jyj||
MD0704|损害赔偿纠纷|||
MD0705|信访诉求|xfj|10d|
L1|ZA|public_order|社会治安
L2|ZA01|治安隐患|gaj|1d
ZA0101|可疑人员|||
ZA0102|聚众滋事|gaj|4h|
ZA0103|打架斗殴|gaj|2h|
ZA0104|盗窃线索|||
ZA0105|诈骗线索|||
ZA0106|治安监控设施损坏|||
L2|ZA02|涉黄赌毒|gaj|1d
ZA0201|赌博活动|||
ZA0202|涉毒线索|||
ZA0203|涉黄线索|||
L2|ZA03|重点人员|zfw|3d
ZA0301|社区矫正人员异常|sfj||
ZA0302|刑满释放人员帮教|sfj||
ZA0303|严重精神障碍患者异常|wjj|1d|
ZA0304|吸毒人员动态|gaj||
ZA0305|重点上访人员动态|xfj||
L2|ZA04|出租屋与流动人口|fzgl|3d
ZA0401|出租屋未登记|||
ZA0402|流动人口未申报居住|||
ZA0403|群租房|||
ZA0404|出租屋治安隐患|gaj||
L2|ZA05|校园及周边安全|jyj|1d
ZA0501|校园周边治安|gaj||
ZA0502|校园周边无证摊贩|cgj||
ZA0503|校园周边交通安全|jj||
L2|ZA06|宗教与民族事务|tzb|5d
ZA0601|非法宗教活动|||
ZA0602|私设宗教活动场所|||
L2|ZA07|其他治安事项|gaj|3d
ZA0701|非法营运（摩的）|jtys||
ZA0702|非法鸣放烟花爆竹|||
ZA0703|散发非法宣传品|||
ZA0704|无证经营网吧|wglt||
L1|AQ|public_safety|公共安全
L2|AQ01|消防安全|xf|1d
AQ0101|消防通道堵塞|||o
AQ0102|消防设施损坏缺失|||o
AQ0103|电动车违规停放充电|||o
AQ0104|楼道堆放杂物|||o
AQ0105|违规住人（三合一场所）|||
AQ0106|占用防火间距|||
AQ0107|易燃易爆品违规存放|xf|4h|
L2|AQ02|燃气安全|rqgs|1d
AQ0201|燃气泄漏隐患|rqgs|2h|
AQ0202|违规使用瓶装液化气|yjgl||
AQ0203|燃气管道破损|rqgs|4h|
AQ0204|餐饮场所燃气隐患|scjg||
L2|AQ03|房屋安全|zjsl|3d
AQ0301|危房隐患|zjsl|1d|
AQ0302|房屋墙体开裂|||
AQ0303|外墙脱落|zjsl|1d|o
AQ0304|违规改变房屋结构|||
AQ0305|老旧房屋安全巡查|||
L2|AQ04|生产安全|yjgl|3d
AQ0401|企业安全生产隐患|||
AQ0402|有限空间作业隐患|||
AQ0403|危险化学品隐患|yjgl|1d|
AQ0404|工贸企业违规作业|||
AQ0405|小作坊安全隐患|||
L2|AQ05|建筑施工安全|zjsl|3d
AQ0501|工地安全隐患|||
AQ0502|脚手架隐患|||
AQ0503|深基坑隐患|zjsl|1d|
AQ0504|塔吊安全隐患|||
L2|AQ06|食品药品安全|scjg|3d
AQ0601|无证食品经营|||o
AQ0602|过期变质食品|||o
AQ0603|餐饮卫生问题|||o
AQ0604|药品违规销售|||
AQ0605|校园食品安全|scjg|1d|
AQ0606|特种设备隐患（电梯）|scjg|1d|o
L2|AQ07|交通安全|jj|3d
AQ0701|交通信号灯故障|jj|1d|o
AQ0702|道路交通标志缺损|||o
AQ0703|交通安全隐患路段|||
AQ0704|渣土车违规|cgj||
AQ0705|电动自行车违规载人|||
L2|AQ08|自然灾害与应急|yjgl|1d
AQ0801|内涝积水|zjsl|4h|o
AQ0802|山体滑坡隐患|zrzy||
AQ0803|树木倒伏|yl|4h|o
AQ0804|台风防御隐患|||
AQ0805|防汛设施损坏|zjsl||
L2|AQ09|公共卫生|wjj|1d
AQ0901|传染病疫情线索|wjj|4h|
AQ0902|病媒生物孳生|hws|3d|o
AQ0903|犬只伤人|gaj||
AQ0904|健康码/防疫点异常|||
L1|CG|city_appearance|城市管理/市容环境
L2|CG01|市容秩序|cgj|1d
CG0101|占道经营|||o
CG0102|店外经营|||o
CG0103|流动摊贩|||o
CG0104|乱摆卖|||o
CG0105|夜市噪音扰民|||o
CG0106|违规户外广告|cgj|3d|o
CG0107|乱张贴乱涂写|||o
CG0108|违规悬挂横幅|||o
L2|CG02|环境卫生|hws|1d
CG0201|暴露垃圾|||o
CG0202|积存垃圾渣土|||o
CG0203|垃圾满溢|||o
CG0204|道路不洁|||o
CG0205|公厕不洁|||o
CG0206|绿地脏乱|yl||o
CG0207|河涌水面漂浮物|zjsl||o
CG0208|垃圾分类投放不规范|cgj|3d|o
CG0209|建筑垃圾乱倒|cgj||o
CG0210|大件垃圾乱放|||o
L2|CG03|违法建设|cgj|5d
CG0301|违法建筑（在建）|cgj|1d|o
CG0302|违法建筑（已建）|||
CG0303|违规搭建雨篷|||o
CG0304|天台违建|||
CG0305|占用绿地搭建|||
L2|CG04|施工管理|cgj|3d
CG0401|施工扰民|cgj|1d|o
CG0402|施工扬尘|sthj|1d|o
CG0403|施工废弃料乱堆|||o
CG0404|夜间违规施工|cgj|4h|o
CG0405|道路开挖未恢复|sz||o
L2|CG05|环境污染|sthj|3d
CG0501|噪声污染（工业）|||o
CG0502|社会生活噪声|gaj|1d|o
CG0503|油烟污染|||o
CG0504|废气排放|||o
CG0505|污水直排|||o
CG0506|焚烧垃圾秸秆|cgj|1d|o
CG0507|固体废物污染|||
CG0508|异味扰民|||o
L2|CG06|停车与车辆|jj|3d
CG0601|机动车乱停放|||o
CG0602|非机动车乱停放|cgj||o
CG0603|共享单车乱停放|cgj||o
CG0604|僵尸车|||o
CG0605|占用人行道停车|||o
L2|CG07|园林绿化|yl|5d
CG0701|树木枯死|||o
CG0702|树木修剪|||o
CG0703|绿地损毁|||o
CG0704|毁绿种菜|cgj||o
CG0705|古树名木保护|||
L2|CG08|宠物与动物|cgj|3d
CG0801|犬只扰民|gaj||o
CG0802|流浪犬猫|||o
CG0803|违规饲养家禽|||o
CG0804|无证养犬|gaj||
L1|SS|facilities|设施部件
L2|SS01|道路交通设施|sz|5d
SS0101|道路破损坑洼|sz|3d|o
SS0102|人行道板破损|||o
SS0103|护栏损坏|||o
SS0104|道路标线缺失|jj||o
SS0105|公交站亭损坏|jtys||o
SS0106|减速带损坏|||o
SS0107|桥梁设施损坏|sz|3d|o
L2|SS02|市政公用设施|sz|3d
SS0201|井盖缺失|sz|4h|o
SS0202|井盖破损|sz|1d|o
SS0203|雨水篦子缺失|sz|1d|o
SS0204|下水道堵塞|zjsl|1d|o
SS0205|排水管网破损|zjsl||o
SS0206|消火栓损坏|xf||o
SS0207|供水管道爆裂|gsgs|4h|o
SS0208|停水|gsgs|1d|o
SS0209|水压不足|gsgs||o
L2|SS03|照明与电力设施|sz|3d
SS0301|路灯不亮|||o
SS0302|路灯杆倾斜破损|||o
SS0303|景观灯故障|||o
SS0304|电力线路隐患|gdj|1d|o
SS0305|变压器/电箱隐患|gdj|1d|o
SS0306|停电|gdj|4h|o
L2|SS04|通信与杆线|dx|5d
SS0401|通信线缆乱拉|||o
SS0402|飞线充电|xf|1d|o
SS0403|通信井盖缺损|||o
SS0404|废弃杆线|||o
L2|SS05|环卫设施|hws|3d
SS0501|垃圾桶破损缺失|||o
SS0502|公厕设施损坏|||o
SS0503|垃圾收集点脏乱|||o
SS0504|果皮箱损坏|||o
L2|SS06|公共服务设施|cgj|5d
SS0601|健身器材损坏|wglt||o
SS0602|公园设施损坏|yl||o
SS0603|公共座椅损坏|||o
SS0604|无障碍设施损坏|cl||o
SS0605|指示牌损坏|||o
SS0606|监控设施损坏|gaj||o
SS0607|电梯故障（公共）|scjg|1d|o
L2|SS07|小区设施|zjsl|5d
SS0701|小区道路破损|||
SS0702|小区排水不畅|||
SS0703|小区门禁损坏|||
SS0704|小区充电设施损坏|||
SS0705|加装电梯纠纷|||
L1|FW|public_services|公共服务
L2|FW01|社会保障|rsj|10d
FW0101|社保办理咨询|||
FW0102|就业援助需求|||
FW0103|职业技能培训需求|||
FW0104|退休待遇咨询|||
L2|FW02|社会救助|mzj|5d
FW0201|低保申请线索|||
FW0202|特困人员救助|||
FW0203|临时救助需求|mzj|1d|
FW0204|流浪乞讨人员救助|mzj|1d|o
FW0205|困境儿童关爱|||
L2|FW03|养老服务|mzj|5d
FW0301|独居老人异常|mzj|4h|
FW0302|高龄津贴办理|||
FW0303|居家养老服务需求|||
FW0304|长者饭堂服务问题|||
FW0305|养老机构服务问题|||
L2|FW04|残疾人服务|cl|10d
FW0401|残疾人证办理|||
FW0402|残疾人就业帮扶|||
FW0403|残疾人康复需求|||
FW0404|重度残疾人护理补贴|||
L2|FW05|医疗卫生|wjj|5d
FW0501|家庭医生签约|||
FW0502|医保报销咨询|ybj||
FW0503|疫苗接种咨询|||
FW0504|诊所违规行医|wjj|3d|
FW0505|慢病随访需求|||
L2|FW06|教育服务|jyj|10d
FW0601|入学咨询|||
FW0602|校外培训机构问题|||
FW0603|学位申请问题|||
FW0604|学生资助需求|||
L2|FW07|住房保障|zjsl|10d
FW0701|公租房申请|||
FW0702|住房公积金咨询|||
FW0703|老旧小区改造诉求|||
FW0704|物业维修诉求|zjsl|5d|
L2|FW08|文体旅游|wglt|10d
FW0801|文化活动场地需求|||
FW0802|无证经营娱乐场所|wglt|3d|
FW0803|体育场馆服务问题|||
FW0804|文物保护|||
FW0805|旅游投诉|wglt|5d|
L2|FW09|政务服务|zwsj|5d
FW0901|办事指南咨询|||
FW0902|政务服务效率投诉|||
FW0903|证明开具|||
FW0904|户籍办理|gaj||
L2|FW10|退役军人与优抚|tyjr|10d
FW1001|优抚待遇咨询|||
FW1002|退役军人就业帮扶|||
FW1003|困难退役军人帮扶|tyjr|5d|
L2|FW11|妇女儿童与青少年|fl|5d
FW1101|妇女权益保护|||
FW1102|未成年人保护|tw|1d|
FW1103|留守儿童关爱|||
L2|FW12|市场与经营服务|scjg|5d
FW1201|价格违法|||o
FW1202|计量器具作弊|||o
FW1203|无照经营|||o
FW1204|违规销售烟草|yc||
FW1205|商品质量问题|||o
FW1206|虚假广告|||
L2|FW13|交通出行服务|jtys|5d
FW1301|公交线路需求|||o
FW1302|出租车服务投诉|||o
FW1303|网约车服务投诉|||
FW1304|公交站点设置|||o
L2|FW14|其他公共服务|zhzl|5d
FW1401|意见建议|||
FW1402|表扬|||
FW1403|其他事项|||o
`;

export interface TypeDef {
  code: string;
  parentCode: string | null;
  name: string;
  level: 1 | 2 | 3;
  category: string;
  orgCode: string | null;
  limit: { value: number; unit: 'hours' | 'days' } | null;
  open311: boolean;
  sort: number;
}

function parseLimit(s: string | undefined): TypeDef['limit'] {
  if (!s) return null;
  const m = /^(\d+)([hd])$/.exec(s);
  if (!m) throw new Error(`bad limit ${s}`);
  return { value: Number(m[1]), unit: m[2] === 'h' ? 'hours' : 'days' };
}

/** The catalogue as rows, parents before children. */
export function catalogueTypes(): TypeDef[] {
  const out: TypeDef[] = [];
  let l1: TypeDef | null = null;
  let l2: TypeDef | null = null;
  let sort = 0;
  for (const raw of TEXT.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const f = line.split('|');
    sort++;
    if (f[0] === 'L1') {
      l1 = { code: f[1]!, parentCode: null, name: f[3]!, level: 1, category: f[2]!, orgCode: null, limit: null, open311: false, sort };
      out.push(l1);
    } else if (f[0] === 'L2') {
      l2 = { code: f[1]!, parentCode: l1!.code, name: f[2]!, level: 2, category: l1!.category, orgCode: f[3] || null, limit: parseLimit(f[4]), open311: false, sort };
      out.push(l2);
    } else {
      out.push({
        code: f[0]!,
        parentCode: l2!.code,
        name: f[1]!,
        level: 3,
        category: l1!.category,
        orgCode: f[2] || l2!.orgCode,
        limit: parseLimit(f[3]) ?? l2!.limit,
        open311: (f[4] ?? '').includes('o'),
        sort,
      });
    }
  }
  return out;
}

/** Open311 attributes of a few services, so clients see the service-definition flow. */
export const TYPE_ATTRIBUTES: Record<string, unknown[]> = {
  CG0101: [
    {
      variable: true, code: 'GOODS', datatype: 'singlevaluelist', required: true, datatype_description: null, order: 1, description: '经营的物品',
      values: [{ key: 'food', name: '食品' }, { key: 'fruit', name: '水果蔬菜' }, { key: 'goods', name: '日用百货' }, { key: 'other', name: '其他' }],
    },
    { variable: true, code: 'STALLS', datatype: 'number', required: false, datatype_description: '摊位数量', order: 2, description: '大约有几个摊位？' },
  ],
  SS0201: [
    { variable: false, code: 'NOTICE', datatype: 'text', required: false, datatype_description: null, order: 1, description: '井盖缺失危及行人车辆安全，如有人员受伤请立即拨打120。' },
    {
      variable: true, code: 'COVER', datatype: 'multivaluelist', required: false, datatype_description: null, order: 2, description: '井盖类型（可多选）',
      values: [{ key: 'rain', name: '雨水' }, { key: 'sewage', name: '污水' }, { key: 'power', name: '电力' }, { key: 'telecom', name: '通信' }],
    },
  ],
  SS0301: [{ variable: true, code: 'POLE', datatype: 'string', required: false, datatype_description: '灯杆上的编号', order: 1, description: '路灯杆编号' }],
};
