import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPOUND_SURNAMES,
  corporateNameKey,
  nameSearchKeys,
  normalizeNameText,
  personNameKeys,
  splitSurname,
} from './normalize-name.ts';

const MIDDLE_DOT = '\u00B7';

// Arbitraries -----------------------------------------------------------------------------------

const codePoint = (min: number, max: number) =>
  fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));

/** Common CJK (URO), Ext-A and Ext-B ideographs: the ranges names are written in. */
const hanChar = fc.oneof(
  { weight: 8, arbitrary: codePoint(0x4e00, 0x9fff) },
  { weight: 1, arbitrary: codePoint(0x3400, 0x4dbf) },
  { weight: 1, arbitrary: codePoint(0x20000, 0x2a6df) },
);
const hanName = fc.string({ unit: hanChar, minLength: 1, maxLength: 6 });

/** Characters that exercise every normalization rule, mixed with arbitrary code points. */
const trickyChar = fc.oneof(
  hanChar,
  fc.constantFrom(...' \u3000\t\n\u00A0\u200B\uFEFF\u00AD\uFE0F'),
  fc.constantFrom(...'·•・‧∙･．.。﹒⋅ꞏ\u0387'),
  fc.constantFrom(...'AbZ１Ｚ（）【】-\u0301\u0316é'),
  codePoint(0, 0x10ffff),
  codePoint(0xd800, 0xdfff), // lone surrogates
);
const trickyString = fc.string({ unit: trickyChar, maxLength: 16 });
const anyString = fc.oneof(trickyString, fc.string({ unit: 'binary' }), fc.string());

// Text normalization -------------------------------------------------------------------------

describe('normalizeNameText', () => {
  it.each([
    ['张　伟', '张伟'],
    ['张 伟', '张伟'],
    ['  张   伟  ', '张伟'],
    ['张\t伟\n', '张伟'],
    ['张\u200B伟', '张伟'],
    ['\uFEFF张伟', '张伟'],
    ['張偉', '張偉'],
    ['John   Smith', 'John Smith'],
    ['Ｊｏｈｎ　Ｓｍｉｔｈ', 'John Smith'],
    ['张 A 伟', '张A伟'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeNameText(input)).toBe(expected);
  });

  it.each(['·', '•', '・', '‧', '∙', '･', '．', '.', '。'])(
    'maps the separator %j between name parts to U+00B7',
    (dot) => {
      expect(normalizeNameText(`阿依古丽${dot}买买提`)).toBe(`阿依古丽${MIDDLE_DOT}买买提`);
      expect(normalizeNameText(`阿依古丽 ${dot} 买买提`)).toBe(`阿依古丽${MIDDLE_DOT}买买提`);
    },
  );

  it('maps the ID-card example 阿依古丽•买买提 to U+00B7', () => {
    const normalized = normalizeNameText('阿依古丽•买买提');
    expect(normalized).toBe('阿依古丽\u00B7买买提');
    expect(Array.from(normalized)[4]?.codePointAt(0)).toBe(0xb7);
  });

  it('keeps an ASCII full stop between Latin letters (an initial, not a separator)', () => {
    expect(normalizeNameText('J. Smith')).toBe('J. Smith');
    expect(normalizeNameText('Ｊｏｈｎ．Ｓｍｉｔｈ')).toBe(`John${MIDDLE_DOT}Smith`);
  });

  it('drops stray and repeated middle dots', () => {
    expect(normalizeNameText('·张伟·')).toBe('张伟');
    expect(normalizeNameText('阿依古丽··买买提')).toBe(`阿依古丽${MIDDLE_DOT}买买提`);
  });

  it('keeps characters outside the BMP and outside GBK', () => {
    expect(normalizeNameText('𠀀 伟')).toBe('𠀀伟');
    expect(normalizeNameText('郑𬱖')).toBe('郑𬱖');
  });

  it('never joins two lone surrogate halves into a character (found by the property below)', () => {
    const text = '\ud834\ufe0f\udd73';
    const once = normalizeNameText(text);
    expect(normalizeNameText(once)).toBe(once);
    expect(once).toBe('\ufffd\ufffd');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const once = normalizeNameText(s);
        expect(normalizeNameText(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('output has no edge spaces, no space next to Han and no other dot variant', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const out = normalizeNameText(s);
        expect(out).toBe(out.trim());
        expect(out).not.toMatch(/\p{Script=Han} | \p{Script=Han}/u);
        expect(out).not.toMatch(/[•・‧∙･]|\s\s/u);
      }),
      { numRuns: 1000 },
    );
  });
});

