import { UsageError } from "../errors.js";
import { DEFAULT_RETRY_UNIT_MS, type GitHubClient, MAX_RETRIES } from "./client.js";
import { errorStatus } from "./errors.js";

/**
 * The sticky comment: one comment per pull request and comment key, found again on the next run
 * by a hidden marker on its first line and by its author, and updated in place.
 *
 * Author rule: the token's own login when `GET /user` returns one (a personal access token).
 * Installation tokens, GITHUB_TOKEN among them, are refused by `GET /user` (403), and their
 * comments are posted by a bot account (`github-actions[bot]` for GITHUB_TOKEN,
 * `<app-slug>[bot]` for a GitHub App), so then any author of type "Bot" matches.
 */

/** Comment keys: letters, digits, `.`, `_` and `-`, so a key can never close the HTML comment. */
const COMMENT_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Checks a `comment-key` input; the empty key is the default comment. */
export function parseCommentKey(text: string, input: string): string {
  if (text === "" || COMMENT_KEY.test(text)) return text;
  throw new UsageError(
    `${input}: "${text}" is not a valid comment key. Use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.`,
  );
}

/** Returns the hidden first line of the comment for a key. */
export function commentMarker(key: string): string {
  return key === "" ? "<!-- model-diff -->" : `<!-- model-diff:${key} -->`;
}

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

export interface PostedComment {
  id: number;
  /** The comment's page on GitHub. */
  url: string;
}

export type CommentAuthor = { kind: "login"; login: string } | { kind: "bot" };

interface ListedComment {
  id: number;
  body?: string | null;
  html_url: string;
  created_at: string;
  user: { login: string; type?: string } | null;
}

/** Finds out whose comments count as ours (see the author rule above). */
export async function identifyAuthor(client: GitHubClient): Promise<CommentAuthor> {
  try {
    const response = await client.rest.users.getAuthenticated();
    return { kind: "login", login: response.data.login };
  } catch (error) {
    const status = errorStatus(error);
    if (status === 401 || status === 403) return { kind: "bot" };
    throw error;
  }
}

function isOurs(comment: ListedComment, marker: string, author: CommentAuthor): boolean {
  const firstLine = (comment.body ?? "").split(/\r?\n/, 1)[0];
  if (firstLine !== marker || comment.user === null) return false;
  return author.kind === "login"
    ? comment.user.login === author.login
    : comment.user.type === "Bot";
}

/** Returns our comments with this marker across all pages, oldest first. */
async function findComments(
  client: GitHubClient,
  target: CommentTarget,
  marker: string,
  author: CommentAuthor,
): Promise<ListedComment[]> {
  const comments = (await client.paginate(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  })) as ListedComment[];
  return comments
    .filter((comment) => isOurs(comment, marker, author))
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
}

async function updateComment(
  client: GitHubClient,
  target: CommentTarget,
  id: number,
  body: string,
): Promise<PostedComment> {
  const response = await client.rest.issues.updateComment({
    owner: target.owner,
    repo: target.repo,
    comment_id: id,
    body,
  });
  return { id: response.data.id, url: response.data.html_url };
}

/**
 * Gives the oldest of `comments` that still exists this body and deletes the newer ones. A
 * comment deleted since it was listed (404 on the update, for example by a user) is skipped.
 * With `skipSameBody`, a comment that has the body already is kept without an update. Returns
 * null when every comment is gone.
 */
async function keepOldest(
  client: GitHubClient,
  target: CommentTarget,
  comments: readonly ListedComment[],
  body: string,
  skipSameBody = false,
): Promise<{ comment: PostedComment; deleted: number } | null> {
  for (const [position, comment] of comments.entries()) {
    let updated: PostedComment;
    try {
      updated =
        skipSameBody && comment.body === body
          ? { id: comment.id, url: comment.html_url }
          : await updateComment(client, target, comment.id, body);
    } catch (error) {
      if (errorStatus(error) === 404) continue;
      throw error;
    }
    const newer = comments.slice(position + 1);
    await deleteComments(client, target, newer);
    return { comment: updated, deleted: newer.length };
  }
  return null;
}

/** Deletes comments; one already gone (404, another run deleted it) is not an error. */
async function deleteComments(
  client: GitHubClient,
  target: CommentTarget,
  comments: readonly { id: number }[],
): Promise<void> {
  for (const comment of comments) {
    try {
      await client.rest.issues.deleteComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: comment.id,
      });
    } catch (error) {
      if (errorStatus(error) !== 404) throw error;
    }
  }
}

