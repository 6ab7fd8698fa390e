import {
  EcifError,
  isKnownRegionCode,
  type CustomerStandardizeContext,
  type Issue,
} from '@ecif/core';
import { codeMapper, type ReferenceData, type SourceSystem } from '../reference/reference-data.ts';

export function standardizeContext(
  ref: ReferenceData,
  sourceSystem: string | undefined,
  today = new Date(),
): CustomerStandardizeContext {
  return {
    codeSets: ref.codeSets,
    mapCode: codeMapper(ref, sourceSystem),
    today,
    isKnownRegion: isKnownRegionCode,
    extensions: ref.extensions,
  };
}

export function requireSourceSystem(
  ref: ReferenceData,
  code: string,
  field = 'source.system',
): SourceSystem {
  const system = ref.sourceSystems.get(code);
  if (!system || !system.active) {
    throw new EcifError(
      'ECIF_UNKNOWN_SOURCE_SYSTEM',
      `Unknown or inactive source system '${code}'`,
      {
        issues: [
          {
            field,
            code: 'SOURCE_SYSTEM_UNKNOWN',
            message: `'${code}' is not a registered active source system`,
            severity: 'error',
          },
        ],
      },
    );
  }
  return system;
}

export function throwIfInvalid(errors: readonly Issue[]): void {
  if (errors.length > 0) {
    throw new EcifError(
      'ECIF_VALIDATION',
      `${errors.length} invalid field(s): ${errors.map((e) => e.field).join(', ')}`,
      {
        issues: errors,
      },
    );
  }
}
