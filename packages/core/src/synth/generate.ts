import { luhnCheckDigit } from '../validation/bank-card.ts';
import { creditCodeCheckChar, orgCodeCheckChar } from '../validation/credit-code.ts';
import { residentIdCheckDigit } from '../validation/national-id.ts';
import { columnIndex, SYNTH_SYSTEMS, synthMapping, type SynthSystem } from './mappings.ts';
import type { SourceMapping } from '../batch/source-mapping.ts';
import { createRandom, type Random } from './random.ts';

/** The hard cases identification must survive; every one is tagged in the ground truth. */
export const HARD_CASES = [
  'homophoneName',
  'traditionalName',
  'idTypo',
  'idTransposition',
  'legacyId15',
  'lowercaseX',
  'changedPhone',
  'sharedFamilyPhone',
  'abbreviatedAddress',
  'duplicateInSystem',
  'twins',
  'relativesAtAddress',
  'companyNameVariant',
  'companyProvincePrefix',
  'orgCodeOnly',
  'branchCompany',
] as const;
export type HardCase = (typeof HARD_CASES)[number];

export interface SynthOptions {
  readonly people: number;
  readonly companies: number;
  readonly seed?: number;
}

/** The true entity behind one source record, with the hard cases that record carries. */
export interface TruthRow {
  readonly system: SynthSystem;
  readonly sourceCustomerNo: string;
  readonly entityId: string;
  readonly cases: readonly HardCase[];
}

/** Receives records as they are generated, so a writer can stream 200,000 people. */
export interface SynthSink {
  readonly row: (system: SynthSystem, fields: readonly string[]) => void;
  readonly truth: (row: TruthRow) => void;
}

export interface SynthSummary {
  readonly records: Readonly<Record<SynthSystem, number>>;
  /** Sum of the LOAN amount column (fen), for the control trailer. */
  readonly loanAmountSum: bigint;
  readonly hardCases: Readonly<Record<HardCase, number>>;
}

// ---------------------------------------------------------------------------------------------
// Reference data: a few Jiangxi counties with towns and villages, names common in the province.

interface County {
  readonly code: string;
  readonly city: string;
  readonly county: string;
  readonly towns: readonly string[];
}

