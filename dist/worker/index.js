import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Vj: () => (/* binding */ SpecSourceCache),
  lc: () => (/* binding */ UnitRunner),
  P5: () => (/* binding */ serializeError)
});

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/errors.ts
/**
 * Error classes for every failure a user can act on. Entry points map each class to an exit code
 * and print its message alone; any other exception is a bug in model-diff and is reported as one.
 *
 * A message names the file or reference, says what is wrong with the numbers involved, and says
 * what to do next.
 */
/** Base class of the errors that carry a message meant for the user. */
class errors_ModelDiffError extends Error {
    name = "ModelDiffError";
}
/** Invalid command-line options or action inputs: which option, what was given, what is accepted. */
class errors_UsageError extends (/* unused pure expression or super */ null && (errors_ModelDiffError)) {
    name = "UsageError";
}
/** A reference that cannot be resolved to a checkpoint: missing path, ambiguous folder, wrong kind of file. */
class errors_InputError extends errors_ModelDiffError {
    name = "InputError";
}
/** Malformed checkpoint content: which file, which tensor or byte range, what rule it breaks. */
class errors_FormatError extends errors_ModelDiffError {
    file;
    name = "FormatError";
    constructor(
    /** File the bytes came from, as the user named it (path, or `repo@revision:filename`). */
    file, message) {
        super(message);
        this.file = file;
    }
}
/** A configured limit that the input exceeds: which limit, its value, and how to raise it. */
class errors_LimitError extends errors_ModelDiffError {
    file;
    limit;
    name = "LimitError";
    constructor(file, 
    /** Name of the limit constant, as documented in the README. */
    limit, message) {
        super(message);
        this.file = file;
        this.limit = limit;
    }
}
/** Exit code for bad usage or bad input, as for most Unix tools. */
const EXIT_USAGE_OR_INPUT = 2;
/** Exit code for a defect in model-diff itself. */
const EXIT_INTERNAL = 70;

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./src/visible-text.ts
/**
 * Untrusted text (tensor names, metadata, paths, header excerpts) made safe to show in a report or
 * an error message. Invisible and look-alike characters are escaped and long values are cut, so a
 * checkpoint cannot forge output lines, reorder text or flood a terminal.
 */
/** Characters of a name or value shown before it is cut, so one long value cannot flood a report. */
const MAX_SHOWN_CHARS = 200;
const ELLIPSIS = "…";
/**
 * Characters shown as `\uXXXX`: C0 and C1 controls, DEL, the bidirectional marks, embeddings,
 * overrides and isolates (which can make text read in another order than it is stored),
 * zero-width characters, spaces other than U+0020 (which look like it), line and paragraph
 * separators, and unpaired surrogates.
 */
