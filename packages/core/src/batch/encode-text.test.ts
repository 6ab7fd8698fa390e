import { describe, expect, it } from 'vitest';
import { encodeGb18030 } from './encode-gb18030.ts';
import { encodeGbk, UnencodableCharacterError } from './encode-gbk.ts';
import { codePointLabel, createTextEncoder } from './encode-text.ts';

const gb18030 = new TextDecoder('gb18030', { fatal: true });
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('createTextEncoder', () => {
  it('writes two-byte GBK and reports characters outside it instead of writing ?', () => {
    const gbk = createTextEncoder('GBK');
    const ok = gbk('张三 a1·€䶮');
    expect(ok.unencodable).toEqual([]);
    expect(gb18030.decode(ok.bytes)).toBe('张三 a1·€䶮');
    // U+20000 (CJK Ext B) and U+3400 (Ext A) are GB18030 four-byte characters, not GBK.
    const bad = gbk('王𠀀㐀明');
    expect(bad.unencodable).toEqual(['𠀀', '㐀']);
    expect(hex(bad.bytes)).toBe(hex(encodeGbk('王明')));
    expect([...bad.bytes]).not.toContain(0x3f); // never '?'
  });

  it('writes the replacement bytes where a character is outside GBK', () => {
    const replaced = createTextEncoder('GBK')('王𠀀明', encodeGbk('＊'));
    expect(replaced.unencodable).toEqual(['𠀀']);
    expect(gb18030.decode(replaced.bytes)).toBe('王＊明');
  });

  it('encodes every Unicode character in GB18030 (four-byte codes included) and round-trips', () => {
    const text = '王𠀀㐀明 €· abc 😀 \u{10FFFF} \uFFFD';
    const encoded = createTextEncoder('GB18030')(text);
    expect(encoded.unencodable).toEqual([]);
    expect(gb18030.decode(encoded.bytes)).toBe(text);
    expect(hex(encodeGb18030('𠀀'))).toBe('95328236');
    expect(hex(encodeGb18030('㐀'))).toBe('8139ee39');
    // Two-byte characters take their GBK code, so GBK text is GB18030 text byte for byte.
    expect(hex(encodeGb18030('张三'))).toBe(hex(encodeGbk('张三')));
    for (let cp = 0x80; cp < 0x10000; cp += 7) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCharCode(cp);
      const { bytes, unencodable } = createTextEncoder('GB18030')(ch);
      if (unencodable.length === 0) expect(gb18030.decode(bytes), codePointLabel(ch)).toBe(ch);
    }
  });

  it('refuses only what no GB18030 byte sequence decodes to, and lone surrogates', () => {
    expect(createTextEncoder('GB18030')('\uE5E5\uD800').unencodable).toEqual(['\uE5E5', '\uD800']);
    expect(() => encodeGb18030('\uE5E5')).toThrow(UnencodableCharacterError);
    expect(createTextEncoder('UTF-8')('a\uD800b').unencodable).toEqual(['\uD800']);
    expect(new TextDecoder().decode(createTextEncoder('UTF-8')('王𠀀').bytes)).toBe('王𠀀');
  });

  it('names characters by code point', () => {
    expect(codePointLabel('𠀀')).toBe('U+20000');
    expect(codePointLabel('é')).toBe('U+00E9');
  });
});
