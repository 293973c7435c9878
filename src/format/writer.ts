import type { DType } from "./dtypes.js";

/** A tensor to serialize: its raw little-endian bytes in the layout of its dtype. */
export interface TensorToWrite {
  name: string;
  dtype: DType;
  shape: readonly number[];
  data: Uint8Array;
}

/**
 * Serializes tensors to the safetensors layout: an 8-byte little-endian header length, the JSON
 * header padded with spaces to a multiple of 8, then the tensors' bytes in the given order.
 */
export function encodeSafetensors(
  tensors: readonly TensorToWrite[],
  metadata?: Record<string, string>,
): Uint8Array {
  // A null-prototype object keeps a tensor named "__proto__" as an ordinary key.
  const header: Record<string, unknown> = Object.create(null);
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const tensor of tensors) {
    header[tensor.name] = {
      dtype: tensor.dtype,
      shape: tensor.shape,
      data_offsets: [offset, offset + tensor.data.byteLength],
    };
    offset += tensor.data.byteLength;
  }
  let json = Buffer.from(JSON.stringify(header), "utf8");
  const padding = (8 - (json.byteLength % 8)) % 8;
  if (padding > 0) json = Buffer.concat([json, Buffer.alloc(padding, 0x20)]);

  const out = new Uint8Array(8 + json.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  let position = 8 + json.byteLength;
  for (const tensor of tensors) {
    out.set(tensor.data, position);
    position += tensor.data.byteLength;
  }
  return out;
}
