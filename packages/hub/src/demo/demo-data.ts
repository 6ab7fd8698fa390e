import {
  creditCodeCheckChar,
  luhnCheckDigit,
  orgCodeCheckChar,
  residentIdCheckDigit,
} from '@ecif/core';
import type { Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import { createOrIdentify } from '../customers/create-or-identify.ts';
import type { CreateCustomerInput } from '../customers/customer.types.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceStore } from '../reference/reference-store.ts';

// A small, deterministic demo book of a county rural credit union in Jiangxi: individuals known
// to several systems (so identification and survivorship are visible), farmers' co-operatives
// and companies. Every identifier is valid (check digits computed, not copied).

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强文明海燕春梅小红晓东永红国庆金凤玉兰德明'.split(
    '',
  );
const PLACES = [
  ['360121', '江西省南昌市南昌县', ['莲塘镇', '向塘镇', '黄马乡', '武阳镇', '冈上镇']],
  ['360124', '江西省南昌市进贤县', ['民和镇', '李渡镇', '温圳镇', '文港镇', '梅庄镇']],
  ['360111', '江西省南昌市青山湖区', ['湖坊镇', '塘山镇', '京东镇']],
  ['360781', '江西省赣州市瑞金市', ['象湖镇', '瑞林镇', '壬田镇']],
] as const;
const VILLAGES = ['东湖村', '新建村', '荷塘村', '石桥村', '光明社区', '万家村'];
const CATEGORIES = ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07'];
const OCCUPATIONS = ['5', '5', '5', '4', '6', '3', '2'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T;
}

function idNo(region: string, birth: string, seq: number, male: boolean): string {
  const s = String(seq * 2 + (male ? 1 : 0))
    .padStart(3, '0')
    .slice(-3);
  const body = `${region}${birth.replaceAll('-', '')}${s}`;
  return body + residentIdCheckDigit(body);
}

function cardNo(r: () => number): string {
  let body = '621799';
  while (body.length < 18) body += String(Math.floor(r() * 10));
  return body + luhnCheckDigit(body);
}

function creditCode(r: () => number, region: string): string {
  let org = '';
  while (org.length < 8) org += String(Math.floor(r() * 10));
  org += orgCodeCheckChar(org);
  const body = `93${region}${org}`;
  return body + creditCodeCheckChar(body);
}

