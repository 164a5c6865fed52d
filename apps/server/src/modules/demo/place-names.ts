// Names of Chancheng's streets and of the demo communities, villages, compounds and buildings.
// Street names and a few communities (塔坡, 丽豪 ...) are real; the rest are plausible local names.

export interface StreetSpec {
  key: 'zumiao' | 'zhangcha' | 'shiwan' | 'nanzhuang';
  code: string;
  name: string;
  nameEn: string;
  kind: 'street' | 'town';
  /** km2; Zumiao's 21.5 km2 is published, the others share the rest of the 154 km2. */
  areaKm2: number;
  /** Residents; Zumiao's 600,000 is published, the others share the rest of the 1.33 million. */
  population: number;
  /** Where the street sits in the district, in km east and north of the district centre. */
  anchor: [number, number];
  /** Fraction of the street's land that is urban rather than village. */
  urbanShare: number;
  /** Community names in order from the street's centre outwards: [chinese root, pinyin]. */
  urban: readonly (readonly [string, string])[];
  villages: readonly (readonly [string, string])[];
}

const pairs = (text: string) => text.trim().split(/\s+/).map((p) => p.split(':') as [string, string]);

export const STREETS: readonly StreetSpec[] = [
  {
    key: 'zumiao',
    code: '440604001',
    name: '祖庙街道',
    nameEn: 'Zumiao Subdistrict',
    kind: 'street',
    areaKm2: 21.5,
    population: 600_000,
    anchor: [2.0, 2.0],
    urbanShare: 0.88,
    urban: pairs(`塔坡:Tapo 莲花:Lianhua 升平:Shengping 福贤:Fuxian 兴华:Xinghua 筷子路:Kuaizilu 朝安:Chao'an
      嘉仕:Jiashi 新风:Xinfeng 同济:Tongji 公正:Gongzheng 普君:Pujun 岭南:Lingnan 镇安:Zhen'an 文华:Wenhua
      汾江:Fenjiang 东华:Donghua 卫国:Weiguo 建新:Jianxin 永安:Yong'an 先锋:Xianfeng 亲仁:Qinren 石路:Shilu
      绿景:Lüjing 宝华:Baohua 环市:Huanshi 祖庙:Zumiao 华康:Huakang 人民:Renmin 城门头:Chengmentou
      平远:Pingyuan 保安:Bao'an 南堤:Nandi 铁军:Tiejun 惠景:Huijing 魁奇:Kuiqi 季华:Jihua 金澜:Jinlan
      朝阳:Chaoyang 锦华:Jinhua 祥兴:Xiangxing 百花:Baihua`),
    villages: pairs(`弼唐:Bitang 张涌:Zhangchong 敦厚:Dunhou 沙涌:Shachong`),
  },
  {
    key: 'zhangcha',
    code: '440604002',
    name: '张槎街道',
    nameEn: 'Zhangcha Subdistrict',
    kind: 'street',
    areaKm2: 38.5,
    population: 230_000,
    anchor: [-3.5, 3.5],
    urbanShare: 0.32,
    urban: pairs(`张槎:Zhangcha 江湾:Jiangwan 聚锦:Jujin 新城:Xincheng 智城:Zhicheng 朗沙:Langsha 港口:Gangkou
      槎东:Chadong 槎西:Chaxi 锦绣:Jinxiu 华翠:Huacui 兴业:Xingye 怡丰:Yifeng 海口:Haikou`),
    villages: pairs(`大富:Dafu 上朗:Shanglang 下朗:Xialang 大江:Dajiang 白坭坑:Bainikeng 青柯:Qingke 东鄱:Dongpo
      古灶:Guzao 大沙:Dasha 乌涌:Wuchong 莲塘:Liantang 村头:Cuntou 沙口:Shakou 大帽岗:Damaogang
      下沙:Xiasha 岗头:Gangtou 塘头:Tangtou`),
  },
  {
    key: 'shiwan',
    code: '440604003',
    name: '石湾镇街道',
    nameEn: 'Shiwanzhen Subdistrict',
    kind: 'street',
    areaKm2: 36.5,
    population: 330_000,
    anchor: [3.5, -3.0],
    urbanShare: 0.55,
    urban: pairs(`丽豪:Lihao 东风:Dongfeng 石湾:Shiwan 跃进:Yuejin 三友:Sanyou 中窑:Zhongyao 河宕:Hedang
      鄱阳:Poyang 南风:Nanfeng 城南:Chengnan 湾华:Wanhua 榴苑:Liuyuan 建设:Jianshe 绿岛湖:Lüdaohu
      澜石:Lanshi 高庙:Gaomiao 陶城:Taocheng 公仔街:Gongzaijie 凤塘:Fengtang 山紫:Shanzi 亨达:Hengda
      明珠:Mingzhu 雅居:Yaju 新明:Xinming 华远:Huayuan 石梁:Shiliang 轻工:Qinggong 陶苑:Taoyuan
      绿茵:Lüyin 湾景:Wanjing`),
    villages: pairs(`深村:Shencun 石头:Shitou 东平:Dongping 奇槎:Qicha 小塘:Xiaotang 湾头:Wantou 大雾岗:Dawugang
      沙岗:Shagang 黎涌:Lichong 横岗:Henggang 上沙:Shangsha 朝东:Chaodong`),
  },
  {
    key: 'nanzhuang',
    code: '440604004',
    name: '南庄镇',
    nameEn: 'Nanzhuang Town',
    kind: 'town',
    areaKm2: 57.5,
    population: 170_000,
    anchor: [-4.5, -3.0],
    urbanShare: 0.18,
    urban: pairs(`南庄:Nanzhuang 醒群:Xingqun 华夏:Huaxia 河滘:Hejiao 陶博:Taobo 恒福:Hengfu 尚景:Shangjing 东升:Dongsheng`),
    villages: pairs(`紫洞:Zidong 罗南:Luonan 吉利:Jili 龙津:Longjin 溶洲:Rongzhou 杏头:Xingtou 堤田:Ditian
      贤僚:Xianliao 罗格:Luoge 大涡:Dawo 上元:Shangyuan 梧村:Wucun 湖涌:Huchong 紫南:Zinan 东村:Dongcun
      沙滘:Shajiao 隆庆:Longqing 寮边:Liaobian 良溪:Liangxi 聚龙:Julong`),
  },
];

