import { describe, expect, it } from 'vitest';
import { divisionAliases, townVariants } from './division-aliases.ts';
import {
  divisionName,
  divisionsAtLevel,
  findDivision,
  isKnownRegionCode,
  provinceOfCode,
} from './divisions.ts';

describe('division data', () => {
  it('has every level of the NBS 2023 codes', () => {
    expect(divisionsAtLevel(1)).toHaveLength(31);
    expect(divisionsAtLevel(2)).toHaveLength(342);
    expect(divisionsAtLevel(3)).toHaveLength(2978);
    expect(divisionsAtLevel(4)).toHaveLength(41352);
  });

  it('places every division under an existing parent', () => {
    const codes = new Set(divisionsAtLevel(1).map((d) => d.code.slice(0, 2)));
    for (const d of divisionsAtLevel(2)) expect(codes.has(d.code.slice(0, 2))).toBe(true);
    const counties = new Set(divisionsAtLevel(3).map((d) => d.code));
    for (const d of divisionsAtLevel(4)) {
      if (!counties.has(d.code.slice(0, 6))) expect.fail(`${d.code} ${d.name} has no county`);
    }
  });

  it('marks only the statistical groupings as placeholders', () => {
    expect(
      divisionsAtLevel(2)
        .filter((d) => d.placeholder)
        .map((d) => d.code),
    ).toEqual(['419000', '429000', '469000', '659000']);
    expect(
      divisionsAtLevel(3)
        .filter((d) => d.placeholder)
        .map((d) => d.name),
    ).toEqual(['东莞市', '中山市', '儋州市', '嘉峪关市']);
  });
});

describe('isKnownRegionCode', () => {
  it.each([
    ['110105', true],
    ['110000', true],
    ['110100', true],
    ['360121', true],
    ['441900', true],
    ['659001', true],
    ['110199', false],
    ['990000', false],
    ['11010', false],
    ['360121203', false],
    ['abcdef', false],
    ['', false],
  ])('%s → %s', (code, known) => {
    expect(isKnownRegionCode(code)).toBe(known);
  });
});

describe('divisionName', () => {
  it.each([
    ['360000', '江西省'],
    ['36', '江西省'],
    ['360100', '南昌市'],
    ['360121', '南昌县'],
    ['360121203', '黄马乡'],
    ['360121203000', '黄马乡'],
    // Municipalities read as the city, not the NBS grouping 市辖区/县.
    ['110100', '北京市'],
    ['500200', '重庆市'],
    ['429000', '省直辖县级行政区划'],
    ['620201', '嘉峪关市'],
  ])('%s → %s', (code, name) => {
    expect(divisionName(code)).toBe(name);
  });

  it('returns undefined for unknown or malformed codes', () => {
    expect(divisionName('110199')).toBeUndefined();
    expect(divisionName('360121203001')).toBeUndefined();
    expect(divisionName('36x')).toBeUndefined();
  });

  it('resolves a shared 6-digit code to the prefecture', () => {
    expect(findDivision('441900')).toMatchObject({ level: 2, name: '东莞市' });
  });
});

describe('provinceOfCode', () => {
  it('finds the province of county and town codes', () => {
    expect(provinceOfCode('360121')?.name).toBe('江西省');
    expect(provinceOfCode('360121203')?.code).toBe('360000');
    expect(provinceOfCode('659001')?.name).toBe('新疆维吾尔自治区');
  });

  it('is undefined for unknown codes', () => {
    expect(provinceOfCode('110199')).toBeUndefined();
    expect(provinceOfCode('990101')).toBeUndefined();
  });
});

describe('divisionAliases', () => {
  it.each([
    ['江西省', 1, ['江西']],
    ['北京市', 1, ['北京']],
    ['广西壮族自治区', 1, ['广西', '广西壮族']],
    ['内蒙古自治区', 1, ['内蒙古', '内蒙']],
    ['新疆维吾尔自治区', 1, ['新疆', '新疆维吾尔']],
    ['西藏自治区', 1, ['西藏']],
    ['恩施土家族苗族自治州', 2, ['恩施', '恩施州', '恩施土家族苗族']],
    ['巴音郭楞蒙古自治州', 2, ['巴音郭楞', '巴音郭楞州', '巴音郭楞蒙古']],
    ['大兴安岭地区', 2, ['大兴安岭']],
    ['锡林郭勒盟', 2, ['锡林郭勒']],
    ['浦东新区', 3, ['浦东']],
    ['威宁彝族回族苗族自治县', 3, ['威宁', '威宁彝族回族苗族']],
    ['南昌县', 3, ['南昌']],
    ['城区', 3, []],
  ] as const)('%s', (name, level, aliases) => {
    expect(divisionAliases(name, level)).toEqual(aliases);
  });

  it('offers the other town suffixes for renamed towns', () => {
    expect(townVariants('黄马乡')).toEqual(['黄马街道', '黄马镇']);
    expect(townVariants('三里屯街道')).toEqual(['三里屯镇', '三里屯乡']);
    expect(townVariants('小蓝经济开发区')).toEqual([]);
  });
});
