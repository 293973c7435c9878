/**
 * Recognizes files that are often saved under a weights name but are not safetensors, so the
 * error names the real format and how to get the weights, not a header-length problem.
 */

import { InputError } from "../errors.js";
import { formatBytes } from "../report/format.js";
import { quoteForMessage } from "../visible-text.js";

export type FileKind = "git-lfs-pointer" | "zip" | "gguf" | "pickle" | "unknown";

/** Bytes to read for sniffing. The Git LFS specification keeps pointer files below 1024 bytes. */
export const SNIFF_BYTES = 1024;

const LFS_PREFIX = "version https://git-lfs";

/**
 * Returns what the first bytes of a file show it to be; "unknown" covers safetensors too.
 * A valid safetensors file may start with 0x80 0x02 (a header of 640 bytes), so call this only
 * when the 8-byte header length or the header text is not plausible.
 */
export function sniffFileKind(firstBytes: Uint8Array): FileKind {
  if (startsWithAscii(firstBytes, LFS_PREFIX)) return "git-lfs-pointer";
  // Local file header of a zip archive, which torch.save writes since PyTorch 1.6.
  if (startsWithBytes(firstBytes, [0x50, 0x4b, 0x03, 0x04])) return "zip";
  if (startsWithAscii(firstBytes, "GGUF")) return "gguf";
  // PROTO opcode followed by protocol 2 to 5, as older torch.save output begins.
  const protocol = firstBytes[1];
  if (firstBytes[0] === 0x80 && protocol !== undefined && protocol >= 2 && protocol <= 5) {
    return "pickle";
  }
  return "unknown";
}

/** Returns the InputError for a recognized non-safetensors file, or undefined for "unknown". */
export function fileKindError(
  file: string,
  kind: FileKind,
  firstBytes: Uint8Array,
): InputError | undefined {
  const shownFile = quoteForMessage(file);
  switch (kind) {
    case "git-lfs-pointer": {
      // A 64-bit size has at most 20 digits, so a longer run is not a size worth showing.
      const size = Number(/\nsize (\d{1,20})\b/.exec(new TextDecoder().decode(firstBytes))?.[1]);
      // A size past 2^53 cannot be shown exactly as a number, and no real object is that large.
      const object = Number.isSafeInteger(size)
        ? ` The object it stands for is ${formatBytes(size)}.`
        : "";
      return new InputError(
        `${shownFile}: this is a Git LFS pointer file, not the weights.${object} ` +
          "Fetch the LFS objects with `git lfs pull`, or in GitHub Actions check out with " +
          "`actions/checkout` and `lfs: true`.",
      );
    }
    case "zip":
      return new InputError(
        `${shownFile}: this is a zip archive (it starts with "PK\\x03\\x04"), the format torch.save ` +
          "writes for PyTorch .bin and .pt checkpoints, not safetensors. Convert it to safetensors " +
          "(for example torch.load, then safetensors.torch.save_file) and compare the converted files.",
      );
    case "pickle":
      return new InputError(
        `${shownFile}: this is a Python pickle (protocol ${firstBytes[1]}), the format of older PyTorch ` +
          ".bin checkpoints, not safetensors. Convert it to safetensors (for example torch.load, " +
          "then safetensors.torch.save_file) and compare the converted files.",
      );
    case "gguf":
      return new InputError(
        `${shownFile}: this is a GGUF file (the llama.cpp format), which model-diff does not read. ` +
          "Compare the safetensors files it was converted from.",
      );
    case "unknown":
      return undefined;
  }
}

function startsWithAscii(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.byteLength < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (bytes[i] !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

function startsWithBytes(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((value, i) => bytes[i] === value);
}
