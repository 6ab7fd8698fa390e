import { describe, expect, it } from 'vitest';
import { matchVillage } from './village.ts';

describe('matchVillage', () => {
  it.each([
    ['黄马村3组12号', '黄马村'],
    ['官田村委会3组', '官田村委会'],
    ['新村村委会', '新村村委会'],
    ['野麻湾村村民委员会', '野麻湾村村民委员会'],
    ['东风社区居委会5栋', '东风社区居委会'],
    ['开元路社区居委会', '开元路社区居委会'],
    ['阿拉塔杭盖嘎查', '阿拉塔杭盖嘎查'],
  ])('%s → %s', (text, village) => {
    expect(text.slice(0, matchVillage(text, 0))).toBe(village);
  });

  it.each(['人民路12号', '3组12号', '幸福新村小区3栋', '建设村路8号', '张家湾'])(
    '%s is not a village',
    (text) => {
      expect(matchVillage(text, 0)).toBeUndefined();
    },
  );
});