const INVISIBLE = 
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose.
/[\u0000-\u001f\u007f-\u00a0\u061c\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2069\u3000\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT_ESCAPES = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
function escapeCharacter(character) {
    return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}
/** Returns `value` with control, bidi and zero-width characters replaced by `\n`, `\u202e` and so on. */
function escapeInvisible(value) {
    return value.replace(INVISIBLE, escapeCharacter);
}
/**
 * Returns a literal (a name, key or value read from a checkpoint) made visible: backslashes and
 * invisible characters escaped, leading and trailing spaces shown as `\u0020`, and cut to `maxChars` code
 * points with an ellipsis. The JSON report has the exact bytes.
 */
function visibleText(value, maxChars = MAX_SHOWN_CHARS) {
    const codePoints = Array.from(value);
    const cut = codePoints.length > maxChars;
    const kept = cut ? codePoints.slice(0, maxChars).join("") : value;
    // A literal backslash is escaped first, so every backslash shown starts an escape.
    let text = escapeInvisible(kept.replace(/\\/g, "\\u005c"));
    text = text.replace(/^ +| +$/g, (spaces) => "\\u0020".repeat(spaces.length));
    return { text: cut ? text + ELLIPSIS : text, truncatedFrom: cut ? codePoints.length : null };
}
/** Returns `value` as a double-quoted literal for an error message, escaped and cut like a name. */
function quoteForMessage(value, maxChars = MAX_SHOWN_CHARS) {
    const visible = visibleText(value, maxChars);
    const text = visible.text.replace(/"/g, "\\u0022");
    const cut = visible.truncatedFrom === null ? "" : ` (cut from ${visible.truncatedFrom} characters)`;
    return `"${text}"${cut}`;
}

;// CONCATENATED MODULE: ./src/io/local-file.ts




/**
 * Open flags for reading. O_NONBLOCK makes opening a FIFO return at once instead of waiting for a
 * writer, so the type check after opening can reject it. It has no effect on regular files.
 * Windows has no O_NONBLOCK, so there the constant is undefined and adds nothing.
 */
const READ_FLAGS = external_node_fs_namespaceObject.constants.O_RDONLY | (external_node_fs_namespaceObject.constants.O_NONBLOCK ?? 0);
/**
 * Describes a failed file system call in plain words, for example
 * `cannot list folder "x": permission denied. Check …`. `action` is what was attempted, such as
 * "list folder" or "open", and `target` is the path.
 */
function describeFsError(action, target, error, context = {}) {
    const code = error?.code;
    const shown = quoteForMessage(target);
    const reason = fsErrorReason(code, context);
    return `cannot ${action} ${shown}: ${reason}`;
}
/** Returns an InputError with the message of describeFsError. */
function fsInputError(action, target, error, context = {}) {
    return new errors_InputError(describeFsError(action, target, error, context));
}
function fsErrorReason(code, context) {
    switch (code) {
        case "ENOENT":
            return "no such file or folder. Check the path.";
        case "EACCES":
        case "EPERM":
            return "permission denied. Check the permissions, or run as a user who can read it.";
        case "ELOOP":
            return "too many symbolic links (a loop?). Check where the links point.";
        case "ENOTDIR":
            return "a part of the path is a file, not a folder. Check the path.";
        case "ENAMETOOLONG":
            return "the path is too long. Pass a shorter path.";
        case "EISDIR":
            return "it is a folder, not a file. Pass a file.";
        case "EMFILE":
        case "ENFILE": {
            const count = context.openFiles;
            const held = count === undefined
                ? "a sharded checkpoint keeps one file open per shard on each side"
                : `a checkpoint with ${count} ${count === 1 ? "shard" : "shards"} keeps ${count} ${count === 1 ? "file" : "files"} open per side`;
            return `too many open files: raise the limit with \`ulimit -n\` (${held}).`;
        }
        case "EIO":
            return "input/output error, so the disk or network file system failed. Check the storage.";
        default:
            return `the system call failed (${code ?? "no error code"}). Check the path.`;
    }
}
/** Names the kind of a file that is not a regular file, for messages. */
function describeFileType(info) {
    if (info.isDirectory())
        return "a folder";
    if (info.isFIFO())
        return "a FIFO";
    if (info.isSocket())
        return "a socket";
    if (info.isCharacterDevice())
        return "a character device";
    if (info.isBlockDevice())
        return "a block device";
    if (info.isSymbolicLink())
        return "a symbolic link";
    return "an unknown kind of file";
}
/** A ByteSource over a local file, read with positional reads. */
class LocalFileSource {
    handle;
    name;
    size;
    spec;
    constructor(handle, name, size, path) {
        this.handle = handle;
        this.name = name;
        this.size = size;
        this.spec = { kind: "file", path, name, size };
    }
    /**
     * Opens `path` for reading; `name` is how messages refer to it (defaults to the path). Throws an
     * InputError when the path cannot be opened or is not a regular file (a FIFO, device or folder).
     */
    static async open(path, name = path, context = {}) {
        let handle;
        try {
            handle = await (0,promises_namespaceObject.open)(path, READ_FLAGS);
        }
        catch (error) {
            throw fsInputError("open", name, error, context);
        }
        let info;
        try {
            info = await handle.stat();
        }
        catch (error) {
            await handle.close();
            throw fsInputError("read the type of", name, error, context);
        }
        if (!info.isFile()) {
            await handle.close();
            throw new errors_InputError(`${quoteForMessage(name)}: not a regular file (it is ${describeFileType(info)}). Pass a safetensors file.`);
        }
        return new LocalFileSource(handle, name, info.size, path);
    }
    async read(offset, length, target, targetOffset = 0) {
        if (offset < 0 || length < 0 || offset + length > this.size) {
            throw new errors_FormatError(this.name, `${quoteForMessage(this.name)}: cannot read bytes [${offset}, ${offset + length}): the file has ${this.size} ${this.size === 1 ? "byte" : "bytes"}.`);
        }
        let done = 0;
        while (done < length) {
            const { bytesRead } = await this.handle.read(target, targetOffset + done, length - done, offset + done);
            if (bytesRead === 0) {
                throw new errors_FormatError(this.name, `${quoteForMessage(this.name)}: the file ended at byte ${offset + done} while reading [${offset}, ${offset + length}); it may have changed during the diff.`);
            }
            done += bytesRead;
        }
    }
    async close() {
        await this.handle.close();
    }
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/format/dtypes.ts
/**
 * The dtypes of the safetensors format, with their storage size and how model-diff compares them.
 *
 * Sub-byte dtypes (F4, F6) are packed several elements to a byte, and the packing order is not
 * fixed by the format, so they are compared byte by byte and their numeric statistics are not
 * computed.
 */
const table = {
    F64: { name: "F64", bits: 64, comparison: "float" },
    F32: { name: "F32", bits: 32, comparison: "float" },
    F16: { name: "F16", bits: 16, comparison: "float" },
    BF16: { name: "BF16", bits: 16, comparison: "float" },
    F8_E4M3: { name: "F8_E4M3", bits: 8, comparison: "float" },
    F8_E5M2: { name: "F8_E5M2", bits: 8, comparison: "float" },
    F8_E8M0: { name: "F8_E8M0", bits: 8, comparison: "float" },
    F8_E4M3FNUZ: { name: "F8_E4M3FNUZ", bits: 8, comparison: "float" },
    F8_E5M2FNUZ: { name: "F8_E5M2FNUZ", bits: 8, comparison: "float" },
    F6_E2M3: { name: "F6_E2M3", bits: 6, comparison: "bytes" },
    F6_E3M2: { name: "F6_E3M2", bits: 6, comparison: "bytes" },
    F4: { name: "F4", bits: 4, comparison: "bytes" },
    I64: { name: "I64", bits: 64, comparison: "integer64" },
    I32: { name: "I32", bits: 32, comparison: "integer" },
    I16: { name: "I16", bits: 16, comparison: "integer" },
    I8: { name: "I8", bits: 8, comparison: "integer" },
    U64: { name: "U64", bits: 64, comparison: "integer64" },
    U32: { name: "U32", bits: 32, comparison: "integer" },
    U16: { name: "U16", bits: 16, comparison: "integer" },
    U8: { name: "U8", bits: 8, comparison: "integer" },
    BOOL: { name: "BOOL", bits: 8, comparison: "integer" },
    C64: { name: "C64", bits: 64, comparison: "complex" },
};
const SUPPORTED_DTYPES = Object.keys(table);
function isDType(value) {
    return Object.hasOwn(table, value);
}
function dtypeInfo(dtype) {
    return table[dtype];
}
/**
 * Returns the number of bytes that `elementCount` elements of `dtype` occupy, or undefined when
 * sub-byte packing leaves a partial byte (the format requires whole bytes).
 */
function byteLengthOf(dtype, elementCount) {
    const bits = BigInt(table[dtype].bits) * elementCount;
    return bits % 8n === 0n ? bits / 8n : undefined;
}

;// CONCATENATED MODULE: ./src/diff/kernels.ts
/**
 * Decoders for every dtype and the plain JavaScript comparison kernel.
 *
 * The kernel compares a run of whole blocks of one tensor pair and returns exact counts, the
 * maximum difference with its index, and one set of float64 sums per block. Every block's sums are
 * accumulated in element order from zero, so the result does not depend on how blocks are grouped
 * into work units. A faster kernel (WebAssembly) can replace this one behind `ComparisonKernel`
 * as long as it keeps that contract. This one then serves as the reference in tests.
 */


/** Elements per block, the unit of arithmetic: the two float64 scratch arrays take 128 KiB each. */
const BLOCK_ELEMENTS = 16_384;
/** Float64 sums stored per block, in the order of the `SUM_*` indexes. */
const SUMS_PER_BLOCK = 6;
const SUM_A = 0;
const SUM_B = 1;
const SUM_SQUARED_DELTA = 2;
const SUM_SQUARED_A = 3;
const SUM_SQUARED_B = 4;
const SUM_PRODUCT = 5;
/**
 * Returns how a pair of dtypes is compared, or "incomparable" when neither a cast nor a byte
 * comparison gives element pairs (a dtype change to or from a sub-byte dtype or C64).
 */
function comparisonOf(baseDtype, headDtype) {
    const base = dtypeInfo(baseDtype).comparison;
    const head = dtypeInfo(headDtype).comparison;
    if (baseDtype === headDtype)
        return base;
    if (base === "bytes" || head === "bytes" || base === "complex" || head === "complex") {
        return "incomparable";
    }
    if (base === "integer64" && head === "integer64")
        return "integer64";
    if (base === "integer" && head === "integer")
        return "integer";
    return "float";
}
/** Bytes that elements [0, count) of `dtype` occupy, rounded up to a whole byte. */
function byteEndOf(dtype, count) {
    return Math.ceil((count * dtypeInfo(dtype).bits) / 8);
}
function buildTable(size, decodeCode) {
    const table = new Float64Array(size);
    for (let code = 0; code < size; code++)
        table[code] = decodeCode(code);
    return table;
}
/** IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits, with subnormals. */
function decodeF16Code(code) {
    const sign = code & 0x8000 ? -1 : 1;
    const exponent = (code >> 10) & 0x1f;
    const mantissa = code & 0x3ff;
    if (exponent === 0x1f)
        return mantissa === 0 ? sign * Infinity : Number.NaN;
    if (exponent === 0)
        return sign * mantissa * 2 ** -24;
    return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}
/** bfloat16: the upper half of an IEEE binary32. */
function decodeBF16Code(code) {
    const scratch = new DataView(new ArrayBuffer(4));
    scratch.setUint32(0, code << 16, true);
    return scratch.getFloat32(0, true);
}
/** OCP float8 E4M3 ("fn"): bias 7, no infinities, S.1111.111 is NaN, maximum 448. */
function decodeE4M3Code(code) {
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 3) & 0xf;
    const mantissa = code & 0x7;
    if (exponent === 0xf && mantissa === 0x7)
        return Number.NaN;
    if (exponent === 0)
        return sign * mantissa * 2 ** -9;
    return sign * (8 + mantissa) * 2 ** (exponent - 10);
}
/** OCP float8 E5M2: bias 15, IEEE-like infinities and NaNs. */
function decodeE5M2Code(code) {
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 2) & 0x1f;
    const mantissa = code & 0x3;
    if (exponent === 0x1f)
        return mantissa === 0 ? sign * Infinity : Number.NaN;
    if (exponent === 0)
        return sign * mantissa * 2 ** -16;
    return sign * (4 + mantissa) * 2 ** (exponent - 17);
}
/** OCP E8M0 scale: an unsigned exponent alone, 2^(e - 127); 0xFF is NaN. */
function decodeE8M0Code(code) {
    return code === 0xff ? Number.NaN : 2 ** (code - 127);
}
/** float8 E4M3FNUZ: bias 8, no infinities, no negative zero, 0x80 is the only NaN. */
function decodeE4M3FnuzCode(code) {
    if (code === 0x80)
        return Number.NaN;
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 3) & 0xf;
    const mantissa = code & 0x7;
    if (exponent === 0)
        return sign * mantissa * 2 ** -10;
    return sign * (8 + mantissa) * 2 ** (exponent - 11);
}
/** float8 E5M2FNUZ: bias 16, no infinities, no negative zero, 0x80 is the only NaN. */
function decodeE5M2FnuzCode(code) {
    if (code === 0x80)
        return Number.NaN;
    const sign = code & 0x80 ? -1 : 1;
    const exponent = (code >> 2) & 0x1f;
    const mantissa = code & 0x3;
    if (exponent === 0)
        return sign * mantissa * 2 ** -17;
    return sign * (4 + mantissa) * 2 ** (exponent - 18);
}
const tableBuilders = {
    F16: () => buildTable(0x10000, decodeF16Code),
    BF16: () => buildTable(0x10000, decodeBF16Code),
    F8_E4M3: () => buildTable(0x100, decodeE4M3Code),
    F8_E5M2: () => buildTable(0x100, decodeE5M2Code),
    F8_E8M0: () => buildTable(0x100, decodeE8M0Code),
    F8_E4M3FNUZ: () => buildTable(0x100, decodeE4M3FnuzCode),
    F8_E5M2FNUZ: () => buildTable(0x100, decodeE5M2FnuzCode),
};
const tables = new Map();
/** Lookup table from bit pattern to value, for the 8- and 16-bit float dtypes. */
function decodeTable(dtype) {
    let table = tables.get(dtype);
    if (!table) {
        const build = tableBuilders[dtype];
        if (!build)
            throw new Error(`Internal error: ${dtype} has no lookup table.`);
        table = build();
        tables.set(dtype, table);
    }
    return table;
}
function tableDecoder(dtype, bytesPerElement) {
    const table = decodeTable(dtype);
    return (bytes, count, out) => {
        const codes = bytesPerElement === 1
            ? bytes.subarray(0, count)
            : new Uint16Array(bytes.buffer, bytes.byteOffset, count);
        for (let i = 0; i < count; i++)
            out[i] = table[codes[i]];
    };
}
/** Decoder to float64 for every dtype that has one value per element (not F4, F6 or C64). */
function decoderFor(dtype) {
    switch (dtype) {
        case "F64":
            return (bytes, count, out) => out.set(new Float64Array(bytes.buffer, bytes.byteOffset, count));
        case "F32":
            return (bytes, count, out) => out.set(new Float32Array(bytes.buffer, bytes.byteOffset, count));
        case "F16":
        case "BF16":
            return tableDecoder(dtype, 2);
        case "F8_E4M3":
        case "F8_E5M2":
        case "F8_E8M0":
        case "F8_E4M3FNUZ":
        case "F8_E5M2FNUZ":
            return tableDecoder(dtype, 1);
        case "I32":
            return (bytes, count, out) => out.set(new Int32Array(bytes.buffer, bytes.byteOffset, count));
        case "U32":
            return (bytes, count, out) => out.set(new Uint32Array(bytes.buffer, bytes.byteOffset, count));
        case "I16":
            return (bytes, count, out) => out.set(new Int16Array(bytes.buffer, bytes.byteOffset, count));
        case "U16":
            return (bytes, count, out) => out.set(new Uint16Array(bytes.buffer, bytes.byteOffset, count));
        case "I8":
            return (bytes, count, out) => out.set(new Int8Array(bytes.buffer, bytes.byteOffset, count));
        case "U8":
        case "BOOL":
            return (bytes, count, out) => out.set(bytes.subarray(0, count));
        case "I64":
            // NOTE: only a cast against a non-64-bit dtype decodes I64 to float64, which rounds
            // values beyond 2^53; I64 against I64 or U64 is compared exactly.
            return (bytes, count, out) => {
                const values = new BigInt64Array(bytes.buffer, bytes.byteOffset, count);
                for (let i = 0; i < count; i++)
                    out[i] = Number(values[i]);
            };
        case "U64":
            return (bytes, count, out) => {
                const values = new BigUint64Array(bytes.buffer, bytes.byteOffset, count);
                for (let i = 0; i < count; i++)
                    out[i] = Number(values[i]);
            };
        default:
            throw new Error(`Internal error: ${dtype} has no element decoder.`);
    }
}
// ---------------------------------------------------------------------------------------------
// The reference kernel
function emptySegment(count) {
    return {
        changed: 0,
        bitsDiffering: 0,
        finiteCount: 0,
        nanA: 0,
        nanB: 0,
        infA: 0,
        infB: 0,
        maxAbsDelta: 0,
        maxAbsDeltaIndex: -1,
        blockSums: new Float64Array(Math.ceil(count / BLOCK_ELEMENTS) * SUMS_PER_BLOCK),
    };
}
/** Typed arrays need an element-aligned byte offset; copy when the caller's view is not. */
function aligned(bytes, alignment) {
    return bytes.byteOffset % alignment === 0 ? bytes : bytes.slice();
}
/** Number of elements whose stored bits differ, comparing `count` elements of `width` bytes. */
function countDifferingElements(base, head, count, width) {
    let differing = 0;
    if (width === 1) {
        for (let i = 0; i < count; i++)
            if (base[i] !== head[i])
                differing++;
    }
    else if (width === 2) {
        const a = new Uint16Array(base.buffer, base.byteOffset, count);
        const b = new Uint16Array(head.buffer, head.byteOffset, count);
        for (let i = 0; i < count; i++)
            if (a[i] !== b[i])
                differing++;
    }
    else {
        // 4 or 8 bytes: compare 32-bit words, and count an element once when any word differs.
        const words = width / 4;
        const a = new Uint32Array(base.buffer, base.byteOffset, count * words);
        const b = new Uint32Array(head.buffer, head.byteOffset, count * words);
        if (words === 1) {
            for (let i = 0; i < count; i++)
                if (a[i] !== b[i])
                    differing++;
        }
        else {
            for (let i = 0; i < count * 2; i += 2) {
                if (a[i] !== b[i] || a[i + 1] !== b[i + 1])
                    differing++;
            }
        }
    }
    return differing;
}
/**
 * Kernel for dtypes decoded to float64: floats, integers up to 32 bits, and casts between
 * different dtypes. For a cast, bitsDiffering counts elements whose decoded values are not
 * identical in the sense of Object.is (NaN is identical to NaN, -0 is not identical to +0).
 */
