import { UsageError } from "../errors.js";
import type { GitHubClient } from "./client.js";
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

/** Deletes comments; one already gone (404, another run deleted it) is not an error. */
async function deleteComments(
  client: GitHubClient,
  target: CommentTarget,
  comments: readonly ListedComment[],
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
 */
export async function upsertStickyComment(
  client: GitHubClient,
  target: CommentTarget,
  key: string,
  markdown: string,
): Promise<StickyOutcome> {
  const marker = commentMarker(key);
  const body = `${marker}\n${markdown}`;
  const author = await identifyAuthor(client);
  const existing = await findComments(client, target, marker, author);
  const [oldest, ...newer] = existing;
  if (oldest !== undefined) {
    const comment = await updateComment(client, target, oldest.id, body);
    await deleteComments(client, target, newer);
    return { comment, action: "updated", deleted: newer.length };
  }

  const created = await client.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body,
  });
  let comment: PostedComment = { id: created.data.id, url: created.data.html_url };
  const after = await findComments(client, target, marker, author);
  const keep = after[0];
  if (keep === undefined || keep.id === comment.id) {
    await deleteComments(client, target, after.slice(1));
    return { comment, action: "created", deleted: Math.max(0, after.length - 1) };
  }
  comment = await updateComment(client, target, keep.id, body);
  const duplicates = after.slice(1);
  if (!duplicates.some((listed) => listed.id === created.data.id)) {
    duplicates.push({ ...created.data, user: null });
  }
  await deleteComments(client, target, duplicates);
  return { comment, action: "created", deleted: duplicates.length };
}

/**
 * Replaces the body of the existing comment with this key, if there is one; creates nothing.
 * Returns the comment updated, or null.
 */
export async function updateStickyCommentIfPresent(
  client: GitHubClient,
  target: CommentTarget,
  key: string,
  markdown: string,
): Promise<PostedComment | null> {
  const marker = commentMarker(key);
  const author = await identifyAuthor(client);
  const [oldest] = await findComments(client, target, marker, author);
  if (oldest === undefined) return null;
  return updateComment(client, target, oldest.id, `${marker}\n${markdown}`);
}
