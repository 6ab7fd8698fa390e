import type { FileEncoding } from './decode.ts';
import { gb18030Into } from './encode-gb18030.ts';
import { gbkCode } from './encode-gbk.ts';

/** The bytes of one value and the characters the file's encoding could not carry. */
export interface EncodedText {
  readonly bytes: Uint8Array;
  /**
   * Characters outside the encoding, in order of appearance. When the caller gave a
   * replacement they were written as the replacement; otherwise `bytes` is not to be used.
   */
  readonly unencodable: readonly string[];
}

/** Encodes text strictly; what cannot be encoded is reported, never turned into `?`. */
export type TextEncodeFn = (text: string, replacement?: Uint8Array) => EncodedText;

const utf8 = new TextEncoder();

/** Writes one code point at `at`; returns the bytes written, 0 when the encoding has no code. */
type CodeWriter = (cp: number, out: Uint8Array, at: number) => number;

function gbkInto(cp: number, out: Uint8Array, at: number): number {
  if (cp < 0x80) {
    out[at] = cp;
    return 1;
  }
  const code = cp < 0x10000 ? gbkCode(cp) : 0;
  if (code === 0) return 0;
  out[at] = code >> 8;
  out[at + 1] = code & 0xff;
  return 2;
}

function collecting(write: CodeWriter, maxBytesPerUnit: number): TextEncodeFn {
  return (text, replacement) => {
    // A replacement is one character, so it never takes more room than what it replaces
    // plus the longest code (four bytes).
    const out = new Uint8Array(text.length * maxBytesPerUnit + 4);
    const unencodable: string[] = [];
    let at = 0;
    for (const ch of text) {
      const n = write(ch.codePointAt(0) ?? 0, out, at);
      if (n > 0) {
        at += n;
        continue;
      }
      unencodable.push(ch);
      if (replacement && at + replacement.length <= out.length) {
        out.set(replacement, at);
        at += replacement.length;
      }
    }
    return { bytes: out.slice(0, at), unencodable };
  };
}

/** UTF-8 carries every character; only a lone surrogate (not a character) is refused. */
function encodeUtf8(text: string, replacement?: Uint8Array): EncodedText {
  if (text.isWellFormed()) return { bytes: utf8.encode(text), unencodable: [] };
  const parts: Uint8Array[] = [];
  const unencodable: string[] = [];
  for (const ch of text) {
    if (ch.isWellFormed()) parts.push(utf8.encode(ch));
    else {
      unencodable.push(ch);
      if (replacement) parts.push(replacement);
    }
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, unencodable };
}

const encodeGbkText = collecting(gbkInto, 2);
const encodeGb18030Text = collecting(gb18030Into, 4);

/**
 * The strict encoder of a file encoding: GBK is two-byte GBK only (no four-byte GB18030
 * codes, which a GBK system cannot read); GB18030 and UTF-8 carry every character.
 */
export function createTextEncoder(encoding: FileEncoding): TextEncodeFn {
  switch (encoding) {
    case 'GBK':
      return encodeGbkText;
    case 'GB18030':
      return encodeGb18030Text;
    case 'UTF-8':
      return encodeUtf8;
  }
}

/** `U+4E2D`, `U+20000`: how a character is named in errors and in the side file. */
export function codePointLabel(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
