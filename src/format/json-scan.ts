/**
 * A small scanner over a JSON object's text that finds duplicate keys, which JSON.parse drops, and
 * nesting deeper than a limit, which would overflow the stack of recursive code such as
 * JSON.stringify.
 */

/** A duplicate key: at the top level of the header (`parent` undefined) or inside an entry. */
export interface DuplicateKey {
  readonly key: string;
  readonly parent?: string;
}

/** The first place where the nesting goes deeper than the limit. */
export interface TooDeep {
  /** Top-level key whose value nests too deep. */
  readonly key: string | undefined;
  /** Nesting depth reached there: the top-level object is depth 1. */
  readonly depth: number;
  /** Index in the text of the bracket or brace that opens that level. */
  readonly position: number;
}

/** A number written with a fraction or an exponent, such as `4.0` or `4e0`. */
export interface NonIntegerNumber {
  /** Top-level key whose value contains the number. */
  readonly key: string | undefined;
  /** The number as written. */
  readonly text: string;
  /** Index in the text where the number starts. */
  readonly position: number;
}

export interface JsonObjectScan {
  /** Index in the text just after the closing brace of the top-level object. */
  readonly end: number;
  /** Top-level keys in text order, duplicates included. */
  readonly keys: readonly string[];
  readonly duplicates: readonly DuplicateKey[];
  /**
   * Numbers written with a fraction or an exponent inside a top-level value, in text order.
   * JSON.parse reads `4.0` and `4e0` as the integer 4, so only the text distinguishes them from `4`.
   */
  readonly nonIntegerNumbers: readonly NonIntegerNumber[];
}

/** A scan that stopped at nesting deeper than `maxDepth`. */
export interface JsonDepthScan {
  readonly tooDeep: TooDeep;
}

/** An open object or array; only an object has `keys`, because an array has none to compare. */
type Frame = { readonly isObject: boolean; readonly keys?: KeySet; readonly topKey?: string };

/** Keys an object's KeySet keeps in a list before it moves them to a Set. */
const MAX_LISTED_KEYS = 8;

/**
 * The keys seen in one object. Most objects of a header are tensor entries of three keys, and a
 * Set per entry cost most of the scan of 100,000 entries, so a few keys are kept in a list.
 */
class KeySet {
  private list: string[] | undefined = [];
  private set: Set<string> | undefined;

  /** Adds `key` and returns whether it was already there. */
  addAndCheck(key: string): boolean {
    const list = this.list;
    if (list !== undefined) {
      if (list.includes(key)) return true;
      list.push(key);
      if (list.length > MAX_LISTED_KEYS) {
        this.set = new Set(list);
        this.list = undefined;
      }
      return false;
    }
    const set = this.set as Set<string>;
    const size = set.size;
    set.add(key);
    return set.size === size;
  }
}
type Expect = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close";

/**
 * Scans the JSON object that starts `text` (after whitespace) and records its keys. JSON.parse
 * keeps the last of two equal keys without a word, so this scan is how duplicates are found.
 * Returns undefined when the text is not well-formed, leaving the diagnosis to JSON.parse, and
 * `{tooDeep}` as soon as an object or array opens at a depth above `maxDepth` (the top-level
 * object is depth 1). Iterative, so deep nesting cannot overflow the call stack.
 */
