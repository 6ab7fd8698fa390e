export { createRandom, type Random } from './random.ts';
export {
  encodeGbk,
  encodeGbkInto,
  gbkByteLength,
  UnencodableCharacterError,
} from '../batch/encode-gbk.ts';
export { columnIndex, SYNTH_SYSTEMS, synthMapping, type SynthSystem } from './mappings.ts';
export { createLineEncoder, type LineEncoder } from './format.ts';
export {
  generateSynthData,
  HARD_CASES,
  synthesize,
  type HardCase,
  type SynthData,
  type SynthOptions,
  type SynthSink,
  type SynthSource,
  type SynthSummary,
  type TruthRow,
} from './generate.ts';