// Person names ---------------------------------------------------------------------------------

describe('personNameKeys pinyin (DOMAIN-NOTES §3 vectors)', () => {
  it.each([
    ['单雄信', 'shanxiongxin'],
    ['曾国藩', 'zengguofan'],
    ['尉迟恭', 'yuchigong'],
    ['长孙无忌', 'zhangsunwuji'],
    ['万俟卨', 'moqixie'],
    ['仇大', 'qiuda'],
    ['朴大', 'piaoda'],
    ['解大', 'xieda'],
    ['区大', 'ouda'],
    ['欧阳娜娜', 'ouyangnana'],
  ])('%s → %s', (name, expected) => {
    expect(personNameKeys(name).pinyin).toBe(expected);
  });

  it('gives initials per character: 欧阳娜娜 → oynn', () => {
    expect(personNameKeys('欧阳娜娜').initials).toBe('oynn');
    expect(personNameKeys('单雄信').initials).toBe('sxx');
  });

  it('reads surnames correctly in traditional characters too', () => {
    expect(personNameKeys('單雄信').pinyin).toBe('shanxiongxin');
    expect(personNameKeys('尉遲恭').pinyin).toBe('yuchigong');
    expect(personNameKeys('長孫無忌').pinyin).toBe('zhangsunwuji');
    expect(personNameKeys('萬俟卨').pinyin).toBe('moqixie');
    expect(personNameKeys('區大').pinyin).toBe('ouda');
  });

  it('applies surname readings only to the surname', () => {
    expect(personNameKeys('曾乐').pinyin).toBe('zengle');
    expect(personNameKeys('李单').pinyin).toBe('lidan');
  });

  it('does not take the given-name reading from the simplified form (李乾 ≠ 李干)', () => {
    const keys = personNameKeys('李乾');
    expect(keys.simplified).toBe('李干');
    expect(keys.pinyin).toBe('liqian');
  });

  it('writes ü as v so the key stays ASCII', () => {
    expect(personNameKeys('吕布').pinyin).toBe('lvbu');
    expect(personNameKeys('女娲').pinyin).toBe('nvwa');
  });
});

describe('personNameKeys equivalences', () => {
  it('張偉 and 张伟 share simplified and pinyin, not normalized', () => {
    const trad = personNameKeys('張偉');
    const simp = personNameKeys('张伟');
    expect(trad.simplified).toBe(simp.simplified);
    expect(trad.pinyin).toBe(simp.pinyin);
    expect(trad.normalized).not.toBe(simp.normalized);
  });

  it('张伟 and 章玮 share pinyin and initials but not simplified', () => {
    const a = personNameKeys('张伟');
    const b = personNameKeys('章玮');
    expect(a.pinyin).toBe('zhangwei');
    expect(b.pinyin).toBe('zhangwei');
    expect(a.initials).toBe(b.initials);
    expect(a.simplified).not.toBe(b.simplified);
  });

  it.each(['张　伟', '张 伟', ' 张伟 ', '张\u200B伟'])('%j has the same keys as 张伟', (input) => {
    expect(personNameKeys(input)).toEqual(personNameKeys('张伟'));
  });

  // Known weaker key: OpenCC folds 於 (a distinct mainland surname) into 于, so agreement on
  // `simplified` alone must be scored lower than agreement on `normalized`.
  it('keeps 於丹 distinct from 于丹 in normalized; simplified merges them', () => {
    const yu1 = personNameKeys('於丹');
    const yu2 = personNameKeys('于丹');
    expect(yu1.normalized).not.toBe(yu2.normalized);
    expect(yu1.simplified).toBe(yu2.simplified);
  });

  it('romanizes minority names with · without separators', () => {
    const keys = personNameKeys('阿依古丽•买买提');
    expect(keys.normalized).toBe(`阿依古丽${MIDDLE_DOT}买买提`);
    expect(keys.pinyin).toBe('ayigulimaimaiti');
    expect(keys.initials).toBe('ayglmmt');
    expect(keys.surname).toBe('');
  });

  it('keeps Latin names as lower-case letters, one initial per word', () => {
    const keys = personNameKeys('John  Smith');
    expect(keys).toMatchObject({ normalized: 'John Smith', pinyin: 'johnsmith', initials: 'js' });
    expect(personNameKeys('José Müller').pinyin).toBe('josemuller');
  });

  it('lets a pinyin-spelled name meet its Han form on pinyin and initials', () => {
    const latin = personNameKeys('ZHANG Wei');
    const han = personNameKeys('张伟');
    expect(latin.pinyin).toBe(han.pinyin);
    expect(latin.initials).toBe(han.initials);
  });

  it('keeps characters pinyin-pro does not know in text keys but not in pinyin', () => {
    const keys = personNameKeys('𠀀伟');
    expect(keys.normalized).toBe('𠀀伟');
    expect(keys.surname).toBe('𠀀');
    expect(keys.pinyin).toBe('wei');
    expect(personNameKeys('王😀').pinyin).toBe('wang');
  });

  it('handles the empty string', () => {
    expect(personNameKeys('')).toEqual({
      normalized: '',
      simplified: '',
      pinyin: '',
      initials: '',
      surname: '',
      givenName: '',
      compoundSurname: false,
      alternativeSurnames: [],
    });
  });
});