const COUNTIES: readonly County[] = [
  {
    code: '360121',
    city: '南昌',
    county: '南昌县',
    towns: ['莲塘镇', '向塘镇', '武阳镇', '冈上镇'],
  },
  {
    code: '360124',
    city: '南昌',
    county: '进贤县',
    towns: ['民和镇', '李渡镇', '文港镇', '温圳镇'],
  },
  { code: '360123', city: '南昌', county: '安义县', towns: ['龙津镇', '鼎湖镇', '石鼻镇'] },
  { code: '360111', city: '南昌', county: '青山湖区', towns: ['湖坊镇', '塘山镇', '京东镇'] },
  { code: '360781', city: '赣州', county: '瑞金市', towns: ['象湖镇', '瑞林镇', '壬田镇'] },
  { code: '360732', city: '赣州', county: '兴国县', towns: ['潋江镇', '长冈乡', '埠头乡'] },
  { code: '360425', city: '九江', county: '永修县', towns: ['涂埠镇', '吴城镇', '艾城镇'] },
  { code: '360681', city: '鹰潭', county: '贵溪市', towns: ['雄石街道', '志光镇', '塘湾镇'] },
  { code: '360982', city: '宜春', county: '樟树市', towns: ['临江镇', '永泰镇', '大桥街道'] },
  { code: '361121', city: '上饶', county: '上饶县', towns: ['旭日街道', '皂头镇', '田墩镇'] },
];
const VILLAGES = ['东湖村', '新建村', '荷塘村', '石桥村', '光明社区', '万家村', '陈坊村', '下湾村'];
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段洪钱汤尹黎易常武乔贺赖龚文',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志文海燕春梅红东庆金凤玉德秀辉斌鹏飞云琴亮健斌林波宇浩凯',
];
// Same toneless pinyin, different character: what a teller types from a spoken name.
const HOMOPHONES: Readonly<Record<string, string>> = {
  张: '章',
  伟: '玮',
  王: '汪',
  刘: '柳',
  吴: '伍',
  徐: '许',
  杨: '阳',
  芳: '方',
  静: '靖',
  丽: '莉',
  军: '君',
  勇: '永',
  杰: '洁',
  明: '鸣',
  华: '桦',
  平: '萍',
  红: '宏',
  东: '冬',
  刚: '钢',
  英: '瑛',
  涛: '韬',
  敏: '闽',
  燕: '艳',
  文: '雯',
  波: '博',
  林: '琳',
};
// Simplified → traditional, as typed by branches with old terminals or Hong Kong customers.
const TRADITIONAL: Readonly<Record<string, string>> = {
  张: '張',
  伟: '偉',
  刘: '劉',
  陈: '陳',
  杨: '楊',
  黄: '黃',
  赵: '趙',
  吴: '吳',
  孙: '孫',
  马: '馬',
  郑: '鄭',
  冯: '馮',
  邓: '鄧',
  叶: '葉',
  苏: '蘇',
  卢: '盧',
  华: '華',
  国: '國',
  红: '紅',
  丽: '麗',
  军: '軍',
  强: '強',
  兰: '蘭',
  凤: '鳳',
  东: '東',
  庆: '慶',
  涛: '濤',
  杰: '傑',
  艳: '艷',
  钟: '鍾',
  龙: '龍',
  汤: '湯',
  贺: '賀',
  龚: '龔',
  辉: '輝',
  飞: '飛',
  云: '雲',
  鹏: '鵬',
  凯: '凱',
  萧: '蕭',
  许: '許',
  谢: '謝',
  韩: '韓',
};
const MOBILE_PREFIXES = [
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '182',
  '183',
  '187',
  '188',
  '130',
  '131',
  '132',
  '155',
  '156',
  '185',
  '186',
  '133',
  '153',
  '180',
  '181',
  '189',
  '177',
  '199',
];
const BUSINESS_WORDS = [
  '绿源',
  '赣鄱',
  '红土地',
  '丰禾',
  '鑫达',
  '恒通',
  '华瑞',
  '金穗',
  '庐山',
  '井冈',
  '稻香',
  '百川',
  '兴农',
  '瑞丰',
  '天和',
  '新农',
];
const INDUSTRIES = [
  '农业发展',
  '农产品加工',
  '建材',
  '物流',
  '商贸',
  '茶业',
  '水产养殖',
  '米业',
  '竹木制品',
  '农机服务',
  '生猪养殖',
  '脐橙种植',
];

// ---------------------------------------------------------------------------------------------

interface Person {
  readonly id: string;
  readonly name: string;
  readonly male: boolean;
  readonly birth: string; // YYYYMMDD
  readonly idNo: string; // canonical 18
  readonly address: Address;
  readonly mobile: string;
  /** Set when the person has a second, newer mobile number another system already knows. */
  readonly newMobile: string | undefined;
  /** A family number shared at the household (e.g. the head's phone given by a spouse). */
  readonly familyMobile: string | undefined;
  readonly twin: boolean;
  readonly relative: boolean;
}

interface Address {
  readonly county: County;
  readonly town: string;
  readonly village: string;
  readonly house: number;
}

interface Company {
  readonly id: string;
  readonly core: string; // e.g. 绿源农业发展
  readonly county: County;
  readonly provincePrefix: boolean;
  readonly branchOf: Company | undefined;
  readonly creditCode: string;
  readonly orgCode: string; // XXXXXXXX-C
  readonly legalRep: Person | undefined;
  readonly legalRepName: string;
  readonly phone: string;
  readonly established: string;
  readonly capitalFen: number;
  readonly address: Address;
}

function fullAddress(a: Address): string {
  return `江西省${a.county.city}市${a.county.county}${a.town}${a.village}${a.house}号`;
}

/** `江西南昌南昌县…`: what branches type when the province and city are "obvious". */
function abbreviatedAddress(a: Address): string {
  return `江西${a.county.city}${a.county.county}${a.town}${a.village}${a.house}号`;
}

function residentId(region: string, birth: string, seq: number, male: boolean): string {
  // Odd sequence = male (GB 11643); keep three digits.
  let s = seq % 1000;
  if ((s % 2 === 1) !== male) s = (s + 1) % 1000;
  const body = `${region}${birth}${String(s).padStart(3, '0')}`;
  return body + residentIdCheckDigit(body);
}

function mobile(r: Random): string {
  return r.pick(MOBILE_PREFIXES) + r.digits(8);
}