export function demoCustomers(count = 40, seed = 20261121): CreateCustomerInput[] {
  const r = rng(seed);
  const out: CreateCustomerInput[] = [];
  for (let i = 0; i < count; i++) {
    const [region, prefix, towns] = pick(r, PLACES);
    const male = r() < 0.5;
    const year = 1950 + Math.floor(r() * 50);
    const birth = `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    const name = pick(r, SURNAMES) + pick(r, GIVEN) + (r() < 0.5 ? pick(r, GIVEN) : '');
    const id = idNo(region, birth, i + 10, male);
    const mobile = `1${pick(r, ['38', '39', '58', '59', '87', '88', '36'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
    const address = `${prefix}${pick(r, towns)}${pick(r, VILLAGES)}${1 + Math.floor(r() * 9)}组${1 + Math.floor(r() * 60)}号`;
    const core: CreateCustomerInput = {
      kind: 'individual',
      source: { system: 'CORE', customerNo: `C${String(100000 + i)}` },
      attributes: {
        name,
        idType: 'RESIDENT_ID',
        idNo: id,
        nationality: 'CHN',
        ethnicity: '01',
        maritalStatus: pick(r, ['10', '20', '20', '20', '30', '40']),
        occupation: pick(r, OCCUPATIONS),
        customerCategory: pick(r, CATEGORIES),
        annualIncome: Math.round(20000 + r() * 180000),
      },
      areas: {
        contacts: [{ contactType: 'MOBILE', value: mobile, isPrimary: true }],
        addresses: [{ addressType: 'RESIDENTIAL', fullText: address, isPrimary: true }],
        accounts: [
          {
            accountNo: cardNo(r),
            accountType: 'DEBIT_CARD',
            productName: '福农卡',
            currency: 'CNY',
            balance: Math.round(r() * 300000) / 1,
            openDate: `${2010 + Math.floor(r() * 14)}-03-15`,
            status: 'ACTIVE',
          },
        ],
        analysis: [{ metric: 'DEPOSIT_AVG', period: '2026-10', value: Math.round(r() * 200000) }],
      },
    };
    out.push(core);
    if (i % 3 === 0) {
      // The loan system knows the same person, with its own codes and a newer employer.
      out.push({
        kind: 'individual',
        source: { system: 'LOAN', customerNo: `L${String(500000 + i)}` },
        attributes: {
          name,
          idType: '0',
          idNo: id,
          gender: male ? 'M' : 'F',
          employer: `${prefix.slice(3)}${pick(r, towns)}农业专业合作社`,
          householdSize: 2 + Math.floor(r() * 5),
        },
        ext: {
          landAreaMu: Math.round(r() * 80),
          mainCrop: pick(r, ['水稻', '生猪', '油菜', '柑橘', '蔬菜']),
        },
        areas: {
          accounts: [
            {
              accountNo: `LN36${String(2024000000 + i)}`,
              accountType: 'LOAN',
              productName: '农户小额信用贷款',
              currency: 'CNY',
              balance: Math.round(r() * 200000),
              openDate: '2024-04-01',
              maturityDate: '2027-04-01',
              status: 'ACTIVE',
            },
          ],
          risk: [
            {
              asOfDate: '2026-10-31',
              fiveLevelClass: r() < 0.9 ? '1' : '2',
              creditLimit: 200000,
              creditUsed: Math.round(r() * 150000),
            },
          ],
          events: [
            {
              eventType: 'APPLICATION',
              occurredAt: '2024-03-20T02:30:00Z',
              channel: 'COUNTER',
              summary: '申请农户小额信用贷款',
            },
          ],
        },
      });
    }
    if (i % 5 === 1) {
      // The card system: a 15-digit legacy ID and a different phone.
      out.push({
        kind: 'individual',
        source: { system: 'CARD', customerNo: `K${String(800000 + i)}` },
        attributes: {
          name,
          idType: '01',
          idNo: year < 2000 ? id.slice(0, 6) + id.slice(8, 17) : id,
          gender: male ? '男' : '女',
        },
        areas: {
          contacts: [
            {
              contactType: 'MOBILE',
              value: `+86 ${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${String((Number(mobile.slice(7)) + 1111) % 10000).padStart(4, '0')}`,
            },
          ],
        },
      });
    }
  }
  const coops = [
    '南昌县荷塘水稻种植专业合作社',
    '进贤县文港毛笔产业有限公司',
    '瑞金市象湖脐橙专业合作社',
    '江西赣南生猪养殖有限公司',
    '南昌青山湖建材贸易有限公司',
  ];
  coops.forEach((name, i) => {
    const [region] = pick(r, PLACES);
    out.push({
      kind: 'corporate',
      source: { system: 'CORE', customerNo: `E${String(300000 + i)}` },
      attributes: {
        name,
        creditCode: creditCode(r, region),
        legalRepName: pick(r, SURNAMES) + pick(r, GIVEN) + pick(r, GIVEN),
        industry: name.includes('贸易') ? 'F' : name.includes('毛笔') ? 'C' : 'A',
        registeredCapital: Math.round(500000 + r() * 9_500_000),
        establishDate: `${2008 + i * 2}-06-18`,
        enterpriseScale: i % 2 === 0 ? 'S' : 'XS',
        customerCategory: name.includes('合作社') ? 'C01' : 'C04',
      },
      ext: name.includes('合作社') ? { cooperativeMembers: 20 + Math.floor(r() * 200) } : {},
      areas: {
        addresses: [
          { addressType: 'REGISTERED', fullText: `${pick(r, PLACES)[1]}工业园区${i + 1}号` },
        ],
      },
    });
  });
  return out;
}

/** Loads the demo book into an empty hub (does nothing when customers already exist). */
export async function loadDemoData(
  db: Kysely<DB>,
  reference: ReferenceStore,
  ctx: OpContext,
): Promise<number> {
  const existing = await db
    .selectFrom('customer')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  if (Number(existing?.n ?? 0) > 0) return 0;
  const ref = await reference.get();
  let created = 0;
  for (const input of demoCustomers()) {
    const result = await createOrIdentify(db, ref, input, ctx);
    if (result.outcome === 'created') created++;
  }
  return created;
}