describe('surnames', () => {
  it('lists the 53 compound surnames of DOMAIN-NOTES, each two Han characters, no duplicates', () => {
    expect(COMPOUND_SURNAMES).toHaveLength(53);
    expect(new Set(COMPOUND_SURNAMES).size).toBe(53);
    for (const s of COMPOUND_SURNAMES) expect(s).toMatch(/^\p{Script=Han}{2}$/u);
    expect(COMPOUND_SURNAMES).toEqual(expect.arrayContaining(['欧阳', '单于', '万俟', '段干']));
  });

  it('splits single and compound surnames', () => {
    expect(splitSurname('张伟')).toEqual({
      surname: '张',
      givenName: '伟',
      compoundSurname: false,
      alternativeSurnames: [],
    });
    expect(splitSurname('欧阳娜娜')).toMatchObject({
      surname: '欧阳',
      givenName: '娜娜',
      compoundSurname: true,
    });
    expect(splitSurname('歐陽娜娜')).toMatchObject({ surname: '歐陽', compoundSurname: true });
  });

  it.each([
    ['单于丹', ['单于', '单']],
    ['东方红', ['东方', '东']],
  ])('lists both parses of the ambiguous %s', (name, parses) => {
    const keys = personNameKeys(name);
    expect(keys.compoundSurname).toBe(true);
    expect(keys.alternativeSurnames).toEqual(parses);
  });

  it('reads a two-character name as surname + given name even if it spells a compound', () => {
    expect(splitSurname('东方')).toMatchObject({ surname: '东', givenName: '方' });
  });

  it('infers no surname for dotted or Latin names', () => {
    expect(splitSurname('阿依古丽·买买提')).toMatchObject({ surname: '' });
    expect(splitSurname('John Smith')).toMatchObject({ surname: '', givenName: 'John Smith' });
  });

  it('surname + givenName rebuild the normalized Han name', () => {
    fc.assert(
      fc.property(hanName, (name) => {
        const keys = personNameKeys(name);
        expect(keys.surname + keys.givenName).toBe(keys.normalized);
      }),
    );
  });
});

describe('personNameKeys properties', () => {
  it('never throws, on arbitrary strings including emoji, Ext-B, lone surrogates and ""', () => {
    for (const s of ['', '😀', '𠀀', '\uD800', '👨‍👩‍👧', '·', ' ', '..']) {
      expect(() => personNameKeys(s)).not.toThrow();
    }
    fc.assert(
      fc.property(anyString, (s) => {
        personNameKeys(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives pinyin and initials of only a-z for Han input', () => {
    fc.assert(
      fc.property(hanName, (name) => {
        const { pinyin, initials } = personNameKeys(name);
        expect(pinyin).toMatch(/^[a-z]*$/);
        expect(initials).toMatch(/^[a-z]*$/);
        expect(initials.length).toBeLessThanOrEqual(Array.from(name).length);
      }),
      { numRuns: 500 },
    );
  });

  it('gives pinyin of only a-z and 0-9 for any input', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(personNameKeys(s).pinyin).toMatch(/^[a-z0-9]*$/);
      }),
      { numRuns: 500 },
    );
  });

  it('is unaffected by spaces typed between Han characters', () => {
    fc.assert(
      fc.property(hanName, fc.constantFrom(' ', '\u3000', '  '), (name, space) => {
        const spaced = Array.from(name).join(space);
        expect(personNameKeys(spaced)).toEqual(personNameKeys(name));
      }),
      { numRuns: 300 },
    );
  });

  it('nameSearchKeys agrees with personNameKeys', () => {
    fc.assert(
      fc.property(fc.oneof(hanName, trickyString), (s) => {
        const { pinyin, initials } = personNameKeys(s);
        expect(nameSearchKeys(s)).toEqual({ pinyin, initials });
      }),
      { numRuns: 300 },
    );
    expect(nameSearchKeys('欧阳娜娜')).toEqual({ pinyin: 'ouyangnana', initials: 'oynn' });
  });
});

