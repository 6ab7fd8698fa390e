// opencc-js@1.4.2 ships types whose relative imports have no file extension, so under
// `moduleResolution: nodenext` they resolve to error types (hidden by skipLibCheck) and
// `Converter` is silently `any`. An ambient module declaration takes precedence over the
// package's own types; this one covers only the traditional→simplified entry we use.
declare module 'opencc-js/t2cn' {
  /** Converts a whole string; returns it unchanged where no dictionary entry applies. */
  export type ConverterFunction = (text: string) => string;
  export interface ConverterOptions {
    readonly from: 't' | 'tw' | 'twp' | 'hk';
    readonly to: 'cn';
  }
  export function Converter(options: ConverterOptions): ConverterFunction;
}
