// Personal names for the demo residents: Cantonese-weighted surnames and given names by generation.
import { Weighted, type Random } from './random.ts';

/**
 * Relative frequencies loosely after Foshan's household registry, where 陈, 李, 梁, 黄 and 何 lead
 * and Cantonese surnames (冯, 麦, 区, 霍, 招, 邝) are far commoner than nationally.
 */
const SURNAMES = new Weighted<string>(
  (
    `陈:100 李:62 梁:58 黄:55 何:40 冯:30 罗:26 林:25 张:25 吴:22 刘:22 郭:18 潘:16 麦:15 邓:15 区:12 霍:11
     卢:11 关:10 谭:10 杨:10 周:9 叶:9 蔡:8 钟:8 苏:8 曾:7 谢:7 余:7 朱:7 庞:6 简:5 招:5 伍:5 莫:5 彭:5 胡:5
     郑:5 王:6 赵:4 孔:4 邝:4 杜:3 欧阳:3 司徒:2 岑:3 植:2 龚:3 唐:3 马:3 程:2`
  )
    .trim()
    .split(/\s+/)
    .map((p) => {
      const [name, weight] = p.split(':');
      return [name!, Number(weight)] as const;
    }),
);

/** Characters by generation: born before 1960, 1960-1989, 1990 and later. */
type Era = 0 | 1 | 2;
const GIVEN: Record<'male' | 'female', [string, string][]> = {
  // [first characters, second characters]; a name takes one of each, or a single second character.
  male: [
    ['炳锦耀添桂洪荣根祥泉福德亚伟国', '根明强华荣辉锦耀祥泉福德添桂洪培才昌'],
    ['志伟国建永家卫少俊锦浩德振文健', '强文华明康豪东杰荣辉斌峰军涛超勇'],
    ['梓子浩俊嘉宇铭锦睿晨泽家文皓煜', '豪轩然熙乐航轩程睿阳霖宇朗铭恒谦'],
  ],
  female: [
    ['亚带好彩金玉凤月银杏惠群', '妹好娣彩金玉凤兰英嫦银杏珍群意娇'],
    ['丽秀美淑惠燕雪凤少慧小婉玉翠', '芳英玲贞珍芬梅仪华萍霞红娟琼敏'],
    ['欣诗梓晓嘉芷思雨颖紫可婉乐心', '怡琪涵彤欣晴琪桐欣妍琳悦瑶怡宁'],
  ],
};

function eraOf(birthYear: number): Era {
  return birthYear < 1960 ? 0 : birthYear < 1990 ? 1 : 2;
}

export function drawSurname(random: Random): string {
  return SURNAMES.draw(random);
}

export function drawGivenName(random: Random, gender: 'male' | 'female', birthYear: number): string {
  const [firsts, seconds] = GIVEN[gender][eraOf(birthYear)]!;
  const second = seconds[random.int(0, seconds.length - 1)]!;
  // Single-character given names were common before the 1990s and are rare now.
  if (random.chance(birthYear < 1990 ? 0.18 : 0.06)) return second;
  return firsts[random.int(0, firsts.length - 1)]! + second;
}