// Enterprise names ------------------------------------------------------------------------------

describe('corporateNameKey', () => {
  it('gives the same core with and without the province/city prefix and legal form', () => {
    const a = corporateNameKey('江西省南昌市某某农业发展有限公司');
    const b = corporateNameKey('南昌某某农业发展有限责任公司');
    expect(a.core).toBe('某某农业发展');
    expect(b.core).toBe(a.core);
    expect(a.legalForm).toBe('有限公司');
    expect(b.legalForm).toBe('有限责任公司');
    expect(a.branch).toBe(false);
  });

  it.each([
    ['某某公司南昌分公司', '分公司'],
    ['某某银行股份有限公司南昌支行', '支行'],
    ['某某超市连锁有限公司八一分店', '分店'],
    ['某某证券有限责任公司南昌营业部', '营业部'],
    ['某某（集团）有限公司驻赣办事处', '办事处'],
  ])('marks %s as a branch', (name, suffix) => {
    const keys = corporateNameKey(name);
    expect(keys.branch).toBe(true);
    expect(keys.core.endsWith(suffix)).toBe(true);
  });

  it('keeps a branch distinct from its head office', () => {
    const head = corporateNameKey('某某有限公司');
    const branch = corporateNameKey('某某有限公司南昌分公司');
    expect(branch).toMatchObject({ core: '某某南昌分公司', legalForm: '有限公司', branch: true });
    expect(head.core).toBe('某某');
    expect(branch.core).not.toBe(head.core);
    expect(corporateNameKey('某某公司南昌分公司').core).toBe(branch.core);
  });

  it('gives a bank branch the same core with or without the head-office legal form', () => {
    expect(corporateNameKey('中国农业银行股份有限公司南昌市分行').core).toBe('农业银行南昌市分行');
    expect(corporateNameKey('中国农业银行南昌市分行').core).toBe('农业银行南昌市分行');
  });

  it('normalizes brackets and drops a bracketed region', () => {
    const keys = corporateNameKey('某某（江西）有限公司');
    expect(keys.normalized).toBe('某某(江西)有限公司');
    expect(keys.core).toBe('某某');
    expect(corporateNameKey('【某某】商行').normalized).toBe('(某某)商行');
  });

  it.each([
    ['某某律师事务所（普通合伙）', '某某律师事务所', '(普通合伙)'],
    ['某某投资中心(有限合伙)', '某某投资中心', '(有限合伙)'],
    ['某某集团有限公司', '某某', '集团有限公司'],
    ['某某股份有限公司', '某某', '股份有限公司'],
    ['进贤县某某种植农民专业合作社', '进贤县某某种植', '农民专业合作社'],
    ['南昌市某某食品厂', '某某食品', '厂'],
    ['南昌市某某经营部', '某某', '经营部'],
  ])('%s → core %s, legal form %s', (name, core, legalForm) => {
    expect(corporateNameKey(name)).toMatchObject({ core, legalForm });
  });

  it('matches traditional and simplified registrations on core', () => {
    expect(corporateNameKey('某某集團有限公司').core).toBe(
      corporateNameKey('某某集团有限公司').core,
    );
  });

  it('does not read 市场 as a city suffix', () => {
    expect(corporateNameKey('南昌市场管理有限公司').core).toBe('市场管理');
  });

  it('never strips a name down to nothing', () => {
    expect(corporateNameKey('江西公司').core).toBe('江西');
    expect(corporateNameKey('公司').core).toBe('公司');
    expect(corporateNameKey('').core).toBe('');
  });

  it('never throws and keeps a non-empty core for a non-empty name', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const keys = corporateNameKey(s);
        if (keys.normalized !== '') expect(keys.core).not.toBe('');
      }),
      { numRuns: 1000 },
    );
  });
});
