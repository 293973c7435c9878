/**
 * Token privacy through the error paths of the GitHub API (the checks are in secrets-suite.ts).
 */

import { GITHUB_ACTIONS_BOT } from "../helpers/fake-github.js";
import { describeTokenPrivacy, PR, type Scenario } from "./secrets-suite.js";

describeTokenPrivacy(
  "tokens in the action with GitHub faults",
  "model-diff-action-secrets-github-",
  ({ github }): Scenario[] => [
    {
      name: "a read-only GitHub token",
      setup: () => github.reset({ readOnly: true }),
      status: 0,
    },
    {
      name: "a GitHub 422",
      setup: () => {
        github.faults.push({ method: "POST", path: /\/comments$/, times: 1, status: 422 });
      },
      status: 1,
      error: "HTTP 422",
    },
    {
      name: "GitHub 503s",
      setup: () => {
        github.faults.push({ method: "GET", path: /\/comments$/, times: 100, status: 503 });
      },
      status: 1,
      error: "HTTP 503",
    },
    {
      name: "a GitHub timeout",
      setup: () => {
        github.faults.push({
          method: "GET",
          path: /\/comments$/,
          times: 100,
          status: 200,
          body: [],
          delayMs: 1000,
        });
      },
      status: 1,
      error: "no response within",
    },
    {
      name: "a GitHub 403 on the update",
      setup: () => {
        github.addComment(PR, "<!-- model-diff -->\nold", GITHUB_ACTIONS_BOT);
        github.faults.push({ method: "PATCH", path: /\/comments\/\d+$/, times: 1, status: 403 });
      },
      status: 1,
      error: "HTTP 403",
    },
    {
      name: "a GitHub 404 on the update",
      setup: () => {
        github.addComment(PR, "<!-- model-diff -->\nold", GITHUB_ACTIONS_BOT);
        github.faults.push({ method: "PATCH", path: /\/comments\/\d+$/, times: 1, status: 404 });
      },
      status: 0,
    },
    {
      name: "a failed diff with a comment to update",
      inputs: { base: "bad.safetensors" },
      setup: () => {
        github.addComment(PR, "<!-- model-diff -->\nold", GITHUB_ACTIONS_BOT);
      },
      status: 1,
      error: "bad.safetensors",
    },
  ],
);
