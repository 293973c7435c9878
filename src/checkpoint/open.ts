/**
 * Opens the checkpoint a reference names: a local path, a Hub repository or a URL.
 */

import { existsSync } from "node:fs";
import { InputError } from "../errors.js";
import type { Limits } from "../format/limits.js";
import { type HubConnection, HubError } from "../hub/client.js";
import { parseReference, type Reference } from "../hub/reference.js";
import { checkHubEndpoint, checkHubToken } from "../options.js";
import { quoteForMessage } from "../visible-text.js";
import { openLocalCheckpoint } from "./local.js";
import { openHubCheckpoint, openUrlCheckpoint } from "./remote.js";
import type { Checkpoint } from "./types.js";

/** One side to open: the reference and the revision given apart from it. */
export interface CheckpointRequest {
  reference: string;
  /** Plain revision from `--base-revision` or `--head-revision`, or null. */
  revision: string | null;
  /** The option that gave `revision`, for messages. */
  revisionOption: string;
}

/** Parses a request's reference; throws UsageError for a malformed one. */
export function referenceOf(request: CheckpointRequest): Reference {
  return parseReference(request.reference, request.revision, request.revisionOption, existsSync);
}

/** Returns whether the reference reads over the network. */
export function isRemote(reference: Reference): boolean {
  return reference.kind !== "local";
}

/**
 * Returns the connection with its endpoint and token checked. Explicit values were checked when
 * the options were read, so a value that fails here came from HF_ENDPOINT or HF_TOKEN. A token
 * is checked only where it is sent: for a URL, only when it is on the endpoint's origin.
 */
function checkedConnection(
  connection: HubConnection,
  reference: Exclude<Reference, { kind: "local" }>,
  text: string,
): HubConnection {
  const endpoint = checkHubEndpoint(connection.endpoint, "HF_ENDPOINT", text);
  const sendsToken =
    reference.kind === "hub" || new URL(reference.url).origin === new URL(endpoint).origin;
  const token =
    sendsToken && connection.token !== null
      ? checkHubToken(connection.token, "HF_TOKEN", text)
      : connection.token;
  return { ...connection, endpoint, token };
}

/** Opens the checkpoint of a parsed reference. */
export async function openCheckpoint(
  request: CheckpointRequest,
  reference: Reference,
  connection: HubConnection,
  limits: Limits,
): Promise<Checkpoint> {
  switch (reference.kind) {
    case "local":
      if (reference.hubAlternative !== null && !existsSync(reference.path)) {
        throw new InputError(
          `${quoteForMessage(reference.path)}: no such file or folder. It was read as a local path because ${quoteForMessage(reference.path.split("/")[0] as string)} exists here. Check the path, or write ${reference.hubAlternative} to read a Hub repository of that name.`,
        );
      }
      return openLocalCheckpoint(reference.path, limits);
    case "url":
      return openUrlCheckpoint(
        reference.url,
        checkedConnection(connection, reference, request.reference),
        limits,
      );
    case "hub":
      return openHub(
        request,
        reference,
        checkedConnection(connection, reference, request.reference),
        limits,
      );
  }
}

async function openHub(
  request: CheckpointRequest,
  reference: Extract<Reference, { kind: "hub" }>,
  connection: HubConnection,
  limits: Limits,
): Promise<Checkpoint> {
  try {
    return await openHubCheckpoint(reference, request.reference, connection, limits);
  } catch (error) {
    if (!reference.bare || !(error instanceof InputError)) throw error;
    const shown = quoteForMessage(request.reference);
    if (error instanceof HubError && error.code === "RepoNotFound") {
      throw new InputError(
        `${shown} is neither a local file or folder nor a Hub repository. ${error.message}`,
      );
    }
    throw new InputError(
      `${shown}: no local file or folder has this name, so it was read as a Hub repository, which failed. ${error.message}`,
    );
  }
}
