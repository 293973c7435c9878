// Assembles WAT text with wabt (SIMD enabled), shared by build-wasm.ts and the test that checks
// that the committed bytes match the source.
import createWabt from "wabt";

/** Returns the binary module for `wat`; throws with wabt's messages when it does not parse. */
export async function assembleWat(filename: string, wat: string): Promise<Uint8Array> {
  const wabt = await createWabt();
  const module = wabt.parseWat(filename, wat, { simd: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}
