/**
 * Opens the checkpoint a reference names: a local path, a Hub repository or a URL.
 */

import { existsSync } from "node:fs";
import { InputError } from "../errors.js";
import type { Limits } from "../format/limits.js";
import type { HubConnection } from "../hub/client.js";
import { parseReference, type Reference } from "../hub/reference.js";
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

/** Opens the checkpoint of a parsed reference. */
export async function openCheckpoint(
  request: CheckpointRequest,
  reference: Reference,
  connection: HubConnection,
  limits: Limits,
): Promise<Checkpoint> {
  switch (reference.kind) {
    case "local":
      return openLocalCheckpoint(reference.path, limits);
    case "url":
      return openUrlCheckpoint(reference.url, connection, limits);
    case "hub":
      try {
        return await openHubCheckpoint(reference, request.reference, connection, limits);
      } catch (error) {
        if (!reference.bare || !(error instanceof InputError)) throw error;
        throw new InputError(
          `${quoteForMessage(request.reference)}: no local file or folder has this name, so it was read as a Hub repository, which failed. ${error.message}`,
        );
      }
  }
}