/** Residential compounds (小区) in urban communities: a two-character stem and a suffix. */
export const COMPOUND_STEMS = `金沙 华景 翠园 锦绣 丽日 怡翠 雅居 荣华 逸景 御景 君悦 东方 南海 江滨 湖景 景湖 峰景 汇景
  悦华 鸿业 富华 新华 嘉信 明珠 碧华 紫荆 海华 恒福 宏宇 宝翠 万华 康乐 福华 龙光 美景 佳信 绿茵 城西 汾江 季华
  岭南 祖庙 文昌 天安 星汇 中港 盈翠 宜家 铂金 凯德 金域 保华 聚福 广丰 永和 兴隆 德馨 蔚蓝 朝晖 骏景`
  .trim()
  .split(/\s+/);
export const COMPOUND_SUFFIXES = ['花园', '苑', '雅苑', '豪庭', '华庭', '新村', '大厦', '名都', '公寓', '广场', '山庄', '家园', '居'];
/** Work-unit housing from the planned-economy years, still common in old Zumiao. */
export const WORK_UNIT_HOUSING = ['供电局宿舍', '纺织厂宿舍', '陶瓷厂宿舍', '粮食局宿舍', '机械厂宿舍', '人民医院宿舍', '电器厂宿舍', '二轻局宿舍'];

/** Natural villages and wards (自然村/片区/坊) inside an administrative village. */
export const VILLAGE_WARD_STEMS = ['东头', '西头', '南约', '北约', '大街', '新村', '上坊', '下坊', '中约', '塘边', '岗边', '涌边', '祠堂', '社头', '榕树头', '基围'];
export const VILLAGE_WARD_SUFFIXES = ['坊', '片区', '村民小组', '里'];