function floatKernel(baseDtype, headDtype, threshold) {
    const decodeBase = decoderFor(baseDtype);
    const decodeHead = decoderFor(headDtype);
    const baseWidth = dtypeInfo(baseDtype).bits / 8;
    const headWidth = dtypeInfo(headDtype).bits / 8;
    const sameDtype = baseDtype === headDtype;
    const valuesA = new Float64Array(BLOCK_ELEMENTS);
    const valuesB = new Float64Array(BLOCK_ELEMENTS);
    return {
        compare(baseBytes, headBytes, firstElement, count) {
            const result = emptySegment(count);
            const base = aligned(baseBytes, baseWidth);
            const head = aligned(headBytes, headWidth);
            let maxAbsDelta = 0;
            let maxAbsDeltaIndex = -1;
            for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
                const n = Math.min(BLOCK_ELEMENTS, count - start);
                const blockBase = base.subarray(start * baseWidth, (start + n) * baseWidth);
                const blockHead = head.subarray(start * headWidth, (start + n) * headWidth);
                decodeBase(blockBase, n, valuesA);
                decodeHead(blockHead, n, valuesB);
                if (sameDtype) {
                    result.bitsDiffering += countDifferingElements(blockBase, blockHead, n, baseWidth);
                }
                let changed = 0;
                let identicalValues = 0;
                let finite = 0;
                let sumA = 0;
                let sumB = 0;
                let sumSquaredDelta = 0;
                let sumSquaredA = 0;
                let sumSquaredB = 0;
                let sumProduct = 0;
                for (let i = 0; i < n; i++) {
                    const a = valuesA[i];
                    const b = valuesB[i];
                    const aFinite = a - a === 0;
                    const bFinite = b - b === 0;
                    if (!aFinite) {
                        if (Number.isNaN(a))
                            result.nanA++;
                        else
                            result.infA++;
                    }
                    if (!bFinite) {
                        if (Number.isNaN(b))
                            result.nanB++;
                        else
                            result.infB++;
                    }
                    if (!sameDtype && Object.is(a, b))
                        identicalValues++;
                    const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
                    if (!same) {
                        const delta = Math.abs(a - b);
                        if (!(delta <= threshold))
                            changed++;
                        if (delta > maxAbsDelta && delta - delta === 0) {
                            maxAbsDelta = delta;
                            maxAbsDeltaIndex = firstElement + start + i;
                        }
                    }
                    if (aFinite && bFinite) {
                        finite++;
                        const delta = a - b;
                        sumA += a;
                        sumB += b;
                        sumSquaredDelta += delta * delta;
                        sumSquaredA += a * a;
                        sumSquaredB += b * b;
                        sumProduct += a * b;
                    }
                }
                result.changed += changed;
                if (!sameDtype)
                    result.bitsDiffering += n - identicalValues;
                result.finiteCount += finite;
                storeBlockSums(result.blockSums, block, [
                    sumA,
                    sumB,
                    sumSquaredDelta,
                    sumSquaredA,
                    sumSquaredB,
                    sumProduct,
                ]);
            }
            result.maxAbsDelta = maxAbsDelta;
            result.maxAbsDeltaIndex = maxAbsDeltaIndex;
            return result;
        },
    };
}
function storeBlockSums(target, block, sums) {
    target.set(sums, block * SUMS_PER_BLOCK);
}
function bigIntView(dtype, bytes, count) {
    return dtype === "I64"
        ? new BigInt64Array(bytes.buffer, bytes.byteOffset, count)
        : new BigUint64Array(bytes.buffer, bytes.byteOffset, count);
}
/**
 * Returns the largest integer that does not exceed `threshold`, so that for any integer d,
 * d > threshold exactly when d > the result. Math.floor of a finite double is an integer double,
 * and BigInt converts it exactly. An infinite threshold returns null: no difference exceeds it.
 */
