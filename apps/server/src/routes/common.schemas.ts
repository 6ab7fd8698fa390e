import { z } from 'zod';

/** Response lists are readonly in the domain types; the schema says so too. */
export const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const issueSchema = z
  .object({
    field: z.string().describe('Input path, e.g. attributes.idNo or contacts[0].value'),
    code: z.string().describe('Stable machine code, e.g. ID_CHECK_DIGIT'),
    message: z.string(),
    severity: z.enum(['error', 'warning']),
  })
  .meta({ id: 'Issue' });

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe('ECIF_* code, see docs/errors.md'),
      message: z.string(),
      requestId: z.string(),
      details: z
        .object({ issues: list(issueSchema).optional() })
        .catchall(z.unknown())
        .optional(),
    }),
  })
  .meta({ id: 'ErrorResponse' });

export const ecifNoParam = z
  .string()
  .regex(/^\d{12}$/, 'must be a 12-digit ECIF customer number')
  .describe('ECIF customer number (客户号)');

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};

/** The standard error responses every route may give. */
export const errorResponses = {
  400: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
  428: errorResponseSchema,
  500: errorResponseSchema,
} as const;

export const versionHeaders = z.object({
  'if-match': z
    .string()
    .optional()
    .describe('The customer version you read (the ETag of GET), required for changes'),
  'x-ecif-actor': z
    .string()
    .max(64)
    .optional()
    .describe('Acting user id (until authentication lands)'),
});
