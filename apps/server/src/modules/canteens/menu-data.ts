// Elder-canteen meals and times: a week's rotation of soft, low-salt Cantonese home cooking, when
// ordering closes for the kitchen, and when each meal is served or delivered.
import type { Meal } from '@linli/contracts';

const LUNCHES: string[][] = [
  ['清蒸鲩鱼', '冬瓜排骨汤', '蒜蓉菜心', '白米饭'],
  ['豉汁蒸排骨', '番茄炒蛋', '上汤娃娃菜', '白米饭'],
  ['白切鸡', '节瓜粉丝煲', '清炒生菜', '白米饭'],
  ['肉饼蒸蛋', '莲藕猪骨汤', '蚝油芥兰', '白米饭'],
  ['红烧豆腐', '土豆焖鸡', '清炒丝瓜', '白米饭'],
  ['清蒸鲈鱼', '凉瓜炒蛋', '枸杞叶猪肝汤', '白米饭'],
  ['咸鱼蒸肉饼', '淮山炖鸡汤', '蒜蓉通菜', '白米饭'],
];
const DINNERS: string[][] = [
  ['瘦肉粥', '蒸水蛋', '炒菜心'],
  ['鱼片粥', '蒸南瓜', '白灼生菜'],
  ['番茄牛肉面', '凉拌青瓜'],
  ['香菇鸡肉粥', '蒸芋头', '清炒西兰花'],
  ['云吞面', '白灼菜心'],
  ['皮蛋瘦肉粥', '肉末蒸茄子', '炒油麦菜'],
  ['虾仁滑蛋饭', '紫菜蛋花汤', '炒小白菜'],
];

/** The dishes of a canteen on a day: the rotation, shifted per canteen so neighbours differ. */
export function rotationDishes(shift: number, weekday: number, meal: Meal): string[] {
  const list = meal === 'lunch' ? LUNCHES : DINNERS;
  return list[(weekday - 1 + shift) % list.length]!;
}

/** Local times: orders close before the kitchen starts; the meal is served (or delivered) in its window. */
export const MEAL_TIMES: Record<Meal, { cutoff: string; start: string; end: string; share: number }> = {
  lunch: { cutoff: '10:00', start: '11:30', end: '12:30', share: 0.6 },
  dinner: { cutoff: '15:30', start: '17:30', end: '18:30', share: 0.4 },
};