function integerThresholdOf(threshold) {
    if (threshold === Infinity)
        return null;
    // NaN compares false with everything, so `!(delta <= NaN)` counts every differing pair.
    if (Number.isNaN(threshold) || threshold === -Infinity)
        return -1n;
    return BigInt(Math.floor(threshold));
}
/**
 * Kernel for I64 and U64, exact with BigInt. The threshold test compares the BigInt |a - b| with
 * the threshold exactly (see integerThresholdOf), so a difference of 2^53 + 1 exceeds a threshold
 * of 2^53. The maximum and sumSquaredDelta use |a - b| rounded to float64, and the other sums use
 * Number(a) and Number(b). Every element is finite.
 */
function integer64Kernel(baseDtype, headDtype, threshold) {
    const integerThreshold = integerThresholdOf(threshold);
    return {
        compare(baseBytes, headBytes, firstElement, count) {
            const result = emptySegment(count);
            const baseValues = bigIntView(baseDtype, aligned(baseBytes, 8), count);
            const headValues = bigIntView(headDtype, aligned(headBytes, 8), count);
            let maxAbsDelta = 0;
            let maxAbsDeltaIndex = -1;
            for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
                const end = Math.min(count, start + BLOCK_ELEMENTS);
                let sumA = 0;
                let sumB = 0;
                let sumSquaredDelta = 0;
                let sumSquaredA = 0;
                let sumSquaredB = 0;
                let sumProduct = 0;
                for (let i = start; i < end; i++) {
                    const a = baseValues[i];
                    const b = headValues[i];
                    const a64 = Number(a);
                    const b64 = Number(b);
                    let delta = 0;
                    if (a !== b) {
                        result.bitsDiffering++;
                        const exactDelta = a > b ? a - b : b - a;
                        if (integerThreshold !== null && exactDelta > integerThreshold)
                            result.changed++;
                        delta = Number(exactDelta);
                        if (delta > maxAbsDelta) {
                            maxAbsDelta = delta;
                            maxAbsDeltaIndex = firstElement + i;
                        }
                    }
                    sumA += a64;
                    sumB += b64;
                    sumSquaredDelta += delta * delta;
                    sumSquaredA += a64 * a64;
                    sumSquaredB += b64 * b64;
                    sumProduct += a64 * b64;
                }
                result.finiteCount += end - start;
                storeBlockSums(result.blockSums, block, [
                    sumA,
                    sumB,
                    sumSquaredDelta,
                    sumSquaredA,
                    sumSquaredB,
                    sumProduct,
                ]);
            }
            result.maxAbsDelta = maxAbsDelta;
            result.maxAbsDeltaIndex = maxAbsDeltaIndex;
            return result;
        },
    };
}
/**
 * Kernel for C64, an element being two F32 parts (real, imaginary). An element changed, or has
 * differing bits, when either part does. The value statistics treat the parts as separate values.
 * So finiteCount counts finite part pairs (up to 2 per element), and the NaN and infinity counts
 * count parts. The sums run over parts, and the maximum is over parts with the element's index.
 */
