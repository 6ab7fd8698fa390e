import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Personal data never reaches the logs in clear (JR/T 0171: logs mask C2 data). Paths cover
 * request bodies, customer payloads and headers that carry credentials.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.idNo',
  '*.legalRepIdNo',
  '*.relatedIdNo',
  '*.phone',
  '*.value',
  '*.email',
  '*.birthDate',
  '*.name',
  '*.accountNo',
  '*.fullText',
  '*.attributes',
  'body',
  'payload',
];

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: LOG_REDACT_PATHS, censor: '[REDACTED]' } };
}

export function createLogger(level = 'info'): Logger {
  return pino(loggerOptions(level));
}
