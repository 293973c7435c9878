/**
 * Parsing of checkpoint references: a local path, a Hub repository (`hf://org/name@rev/sub`, or
 * a bare `org/name@rev` when neither `org/name@rev` nor `org` exists locally), or an http(s) URL
 * of a safetensors file or shard index.
 */

import { UsageError } from "../errors.js";
import { quoteForMessage } from "../visible-text.js";

export type Reference =
  | {
      kind: "local";
      path: string;
      /**
       * The `hf://` reference that reads a path of the bare Hub form `ORG/NAME[@REV]` from the
       * Hub, or null for other paths. The message for a missing path suggests it.
       */
      hubAlternative: string | null;
    }
  | {
      kind: "hub";
      /** `org/name`. */
      repo: string;
      /** Branch, tag, commit sha or `refs/pr/N`, decoded; null when none was given. */
      revision: string | null;
      /**
       * Path inside the repository, decoded: a folder to pick the weight set from, or a
       * `.safetensors` or `.safetensors.index.json` file. null for the repository root.
       */
      path: string | null;
      /** Whether the reference was a bare `org/name`, so it might have meant a missing local path. */
      bare: boolean;
    }
  | { kind: "url"; url: string };

const HUB_SCHEME = "hf://";

/**
 * One part of a repository id. The Hub allows letters, digits, `-`, `_` and `.`, with no `--`
 * or `..` and at most 96 characters.
 */