function complexKernel(threshold) {
    return {
        compare(baseBytes, headBytes, firstElement, count) {
            const result = emptySegment(count);
            const base = aligned(baseBytes, 4);
            const head = aligned(headBytes, 4);
            const partsA = new Float32Array(base.buffer, base.byteOffset, count * 2);
            const partsB = new Float32Array(head.buffer, head.byteOffset, count * 2);
            const bitsA = new Uint32Array(base.buffer, base.byteOffset, count * 2);
            const bitsB = new Uint32Array(head.buffer, head.byteOffset, count * 2);
            let maxAbsDelta = 0;
            let maxAbsDeltaIndex = -1;
            for (let start = 0, block = 0; start < count; start += BLOCK_ELEMENTS, block++) {
                const end = Math.min(count, start + BLOCK_ELEMENTS);
                let sumA = 0;
                let sumB = 0;
                let sumSquaredDelta = 0;
                let sumSquaredA = 0;
                let sumSquaredB = 0;
                let sumProduct = 0;
                for (let element = start; element < end; element++) {
                    let elementChanged = false;
                    for (let part = element * 2; part < element * 2 + 2; part++) {
                        const a = partsA[part];
                        const b = partsB[part];
                        const aFinite = a - a === 0;
                        const bFinite = b - b === 0;
                        if (!aFinite) {
                            if (Number.isNaN(a))
                                result.nanA++;
                            else
                                result.infA++;
                        }
                        if (!bFinite) {
                            if (Number.isNaN(b))
                                result.nanB++;
                            else
                                result.infB++;
                        }
                        const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
                        if (!same) {
                            const delta = Math.abs(a - b);
                            if (!(delta <= threshold))
                                elementChanged = true;
                            if (delta > maxAbsDelta && delta - delta === 0) {
                                maxAbsDelta = delta;
                                maxAbsDeltaIndex = firstElement + element;
                            }
                        }
                        if (aFinite && bFinite) {
                            result.finiteCount++;
                            const delta = a - b;
                            sumA += a;
                            sumB += b;
                            sumSquaredDelta += delta * delta;
                            sumSquaredA += a * a;
                            sumSquaredB += b * b;
                            sumProduct += a * b;
                        }
                    }
                    if (elementChanged)
                        result.changed++;
                    const part = element * 2;
                    if (bitsA[part] !== bitsB[part] || bitsA[part + 1] !== bitsB[part + 1]) {
                        result.bitsDiffering++;
                    }
                }
                storeBlockSums(result.blockSums, block, [
                    sumA,
                    sumB,
                    sumSquaredDelta,
                    sumSquaredA,
                    sumSquaredB,
                    sumProduct,
                ]);
            }
            result.maxAbsDelta = maxAbsDelta;
            result.maxAbsDeltaIndex = maxAbsDeltaIndex;
            return result;
        },
    };
}
/** OCP FP4 E2M1: 1 sign, 2 exponent (bias 1), 1 mantissa bit; no infinities or NaNs. */
function decodeE2M1Code(code) {
    const sign = code & 0x8 ? -1 : 1;
    const exponent = (code >> 1) & 0x3;
    const mantissa = code & 0x1;
    if (exponent === 0)
        return sign * mantissa * 0.5;
    return sign * (2 + mantissa) * 2 ** (exponent - 2);
}
/**
 * Kernel for F4 (E2M1), two elements to a byte. Whichever nibble a convention stores first, a
 * byte holds two whole elements, so the nibbles of a base byte pair with the nibbles of the head
 * byte at the same position. bitsDiffering counts differing nibbles and changed applies the
 * change rule to the decoded nibbles (0x0 and 0x8 are +0 and -0, so they are equal). Both are
 * exact element counts. The element index of a nibble depends on the convention, so the kernel
 * reports no maximum and no sums.
 */
