// Match keys for person and enterprise names. The stored legal name is never altered: every
// function here derives a *key* from it, and keys are recomputed from the legal name on change.
import { Converter } from 'opencc-js/t2cn';
import { pinyin } from 'pinyin-pro';
import { REGION_NAME_SET, REGION_PREFIXES } from './region-names.ts';

/** Keys derived from a person's name; each is a separate, progressively weaker match signal. */
export interface PersonNameKeys {
  /** NFKC, unified middle dot, whitespace rules of {@link normalizeNameText}. Strongest key. */
  readonly normalized: string;
  /**
   * `normalized` converted traditional→simplified (OpenCC t→cn). Weaker than `normalized`:
   * it also merges distinct mainland characters (於丹→于丹, 李乾→李干).
   */
  readonly simplified: string;
  /** Toneless, lower-case, no separators (张伟→zhangwei; ü is written v: 吕→lv). */
  readonly pinyin: string;
  /** First letter per Han character or Latin word (欧阳娜娜→oynn, ZHANG Wei→zw). */
  readonly initials: string;
  /** Most likely surname, as written in `normalized`; '' when none is inferred. */
  readonly surname: string;
  readonly givenName: string;
  readonly compoundSurname: boolean;
  /** Both surname readings when the name starts with a compound surname, else empty. */
  readonly alternativeSurnames: readonly string[];
}

/** How a name splits into surname and given name. */
export interface SurnameSplit {
  readonly surname: string;
  readonly givenName: string;
  readonly compoundSurname: boolean;
  readonly alternativeSurnames: readonly string[];
}

/** Keys derived from an enterprise (or individual business) name. */
export interface CorporateNameKeys {
  readonly normalized: string;
  readonly simplified: string;
  /** Simplified name without region prefix, bracketed region and legal-form suffix. */
  readonly core: string;
  /** Outermost legal-form suffix found (of the head office for a branch), e.g. 有限责任公司. */
  readonly legalForm?: string;
  /** A branch (分公司, 支行 …) is a different entity from its head office. */
  readonly branch: boolean;
}

/** Keys stored for search-as-you-type. */
export interface NameSearchKeys {
  readonly pinyin: string;
  readonly initials: string;
}

/** Chinese compound surnames (复姓), simplified, as listed in DOMAIN-NOTES §3. */
export const COMPOUND_SURNAMES = [
  ...['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文'],
  ...['司徒', '夏侯', '轩辕', '令狐', '钟离', '闾丘', '子车', '亓官', '司空', '端木', '申屠'],
  ...['公羊', '澹台', '公冶', '太叔', '濮阳', '淳于', '单于', '赫连', '万俟', '西门', '南宫'],
  ...['第五', '呼延', '拓跋', '百里', '东郭', '南门', '羊舌', '微生', '梁丘', '左丘', '东门'],
  ...['公良', '乐正', '漆雕', '谷梁', '巫马', '公西', '鲜于', '闻人', '段干'],
] as const;

const COMPOUND_SURNAME_SET: ReadonlySet<string> = new Set(COMPOUND_SURNAMES);

// ---------------------------------------------------------------------------------------------
// Traditional → simplified, built on first use: building the tries costs ~30 ms, and a module
// that only needs normalizeNameText should not pay it.

let t2cn: ((text: string) => string) | undefined;

function toSimplified(text: string): string {
  if (text === '') return text;
  const convert = (t2cn ??= Converter({ from: 't', to: 'cn' }));
  return convert(text);
}

// ---------------------------------------------------------------------------------------------
// Text normalization

