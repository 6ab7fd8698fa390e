import { gbkCode, UnencodableCharacterError } from './encode-gbk.ts';

/**
 * Strict GB18030 encoding without a dependency. Like the GBK encoder, the tables come from the
 * platform's own GB18030 decoder (the one the loader reads with), so every byte sequence written
 * here decodes back to the same text: two-byte GBK codes first, then the four-byte codes, which
 * cover every other Unicode character (the BMP through the decoder's ranges, the supplementary
 * planes linearly from 0x90308130). The exceptions are lone surrogates and 19 private-use code
 * points (U+E5E5, and the 18 whose GB18030-2005 codes now decode to standard characters such as
 * U+FE10): no byte sequence decodes to them, so they are reported as unencodable.
 */

/** Four-byte pointers 0…39419 are the BMP characters outside two-byte GBK. */
const BMP_POINTERS = 39_420;
/** Pointer of U+10000 (bytes 90 30 81 30). */
const SUPPLEMENTARY_BASE = 189_000;

// BMP code unit → four-byte pointer + 1; 0 = none (a two-byte code, ASCII, or a surrogate).
let fourByte: Uint32Array | undefined;

function writePointer(out: Uint8Array, at: number, pointer: number): void {
  out[at] = Math.floor(pointer / 12_600) + 0x81;
  out[at + 1] = Math.floor((pointer % 12_600) / 1_260) + 0x30;
  out[at + 2] = Math.floor((pointer % 1_260) / 10) + 0x81;
  out[at + 3] = (pointer % 10) + 0x30;
}

function fourByteTable(): Uint32Array {
  if (fourByte) return fourByte;
  const built = new Uint32Array(0x10000);
  const decoder = new TextDecoder('gb18030', { fatal: true });
  const code = new Uint8Array(4);
  for (let pointer = 0; pointer < BMP_POINTERS; pointer++) {
    writePointer(code, 0, pointer);
    let text: string;
    try {
      text = decoder.decode(code);
    } catch {
      continue;
    }
    if (text.length !== 1) continue;
    const unit = text.charCodeAt(0);
    if (built[unit] === 0 && gbkCode(unit) === 0) built[unit] = pointer + 1;
  }
  fourByte = built;
  return built;
}

/**
 * Writes the GB18030 code of one code point at `at` and returns its length, or 0 when there
 * is none (see above).
 */
export function gb18030Into(cp: number, out: Uint8Array, at: number): number {
  if (cp < 0x80) {
    out[at] = cp;
    return 1;
  }
  if (cp >= 0x10000) {
    writePointer(out, at, SUPPLEMENTARY_BASE + cp - 0x10000);
    return 4;
  }
  const two = gbkCode(cp);
  if (two !== 0) {
    out[at] = two >> 8;
    out[at + 1] = two & 0xff;
    return 2;
  }
  const pointer = fourByteTable()[cp] ?? 0;
  if (pointer === 0) return 0;
  writePointer(out, at, pointer - 1);
  return 4;
}

/** Strict GB18030 bytes of `text`; throws for the few code points GB18030 has no code for. */
export function encodeGb18030(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 4);
  let at = 0;
  for (const ch of text) {
    const n = gb18030Into(ch.codePointAt(0) ?? 0, out, at);
    if (n === 0) throw new UnencodableCharacterError(ch, text, 'GB18030');
    at += n;
  }
  return out.slice(0, at);
}