function f4Kernel(threshold) {
    const values = buildTable(16, decodeE2M1Code);
    const valueChanged = (codeA, codeB) => {
        const a = values[codeA];
        const b = values[codeB];
        return a !== b && !(Math.abs(a - b) <= threshold);
    };
    return {
        compare(base, head, _firstElement, count) {
            const result = emptySegment(count);
            const wholeBytes = Math.floor(count / 2);
            for (let i = 0; i < wholeBytes; i++) {
                const a = base[i];
                const b = head[i];
                if (a === b)
                    continue;
                if ((a & 0xf) !== (b & 0xf)) {
                    result.bitsDiffering++;
                    if (valueChanged(a & 0xf, b & 0xf))
                        result.changed++;
                }
                if (a >> 4 !== b >> 4) {
                    result.bitsDiffering++;
                    if (valueChanged(a >> 4, b >> 4))
                        result.changed++;
                }
            }
            if (count % 2 === 1) {
                // NOTE: the last byte of an odd-length tensor holds one element and one padding nibble,
                // and the format does not fix which is which. It counts as one element that changed
                // when either nibble did, so an edited padding nibble would be counted too.
                const a = base[wholeBytes];
                const b = head[wholeBytes];
                if (a !== b)
                    result.bitsDiffering++;
                if (valueChanged(a & 0xf, b & 0xf) || valueChanged(a >> 4, b >> 4))
                    result.changed++;
            }
            return result;
        },
    };
}
/**
 * Kernel for the F6 dtypes, compared as raw bytes: bitsDiffering counts differing bytes, and
 * changed counts elements with at least one bit in a differing byte. Four elements share three
 * bytes and the format does not fix their bit order, so an element cannot be read alone, and
 * changed is an upper bound on the elements whose bits differ. Elements are packed contiguously,
 * `bits` per element from the start of the first byte. The bit order within a byte does not
 * change which bytes an element touches. No numeric statistics.
 */
function bytesKernel(dtype) {
    const bits = dtypeInfo(dtype).bits;
    return {
        compare(base, head, firstElement, count) {
            const result = emptySegment(count);
            // firstElement is a multiple of BLOCK_ELEMENTS, so the run starts on a byte boundary.
            const firstBit = firstElement * bits;
            const byteStart = firstBit / 8;
            const byteCount = byteEndOf(dtype, firstElement + count) - byteStart;
            for (let i = 0; i < byteCount; i++)
                if (base[i] !== head[i])
                    result.bitsDiffering++;
            if (result.bitsDiffering === 0)
                return result;
            for (let element = 0; element < count; element++) {
                const startBit = element * bits;
                const firstByte = Math.floor(startBit / 8);
                const lastByte = Math.floor((startBit + bits - 1) / 8);
                for (let byte = firstByte; byte <= lastByte; byte++) {
                    if (base[byte] !== head[byte]) {
                        result.changed++;
                        break;
                    }
                }
            }
            return result;
        },
    };
}
/**
 * Statistics of a dtype change that gives no element pairs (see comparisonOf): every element
 * counts as changed and as differing, and no values are read.
 */
