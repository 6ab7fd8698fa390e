/** Who is acting and under which request, passed to every use-case (never read from globals). */
export interface OpContext {
  /** User id, or `system:<CODE>` for a source-system client. */
  readonly actor: string;
  readonly requestId: string;
}