// Format/control characters (ZWSP, BOM, ZWJ, soft hyphen, NUL…) and variation selectors are
// invisible differences between otherwise equal names. Whitespace controls become spaces later.
const INVISIBLE = /(?![\t\n\v\f\r])[\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu;
// Full-width full stops are typed as a name separator by Chinese IMEs; fold them before NFKC
// turns them into an ordinary '.', which is only a separator between Han characters.
const WIDE_STOP_BETWEEN_NAME_PARTS = /(?<=[\p{L}\p{N}])\s*[\uFF0E\uFE52]\s*(?=[\p{L}\p{N}])/gu;
const STOP_BETWEEN_HAN = /(?<=\p{Script=Han})\s*[.\u3002]\s*(?=\p{Script=Han})/gu;
// · • ・ ‧ ∙ ⋅ ⸱ ꞏ (･ and Greek ano teleia are folded to ・ and · by NFKC).
const MIDDLE_DOTS = /[\u00B7\u2022\u30FB\uFF65\u2027\u2219\u22C5\u2E31\uA78F\u0387]/gu;
const WHITESPACE_RUN = /\s+/gu;
const SPACED_DOT = / ?· ?/gu;
const DOT_RUN = /··+/gu;
const EDGE_DOTS = /^·+|·+$/gu;
const SPACE_NEXT_TO_HAN = /(?<=\p{Script=Han}) | (?=\p{Script=Han})/gu;
const HAN = /^\p{Script=Han}$/u;

/**
 * Canonical form of a name for building match keys, so that the same name typed on different
 * channels (full-width IME input, copied from a PDF, an ID-card reader) yields the same key.
 * Never use the result as the stored or displayed legal name.
 *
 * Spaces next to a Han character are dropped (张 伟 = 张伟 = 张A伟 vs 张 A 伟), single spaces
 * between Latin words are kept. Case is preserved; the pinyin key is case-free.
 */
export function normalizeNameText(name: string): string {
  return (
    name
      // A lone surrogate becomes U+FFFD first: removing an invisible character between two
      // lone halves must not join them into a new character (normalizing twice would differ).
      .toWellFormed()
      .replace(INVISIBLE, '')
      .replace(WIDE_STOP_BETWEEN_NAME_PARTS, '·')
      .normalize('NFKC')
      .replace(STOP_BETWEEN_HAN, '·')
      .replace(MIDDLE_DOTS, '·')
      .replace(WHITESPACE_RUN, ' ')
      .replace(SPACED_DOT, '·')
      .replace(DOT_RUN, '·')
      .replace(SPACE_NEXT_TO_HAN, '')
      .trim()
      .replace(EDGE_DOTS, '')
      .trim()
  );
}

// ---------------------------------------------------------------------------------------------
// Person names

/**
 * Splits a person's name into surname and given name. Compound surnames are tried first against
 * the 2-character prefix; because such a prefix can also be surname + given name (单于丹,
 * 东方红), both readings are returned in `alternativeSurnames` for the match score to weigh.
 *
 * No surname is inferred for names containing `·` (minority and transliterated foreign names,
 * where the order differs) or not starting with a Han character (Latin names may be in either
 * order): `surname` is then '' and `givenName` the whole normalized name.
 */
export function splitSurname(name: string): SurnameSplit {
  return splitNormalized(normalizeNameText(name));
}

function splitNormalized(normalized: string): SurnameSplit {
  const chars = Array.from(normalized);
  const first = chars[0];
  if (first === undefined || !HAN.test(first) || normalized.includes('·')) {
    return { surname: '', givenName: normalized, compoundSurname: false, alternativeSurnames: [] };
  }
  const prefix = chars.slice(0, 2).join('');
  // A 2-character name is surname + given name even when it spells a compound surname.
  if (chars.length >= 3 && HAN.test(chars[1] ?? '') && isCompoundSurname(prefix)) {
    return {
      surname: prefix,
      givenName: chars.slice(2).join(''),
      compoundSurname: true,
      alternativeSurnames: [prefix, first],
    };
  }
  return {
    surname: first,
    givenName: chars.slice(1).join(''),
    compoundSurname: false,
    alternativeSurnames: [],
  };
}

function isCompoundSurname(prefix: string): boolean {
  return COMPOUND_SURNAME_SET.has(prefix) || COMPOUND_SURNAME_SET.has(toSimplified(prefix));
}

/**
 * Derives every person-name match key in one pass, so ingestion and search compute them the
 * same way. Never throws: unknown characters (rare Ext-B+ ideographs, emoji) are kept in
 * `normalized`/`simplified` and simply contribute nothing to `pinyin`/`initials`.
 */
export function personNameKeys(name: string): PersonNameKeys {
  const normalized = normalizeNameText(name);
  const split = splitNormalized(normalized);
  const { pinyin: py, initials } = romanizeSplit(normalized, split);
  return {
    normalized,
    simplified: toSimplified(normalized),
    pinyin: py,
    initials,
    ...split,
  };
}

/**
 * Pinyin and initials for search-as-you-type: the same derivation as {@link personNameKeys},
 * so a typed `zhangw` or `zw` finds exactly the records whose stored keys start with it.
 */
export function nameSearchKeys(name: string): NameSearchKeys {
  const normalized = normalizeNameText(name);
  return romanizeSplit(normalized, splitNormalized(normalized));
}

function romanizeSplit(normalized: string, split: SurnameSplit): NameSearchKeys {
  const out = { pinyin: '', initials: '' };
  if (split.surname === '') {
    romanize(normalized, false, out);
  } else {
    // pinyin-pro's surname readings only know simplified characters (單 → dan, 單 → 单 → shan),
    // but simplifying the given name can change its reading (李乾 → 李干 → gan), so only the
    // surname goes through OpenCC.
    romanize(toSimplified(split.surname), true, out);
    romanize(split.givenName, false, out);
  }
  return out;
}

function romanize(text: string, surnameMode: boolean, out: { pinyin: string; initials: string }) {
  if (text === '') return;
  const chars = Array.from(text);
  const options = {
    type: 'array',
    toneType: 'none',
    v: true,
    mode: surnameMode ? 'surname' : 'normal',
  } as const;
  // One element per code point: the reading of a known Han character, the character itself
  // otherwise. `type: 'all'` says the same but costs twice as much per name.
  let readings = pinyin(text, options);
  if (readings.length !== chars.length) {
    readings = chars.map((ch) => pinyin(ch, options)[0] ?? ch);
  }
  let inLatinWord = false;
  chars.forEach((ch, i) => {
    if (HAN.test(ch)) {
      // Han characters without a reading come back unchanged and fold to '': dropped, so the
      // key stays [a-z0-9]; they remain in `normalized` and `simplified`.
      const reading = asciiFold(readings[i] ?? '');
      if (reading !== '') {
        out.pinyin += reading;
        out.initials += reading[0];
      }
      inLatinWord = false;
      return;
    }
    const folded = asciiFold(ch);
    if (folded === '') {
      inLatinWord = false;
      return;
    }
    if (!inLatinWord) out.initials += folded[0];
    out.pinyin += folded;
    inLatinWord = true;
  });
}

const NON_ASCII_ALNUM = /[^a-z0-9]/g;

// José → jose, ZHANG → zhang; letters with no ASCII base (ß, ø, Cyrillic) are dropped.
function asciiFold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(NON_ASCII_ALNUM, '');
}