function incomparableStats(count) {
    const result = emptySegment(count);
    result.changed = count;
    result.bitsDiffering = count;
    return result;
}
/** Creates the plain JavaScript kernel for a pair of dtypes. */
function createReferenceKernel(baseDtype, headDtype, threshold) {
    if ((0,external_node_os_namespaceObject.endianness)() !== "LE") {
        throw new Error("model-diff reads tensors through typed arrays and needs a little-endian CPU.");
    }
    const comparison = comparisonOf(baseDtype, headDtype);
    switch (comparison) {
        case "float":
        case "integer":
            return floatKernel(baseDtype, headDtype, threshold);
        case "integer64":
            return integer64Kernel(baseDtype, headDtype, threshold);
        case "complex":
            return complexKernel(threshold);
        case "bytes":
            return baseDtype === "F4" ? f4Kernel(threshold) : bytesKernel(baseDtype);
        case "incomparable":
            return { compare: (_base, _head, _first, count) => incomparableStats(count) };
    }
}

;// CONCATENATED MODULE: ./src/diff/pool.ts
/**
 * A fixed-size pool of worker threads with a task queue.
 *
 * Written for this project because piscina and tinypool fail inside an ESM ncc bundle. Piscina
 * needs __dirname, and ncc turns tinypool's worker URL into a plain path that fileURLToPath
 * rejects.
 * A task that fails in a worker rejects its own promise with the worker's error rebuilt. A worker
 * that crashes or exits on its own fails the whole pool: every pending task is rejected and the
 * other workers are terminated.
 */


/** Marker in workerData, so the worker script starts its message loop only when the pool runs it. */
const WORKER_ROLE = "model-diff diff worker";
/** Time for every worker to load and report ready; loading a bundle takes well under a second. */
const WORKER_START_TIMEOUT_MS = 30_000;
/** Time for a worker to close its files after a close request before it is terminated. */
const WORKER_CLOSE_TIMEOUT_MS = 5_000;
/** Rebuilds the typed error a worker reported, so callers can map it to an exit code. */
function deserializeError(error) {
    switch (error.kind) {
        case "FormatError":
            return new FormatError(error.file ?? "", error.message);
        case "LimitError":
            return new LimitError(error.file ?? "", error.limit ?? "", error.message);
        case "InputError":
            return new InputError(error.message);
        case "UsageError":
            return new UsageError(error.message);
        case "ModelDiffError":
            return new ModelDiffError(error.message);
        default: {
            const rebuilt = new Error(`A diff worker thread failed: ${error.message}`);
            if (error.stack)
                rebuilt.stack = `${rebuilt.message}\nWorker stack: ${error.stack}`;
            return rebuilt;
        }
    }
}
class WorkerPool {
    slots;
    queue = [];
    nextId = 0;
    failure;
    closing = false;
    terminated = Promise.resolve();
    constructor(slots) {
        this.slots = slots;
    }
    /** Starts `size` workers running `script` and waits until each reports ready. */
    static async start(script, size) {
        const workerData = { role: WORKER_ROLE };
        const workers = Array.from({ length: size }, () => new Worker(script, { workerData }));
        try {
            await Promise.all(workers.map((worker) => waitForReady(worker, script)));
        }
        catch (error) {
            await Promise.all(workers.map((worker) => worker.terminate()));
            throw error;
        }
        const pool = new WorkerPool(workers.map((worker) => ({ worker, running: undefined })));
        for (const slot of pool.slots)
            pool.listen(slot);
        return pool;
    }
    get size() {
        return this.slots.length;
    }
    /** Queues a task; resolves with its result, or rejects with the worker's error. */
    run(task) {
        if (this.failure)
            return Promise.reject(this.failure);
        if (this.closing)
            return Promise.reject(new Error("Internal error: the worker pool is closed."));
        return new Promise((resolve, reject) => {
            this.queue.push({ id: this.nextId++, task, resolve, reject });
            this.dispatch();
        });
    }
    /** Asks every worker to close its files, then terminates it. Pending tasks are rejected. */
    async close() {
        if (this.closing) {
            await this.terminated;
            return;
        }
        this.closing = true;
        this.rejectAll(new Error("Internal error: the worker pool closed with tasks pending."));
        this.terminated = Promise.all(this.slots.map((slot) => closeWorker(slot.worker)));
        await this.terminated;
    }
    dispatch() {
        for (const slot of this.slots) {
            if (slot.running)
                continue;
            const next = this.queue.shift();
            if (!next)
                return;
            slot.running = next;
            const request = { type: "task", id: next.id, task: next.task };
            slot.worker.postMessage(request);
        }
    }
    listen(slot) {
        slot.worker.on("message", (reply) => {
            const running = slot.running;
            if (reply.type !== "result" && reply.type !== "failed")
                return;
            if (!running || running.id !== reply.id) {
                this.fail(new Error(`Internal error: a worker replied to task ${reply.id}, which it was not running.`));
                return;
            }
            slot.running = undefined;
            if (reply.type === "result")
                running.resolve(reply.result);
            else
                running.reject(deserializeError(reply.error));
            this.dispatch();
        });
        slot.worker.on("error", (error) => {
            this.fail(new Error(`A diff worker thread crashed: ${error.message}`, { cause: error }));
        });
        slot.worker.on("exit", (code) => {
            if (!this.closing) {
                this.fail(new Error(`A diff worker thread exited unexpectedly with code ${code}.`));
            }
        });
    }
    /** Rejects every pending task with `error` and terminates all workers. */
    fail(error) {
        if (this.failure || this.closing)
            return;
        this.failure = error;
        this.closing = true;
        this.rejectAll(error);
        this.terminated = Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    }
    rejectAll(error) {
        for (const slot of this.slots) {
            slot.running?.reject(error);
            slot.running = undefined;
        }
        for (const pending of this.queue.splice(0))
            pending.reject(error);
    }
}
function waitForReady(worker, script) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            cleanup();
            reject(new Error(`The diff worker ${String(script)} did not start within ${WORKER_START_TIMEOUT_MS} ms.`));
        }, WORKER_START_TIMEOUT_MS);
        const onMessage = (reply) => {
            if (reply.type !== "ready")
                return;
            cleanup();
            resolve();
        };
        const onError = (error) => {
            cleanup();
            reject(new Error(`The diff worker ${String(script)} failed to start: ${error.message}`, {
                cause: error,
            }));
        };
        const onExit = (code) => {
            cleanup();
            reject(new Error(`The diff worker ${String(script)} exited with code ${code} before it started.`));
        };
        const cleanup = () => {
            clearTimeout(timer);
            worker.off("message", onMessage);
            worker.off("error", onError);
            worker.off("exit", onExit);
        };
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.on("exit", onExit);
    });
}
async function closeWorker(worker) {
    await new Promise((resolve) => {
        const timer = setTimeout(done, WORKER_CLOSE_TIMEOUT_MS);
        function done() {
            clearTimeout(timer);
            worker.off("message", onMessage);
            worker.off("exit", done);
            resolve();
        }
        function onMessage(reply) {
            if (reply.type === "closed")
                done();
        }
        worker.on("message", onMessage);
        worker.on("exit", done);
        const request = { type: "close" };
        worker.postMessage(request);
    });
    await worker.terminate();
}

