/**
 * Splits a byte stream into lines without decoding it: splitting on 0x0A (and a preceding
 * 0x0D) is safe for GBK and GB18030, whose trail bytes are never below 0x30 (DOMAIN-NOTES §4),
 * so a multi-byte character is never cut. Chunks may end anywhere, even inside a CRLF.
 */
export interface RawLine {
  /** 1-based line number in the file. */
  readonly lineNo: number;
  /** Byte offset of the line's first byte. */
  readonly offset: number;
  readonly bytes: Uint8Array;
  /** How the line ended: 'LF', 'CRLF', or 'EOF' for a last line with no newline (truncated). */
  readonly ending: 'LF' | 'CRLF' | 'EOF';
}

export class LineSplitter {
  #pending: Uint8Array[] = [];
  #pendingLength = 0;
  #lineNo: number;
  #offset: number;

  constructor(start: { lineNo: number; offset: number } = { lineNo: 1, offset: 0 }) {
    this.#lineNo = start.lineNo;
    this.#offset = start.offset;
  }

  /** The lines completed by this chunk. */
  push(chunk: Uint8Array): RawLine[] {
    const lines: RawLine[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 0x0a) continue;
      lines.push(this.#complete(chunk.subarray(start, i), 'LF'));
      start = i + 1;
    }
    if (start < chunk.length) {
      this.#pending.push(chunk.slice(start));
      this.#pendingLength += chunk.length - start;
    }
    return lines;
  }

  /** A last line without a newline, if the input ended with one. */
  end(): RawLine | undefined {
    if (this.#pendingLength === 0) return undefined;
    return this.#complete(new Uint8Array(0), 'EOF');
  }

  #complete(tail: Uint8Array, ending: 'LF' | 'EOF'): RawLine {
    let bytes = tail;
    if (this.#pendingLength > 0) {
      bytes = new Uint8Array(this.#pendingLength + tail.length);
      let at = 0;
      for (const part of this.#pending) {
        bytes.set(part, at);
        at += part.length;
      }
      bytes.set(tail, at);
      this.#pending = [];
      this.#pendingLength = 0;
    }
    const consumed = bytes.length + (ending === 'LF' ? 1 : 0);
    let lineEnding: RawLine['ending'] = ending;
    if (ending === 'LF' && bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) {
      bytes = bytes.subarray(0, bytes.length - 1);
      lineEnding = 'CRLF';
    }
    const line: RawLine = { lineNo: this.#lineNo, offset: this.#offset, bytes, ending: lineEnding };
    this.#lineNo += 1;
    this.#offset += consumed;
    return line;
  }
}
