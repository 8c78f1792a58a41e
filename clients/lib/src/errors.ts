// GraphQL error codes, wherever a result or an error object carries them.

/** A GraphQL error as servers send it. */
export interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** The `extensions.code` of every error in `errors` (a result's `errors`, or a list a client threw). */
export function errorCodes(errors: unknown): string[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((e: GraphQLErrorLike) => e?.extensions?.code).filter((c): c is string => typeof c === "string");
}

/** True when the result's errors (or a thrown list of them) say the credentials were not accepted. */
export function isUnauthenticated(resultOrErrors: unknown): boolean {
  const errors = Array.isArray(resultOrErrors) ? resultOrErrors : (resultOrErrors as { errors?: unknown } | null)?.errors;
  return errorCodes(errors).includes("UNAUTHENTICATED");
}

/** Thrown by the helpers when the server answered with GraphQL errors. */
export class SwitchboardError extends Error {
  readonly codes: string[];
  constructor(
    message: string,
    readonly errors: GraphQLErrorLike[] = [],
  ) {
    super(message);
    this.name = "SwitchboardError";
    this.codes = errorCodes(errors);
  }
}