// ---------------------------------------------------------------------------------------------
// Enterprise names

// Longest first, so 有限责任公司 wins over 公司 and 农民专业合作社 over 合作社.
const LEGAL_FORMS: readonly string[] = [
  ...['集团股份有限公司', '集团有限责任公司', '集团有限公司', '集团公司', '股份有限公司'],
  ...['有限责任公司', '有限公司', '股份公司', '公司'],
  ...['农民专业合作社', '专业合作社', '股份经济合作社', '经济合作社', '合作社', '合作联社'],
  ...['联合社', '(特殊普通合伙)', '(普通合伙)', '(有限合伙)', '合伙企业', '个人独资企业'],
  ...['独资企业', '经营部', '门市部', '商行', '商店', '工作室', '厂', '店'],
].sort((a, b) => b.length - a.length);

const BRANCH_SUFFIXES: readonly string[] = [
  ...['分公司', '分行', '支行', '分店', '营业部', '办事处', '分理处', '分社', '代表处'],
  '储蓄所',
];

// Full-width （）［］｛｝ are folded by NFKC; these are not.
const OPEN_BRACKETS = /[【〔〖〘〚《〈]/gu;
const CLOSE_BRACKETS = /[】〕〗〙〛》〉]/gu;
const BRACKETED = /\(([^()]*)\)/gu;
const BRACKET_CHARS = /[()]/gu;
// Stripping at most this many suffixes handles 某某饭店有限公司 → 某某饭店 → 某某饭 while
// keeping both sides of a comparison consistent.
const MAX_LEGAL_FORM_STRIPS = 2;
const MAX_REGION_STRIPS = 3;