;// CONCATENATED MODULE: ./src/diff/worker.ts
/**
 * Execution of work units, in a worker thread or inline in the main thread.
 *
 * Run as a worker script (`dist/worker/index.js`, built from this file), it opens its own file
 * handles from the ByteSourceSpec of each range and keeps one per path until the pool closes it.
 * Each segment is read positionally into buffers reused from unit to unit.
 */





/** Typed arrays over a read need an offset that is a multiple of the element size (8 at most). */
const BUFFER_ALIGNMENT = 8;
/** Read buffers and kernels reused across units. Buffers grow to the largest range read. */
class UnitRunner {
    openSource;
    baseBuffer = new Uint8Array(0);
    headBuffer = new Uint8Array(0);
    kernels = new Map();
    constructor(openSource) {
        this.openSource = openSource;
    }
    async run(unit) {
        const segments = [];
        for (const segment of unit.segments) {
            const base = await this.read(segment.base, "base");
            const head = await this.read(segment.head, "head");
            const kernel = this.kernel(segment.baseDtype, segment.headDtype, unit.threshold);
            segments.push({
                pairIndex: segment.pairIndex,
                firstElement: segment.firstElement,
                stats: kernel.compare(base, head, segment.firstElement, segment.elementCount),
            });
        }
        return { id: unit.id, segments };
    }
    kernel(baseDtype, headDtype, threshold) {
        const key = `${baseDtype}|${headDtype}|${threshold}`;
        let kernel = this.kernels.get(key);
        if (!kernel) {
            kernel = createReferenceKernel(baseDtype, headDtype, threshold);
            this.kernels.set(key, kernel);
        }
        return kernel;
    }
    async read(range, side) {
        let buffer = side === "base" ? this.baseBuffer : this.headBuffer;
        if (buffer.byteLength < range.length) {
            const size = Math.ceil(range.length / BUFFER_ALIGNMENT) * BUFFER_ALIGNMENT;
            buffer = new Uint8Array(size);
            if (side === "base")
                this.baseBuffer = buffer;
            else
                this.headBuffer = buffer;
        }
        const source = await this.openSource(range.source);
        await source.read(range.offset, range.length, buffer, 0);
        return buffer.subarray(0, range.length);
    }
}
/**
 * Opens local files from their specs, once per path, and checks that each file still has the
 * size it had when the checkpoint was read.
 */
class SpecSourceCache {
    sources = new Map();
    open = (spec) => {
        let source = this.sources.get(spec.path);
        if (!source) {
            source = openChecked(spec);
            this.sources.set(spec.path, source);
        }
        return source;
    };
    async close() {
        const opened = await Promise.allSettled(this.sources.values());
        this.sources.clear();
        for (const outcome of opened) {
            if (outcome.status === "fulfilled")
                await outcome.value.close();
        }
    }
}
async function openChecked(spec) {
    const source = await LocalFileSource.open(spec.path, spec.name);
    if (source.size !== spec.size) {
        await source.close();
        throw new errors_FormatError(spec.name, `${spec.name}: the file has ${source.size} bytes now but had ${spec.size} bytes when it was opened; it changed during the diff. Run the diff again once the file is complete.`);
    }
    return source;
}
/** Copies an error's fields that the main thread needs to rebuild it. */
function serializeError(error) {
    if (error instanceof errors_FormatError) {
        return { kind: "FormatError", message: error.message, file: error.file };
    }
    if (error instanceof errors_LimitError) {
        return { kind: "LimitError", message: error.message, file: error.file, limit: error.limit };
    }
    if (error instanceof errors_ModelDiffError)
        return { kind: error.name, message: error.message };
    if (error instanceof Error) {
        return {
            kind: "Error",
            message: error.message,
            ...(error.stack ? { stack: error.stack } : {}),
        };
    }
    return { kind: "Error", message: String(error) };
}
function startWorker(port) {
    const cache = new SpecSourceCache();
    const runner = new UnitRunner(cache.open);
    port.on("message", (request) => {
        if (request.type === "close") {
            void cache.close().finally(() => {
                const reply = { type: "closed" };
                port.postMessage(reply);
            });
            return;
        }
        runner.run(request.task).then((result) => {
            const reply = { type: "result", id: request.id, result };
            const transfer = result.segments.map((segment) => segment.stats.blockSums.buffer);
            port.postMessage(reply, transfer);
        }, (error) => {
            const reply = {
                type: "failed",
                id: request.id,
                error: serializeError(error),
            };
            port.postMessage(reply);
        });
    });
    const ready = { type: "ready" };
    port.postMessage(ready);
}
if (!external_node_worker_threads_namespaceObject.isMainThread &&
    external_node_worker_threads_namespaceObject.parentPort &&
    external_node_worker_threads_namespaceObject.workerData?.role === WORKER_ROLE) {
    startWorker(external_node_worker_threads_namespaceObject.parentPort);
}

var __webpack_exports__SpecSourceCache = __webpack_exports__.Vj;
var __webpack_exports__UnitRunner = __webpack_exports__.lc;
var __webpack_exports__serializeError = __webpack_exports__.P5;
export { __webpack_exports__SpecSourceCache as SpecSourceCache, __webpack_exports__UnitRunner as UnitRunner, __webpack_exports__serializeError as serializeError };