const REPO_PART = /^(?!.*(?:--|\.\.))[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** `org/name` or `org/name@revision`, with no further path: the bare Hub form. */
const BARE_REPO = /^([^/@\s]+)\/([^/@\s]+)(?:@([^/\s]+))?$/;

/** File names a Hub or URL reference may point at directly. */
export const WEIGHT_FILE_SUFFIXES = [".safetensors.index.json", ".safetensors"] as const;

export function isWeightFilePath(path: string): boolean {
  return WEIGHT_FILE_SUFFIXES.some((suffix) => path.endsWith(suffix));
}

/**
 * A URL scheme such as `ftp://`, which is neither a Hub reference nor an http(s) URL. Two
 * letters at least, so a Windows drive letter is never taken for one.
 */
const OTHER_SCHEME = /^([a-z][a-z0-9+.-]+):\/\//i;

/**
 * Parses `text` as given for the base or head. `revisionOption` is the plain revision given
 * apart (`--base-revision`), and `option` names it in messages. A bare `ORG/NAME[@REV]` is a
 * local path when `localPathExists` (relative to the working directory) finds that path or
 * `ORG`. An existing `ORG` makes a typo in a local path more likely than a Hub id, and sending
 * the name to the Hub would leak local folder names.
 */
export function parseReference(
  text: string,
  revisionOption: string | null,
  option: string,
  localPathExists: (path: string) => boolean,
): Reference {
  let reference: Reference;
  if (text.startsWith(HUB_SCHEME)) {
    reference = parseHubUri(text);
  } else if (/^https?:\/\//i.test(text)) {
    reference = parseUrl(text);
  } else if (OTHER_SCHEME.test(text) && !localPathExists(text)) {
    const scheme = OTHER_SCHEME.exec(text)?.[1] as string;
    throw new UsageError(
      `${quoteForMessage(text)}: ${scheme}:// references cannot be read. Give a local path, an http or https URL, or a Hub reference (hf://ORG/NAME).`,
    );
  } else {
    const bare = BARE_REPO.exec(text);
    const org = bare?.[1];
    const name = bare?.[2];
    const hubForm = org !== undefined && name !== undefined && isRepoId(org, name);
    if (hubForm && !localPathExists(text) && !localPathExists(org)) {
      reference = {
        kind: "hub",
        repo: `${org}/${name}`,
        revision: bare?.[3] === undefined ? null : decodeRevision(bare[3], text),
        path: null,
        bare: true,
      };
    } else {
      reference = { kind: "local", path: text, hubAlternative: hubForm ? `hf://${text}` : null };
    }
  }
  return withRevisionOption(reference, revisionOption, option, text);
}

function isRepoId(org: string | undefined, name: string | undefined): boolean {
  return org !== undefined && name !== undefined && REPO_PART.test(org) && REPO_PART.test(name);
}

function withRevisionOption(
  reference: Reference,
  revisionOption: string | null,
  option: string,
  text: string,
): Reference {
  if (revisionOption === null) return reference;
  if (reference.kind !== "hub") {
    throw new UsageError(
      `${option} applies to Hub references only, but ${quoteForMessage(text)} is ${reference.kind === "url" ? "a URL" : "a local path"}. Leave out ${option}.`,
    );
  }
  checkRevision(revisionOption, option);
  if (reference.revision !== null && reference.revision !== revisionOption) {
    throw new UsageError(
      `${quoteForMessage(text)} names revision ${quoteForMessage(reference.revision)}, but ${option} gives ${quoteForMessage(revisionOption)}. Give the revision in one place.`,
    );
  }
  return { ...reference, revision: revisionOption };
}

function checkRevision(revision: string, where: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the purpose.
  if (revision === "" || /[\s\u0000-\u001f\u007f]/.test(revision) || revision.includes("..")) {
    throw new UsageError(
      `${where}: ${quoteForMessage(revision)} is not a valid revision. Give a branch, tag, commit sha or refs/pr/N.`,
    );
  }
}

function decodeRevision(encoded: string, text: string): string {
  let revision: string;
  try {
    revision = decodeURIComponent(encoded);
  } catch {
    throw new UsageError(
      `${quoteForMessage(text)}: the revision ${quoteForMessage(encoded)} has an invalid percent-encoding. Write a slash in a revision as %2F, for example @refs%2Fpr%2F1.`,
    );
  }
  checkRevision(revision, quoteForMessage(text));
  return revision;
}

/** Parses `hf://org/name[@rev][/path]`; a revision with slashes is written percent-encoded. */
function parseHubUri(text: string): Reference {
  const rest = text.slice(HUB_SCHEME.length);
  const segments = rest.split("/");
  const org = segments[0];
  const nameAndRevision = segments[1];
  const usage = `Write it as hf://ORG/NAME, hf://ORG/NAME@REVISION or hf://ORG/NAME@REVISION/FOLDER (a revision with slashes percent-encoded, as in @refs%2Fpr%2F1).`;
  if (org === undefined || nameAndRevision === undefined) {
    throw new UsageError(`${quoteForMessage(text)} is not a Hub reference. ${usage}`);
  }
  const at = nameAndRevision.indexOf("@");
  const name = at === -1 ? nameAndRevision : nameAndRevision.slice(0, at);
  if (!isRepoId(org, name)) {
    throw new UsageError(
      `${quoteForMessage(text)}: ${quoteForMessage(`${org}/${name}`)} is not a valid repository id (letters, digits, "-", "_" and "." only). ${usage}`,
    );
  }
  const revision = at === -1 ? null : decodeRevision(nameAndRevision.slice(at + 1), text);
  const pathSegments = segments.slice(2);
  if (pathSegments.length > 0 && pathSegments[pathSegments.length - 1] === "") pathSegments.pop();
  const decoded = pathSegments.map((segment) => {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      throw new UsageError(
        `${quoteForMessage(text)}: the path segment ${quoteForMessage(segment)} has an invalid percent-encoding. ${usage}`,
      );
    }
    if (value === "" || value === "." || value === ".." || value.includes("/")) {
      throw new UsageError(
        `${quoteForMessage(text)}: the path inside the repository has an empty, "." or ".." segment. ${usage}`,
      );
    }
    return value;
  });
  return {
    kind: "hub",
    repo: `${org}/${name}`,
    revision,
    path: decoded.length === 0 ? null : decoded.join("/"),
    bare: false,
  };
}

function parseUrl(text: string): Reference {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${quoteForMessage(text)} is not a valid URL.`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new UsageError(
      `${quoteForMessage(`${url.protocol}//${url.host}${url.pathname}`)}: the URL contains credentials, which would end up in the report. For a Hub, use an hf:// reference and HF_TOKEN instead.`,
    );
  }
  const path = decodeURIComponent(url.pathname);
  if (!isWeightFilePath(path)) {
    throw new UsageError(
      `${quoteForMessage(`${url.origin}${url.pathname}`)}: a URL reference must point at a .safetensors file or a .safetensors.index.json shard index. For a Hub repository, use hf://ORG/NAME.`,
    );
  }
  url.hash = "";
  return { kind: "url", url: url.href };
}
