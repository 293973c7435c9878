/** Reading of the errors that @octokit/request throws (RequestError: status, message, response). */

interface RequestErrorShape {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, string | undefined> };
}

/** Returns the HTTP status of a request error, or null for anything else. */
export function errorStatus(error: unknown): number | null {
  const status = (error as RequestErrorShape | null)?.status;
  return typeof status === "number" ? status : null;
}

/**
 * Returns the permissions GitHub lists as required when it rejects a token that lacks them: 403 "Resource not accessible by integration", as GITHUB_TOKEN gets on a pull request
 * from a fork. Returns null for any other error. The permissions come from the
 * `x-accepted-github-permissions` header (for example `issues=write; pull_requests=write`).
 */
export function missingPermissions(error: unknown): string | null {
  if (errorStatus(error) !== 403) return null;
  const shape = error as RequestErrorShape;
  const message = typeof shape.message === "string" ? shape.message : "";
  if (!/Resource not accessible by (integration|personal access token)/i.test(message)) return null;
  return shape.response?.headers?.["x-accepted-github-permissions"] ?? "";
}

/**
 * Returns whether a request error carries a response. @octokit/request also gives status 500
 * when no response came at all (a refused, blocked or timed-out connection).
 */
export function hasResponse(error: unknown): boolean {
  return (error as RequestErrorShape | null)?.response !== undefined;
}

/** Returns a one-line description of a failed GitHub request. */
export function describeGitHubError(error: unknown): string {
  const status = errorStatus(error);
  const message = error instanceof Error ? error.message : String(error);
  return status === null || !hasResponse(error) ? message : `HTTP ${status}: ${message}`;
}