function randomBirth(r: Random, fromYear: number, toYear: number): string {
  const y = r.int(fromYear, toYear);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

function givenName(r: Random): string {
  return r.pick(GIVEN) + (r.chance(0.7) ? r.pick(GIVEN) : '');
}

function replaceChars(
  name: string,
  table: Readonly<Record<string, string>>,
  all: boolean,
): string | undefined {
  let changed = false;
  let out = '';
  for (const ch of name) {
    const alt = table[ch];
    if (alt !== undefined && alt !== ch && (all || !changed)) {
      out += alt;
      changed = true;
    } else out += ch;
  }
  return changed ? out : undefined;
}

/** One digit changed (never the check digit, so the record is clearly corrupted, not re-keyed). */
function idTypo(r: Random, id: string): string {
  const pos = r.int(6, 16);
  const old = Number(id[pos]);
  const digit = (old + r.int(1, 9)) % 10;
  return id.slice(0, pos) + String(digit) + id.slice(pos + 1);
}

/** Two adjacent, different digits swapped; MOD 11-2 catches every such swap. */
function idTransposition(r: Random, id: string): string | undefined {
  for (let attempt = 0; attempt < 10; attempt++) {
    const pos = r.int(6, 15);
    if (id[pos] !== id[pos + 1]) {
      return id.slice(0, pos) + (id[pos + 1] ?? '') + (id[pos] ?? '') + id.slice(pos + 2);
    }
  }
  return undefined;
}

function toLegacy15(id: string): string {
  return id.slice(0, 6) + id.slice(8, 17);
}

function orgCode(r: Random): string {
  const body = r.digits(8);
  return `${body}-${orgCodeCheckChar(body)}`;
}

function creditCodeFor(org: string, region: string): string {
  const body = `91${region}${org.replace('-', '')}`;
  return body + creditCodeCheckChar(body);
}

function cardNo(r: Random): string {
  const body = `622848${r.digits(12)}`;
  return body + luhnCheckDigit(body);
}

// ---------------------------------------------------------------------------------------------

function buildPeople(r: Random, count: number): Person[] {
  const people: Person[] = [];
  let seq = 0;
  const nextId = (): string => `P${String(people.length + 1).padStart(7, '0')}`;
  while (people.length < count) {
    const county = r.pick(COUNTIES);
    const address: Address = {
      county,
      town: r.pick(county.towns),
      village: r.pick(VILLAGES),
      house: r.int(1, 300),
    };
    const surname = r.pick(SURNAMES);
    // Households of 1–4: relatives share the address and often one family phone.
    const size = Math.min(count - people.length, r.chance(0.45) ? 1 : r.int(2, 4));
    const familyPhone = mobile(r);
    const shareFamilyPhone = size > 1 && r.chance(0.3);
    const householdTwins = size >= 3 && r.chance(0.12);
    const twinBirth = randomBirth(r, 1975, 2004);
    for (let k = 0; k < size; k++) {
      const male = r.chance(0.5);
      const twin = householdTwins && k >= size - 2;
      const birth = twin ? twinBirth : randomBirth(r, k === 0 ? 1940 : 1950, 2005);
      const name = (k === 0 || r.chance(0.7) ? surname : r.pick(SURNAMES)) + givenName(r);
      seq += 2;
      people.push({
        id: nextId(),
        name,
        male,
        birth,
        idNo: residentId(county.code, birth, (seq % 997) + 1, male),
        address,
        mobile: k === 0 ? familyPhone : mobile(r),
        newMobile: r.chance(0.06) ? mobile(r) : undefined,
        familyMobile: shareFamilyPhone && k > 0 ? familyPhone : undefined,
        twin,
        relative: size > 1,
      });
    }
  }
  return people;
}

function buildCompanies(r: Random, count: number, people: readonly Person[]): Company[] {
  const companies: Company[] = [];
  const nextId = (): string => `C${String(companies.length + 1).padStart(7, '0')}`;
  while (companies.length < count) {
    const county = r.pick(COUNTIES);
    const core = r.pick(BUSINESS_WORDS) + r.pick(INDUSTRIES);
    const org = orgCode(r);
    const rep = people.length > 0 && r.chance(0.8) ? r.pick(people) : undefined;
    const address: Address = {
      county,
      town: r.pick(county.towns),
      village: r.pick(VILLAGES),
      house: r.int(1, 300),
    };
    const parent: Company = {
      id: nextId(),
      core,
      county,
      provincePrefix: r.chance(0.6),
      branchOf: undefined,
      creditCode: creditCodeFor(org, county.code),
      orgCode: org,
      legalRep: rep,
      legalRepName: rep?.name ?? r.pick(SURNAMES) + givenName(r),
      phone: `0791${r.digits(8)}`,
      established: randomBirth(r, 1995, 2023),
      capitalFen: r.int(10, 5000) * 1_000_000,
      address,
    };
    companies.push(parent);
    // A branch (…南昌分公司) is a different legal person with a near-identical name.
    if (companies.length < count && parent.provincePrefix && r.chance(0.15)) {
      const branchOrg = orgCode(r);
      const branchCounty = r.pick(COUNTIES);
      companies.push({
        ...parent,
        id: nextId(),
        county: branchCounty,
        branchOf: parent,
        creditCode: creditCodeFor(branchOrg, branchCounty.code),
        orgCode: branchOrg,
        phone: `0791${r.digits(8)}`,
        established: randomBirth(r, Number(parent.established.slice(0, 4)), 2024),
        address: { ...address, county: branchCounty, town: r.pick(branchCounty.towns) },
      });
    }
  }
  return companies;
}

function companyLegalName(c: Company, variant: { limited: boolean; prefix: boolean }): string {
  const suffix = variant.limited ? '有限责任公司' : '有限公司';
  const base = `${variant.prefix ? '江西' : ''}${c.core}${suffix}`;
  return c.branchOf ? `${base}${c.county.city}分公司` : base;
}

// ---------------------------------------------------------------------------------------------

/**
 * Generates `people` individuals and `companies` corporates of a Jiangxi rural credit union as
 * they appear in five source systems, with the hard cases identification has to get right.
 * Pure and deterministic for a seed; records are pushed to `sink` as they are made.
 */
export function synthesize(options: SynthOptions, sink: SynthSink): SynthSummary {
  const r = createRandom(options.seed ?? 20260101);
  const people = buildPeople(r, options.people);
  const companies = buildCompanies(r, options.companies, people);
  const records = Object.fromEntries(SYNTH_SYSTEMS.map((s) => [s, 0])) as Record<
    SynthSystem,
    number
  >;
  const hardCases = Object.fromEntries(HARD_CASES.map((c) => [c, 0])) as Record<HardCase, number>;
  let loanAmountSum = 0n;
  const col = Object.fromEntries(SYNTH_SYSTEMS.map((s) => [s, columnIndex(s)])) as Record<
    SynthSystem,
    Readonly<Record<string, number>>
  >;
  const width = Object.fromEntries(
    SYNTH_SYSTEMS.map((s) => [s, synthMapping(s).columns.length]),
  ) as Record<SynthSystem, number>;
  const serial: Record<SynthSystem, number> = { CORE: 0, LOAN: 0, CARD: 0, WEALTH: 0, CORP: 0 };
  const prefix: Record<SynthSystem, string> = {
    CORE: '8801',
    LOAN: 'LN',
    CARD: 'CH',
    WEALTH: 'WM',
    CORP: 'E',
  };

  const emit = (
    system: SynthSystem,
    entityId: string,
    cases: HardCase[],
    values: Readonly<Record<string, string>>,
    customerNo?: string,
  ): string => {
    const fields = new Array<string>(width[system]).fill('');
    const no = customerNo ?? `${prefix[system]}${String(++serial[system]).padStart(10, '0')}`;
    fields[0] = no;
    for (const [name, value] of Object.entries(values)) {
      const i = col[system][name];
      if (i === undefined) throw new Error(`${system} has no column ${name}`);
      fields[i] = value;
    }
    if (system === 'LOAN') loanAmountSum += BigInt(values.LOAN_BAL ?? '0');
    records[system]++;
    for (const c of cases) hardCases[c]++;
    sink.row(system, fields);
    sink.truth({ system, sourceCustomerNo: no, entityId, cases });
    return no;
  };

  for (const p of people) {
    const inCore = r.chance(0.9);
    const systems: SynthSystem[] = [];
    if (inCore) systems.push('CORE');
    if (r.chance(0.3)) systems.push('LOAN');
    if (r.chance(0.5)) systems.push('CARD');
    if (r.chance(0.15) && Number(p.birth.slice(0, 4)) < 1995) systems.push('WEALTH');
    if (systems.length === 0) systems.push('CARD');
    // The newest number is known only to the system the customer last visited.
    const newestAt = p.newMobile && systems.length > 1 ? systems[systems.length - 1] : undefined;
    for (const system of systems) {
      const cases: HardCase[] = [];
      if (p.twin) cases.push('twins');
      if (p.relative) cases.push('relativesAtAddress');
      let name = p.name;
      if (r.chance(0.03)) {
        const alt = replaceChars(p.name, HOMOPHONES, r.chance(0.5));
        if (alt) {
          name = alt;
          cases.push('homophoneName');
        }
      } else if (r.chance(0.02)) {
        const alt = replaceChars(p.name, TRADITIONAL, true);
        if (alt) {
          name = alt;
          cases.push('traditionalName');
        }
      }
      let idNo = p.idNo;
      const roll = r.next();
      if (roll < 0.01) {
        idNo = idTypo(r, idNo);
        cases.push('idTypo');
      } else if (roll < 0.018) {
        const swapped = idTransposition(r, idNo);
        if (swapped) {
          idNo = swapped;
          cases.push('idTransposition');
        }
      } else if (
        (system === 'CORE' || system === 'LOAN') &&
        Number(p.birth.slice(0, 4)) < 1985 &&
        r.chance(0.2)
      ) {
        idNo = toLegacy15(idNo);
        cases.push('legacyId15');
      } else if (
        (system === 'CARD' || system === 'WEALTH') &&
        idNo.endsWith('X') &&
        r.chance(0.5)
      ) {
        idNo = idNo.toLowerCase();
        cases.push('lowercaseX');
      }
      let phone = p.mobile;
      if (system === newestAt && p.newMobile) {
        phone = p.newMobile;
        cases.push('changedPhone');
      } else if (p.familyMobile && r.chance(0.6)) {
        phone = p.familyMobile;
        cases.push('sharedFamilyPhone');
      }
      let addr = fullAddress(p.address);
      if (system !== 'CORE' && r.chance(0.2)) {
        addr = abbreviatedAddress(p.address);
        cases.push('abbreviatedAddress');
      }
      emitPerson(system, p, cases, { name, idNo, phone, addr });
      // Branches re-open a customer instead of finding the existing number.
      if (system === 'CORE' && r.chance(0.015)) {
        emitPerson(system, p, ['duplicateInSystem'], {
          name: p.name,
          idNo: p.idNo,
          phone: mobile(r),
          addr: fullAddress(p.address),
        });
      }
    }
  }

  function emitPerson(
    system: SynthSystem,
    p: Person,
    cases: HardCase[],
    v: { name: string; idNo: string; phone: string; addr: string },
  ): void {
    const b = p.birth;
    switch (system) {
      case 'CORE':
        emit(system, p.id, cases, {
          CUST_TYPE: '1',
          CUST_NAME: v.name,
          ID_TYPE: '10',
          ID_NO: v.idNo,
          GENDER: p.male ? '1' : '2',
          BIRTH_DT: b,
          MOBILE: v.phone,
          ADDR: v.addr,
          OPEN_DT: randomBirth(r, 2005, 2025),
          BRANCH: `${p.address.county.code.slice(2)}${r.digits(2)}`,
        });
        break;
      case 'LOAN':
        emit(system, p.id, cases, {
          BORROWER_KIND: 'P',
          BORROWER_NAME: v.name,
          GENDER: p.male ? 'M' : 'F',
          CERT_TYPE: '01',
          CERT_NO: v.idNo,
          BIRTH: `${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6)}`,
          MOBILE: v.phone,
          ADDR: v.addr,
          LOAN_ACCT: `3601${r.digits(15)}`,
          LOAN_BAL: String(r.int(1, 5000) * 10_000 + r.int(0, 9999)),
        });
        break;
      case 'CARD':
        emit(system, p.id, cases, {
          HOLDER_NAME: v.name,
          SEX: p.male ? '男' : '女',
          CERT_TYPE: '身份证',
          CERT_NO: v.idNo,
          BIRTHDAY: `${b.slice(0, 4)}/${b.slice(4, 6)}/${b.slice(6)}`,
          MOBILE: v.phone,
          MAIL_ADDR: v.addr,
          CARD_NO: cardNo(r),
        });
        break;
      case 'WEALTH':
        emit(system, p.id, cases, {
          CUST_NAME: v.name,
          SEX_CD: p.male ? '01' : '02',
          CERT_TP: 'A',
          CERT_NO: v.idNo,
          BIRTH_DT: b.slice(2),
          MOBILE: v.phone,
          EMAIL: r.chance(0.3) ? `${p.id.toLowerCase()}@example.cn` : '',
          ADDR: v.addr,
          RISK_LEVEL: `R${r.int(1, 5)}`,
        });
        break;
      case 'CORP':
        throw new Error('individuals are not in the corporate extract');
    }
  }

  for (const c of companies) {
    const systems: SynthSystem[] = ['CORP'];
    if (r.chance(0.7)) systems.push('CORE');
    if (r.chance(0.4)) systems.push('LOAN');
    for (const system of systems) {
      const cases: HardCase[] = [];
      if (c.branchOf) cases.push('branchCompany');
      const limited = r.chance(0.25);
      // The province prefix is dropped or added by a source that re-keyed the name.
      const prefixFlip = r.chance(0.2);
      if (limited) cases.push('companyNameVariant');
      if (prefixFlip) cases.push('companyProvincePrefix');
      const name = companyLegalName(c, {
        limited,
        prefix: prefixFlip ? !c.provincePrefix : c.provincePrefix,
      });
      // Legacy core records predate 2015 credit codes: only the organisation code is known.
      const orgOnly = system === 'CORE' && r.chance(0.15);
      if (orgOnly) cases.push('orgCodeOnly');
      const addr = fullAddress(c.address);
      switch (system) {
        case 'CORP':
          emit(system, c.id, cases, {
            CORP_NAME: name,
            USCC: c.creditCode,
            ORG_CODE: r.chance(0.5) ? c.orgCode : '',
            LEGAL_REP: c.legalRepName,
            LEGAL_REP_ID: c.legalRep?.idNo ?? '',
            REG_CAPITAL: String(c.capitalFen),
            ESTABLISH_DT: c.established,
            PHONE: c.phone,
            REG_ADDR: addr,
          });
          break;
        case 'CORE':
          emit(system, c.id, cases, {
            CUST_TYPE: '2',
            CUST_NAME: name,
            CREDIT_CODE: orgOnly ? '' : c.creditCode,
            ORG_CODE: orgOnly || r.chance(0.3) ? c.orgCode : '',
            ADDR: addr,
            OPEN_DT: randomBirth(r, Math.max(2005, Number(c.established.slice(0, 4))), 2025),
            BRANCH: `${c.county.code.slice(2)}${r.digits(2)}`,
          });
          break;
        case 'LOAN':
          emit(system, c.id, cases, {
            BORROWER_KIND: 'E',
            BORROWER_NAME: name,
            USCC: c.creditCode,
            ADDR: addr,
            LOAN_ACCT: `3602${r.digits(15)}`,
            LOAN_BAL: String(r.int(10, 50_000) * 100_000),
          });
          break;
        case 'CARD':
        case 'WEALTH':
          throw new Error('companies are not in retail systems');
      }
    }
  }
  return { records, loanAmountSum, hardCases };
}

export interface SynthSource {
  readonly system: SynthSystem;
  readonly mapping: SourceMapping;
  /** String fields in the mapping's column order. */
  readonly rows: string[][];
}

export interface SynthData {
  readonly sources: readonly SynthSource[];
  readonly truth: readonly TruthRow[];
  readonly summary: SynthSummary;
}

/** Collects everything in memory: for tests and small demos (the CLI streams instead). */
export function generateSynthData(options: SynthOptions): SynthData {
  const rows = Object.fromEntries(SYNTH_SYSTEMS.map((s) => [s, [] as string[][]])) as Record<
    SynthSystem,
    string[][]
  >;
  const truth: TruthRow[] = [];
  const summary = synthesize(options, {
    row: (system, fields) => rows[system].push([...fields]),
    truth: (t) => truth.push(t),
  });
  return {
    sources: SYNTH_SYSTEMS.map((system) => ({
      system,
      mapping: synthMapping(system),
      rows: rows[system],
    })),
    truth,
    summary,
  };
}
