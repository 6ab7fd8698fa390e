/**
 * Strict GBK encoding without a dependency: the table is built once from the platform's own
 * GB18030 decoder (the WHATWG/2022 mapping the loader decodes with), so what we write is exactly
 * what we read back. Characters outside two-byte GBK throw instead of turning into `?`
 * (DOMAIN-NOTES §4.1).
 */

// Code unit → two-byte GBK code (lead << 8 | trail); 0 = not encodable in two bytes.
let table: Uint16Array | undefined;

function gbkTable(): Uint16Array {
  if (table) return table;
  const built = new Uint16Array(0x10000);
  const decoder = new TextDecoder('gb18030');
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const text = decoder.decode(pair);
      // One BMP character that is not the replacement character; the first code wins.
      if (text.length === 1 && text !== '\uFFFD') {
        const unit = text.charCodeAt(0);
        if (built[unit] === 0) built[unit] = (lead << 8) | trail;
      }
    }
  }
  table = built;
  return built;
}

/** The two-byte GBK code of a BMP code unit (lead << 8 | trail), or 0 when GBK has none. */
export function gbkCode(unit: number): number {
  return gbkTable()[unit] ?? 0;
}

export class UnencodableCharacterError extends Error {
  readonly character: string;
  constructor(character: string, text: string, encoding = 'GBK') {
    const cp = (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    super(`character ${character} (U+${cp}) in ${JSON.stringify(text)} is not in ${encoding}`);
    this.name = 'UnencodableCharacterError';
    this.character = character;
  }
}

/** Bytes one character takes in GBK, or throws for a character outside GBK. */
function unitBytes(t: Uint16Array, text: string, i: number): number {
  const unit = text.charCodeAt(i);
  if (unit < 0x80) return 1;
  if (t[unit] === 0)
    throw new UnencodableCharacterError(String.fromCodePoint(text.codePointAt(i) ?? unit), text);
  return 2;
}

/** GBK byte length of `text` (throws for characters outside GBK). */
export function gbkByteLength(text: string): number {
  const t = gbkTable();
  let n = 0;
  for (let i = 0; i < text.length; i++) n += unitBytes(t, text, i);
  return n;
}

/**
 * Encodes `text` into `out` at `offset`, at most `maxBytes` bytes, never splitting a two-byte
 * character: a fixed-width field is cut at a character boundary. Returns the bytes written.
 */
export function encodeGbkInto(
  text: string,
  out: Uint8Array,
  offset: number,
  maxBytes = Number.POSITIVE_INFINITY,
): number {
  const t = gbkTable();
  let at = offset;
  const end = offset + Math.min(maxBytes, out.length - offset);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      if (at + 1 > end) break;
      out[at++] = unit;
      continue;
    }
    unitBytes(t, text, i);
    if (at + 2 > end) break;
    const code = t[unit] ?? 0;
    out[at++] = code >> 8;
    out[at++] = code & 0xff;
  }
  return at - offset;
}

/** Strict GBK bytes of `text`. GBK is a subset of GB18030, so these bytes are valid GB18030 too. */
export function encodeGbk(text: string): Uint8Array {
  const out = new Uint8Array(gbkByteLength(text));
  encodeGbkInto(text, out, 0);
  return out;
}
