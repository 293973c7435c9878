/**
 * Finds the pull request a run belongs to, from the event payload (the file at
 * GITHUB_EVENT_PATH). GITHUB_REF is not used: under pull_request_target it names the default
 * branch, not the pull request.
 */

export type PullRequestTarget =
  | { number: number; source: "input" | "payload" }
  | { number: null; reason: string };

interface EventPayload {
  pull_request?: { number?: unknown };
  issue?: { number?: unknown; pull_request?: unknown };
}

function positiveInteger(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : null;
}

/**
 * Returns the pull request to comment on. An explicit `pr-number` wins for every event. Otherwise
 * pull_request and pull_request_target take `pull_request.number`, and issue_comment takes
 * `issue.number` when the issue is a pull request (the payload then has `issue.pull_request`).
 * Other events (push, schedule, workflow_dispatch, ...) have no pull request.
 */
export function detectPullRequest(
  eventName: string,
  payload: unknown,
  prNumberInput: number | null,
): PullRequestTarget {
  if (prNumberInput !== null) return { number: prNumberInput, source: "input" };
  const event = (typeof payload === "object" && payload !== null ? payload : {}) as EventPayload;
  switch (eventName) {
    case "pull_request":
    case "pull_request_target": {
      const number = positiveInteger(event.pull_request?.number);
      if (number !== null) return { number, source: "payload" };
      return { number: null, reason: `the ${eventName} payload has no pull_request.number` };
    }
    case "issue_comment": {
      if (event.issue?.pull_request === undefined || event.issue.pull_request === null) {
        return { number: null, reason: "the comment is on an issue, not on a pull request" };
      }
      const number = positiveInteger(event.issue.number);
      if (number !== null) return { number, source: "payload" };
      return { number: null, reason: "the issue_comment payload has no issue.number" };
    }
    default:
      return {
        number: null,
        reason: `a ${eventName || "run with no event name"} event has no pull request and the pr-number input is empty`,
      };
  }
}
