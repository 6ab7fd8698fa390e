// Short forms people actually write for division names: 江西 for 江西省, 广西 for
// 广西壮族自治区, 恩施 for 恩施土家族苗族自治州, 浦东 for 浦东新区.

// Multi-character ethnic names also appear without 族 (巴音郭楞蒙古自治州, 伊犁哈萨克自治州);
// single-character ones are only stripped with 族, otherwise they would eat real name characters.
const ETHNIC_WITHOUT_ZU = [
  '蒙古',
  '维吾尔',
  '哈萨克',
  '柯尔克孜',
  '塔吉克',
  '锡伯',
  '鄂伦春',
  '鄂温克',
];
const ETHNIC = [
  ...ETHNIC_WITHOUT_ZU,
  ...'土家 哈尼 布依 朝鲜 傈僳 拉祜 东乡 纳西 景颇 达斡尔 仫佬 布朗 撒拉 毛南 仡佬 阿昌 普米 保安 裕固 独龙'.split(
    ' ',
  ),
  ...'回 藏 苗 彝 壮 满 侗 瑶 白 傣 黎 佤 畲 水 土 羌 怒 京 各'.split(' '),
];
const ETHNIC_SUFFIXES = [...ETHNIC.map((e) => `${e}族`), ...ETHNIC_WITHOUT_ZU].sort(
  (a, b) => b.length - a.length,
);

const MIN_BASE = 2;

function stripEthnic(name: string): string {
  let base = name;
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of ETHNIC_SUFFIXES) {
      if (base.endsWith(suffix) && base.length - suffix.length >= MIN_BASE) {
        base = base.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  return base;
}

function stripSuffix(name: string, suffixes: readonly string[]): string | undefined {
  for (const suffix of suffixes) {
    if (name.endsWith(suffix) && name.length - suffix.length >= MIN_BASE) {
      return name.slice(0, -suffix.length);
    }
  }
  return undefined;
}

const SUFFIXES_BY_LEVEL: Readonly<Record<1 | 2 | 3, readonly string[]>> = {
  1: ['省', '市'],
  2: ['地区', '市', '盟'],
  3: ['新区', '林区', '特区', '县', '区', '市', '旗'],
};
const AUTONOMOUS = /自治(?:区|州|县|旗)$/;

/** Short names for a province (1), prefecture (2) or county (3); never the full name itself. */
export function divisionAliases(name: string, level: 1 | 2 | 3): string[] {
  const out = new Set<string>();
  if (AUTONOMOUS.test(name)) {
    const bare = name.slice(0, -3);
    const base = stripEthnic(bare);
    if (base.length >= MIN_BASE) out.add(base);
    // 恩施州, 湘西州, 伊犁州: the everyday way to write an autonomous prefecture.
    if (level === 2) out.add(`${base}州`);
    if (bare !== base && bare.length >= MIN_BASE) out.add(bare);
  } else {
    const base = stripSuffix(name, SUFFIXES_BY_LEVEL[level]);
    if (base !== undefined) out.add(base);
  }
  // 内蒙 is the everyday short form; the suffix rules only reach 内蒙古.
  if (name === '内蒙古自治区') out.add('内蒙');
  out.delete(name);
  return [...out];
}

const TOWN_SUFFIXES = ['街道', '镇', '乡'];

/**
 * Names a town may still be written under after a 乡→镇 or 镇→街道 upgrade
 * (the NBS name is current, customer records are often older).
 */
export function townVariants(name: string): string[] {
  for (const suffix of TOWN_SUFFIXES) {
    if (name.endsWith(suffix) && name.length - suffix.length >= MIN_BASE) {
      const base = name.slice(0, -suffix.length);
      return TOWN_SUFFIXES.filter((s) => s !== suffix).map((s) => base + s);
    }
  }
  return [];
}