/** Returns whether a failed POST may have created the comment: a 5xx, or no response at all. */
function mayHaveReachedGitHub(error: unknown): boolean {
  const status = errorStatus(error);
  return status !== null && status >= 500;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Result of posting: the comment the POST returned, or our comments found after a failed POST. */
type PostResult =
  | { kind: "posted"; comment: ListedComment }
  | { kind: "found"; comments: ListedComment[] };

/**
 * Posts a new comment. A POST is not idempotent, so the client's automatic retry is off for it.
 * A server error or a lost response may hide a comment that GitHub did create, so the comments
 * are listed before another POST. A comment with this marker in that listing ends the posting.
 * Otherwise the POST is sent again, at most MAX_RETRIES times.
 */
async function postComment(
  client: GitHubClient,
  target: CommentTarget,
  marker: string,
  author: CommentAuthor,
  body: string,
  retryUnitMs: number,
): Promise<PostResult> {
  for (let retry = 0; ; retry++) {
    try {
      const response = await client.rest.issues.createComment({
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        body,
        request: { retries: 0 },
      });
      return { kind: "posted", comment: response.data as ListedComment };
    } catch (error) {
      if (!mayHaveReachedGitHub(error) || retry >= MAX_RETRIES) throw error;
      const found = await findComments(client, target, marker, author);
      if (found.length > 0) return { kind: "found", comments: found };
      await sleep(retryUnitMs * (retry + 1) ** 2);
    }
  }
}

export interface StickyOutcome {
  comment: PostedComment;
  action: "created" | "updated";
  /** Comments with the same marker deleted as duplicates. */
  deleted: number;
}

/**
 * Updates the oldest comment with this key, or creates one when there is none, and deletes the
 * others. After creating, it lists again: when a run in parallel created one too, the oldest is
 * kept and given this body, and the newer ones are deleted, so the two runs end with one comment.
 * `retryUnitMs` is the wait unit between two POST attempts (1, 4 and 9 units).
 */
export async function upsertStickyComment(
  client: GitHubClient,
  target: CommentTarget,
  key: string,
  markdown: string,
  retryUnitMs: number = DEFAULT_RETRY_UNIT_MS,
): Promise<StickyOutcome> {
  const marker = commentMarker(key);
  const body = `${marker}\n${markdown}`;
  const author = await identifyAuthor(client);
  const existing = await findComments(client, target, marker, author);
  if (existing.length > 0) {
    const kept = await keepOldest(client, target, existing, body);
    if (kept !== null) return { ...kept, action: "updated" };
  }

  const posted = await postComment(client, target, marker, author, body, retryUnitMs);
  const postedId = posted.kind === "posted" ? posted.comment.id : null;
  const after =
    posted.kind === "posted" ? await findComments(client, target, marker, author) : posted.comments;
  const keep = after[0];
  if (posted.kind === "posted" && (keep === undefined || keep.id === postedId)) {
    // The listing may lag behind the POST and miss the new comment, which then needs no update.
    await deleteComments(client, target, after.slice(1));
    return {
      comment: { id: posted.comment.id, url: posted.comment.html_url },
      action: "created",
      deleted: Math.max(0, after.length - 1),
    };
  }
  // After a failed POST, the comment found is most likely the one that POST created.
  const kept = await keepOldest(client, target, after, body, posted.kind === "found");
  const duplicates = postedId !== null && !after.some((listed) => listed.id === postedId);
  if (duplicates) await deleteComments(client, target, [{ id: postedId }]);
  if (kept === null) {
    throw new Error(
      "every comment with the marker was deleted while this run was updating it. Run the job again",
    );
  }
  return { comment: kept.comment, action: "created", deleted: kept.deleted + (duplicates ? 1 : 0) };
}

/**
 * Replaces the body of the existing comment with this key, if there is one; creates nothing.
 * Returns the comment updated, or null when there is none or it was deleted meanwhile.
 */
export async function updateStickyCommentIfPresent(
  client: GitHubClient,
  target: CommentTarget,
  key: string,
  markdown: string,
): Promise<PostedComment | null> {
  const marker = commentMarker(key);
  const author = await identifyAuthor(client);
  const found = await findComments(client, target, marker, author);
  const kept = await keepOldest(client, target, found, `${marker}\n${markdown}`);
  return kept?.comment ?? null;
}
