/** Encodings a source file may declare. `GBK` decodes as GB18030 (a superset; WHATWG does the same). */
export const FILE_ENCODINGS = ['UTF-8', 'GBK', 'GB18030'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

const LABEL: Readonly<Record<FileEncoding, string>> = {
  'UTF-8': 'utf-8',
  GBK: 'gbk',
  GB18030: 'gb18030',
};

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Strict decoding: malformed bytes are a record error, never U+FFFD smuggled into a name.
 * One decoder per encoding is reused; `fatal` decoders keep no state between calls.
 */
export function createDecoder(encoding: FileEncoding): (bytes: Uint8Array) => Decoded {
  const decoder = new TextDecoder(LABEL[encoding], { fatal: true, ignoreBOM: false });
  return (bytes) => {
    try {
      return { ok: true, text: decoder.decode(bytes) };
    } catch {
      return { ok: false, reason: `bytes are not valid ${encoding}` };
    }
  };
}
