/**
 * Token privacy through the error paths of the Hub and of the inputs (the checks are in
 * secrets-suite.ts).
 */

import { describeTokenPrivacy, type Scenario } from "./secrets-suite.js";

describeTokenPrivacy(
  "tokens in the action with Hub faults",
  "model-diff-action-secrets-",
  ({ hub, other }): Scenario[] => [
    { name: "a successful Hub diff", status: 0 },
    { name: "a successful diff with HF_TOKEN", tokenInEnv: true, status: 0 },
    {
      name: "a malformed checkpoint",
      inputs: { base: "bad.safetensors" },
      status: 1,
      error: "bad.safetensors",
    },
    { name: "a missing file", inputs: { base: "absent.safetensors" }, status: 1, error: "absent" },
    {
      name: "a Hub 401",
      setup: () => {
        hub.token = "hf_anotherTokenTheHubAccepts000000";
      },
      status: 1,
      error: "HTTP 401",
    },
    {
      name: "a Hub 403",
      inputs: { base: "hf://org/gated@v1", head: "hf://org/gated" },
      setup: () => {
        hub.token = "hf_anotherTokenTheHubAccepts000000";
      },
      status: 1,
      error: "HTTP 403, GatedRepo",
    },
    { name: "a Hub 404", inputs: { head: "hf://org/absent" }, status: 1, error: "HTTP 404" },
    {
      name: "Hub 503s",
      setup: () => {
        hub.faults.serverErrors = 1000;
      },
      status: 1,
      error: "HTTP 503",
    },
    {
      name: "Hub timeouts",
      setup: () => {
        hub.faults.stalledApiCalls = 1000;
        hub.faults.stallMs = 2000;
      },
      status: 1,
      error: "timed out",
    },
    {
      name: "an API redirect to another origin",
      setup: () => {
        hub.faults.apiRedirectOrigin = other.origin;
      },
      status: 1,
      error: "not on the endpoint's origin",
    },
    {
      name: "resets of every file body",
      setup: () => {
        hub.faults.dropAfterBytes = 1000;
        hub.faults.resetBodies = 1000;
      },
      status: 1,
      error: "connection reset",
    },
    {
      name: "a bad hf-endpoint",
      inputs: { "hf-endpoint": "ftp://127.0.0.1/hub" },
      status: 1,
      error: "hf-endpoint",
    },
    { name: "a bad input", inputs: { mode: "fast" }, status: 1, error: "mode" },
  ],
);
