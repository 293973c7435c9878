/**
 * The part of the WebAssembly JavaScript API that the SIMD kernels use. TypeScript declares it
 * only in the DOM library, which this Node project does not load.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}