/**
 * Keys for an enterprise name. `core` drops what varies between registrations of the same
 * enterprise (江西省南昌市… vs 南昌…, 有限公司 vs 有限责任公司, (江西) inside the name) so it can
 * block and compare candidates; it is a fuzzy key, weaker than the unified social credit code.
 *
 * A branch keeps its locality and branch suffix in `core` (某某公司南昌分公司 → 某某南昌分公司)
 * so it never collides with its head office.
 */
/** The normalized form of a company name alone (what identification compares), cheaply. */
export function corporateNormalizedName(name: string): string {
  return normalizeNameText(name).replace(OPEN_BRACKETS, '(').replace(CLOSE_BRACKETS, ')');
}

export function corporateNameKey(name: string): CorporateNameKeys {
  const normalized = corporateNormalizedName(name);
  const simplified = toSimplified(normalized);

  const branchSuffix = BRANCH_SUFFIXES.find(
    (suffix) => simplified.endsWith(suffix) && simplified.length > suffix.length,
  );
  let head = simplified;
  let tail = '';
  if (branchSuffix !== undefined) {
    const body = simplified.slice(0, -branchSuffix.length);
    const cut = lastLegalFormEnd(body);
    head = cut > 0 ? body.slice(0, cut) : body;
    tail = (cut > 0 ? body.slice(cut) : '').replace(BRACKET_CHARS, '') + branchSuffix;
  }

  const { rest, legalForm } = stripLegalForms(removeBracketedRegions(head));
  const core = stripRegionPrefixes(rest) + tail;
  return {
    normalized,
    simplified,
    core,
    ...(legalForm === undefined ? {} : { legalForm }),
    branch: branchSuffix !== undefined,
  };
}

// End index of the right-most legal form in a branch name's body (某某有限公司|南昌), or 0.
function lastLegalFormEnd(body: string): number {
  let best = 0;
  for (const form of LEGAL_FORMS) {
    const at = body.lastIndexOf(form);
    if (at > 0) best = Math.max(best, at + form.length);
  }
  return best;
}

function removeBracketedRegions(text: string): string {
  const stripped = text.replace(BRACKETED, (whole, inner: string) =>
    REGION_NAME_SET.has(inner) ? '' : whole,
  );
  return stripped === '' ? text : stripped;
}

function stripLegalForms(text: string): { rest: string; legalForm?: string } {
  let rest = text;
  let legalForm: string | undefined;
  for (let i = 0; i < MAX_LEGAL_FORM_STRIPS; i++) {
    const form = LEGAL_FORMS.find((f) => rest.endsWith(f) && rest.length > f.length);
    if (form === undefined) break;
    legalForm ??= form;
    rest = rest.slice(0, -form.length);
  }
  return legalForm === undefined ? { rest } : { rest, legalForm };
}

function stripRegionPrefixes(text: string): string {
  let rest = text;
  for (let i = 0; i < MAX_REGION_STRIPS; i++) {
    const region = REGION_PREFIXES.find((r) => isStrippableRegion(rest, r));
    if (region === undefined) break;
    rest = rest.slice(region.length);
  }
  return rest;
}

function isStrippableRegion(text: string, region: string): boolean {
  if (!text.startsWith(region) || text.length <= region.length) return false;
  // 南昌市场… is 南昌 + 市场, not 南昌市 + 场.
  return !(region.endsWith('市') && text[region.length] === '场');
}
