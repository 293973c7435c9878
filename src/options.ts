import { availableParallelism } from "node:os";
import { UsageError } from "./errors.js";

/** Everything a diff run needs, validated once by the CLI or the action. */
export interface DiffOptions {
  /** Base checkpoint reference: a .safetensors file, a shard index, or a folder. */
  base: string;
  head: string;
  /** Absolute difference at or below which a value counts as unchanged. */
  threshold: number;
  /** Worker threads for the diff. */
  workers: number;
  /** Rows in each "top tensors" table. */
  top: number;
}

export const DEFAULT_THRESHOLD = 1e-6;
export const DEFAULT_TOP = 15;
/** More workers than this only add memory: the diff is bound by memory bandwidth well before. */
export const MAX_WORKERS = 64;

/** One worker per core, at least one. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_WORKERS));
}

/** Parses a threshold option: a finite, non-negative number. */
export function parseThreshold(text: string, option: string): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(
      `${option}: "${text}" is not a valid threshold. Give a non-negative number such as 1e-6.`,
    );
  }
  return value;
}

/** Parses a whole number option within [min, max]. */
export function parseCount(text: string, option: string, min: number, max: number): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${option}: "${text}" is not valid. Give a whole number from ${min} to ${max}.`,
    );
  }
  return value;
}