export function scanJsonObject(
  text: string,
  maxDepth = Number.POSITIVE_INFINITY,
): JsonObjectScan | JsonDepthScan | undefined {
  const stack: Frame[] = [];
  const keys: string[] = [];
  const duplicates: DuplicateKey[] = [];
  const nonIntegerNumbers: NonIntegerNumber[] = [];
  let expect: Expect = "value";
  let lastKey: string | undefined;
  let pos = skipJsonWhitespace(text, 0);
  if (text[pos] !== "{") return undefined;

  while (true) {
    pos = skipJsonWhitespace(text, pos);
    if (pos >= text.length) return undefined;
    const char = text[pos];
    const top = stack[stack.length - 1];
    let valueEnded = false;

    if (expect === "key-or-close" || expect === "value-or-close") {
      if (char === (expect === "key-or-close" ? "}" : "]")) {
        stack.pop();
        pos++;
        valueEnded = true;
      } else {
        expect = expect === "key-or-close" ? "key" : "value";
        continue;
      }
    } else if (expect === "key") {
      if (char !== '"' || !top) return undefined;
      const end = endOfJsonString(text, pos);
      if (end < 0) return undefined;
      // Without a backslash the key is its raw text, because endOfJsonString has rejected
      // control characters; only escapes need JSON.parse.
      let key = text.slice(pos + 1, end - 1);
      if (key.includes("\\")) {
        try {
          key = JSON.parse(text.slice(pos, end)) as string;
        } catch {
          return undefined;
        }
      }
      if ((top.keys as KeySet).addAndCheck(key)) duplicates.push({ key, parent: top.topKey });
      if (stack.length === 1) keys.push(key);
      lastKey = key;
      pos = end;
      expect = "colon";
    } else if (expect === "colon") {
      if (char !== ":") return undefined;
      pos++;
      expect = "value";
    } else if (expect === "comma-or-close") {
      if (!top) return undefined;
      if (char === ",") {
        pos++;
        expect = top.isObject ? "key" : "value";
      } else if (char === (top.isObject ? "}" : "]")) {
        stack.pop();
        pos++;
        valueEnded = true;
      } else {
        return undefined;
      }
    } else if (char === "{" || char === "[") {
      const topKey = stack.length === 1 ? lastKey : top?.topKey;
      if (stack.length + 1 > maxDepth) {
        return { tooDeep: { key: topKey, depth: stack.length + 1, position: pos } };
      }
      stack.push(
        char === "{" ? { isObject: true, keys: new KeySet(), topKey } : { isObject: false, topKey },
      );
      pos++;
      expect = char === "{" ? "key-or-close" : "value-or-close";
    } else if (char === '"') {
      pos = endOfJsonString(text, pos);
      if (pos < 0) return undefined;
      valueEnded = true;
    } else {
      const start = pos;
      pos = endOfJsonLiteral(text, pos);
      if (pos < 0) return undefined;
      // Only numbers inside a top-level value are recorded, because a top-level value that is a
      // number is wrong whatever its spelling.
      if (stack.length > 1 && hasFractionOrExponent(text, start, pos)) {
        nonIntegerNumbers.push({ key: top?.topKey, text: text.slice(start, pos), position: start });
      }
      valueEnded = true;
    }

    if (valueEnded) {
      if (stack.length === 0) return { end: pos, keys, duplicates, nonIntegerNumbers };
      expect = "comma-or-close";
    }
  }
}

/** Narrows a scan result to a complete scan of a well-formed object. */
export function isCompleteScan(
  scan: JsonObjectScan | JsonDepthScan | undefined,
): scan is JsonObjectScan {
  return scan !== undefined && !("tooDeep" in scan);
}

/** Returns the index after the closing quote of the string starting at `start`, or -1. */
function endOfJsonString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code === 0x5c) i++;
    else if (code < 0x20) return -1;
  }
  return -1;
}

/**
 * Returns the index after the number, true, false or null that starts at `start`, or -1. A
 * number is matched as the pattern `-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?` matches it, so leading
 * zeros pass here and JSON.parse rejects them. Written out because a regular expression per
 * number took most of the scan of a header with 100,000 tensors.
 */
export function endOfJsonLiteral(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === 0x74) return text.startsWith("true", start) ? start + 4 : -1;
  if (first === 0x66) return text.startsWith("false", start) ? start + 5 : -1;
  if (first === 0x6e) return text.startsWith("null", start) ? start + 4 : -1;

  const integerStart = first === 0x2d ? start + 1 : start;
  let end = endOfDigits(text, integerStart);
  if (end === integerStart) return -1;
  if (text.charCodeAt(end) === 0x2e) {
    const fractionEnd = endOfDigits(text, end + 1);
    if (fractionEnd > end + 1) end = fractionEnd;
  }
  const exponent = text.charCodeAt(end);
  if (exponent === 0x65 || exponent === 0x45) {
    const sign = text.charCodeAt(end + 1);
    const digitsStart = sign === 0x2b || sign === 0x2d ? end + 2 : end + 1;
    const exponentEnd = endOfDigits(text, digitsStart);
    if (exponentEnd > digitsStart) end = exponentEnd;
  }
  return end;
}

/** Returns whether the literal text[start, end) is a number with a fraction or an exponent. */
function hasFractionOrExponent(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  // true, false and null are not numbers, and the e of true and false is not an exponent.
  if (first === 0x74 || first === 0x66 || first === 0x6e) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2e || code === 0x65 || code === 0x45) return true;
  }
  return false;
}

/** Returns the index after the run of ASCII digits that starts at `start`. */
function endOfDigits(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) break;
    i++;
  }
  return i;
}

export function skipJsonWhitespace(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) break;
    i++;
  }
  return i;
}
