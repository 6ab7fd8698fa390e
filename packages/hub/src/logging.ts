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

/** Query parameters that carry personal data (lookups by ID, phone, account, name). */
const SENSITIVE_PARAMS = new Set(['idno', 'phone', 'accountno', 'creditcode', 'name']);

/** Masks the values of personal lookup parameters, however their names are encoded. */
export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq === -1 ? pair : pair.slice(0, eq);
      let key: string;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {
        return '[REDACTED]'; // undecodable: do not guess
      }
      return SENSITIVE_PARAMS.has(key.trim().toLowerCase()) ? `${rawKey}=[REDACTED]` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: LOG_REDACT_PATHS, censor: '[REDACTED]' },
    serializers: {
      // Fastify logs every request's URL; lookups put ID and phone numbers in the query string.
      req: (req: { method?: string; url?: string; id?: string }) => ({
        method: req.method,
        url: maskUrl(req.url ?? ''),
        requestId: req.id,
      }),
    },
  };
}

export function createLogger(level = 'info'): Logger {
  return pino(loggerOptions(level));
}
